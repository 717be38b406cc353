import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import { conditionKey, hitAfter, lastSeqAt } from './breakpointHits';
import { doneState, testStore } from './testing';

// The fixture: request 2 is written to connection #1 (closed by the server) at 6.000000 s, seq 45,
// and fails at 6.000050 s, seq 50. The run ends at 6.004 s.
const STALE_T = 6_000_000;
const FAILURE_T = 6_000_050;

function loaded() {
  const { store } = testStore();
  store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
  store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
  return store;
}

function playToStop(store: ReturnType<typeof loaded>) {
  store.getState().play();
  for (let i = 0; i < 100_000 && store.getState().playing; i++) store.getState().advance(16);
}

describe('breakpoints', () => {
  it('keys conditions stably and finds the first hit after the cursor (events at the cursor have happened)', () => {
    expect(conditionKey({ kind: 'near-timeout', withinMs: 50 })).toBe('near-timeout:50');
    expect(conditionKey({ kind: 'failure' })).toBe('failure');
    const times = STALE_REUSE_TRACE.map((e) => e.t);
    expect(lastSeqAt(times, 0)).toBeGreaterThanOrEqual(0);
    expect(hitAfter(STALE_REUSE_TRACE, times, { kind: 'stale-write' }, 0)?.seq).toBe(45);
    expect(hitAfter(STALE_REUSE_TRACE, times, { kind: 'stale-write' }, STALE_T)).toBeNull();
  });

  it('start with pause-at-failures: play stops at the failure and selects the request', () => {
    const store = loaded();
    expect(store.getState().breakpoints.map((b) => b.id)).toEqual(['failure']);
    expect(store.getState().pauseAtFailures).toBe(true);
    playToStop(store);
    expect(store.getState()).toMatchObject({
      cursorUs: FAILURE_T,
      playing: false,
      selection: { kind: 'req', id: 2 },
      lastStop: { by: 'failure', hit: { req: 2, seq: 50 } },
    });
  });

  it('a stale-write breakpoint stops earlier; turned off, playback runs on to the failure', () => {
    const store = loaded();
    expect(store.getState().addBreakpoint({ kind: 'stale-write' })).toEqual([]);
    playToStop(store);
    expect(store.getState().cursorUs).toBe(STALE_T);
    expect(store.getState().lastStop?.by).toBe('stale-write');
    expect(store.getState().lastStop?.hit.sentence).toMatch(/written to stale connection #1/);
    // Playing on: the stale write is behind the cursor; the failure is next.
    playToStop(store);
    expect(store.getState().cursorUs).toBe(FAILURE_T);
    store.getState().seek(0);
    expect(store.getState().lastStop).toBeNull();
    store.getState().toggleBreakpoint('stale-write');
    store.getState().toggleBreakpoint('failure');
    expect(store.getState().pauseAtFailures).toBe(false);
    playToStop(store);
    expect(store.getState().cursorUs).toBe(6_004_000);
  });

  it('refuses a bad condition with the field and the limit, and adds nothing', () => {
    const store = loaded();
    expect(store.getState().addBreakpoint({ kind: 'near-timeout', withinMs: 0 })).toEqual([
      'breakpoint "withinMs" must be a number of ms above 0 and at most 60000, got 0',
    ]);
    expect(store.getState().addBreakpoint({ kind: 'near-timeout', withinMs: 50 })).toEqual([]);
    // Adding the same condition again does not duplicate it.
    store.getState().toggleBreakpoint('near-timeout:50', false);
    store.getState().addBreakpoint({ kind: 'near-timeout', withinMs: 50 });
    expect(store.getState().breakpoints).toEqual([
      { id: 'failure', condition: { kind: 'failure' }, enabled: true },
      { id: 'near-timeout:50', condition: { kind: 'near-timeout', withinMs: 50 }, enabled: true },
    ]);
    store.getState().removeBreakpoint('near-timeout:50');
    expect(store.getState().breakpoints).toHaveLength(1);
  });

  it('pause-at-failures is the failure breakpoint, created again if it was removed', () => {
    const store = loaded();
    store.getState().removeBreakpoint('failure');
    expect(store.getState().pauseAtFailures).toBe(false);
    store.getState().setPauseAtFailures(true);
    expect(store.getState().breakpoints.map((b) => [b.id, b.enabled])).toEqual([['failure', true]]);
    store.getState().setPauseAtFailures(false);
    expect(store.getState().breakpoints.map((b) => [b.id, b.enabled])).toEqual([['failure', false]]);
  });

  it('a one-shot stop (a lesson pause) wins over breakpoints and is cleared when reached', () => {
    const store = loaded();
    store.getState().setStopAt({ t: 5_000_000, seq: 30, hit: null });
    playToStop(store);
    expect(store.getState().cursorUs).toBe(5_000_000);
    expect(store.getState().stopAt).toBeNull();
    playToStop(store);
    expect(store.getState().cursorUs).toBe(FAILURE_T);
  });

  it('a one-shot stop is dropped when the person seeks away from it', () => {
    const store = loaded();
    store.getState().setStopAt({ t: 5_000_000, seq: 30, hit: null });
    store.getState().seek(5_500_000);
    expect(store.getState().stopAt).toBeNull();
  });

  it('jumps to the next and previous hit of one breakpoint', () => {
    const store = loaded();
    store.getState().addBreakpoint({ kind: 'stale-write' });
    store.getState().jumpToHit('stale-write', 1);
    expect(store.getState()).toMatchObject({ cursorUs: STALE_T, selection: { kind: 'req', id: 2 } });
    store.getState().seek(6_004_000);
    store.getState().jumpToHit('failure', -1);
    expect(store.getState().cursorUs).toBe(FAILURE_T);
    store.getState().jumpToHit('failure', 1);
    expect(store.getState().cursorUs).toBe(FAILURE_T);
  });
});
