import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetScenario, summarize } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
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
    const pending: boolean[] = [];
    const sync = startUrlSync(
      store,
      { pathname: () => '/app/', replace: (u) => written.push(u), pending: (w) => pending.push(w) },
      100,
    );
    store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
    // The write is waiting from the moment the state changes until it is done.
    expect(pending.at(-1)).toBe(true);
    vi.advanceTimersByTime(150);
    expect(written).toEqual(['/app/?preset=issue-96&seed=96']);
    expect(pending.at(-1)).toBe(false);
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

  it('the link after an imported trace names the preset its scenario was derived from, and the fields that differ', () => {
    const { store } = testStore();
    const base = presetScenario('issue-96', 7);
    const scenario = { ...base, client: { ...base.client, policy: 'httpx-0.23' } };
    const { trace, index } = doneState(1, STALE_REUSE_TRACE, scenario);
    store.getState().openImportedRun({
      file: 'f.trace.jsonl',
      trace,
      index,
      summary: summarize(trace),
      scenario,
      scenarioKnown: true,
      elapsedMs: 1,
    });
    store.getState().seek(1234);
    expect(shareQuery(store.getState())).toBe('preset=issue-96&seed=7&client.policy=httpx-0.23&t=1234');
    // A scenario derived from no preset is carried whole.
    store.getState().openImportedRun({
      file: 'g.trace.jsonl',
      trace,
      index,
      summary: summarize(trace),
      scenario: { ...scenario, name: 'constructor' },
      scenarioKnown: true,
      elapsedMs: 1,
    });
    expect(shareQuery(store.getState())).toMatch(/^scenario=/);
  });

  it('a link with compare mode opens it with the same run B, and the link written back keeps it', () => {
    const { store } = testStore();
    const decoded = readShareUrl('?preset=issue-96&seed=7&compare=client:httpx-0.23,server:node-http-20');
    openFromUrl(store, decoded);
    expect(store.getState().compareWith).toEqual({ client: 'httpx-0.23', server: 'node-http-20' });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE, decoded.scenario));
    expect(shareQuery(store.getState())).toBe(
      'preset=issue-96&seed=7&compare=client:httpx-0.23,server:node-http-20',
    );
    store.getState().setCompareWith({ client: 'httpx-0.23', server: 'uvicorn' });
    expect(shareQuery(store.getState())).toBe('preset=issue-96&seed=7&compare=client:httpx-0.23');
    store.getState().setCompareWith(null);
    expect(shareQuery(store.getState())).toBe('preset=issue-96&seed=7');
  });

  it('a bad compare value is named in the link notice, and compare mode stays off', () => {
    const { store } = testStore();
    openFromUrl(store, readShareUrl('?preset=issue-96&compare=client:curl'));
    expect(store.getState().compareWith).toBeNull();
    const notice = store.getState().notices.find((n) => n.id === 'url');
    expect(notice?.items).toHaveLength(1);
    expect(notice?.items[0]).toMatch(
      /^compare: unknown client "curl"; allowed: http3-0\.6, .*\(compare mode is off\)$/,
    );
  });
});
