import { describe, expect, it } from 'vitest';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import { doneState, testStore } from '../store/testing';
import { type FrameScheduler, startPlaybackClock } from './clock';

function fakeFrames() {
  const queue = new Map<number, (now: number) => void>();
  let id = 0;
  let now = 0;
  const frames: FrameScheduler = {
    request: (cb) => {
      queue.set(++id, cb);
      return id;
    },
    cancel: (h) => {
      queue.delete(h);
    },
  };
  const tick = () => {
    now += 16;
    const cbs = [...queue.values()];
    queue.clear();
    for (const cb of cbs) cb(now);
  };
  return { frames, tick, pending: () => queue.size };
}

describe('playback clock', () => {
  it('requests frames only while playing and advances the cursor by wall time', () => {
    const { store } = testStore();
    store.getState().openScenario(doneState(1, STALE_REUSE_TRACE).scenario, { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
    const f = fakeFrames();
    const stop = startPlaybackClock(store, f.frames);
    expect(f.pending()).toBe(0);
    store.getState().play();
    expect(f.pending()).toBe(1);
    f.tick(); // first frame: dt 0
    expect(store.getState().cursorUs).toBe(0);
    f.tick();
    expect(store.getState().cursorUs).toBeGreaterThan(0);
    store.getState().pause();
    expect(f.pending()).toBe(0);
    stop();
    store.getState().play();
    expect(f.pending()).toBe(0);
  });
});
