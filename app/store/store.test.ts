import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import { ROUTINE_WIRE_WALL_S, WIRE_WALL_S } from '../playback/adaptiveRate';
import { doneState, testStore } from './testing';

const FAILURE_T = 6_000_050;

function loaded() {
  const env = testStore();
  const { store, port } = env;
  store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
  const id = 1;
  expect(port.calls).toHaveLength(1);
  store
    .getState()
    .receiveRunState({ status: 'running', runId: id, scenario: presetScenario('issue-96'), progress: null });
  store.getState().receiveRunState(doneState(id, STALE_REUSE_TRACE));
  return env;
}

describe('scenario slice', () => {
  it('runs an opened scenario and shows it from the start, paused', () => {
    const { store } = loaded();
    const s = store.getState();
    expect(s.runStatus).toEqual({ status: 'done', runId: 1, elapsedMs: 5 });
    expect(s.run?.index.eventCount).toBe(STALE_REUSE_TRACE.length);
    expect(s.run?.preset).toBe('issue-96');
    expect(s.cursorUs).toBe(0);
    expect(s.playing).toBe(false);
  });

  it('forks a changed setting with the same seed and keeps the cursor and selection', () => {
    const { store, port } = loaded();
    store.getState().seek(5_015_000);
    store.getState().select({ kind: 'req', id: 2 });
    store.getState().changeScenario({ client: { policy: 'httpx-0.23' } });
    expect(port.calls[1]).toMatchObject({ type: 'fork', changes: { client: { policy: 'httpx-0.23' } } });
    expect(store.getState().scenario.client.policy).toBe('httpx-0.23');
    expect(store.getState().scenario.seed).toBe(96);
    store
      .getState()
      .receiveRunState({ status: 'running', runId: 2, scenario: presetScenario('issue-96'), progress: null });
    expect(store.getState().runStatus).toMatchObject({ status: 'running', fork: true });
    // The old run stays on screen while the new one computes.
    expect(store.getState().run?.runId).toBe(1);
    store.getState().receiveRunState(doneState(2, STALE_REUSE_TRACE, presetScenario('issue-96-fixed')));
    const s = store.getState();
    expect(s.run?.runId).toBe(2);
    expect(s.cursorUs).toBe(5_015_000);
    expect(s.selection).toEqual({ kind: 'req', id: 2 });
  });

  it('refuses an invalid change with a message per field, without running', () => {
    const { store, port } = loaded();
    store.getState().changeScenario({ network: { delayMs: -1 } });
    expect(port.calls).toHaveLength(1);
    expect(store.getState().fieldProblems).toEqual({ 'network.delayMs': 'must be from 0 to 10000, got -1' });
    expect(store.getState().scenario.network.delayMs).toBe(2);
  });

  it('restores a shared moment (time and selection) when the run is done, or says why not', () => {
    const { store } = testStore();
    store.getState().openScenario(presetScenario('issue-96'), {
      preset: 'issue-96',
      cursor: FAILURE_T,
      selection: { kind: 'req', id: 2 },
    });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
    expect(store.getState()).toMatchObject({
      cursorUs: FAILURE_T,
      playing: false,
      selection: { kind: 'req', id: 2 },
    });

    store.getState().openScenario(presetScenario('issue-96'), {
      preset: 'issue-96',
      cursor: 99e9,
      selection: { kind: 'conn', id: 42 },
    });
    store.getState().receiveRunState(doneState(2, STALE_REUSE_TRACE));
    const s = store.getState();
    expect(s.cursorUs).toBe(s.run!.index.endAt);
    expect(s.selection).toBeNull();
    expect(s.notices.map((n) => n.id).sort()).toEqual(['cursor', 'selection']);
    expect(s.notices.find((n) => n.id === 'selection')!.items[0]).toContain('sel=conn:42 does not exist');
  });

  it('chooses a preset keeping the seed, and changes the seed keeping the preset', () => {
    const { store, port } = loaded();
    store.getState().setSeed(7);
    expect(port.calls[1]).toMatchObject({ type: 'run', scenario: { name: 'issue-96', seed: 7 } });
    store.getState().choosePreset('polling-at-timeout');
    expect(port.calls[2]).toMatchObject({ type: 'run', scenario: { name: 'polling-at-timeout', seed: 7 } });
    expect(store.getState().preset).toBe('polling-at-timeout');
  });

  it('shows worker errors with their field problems', () => {
    const { store } = loaded();
    store.getState().receiveRunState({
      status: 'error',
      runId: 1,
      message: 'seed: bad',
      problems: [{ path: 'seed', message: 'bad' }],
    });
    expect(store.getState().runStatus).toEqual({
      status: 'error',
      runId: 1,
      message: 'seed: bad',
      problems: [{ path: 'seed', message: 'bad' }],
    });
    expect(store.getState().fieldProblems).toEqual({ seed: 'bad' });
  });
});

