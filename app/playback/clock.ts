/**
 * The one playback clock: a requestAnimationFrame loop that runs only while `playing` and calls
 * `advance(wall ms since the last frame)`. Views never run their own timers; they redraw from the
 * store's cursor.
 */
import type { AppStore } from '../store/store';

export interface FrameScheduler {
  request: (cb: (now: number) => void) => number;
  cancel: (handle: number) => void;
}

export const browserFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

export function startPlaybackClock(store: AppStore, frames: FrameScheduler = browserFrames): () => void {
  let handle: number | null = null;
  let last: number | null = null;
  const tick = (now: number) => {
    handle = null;
    const dt = last === null ? 0 : now - last;
    last = now;
    store.getState().advance(dt);
    if (store.getState().playing) handle = frames.request(tick);
  };
  const sync = (playing: boolean) => {
    if (playing && handle === null) {
      last = null;
      handle = frames.request(tick);
    } else if (!playing && handle !== null) {
      frames.cancel(handle);
      handle = null;
    }
  };
  const unsubscribe = store.subscribe((s) => s.playing, sync, { fireImmediately: true });
  return () => {
    unsubscribe();
    if (handle !== null) frames.cancel(handle);
    handle = null;
  };
}
