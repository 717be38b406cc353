/**
 * Playback: the cursor (simulated µs) and how it moves. The cursor changes every animation frame
 * while playing, so React components must NOT subscribe to `cursorUs` or `rateUs` with a hook:
 * read them in a transient `store.subscribe(selector, listener)` and draw directly (see
 * app/README.md). Everything else here changes only on user actions.
 *
 * Time modes: `adaptive` picks the rate from what is happening (playback/adaptiveRate.ts; an open
 * lesson step's connections in focus) times `speed`; `fixed` runs at `fixedRate` simulated µs per
 * wall second. An adaptive rise of up to EASE_FREE× happens at once (the pause between two
 * segments); a larger one (into idle seconds) eases up so the speeding up is seen.
 */
import { nextEventTime, prevEventTime } from '../../sim-core';
import {
  adaptiveRate,
  baselineRate,
  type Focus,
  MAX_RATE,
  MIN_RATE,
  type Rate,
} from '../playback/adaptiveRate';
import { firstStop } from './breakpointSlice';
import { activeHighlights } from './lessonSlice';
import { firstFailureAfter, lastFailureBefore } from './queries';
import type { AppState, SliceCreator } from './types';

export type TimeMode = 'adaptive' | 'fixed';

/** Multipliers offered for adaptive time. */
export const ADAPTIVE_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** Fixed rates offered, in simulated µs per wall second (1 s = 10 µs … 1 s = 1 s). */
export const FIXED_RATES = [10, 100, 1000, 10_000, 100_000, 1_000_000] as const;
/** How quickly an adaptive rate may rise (it falls at once, so nothing is skipped). */
const EASE_UP_S = 0.1;
/** A rise to at most this many times the current rate happens at once (a short pause between segments). */
const EASE_FREE = 4;
/** A frame never advances the clock by more than this much wall time (a stalled tab resumes calmly). */
const MAX_FRAME_MS = 100;
/** How far before a lesson step's moment its connections are in focus (simulated µs). */
export const LESSON_FOCUS_LEAD_US = 500_000;

/**
 * While a lesson plays to a step's moment, the connections the step highlights are what it is
 * about: in the last LESSON_FOCUS_LEAD_US before the moment their segments cross at the race's
 * pace (lesson 1's handshake), not as routine traffic; the run-up before it stays quick.
 */
export function lessonFocus(s: AppState): Focus | null {
  if (!s.stopAt || !s.lesson) return null;
  const conns = activeHighlights(s);
  return conns.length > 0 ? { conns, fromUs: s.stopAt.t - LESSON_FOCUS_LEAD_US } : null;
}

export interface PlaybackSlice {
  /** Simulated time at the cursor, µs (may fall between events while animating). */
  cursorUs: number;
  playing: boolean;
  timeMode: TimeMode;
  /** Adaptive mode's multiplier. */
  speed: number;
  /** Fixed mode's rate (simulated µs per wall second). */
  fixedRate: number;
  /** The rate in effect at the cursor (simulated µs per wall second), for the scale readout. */
  rateUs: number;

  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  /** Moves the cursor (clamped to the run); playback continues if it was playing. */
  seek: (t: number) => void;
  /** Pauses and moves to the next / previous distinct event time. */
  stepForward: () => void;
  stepBackward: () => void;
  /** Pauses at the next / previous failed request and selects it. */
  nextFailure: () => void;
  prevFailure: () => void;
  setTimeMode: (mode: TimeMode) => void;
  setSpeed: (speed: number) => void;
  setFixedRate: (rate: number) => void;
  /** One animation frame of `wallMs` (the playback clock calls this; nothing else should). */
  advance: (wallMs: number) => void;
}