describe('playback slice', () => {
  it('steps between distinct event times and pauses', () => {
    const { store } = loaded();
    store.getState().play();
    store.getState().stepForward();
    expect(store.getState()).toMatchObject({ cursorUs: 2000, playing: false });
    store.getState().stepForward();
    expect(store.getState().cursorUs).toBe(4000);
    store.getState().stepBackward();
    expect(store.getState().cursorUs).toBe(2000);
    store.getState().seek(3000);
    store.getState().stepBackward();
    expect(store.getState().cursorUs).toBe(2000);
  });

  it('jumps to the next and previous failure and selects its request', () => {
    const { store } = loaded();
    store.getState().nextFailure();
    expect(store.getState()).toMatchObject({ cursorUs: FAILURE_T, selection: { kind: 'req', id: 2 } });
    store.getState().stepForward();
    store.getState().select(null);
    store.getState().prevFailure();
    expect(store.getState()).toMatchObject({ cursorUs: FAILURE_T, selection: { kind: 'req', id: 2 } });
    store.getState().nextFailure(); // none after: stays
    expect(store.getState().cursorUs).toBe(FAILURE_T);
  });

  it('plays to the first failure and pauses there when asked to', () => {
    const { store } = loaded();
    store.getState().setSpeed(16);
    store.getState().play();
    let frames = 0;
    while (store.getState().playing && frames < 100_000) {
      store.getState().advance(16);
      frames++;
    }
    expect(store.getState()).toMatchObject({
      cursorUs: FAILURE_T,
      playing: false,
      selection: { kind: 'req', id: 2 },
    });
    expect(frames).toBeGreaterThan(10);
  });

  it('never moves backwards, lands on events in quiet time, and stops at the end', () => {
    const { store } = loaded();
    store.getState().setPauseAtFailures(false);
    store.getState().play();
    const times = new Set(STALE_REUSE_TRACE.map((e) => e.t));
    const visited = new Set<number>();
    let last = 0;
    for (let i = 0; i < 100_000 && store.getState().playing; i++) {
      store.getState().advance(16);
      const t = store.getState().cursorUs;
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      if (times.has(t)) visited.add(t);
    }
    expect(store.getState().cursorUs).toBe(store.getState().run!.index.endAt);
    expect(store.getState().playing).toBe(false);
    // the server's close at 5.014 s is landed on, not flown past at the idle rate
    expect(visited.has(5_014_000)).toBe(true);
  });

  it('runs slowly while a segment is on the wire and fast through idle time', () => {
    const { store } = loaded();
    store.getState().seek(1000); // SYN in flight (2 ms): routine traffic
    const wire = store.getState().rateUs;
    store.getState().seek(3_000_000); // idle, nothing in flight for seconds
    const idle = store.getState().rateUs;
    expect(wire).toBeCloseTo(2000 / ROUTINE_WIRE_WALL_S, 0);
    store.getState().seek(5_015_000); // the server's FIN in flight: the race's pace
    expect(store.getState().rateUs).toBeCloseTo(2000 / WIRE_WALL_S, 0);
    expect(idle).toBeGreaterThan(1_000_000);
    store.getState().setTimeMode('fixed');
    store.getState().setFixedRate(100);
    expect(store.getState().rateUs).toBe(100);
  });

  it('restarts from the beginning when play is pressed at the end', () => {
    const { store } = loaded();
    store.getState().seek(1e12);
    expect(store.getState().cursorUs).toBe(store.getState().run!.index.endAt);
    store.getState().play();
    expect(store.getState()).toMatchObject({ cursorUs: 0, playing: true });
  });
});

describe('a run that stopped early', () => {
  it('says why, naming the limit', async () => {
    const { stoppedEarly } = await import('./scenarioSlice');
    const { presetScenario } = await import('../../sim-core');
    const { runScenario } = await import('../../sim-core/testing');
    const scenario = presetScenario('issue-96');
    const full = runScenario(scenario).trace;
    expect(stoppedEarly(full, scenario)).toBeNull();
    const cut = runScenario(scenario, { maxEvents: 500 }).trace;
    expect(stoppedEarly(cut, scenario)?.title).toBe('The run stopped early: its trace grew too big');
    const short = { ...scenario, limits: { ...scenario.limits, maxDurationMs: 1000 } };
    expect(stoppedEarly(runScenario(short).trace, short)?.items[0]).toMatch(
      /^limits\.maxDurationMs is 1000 ms; the run stopped at /,
    );
  });
});
