import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../../sim-core';
import { runScenario } from '../../../sim-core/testing';
import { StoreProvider } from '../../store/context';
import type { AppStore } from '../../store/store';
import { doneState, testStore } from '../../store/testing';
import { StoryCard } from './StoryCard';

function opened(preset: string): AppStore {
  const scenario = presetScenario(preset);
  const { store } = testStore();
  store.getState().openScenario(scenario, { preset });
  store.getState().receiveRunState(doneState(1, runScenario(scenario).trace, scenario));
  return store;
}

const text = (store: AppStore) =>
  renderToStaticMarkup(
    <StoreProvider store={store}>
      <StoryCard />
    </StoreProvider>,
  ).replace(/<[^>]+>/g, '');

describe('the story card’s first hint', () => {
  it('promises no failure on a run without one', () => {
    const store = opened('issue-96-fixed');
    expect(store.getState().run!.index.failures).toHaveLength(0);
    const hint = text(store);
    expect(hint).toContain('Press ▶ Play');
    expect(hint).toContain('no request fails in this run, so playback runs to its end.');
    expect(hint).not.toMatch(/pauses at the first fail/);
  });

  it('promises the pause at the first failure only when pause at failures is on', () => {
    const store = opened('issue-96');
    expect(text(store)).toContain('playback pauses at the first failed request.');
    store.getState().setPauseAtFailures(false);
    const n = store.getState().run!.index.failures.length;
    expect(text(store)).toContain(`${n} requests fail in this run, and pause at failures is off`);
    expect(text(store)).not.toMatch(/pauses at the first fail/);
  });
});