export const createPlaybackSlice: SliceCreator<PlaybackSlice> = (set, get) => {
  const endAt = () => get().run?.index.endAt ?? 0;
  const clamp = (t: number) => Math.min(endAt(), Math.max(0, t));

  /** The target rate at t for the current mode, and why. */
  const targetRateWhy = (t: number): Rate => {
    const s = get();
    if (s.timeMode === 'fixed' || !s.run) return { rate: s.fixedRate, reason: 'quiet' };
    const index = s.run.index;
    const r = adaptiveRate(index, t, baselineRate(index), lessonFocus(s));
    return { rate: Math.min(MAX_RATE, Math.max(MIN_RATE, r.rate * s.speed)), reason: r.reason };
  };
  const targetRate = (t: number) => targetRateWhy(t).rate;

  const moveTo = (t: number, playing: boolean) => {
    const cursorUs = clamp(t);
    const s = get();
    // A stop playback made (or a lesson's pending stop) means nothing once the cursor moves away.
    const lastStop = s.lastStop && s.lastStop.hit.t === cursorUs ? s.lastStop : null;
    const stopAt =
      s.stopAt && s.stopAt.t >= cursorUs && (playing || s.stopAt.t === cursorUs) ? s.stopAt : null;
    set({ cursorUs, playing, rateUs: targetRate(cursorUs), lastStop, stopAt });
  };

  const jumpToFailure = (direction: 1 | -1) => {
    const s = get();
    if (!s.run) return;
    const failures = s.run.index.failures;
    const f =
      direction === 1 ? firstFailureAfter(failures, s.cursorUs) : lastFailureBefore(failures, s.cursorUs);
    if (!f) return;
    moveTo(f.t, false);
    s.select({ kind: 'req', id: f.req });
  };

  return {
    cursorUs: 0,
    playing: false,
    timeMode: 'adaptive',
    speed: 1,
    fixedRate: 1000,
    rateUs: 1000,

    play: () => {
      const s = get();
      if (!s.run) return;
      if (s.lastStop) set({ lastStop: null });
      moveTo(s.cursorUs >= endAt() ? 0 : s.cursorUs, true);
    },
    pause: () => {
      if (get().playing) set({ playing: false });
    },
    togglePlay: () => (get().playing ? get().pause() : get().play()),
    seek: (t) => moveTo(t, get().playing),
    stepForward: () => {
      const s = get();
      if (!s.run) return;
      moveTo(nextEventTime(s.run.index.times, s.cursorUs) ?? endAt(), false);
    },
    stepBackward: () => {
      const s = get();
      if (!s.run) return;
      moveTo(prevEventTime(s.run.index.times, s.cursorUs) ?? 0, false);
    },
    nextFailure: () => jumpToFailure(1),
    prevFailure: () => jumpToFailure(-1),
    setTimeMode: (timeMode) => {
      set({ timeMode });
      set({ rateUs: targetRate(get().cursorUs) });
    },
    setSpeed: (speed) => {
      set({ speed });
      set({ rateUs: targetRate(get().cursorUs) });
    },
    setFixedRate: (fixedRate) => {
      set({ fixedRate });
      set({ rateUs: targetRate(get().cursorUs) });
    },

    advance: (wallMs) => {
      const s = get();
      if (!s.playing || !s.run) return;
      const dt = Math.min(MAX_FRAME_MS, Math.max(0, wallMs)) / 1000;
      const index = s.run.index;
      const t = s.cursorUs;
      const { rate: target, reason } = targetRateWhy(t);
      // Fall at once; a large rise smoothly (in log space) so speeding up is visible, not a jump.
      let rate = target;
      if (s.timeMode === 'adaptive' && target > s.rateUs * EASE_FREE && s.rateUs > 0) {
        const k = 1 - Math.exp(-dt / EASE_UP_S);
        rate = s.rateUs * (target / s.rateUs) ** k;
      }
      let next = t + rate * dt;
      // Adaptive, quiet: land on the next event rather than fly past it at the quiet-time rate
      // (the next frame then slows down for whatever that event set in motion).
      if (s.timeMode === 'adaptive' && reason === 'quiet') {
        const upcoming = nextEventTime(index.times, t);
        if (upcoming !== null && next > upcoming) next = upcoming;
      }
      let playing = true;
      // Breakpoints (pause at failures among them), or a lesson step's one-shot pause.
      const stop = firstStop(s, t, next);
      if (stop) {
        next = stop.t;
        playing = false;
        if (stop.select) s.select(stop.select);
        set({ lastStop: stop.stop, stopAt: null });
      }
      if (next >= index.endAt) {
        next = index.endAt;
        playing = false;
      }
      set({ cursorUs: next, playing, rateUs: rate });
    },
  };
};
