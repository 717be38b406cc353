import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { StoreProvider } from '../../store/context';
import type { AppStore } from '../../store/store';
import { doneState, testStore } from '../../store/testing';
import { RunPanel } from './RunPanel';

function render(store: AppStore): string {
  // Rendering on the server reads the store's initial state: make that the state now.
  const now: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(
    <StoreProvider store={now}>
      <RunPanel name="log" title="Event log" testId="log-panel" body={(run) => <p>run {run.runId}</p>}>
        <i>legend</i>
      </RunPanel>
    </StoreProvider>,
  );
}

describe('RunPanel', () => {
  it('says Simulating… until there is a run, then shows the body of that run, after what comes first', () => {
    const { store } = testStore();
    expect(render(store)).toContain('<i>legend</i><p class="muted">Simulating…</p></section>');
    store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
    expect(render(store)).toContain('<i>legend</i><p>run 1</p></section>');
  });
});
