/**
 * A new run reaches the page in tiers, one per frame, instead of in one long task. The parts of
 * the page outside any tier (scenario bar, stage, transport, story) read the store itself and
 * switch to the new run at once; each panel below the stage reads a *tier store*: a mirror of the
 * store that follows it change for change, except that when `run` changes it keeps showing the
 * previous state until its turn, then takes the store's latest state whole. Turns come one per
 * painted frame, in `order`; tiers with the same order switch in the same task.
 *
 * Why: switching every view in one React commit (render, d3 redraws, the forced layouts between
 * them) took ~100 ms of main thread at 1920×1080, one task, before the first frame could show the
 * new run. In tiers, the stage paints first and each panel's share is its own task.
 *
 * A tier's state is always one consistent snapshot of the store (never a new run with an old
 * cursor); actions called through it act on the store (they are the store's own functions).
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { AppStore } from './store';
import type { AppState } from './types';

/** How a sequencer waits for "the frame after this one has painted" (injectable for tests). */
export interface FrameScheduler {
  /** Calls `fn` once, in a task after the next painted frame. Returns a cancel function. */
  afterPaint: (fn: () => void) => () => void;
  /** Calls `fn` once, in a task of its own (the browser may paint before it). Returns a cancel function. */
  nextTask: (fn: () => void) => () => void;
}

/** If no frame comes (a hidden tab has no animation frames), a turn comes after this long. */
const NO_FRAME_MS = 250;

/**
 * The browser's: a timeout queued from the next animation frame runs after that frame's paint;
 * the second hop lets whatever else that frame queued (the stage's repaint measure) run first.
 */
export const browserFrames: FrameScheduler = {
  afterPaint: (fn) => {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(fallback);
      fn();
    };
    const raf = requestAnimationFrame(() => setTimeout(() => setTimeout(once, 0), 0));
    const fallback = setTimeout(once, NO_FRAME_MS);
    return () => {
      done = true;
      cancelAnimationFrame(raf);
      clearTimeout(fallback);
    };
  },
  nextTask: (fn) => {
    const t = setTimeout(fn, 0);
    return () => clearTimeout(t);
  },
};

/** Hands out turns: one order (all tiers of that order) per painted frame, lowest first. */
export class TierSequencer {
  private readonly waiting = new Map<number, Set<() => void>>();
  private cancelTurn: (() => void) | null = null;

  /**
   * @param onSettled called after the turn in which the last waiting tier switched (the
   *   re-run benchmark's "every panel shows the new run").
   */
  constructor(
    private readonly frames: FrameScheduler,
    private readonly onSettled: () => void = () => {},
  ) {}

  /** `adopt` runs at tier `order`'s turn (once, however often it is requested before). */
  request(order: number, adopt: () => void): void {
    const set = this.waiting.get(order) ?? new Set();
    set.add(adopt);
    this.waiting.set(order, set);
    this.schedule();
  }

  /** Withdraws a request (a tier that unmounts). */
  withdraw(order: number, adopt: () => void): void {
    const set = this.waiting.get(order);
    if (!set) return;
    set.delete(adopt);
    if (set.size === 0) this.waiting.delete(order);
    if (this.waiting.size === 0 && this.cancelTurn) {
      this.cancelTurn();
      this.cancelTurn = null;
    }
  }

  /** Whether some tier still shows an older run. */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  /** The first turn waits for the frame that shows the stage; later turns are tasks of their own. */
  private schedule(first = true): void {
    if (this.cancelTurn) return;
    const turn = () => {
      this.cancelTurn = null;
      const order = Math.min(...this.waiting.keys());
      const adopts = this.waiting.get(order) ?? new Set();
      this.waiting.delete(order);
      for (const adopt of adopts) adopt();
      if (this.waiting.size > 0) this.schedule(false);
      else this.onSettled();
    };
    this.cancelTurn = first ? this.frames.afterPaint(turn) : this.frames.nextTask(turn);
  }
}

/** A tier store and the subscription that keeps it following the store. */
export interface RunTier {
  store: AppStore;
  /** Starts following the store (catching up first); returns the function that stops it. */
  connect: () => () => void;
}

/** The tier store for `order`: the store's state, with a new run arriving at its turn. */
export function createRunTier(main: AppStore, order: number, sequencer: TierSequencer): RunTier {
  const mirror = createStore<AppState>()(subscribeWithSelector(() => main.getState()));
  const store: AppStore = {
    ...mirror,
    // Writes go to the store; the mirror only ever copies it.
    setState: main.setState,
    getInitialState: main.getInitialState,
  };
  const adopt = () => mirror.setState(main.getState(), true);
  const follow = (s: AppState) => {
    if (s.run === mirror.getState().run) mirror.setState(s, true);
    else sequencer.request(order, adopt);
  };
  return {
    store,
    connect: () => {
      follow(main.getState());
      const unsubscribe = main.subscribe(follow);
      return () => {
        unsubscribe();
        sequencer.withdraw(order, adopt);
      };
    },
  };
}
