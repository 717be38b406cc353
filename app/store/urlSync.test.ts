import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetScenario } from '../../sim-core/scenario/presets';
import { STALE_REUSE_TRACE } from '../../sim-core/trace/fixtures/staleReuse';
import { doneState, testStore } from './testing';
import { openFromUrl, readShareUrl, shareQuery, startUrlSync } from './urlSync';

afterEach(() => vi.useRealTimers());

describe('URL sync', () => {
  it('opens the scenario, moment and selection a link describes, paused, and lists bad parameters', () => {
    const { store, port } = testStore();
    const decoded = readShareUrl('?preset=issue-96&client.policy=httpx-0.23&t=6000050&sel=req:2&seed=x');
    openFromUrl(store, decoded);
    expect(port.calls[0]).toMatchObject({
      type: 'run',
      scenario: { client: { policy: 'httpx-0.23' }, seed: 96 },
    });
    expect(store.getState().notices[0]).toMatchObject({
      id: 'url',
      items: ['seed: must be a whole number from 0 to 4294967295, got "x"; using 96'],
    });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE, decoded.scenario));
    expect(store.getState()).toMatchObject({
      cursorUs: 6_000_050,
      playing: false,
      selection: { kind: 'req', id: 2 },
    });
    expect(shareQuery(store.getState())).toBe(
      'preset=issue-96&seed=96&client.policy=httpx-0.23&t=6000050&sel=req:2',
    );
  });

  it('writes the URL when paused (debounced), never while playing', () => {
    vi.useFakeTimers();
    const { store } = testStore();
    const written: string[] = [];
    const sync = startUrlSync(store, { pathname: () => '/app/', replace: (u) => written.push(u) }, 100);
    store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
    vi.advanceTimersByTime(150);
    expect(written).toEqual(['/app/?preset=issue-96&seed=96']);
    store.getState().play();
    for (let i = 0; i < 20; i++) store.getState().advance(16);
    vi.advanceTimersByTime(500);
    expect(written).toHaveLength(1);
    store.getState().pause();
    vi.advanceTimersByTime(150);
    expect(written).toHaveLength(2);
    expect(written[1]).toBe(`/app/?preset=issue-96&seed=96&t=${Math.round(store.getState().cursorUs)}`);
    store.getState().select({ kind: 'conn', id: 1 });
    sync.flush();
    expect(written.at(-1)).toContain('&sel=conn:1');
    sync.stop();
  });
});
