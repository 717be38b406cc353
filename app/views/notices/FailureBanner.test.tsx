import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../../sim-core';
import { runScenario } from '../../../sim-core/testing';
import { StoreProvider } from '../../store/context';
import type { AppStore } from '../../store/store';
import { doneState, testStore } from '../../store/testing';
import { FailureBanner, failureAtPause } from './FailureBanner';

function opened(preset = 'issue-96'): AppStore {
  const scenario = presetScenario(preset);
  const { store } = testStore();
  store.getState().openScenario(scenario, { preset });
  store.getState().receiveRunState(doneState(1, runScenario(scenario).trace, scenario));
  return store;
}

const html = (store: AppStore) =>
  renderToStaticMarkup(
    <StoreProvider store={store}>
      <FailureBanner />
    </StoreProvider>,
  );

describe('the failure banner', () => {
  it('shows the exception and the cause sentence while paused on a failure, and only then', () => {
    const store = opened();
    expect(html(store)).toBe('');
    store.getState().nextFailure();
    const f = store.getState().run!.index.failures[0]!;
    expect(failureAtPause(store.getState())).toBe(f);
    const out = html(store);
    expect(out).toContain('data-testid="failure-banner"');
    expect(out).toContain(f.error!.class);
    expect(out).toContain(f.sentence.replace(/'/g, '&#x27;'));
    // Playing, off the moment, in a lesson or presenter mode: not shown.
    store.getState().play();
    expect(failureAtPause(store.getState())).toBeNull();
    store.getState().pause();
    store.getState().seek(f.t + 1);
    expect(failureAtPause(store.getState())).toBeNull();
    store.getState().seek(f.t);
    store.getState().setPresenter(true);
    expect(failureAtPause(store.getState())).toBeNull();
  });

  it('never shows on a run without failures', () => {
    const store = opened('issue-96-fixed');
    store.getState().nextFailure();
    store.getState().seek(store.getState().run!.index.endAt);
    expect(failureAtPause(store.getState())).toBeNull();
    expect(html(store)).toBe('');
  });
});
