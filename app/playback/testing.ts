/** Test helpers: the playback clock driven by a simulated display instead of requestAnimationFrame. */
import type { AppStore } from '../store/store';
import { type FrameScheduler, startPlaybackClock } from './clock';

/** One frame of a 60 Hz display. */
export const FRAME_MS = 1000 / 60;

/**
 * Plays `store` with the real clock on a simulated 60 Hz display until playback stops by itself;
 * returns the wall ms it took and, per frame, the cursor after it.
 */
export function playToStop(store: AppStore, limitMs = 120_000): { wallMs: number; cursors: number[] } {
  const queue: { cb: ((now: number) => void) | null } = { cb: null };
  const frames: FrameScheduler = {
    request: (cb) => {
      queue.cb = cb;
      return 1;
    },
    cancel: () => {
      queue.cb = null;
    },
  };
  const stop = startPlaybackClock(store, frames);
  const cursors: number[] = [];
  // The first frame (at 0) only sets the clock's reference time; each later one advances by FRAME_MS.
  let now = 0;
  let last = 0;
  for (let cb = queue.cb; cb && now <= limitMs; cb = queue.cb) {
    queue.cb = null;
    cb(now);
    cursors.push(store.getState().cursorUs);
    last = now;
    now += FRAME_MS;
  }
  stop();
  return { wallMs: last, cursors };
}
