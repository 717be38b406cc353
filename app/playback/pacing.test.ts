/**
 * How long a person waits, in wall time, at the default settings: the playback clock's own
 * arithmetic (clock.ts calling the store's `advance` once per 60 Hz frame, adaptive time at ×1),
 * on the real seed run — not by waiting. Before adaptive time told the race's segments from
 * routine traffic, the seed run took 26.0 s to reach its first failure.
 */
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../sim-core';
import { runScenario } from '../../sim-core/testing';
import type { AppStore } from '../store/store';
import { doneState, testStore } from '../store/testing';
import { WIRE_WALL_S } from './adaptiveRate';
import { FRAME_MS, playToStop } from './testing';

function seedRun(preset = 'issue-96'): AppStore {
  const scenario = presetScenario(preset);
  const { store } = testStore();
  store.getState().openScenario(scenario, { preset });
  store.getState().receiveRunState(doneState(1, runScenario(scenario).trace, scenario));
  return store;
}

describe('pacing at the default settings', () => {
  it('reaches the seed run’s first failure within 8 s of pressing Play', () => {
    const store = seedRun();
    const s = store.getState();
    expect({ timeMode: s.timeMode, speed: s.speed, pauseAtFailures: s.pauseAtFailures }).toEqual({
      timeMode: 'adaptive',
      speed: 1,
      pauseAtFailures: true,
    });
    const first = s.run!.index.failures[0]!;
    s.play();
    const { wallMs } = playToStop(store);
    expect(store.getState()).toMatchObject({ playing: false, cursorUs: first.t });
    expect(store.getState().lastStop?.by).toBe('failure');
    expect(wallMs).toBeLessThanOrEqual(8000);
    expect(wallMs).toBeGreaterThan(4000); // still a run to watch, not a jump
  });

  it('still gives the server’s FIN on the failing connection time to be watched', () => {
    const store = seedRun();
    const first = store.getState().run!.index.failures[0]!;
    const fin = first.times.serverClosedAt!;
    const arrives = first.times.finArrivedAt!;
    store.getState().play();
    const { cursors } = playToStop(store);
    const framesInFlight = cursors.filter((t) => t > fin && t < arrives).length;
    expect(framesInFlight * FRAME_MS).toBeGreaterThanOrEqual(WIRE_WALL_S * 1000 * 0.9);
  });
});
