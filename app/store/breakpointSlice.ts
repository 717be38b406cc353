/**
 * Conditional breakpoints (sim-core/teach/breakpoints.ts): conditions the person sets, each on or
 * off; playback pauses at the first hit of any enabled one after the cursor (playbackSlice's
 * `advance` asks `firstStop`). "Pause at failures" is the `failure` breakpoint: `pauseAtFailures`
 * mirrors whether it is enabled, and `setPauseAtFailures` switches it.
 *
 * A lesson's pause is a one-shot `stopAt` (a trace position): while it is set, playback stops
 * there and nowhere else, so a person's breakpoints cannot cut a lesson's "play to the pause" short.
 *
 * Breakpoint ids are their condition keys (`near-timeout:50`): one breakpoint per condition.
 */
import { type BreakpointCondition, type BreakpointHit, conditionProblems } from '../../sim-core';
import { conditionKey, hitAfter, hitBefore } from './breakpointHits';
import type { AppState, Selection, SliceCreator } from './types';

export interface Breakpoint {
  id: string;
  condition: BreakpointCondition;
  enabled: boolean;
}

/** Where playback stopped by itself, and why. */
export interface BreakpointStop {
  /** The breakpoint's id, or `lesson` for a lesson step's pause. */
  by: string;
  hit: BreakpointHit;
}

export interface StopTarget {
  t: number;
  seq: number;
  hit: BreakpointHit | null;
  /** What to select on arrival (default: what the hit names). */
  select?: Selection | null;
}

export interface BreakpointSlice {
  breakpoints: Breakpoint[];
  /** Whether the `failure` breakpoint is enabled (the transport's checkbox, the `F` key). */
  pauseAtFailures: boolean;
  /** The stop playback made by itself last; cleared when playback starts again or the run changes. */
  lastStop: BreakpointStop | null;
  /** A one-shot stop (a lesson step's pause); cleared when reached or when the person seeks. */
  stopAt: StopTarget | null;
  /** Adds (or re-enables) a breakpoint; returns the problems with `condition` (nothing added then). */
  addBreakpoint: (condition: BreakpointCondition) => string[];
  toggleBreakpoint: (id: string, enabled?: boolean) => void;
  removeBreakpoint: (id: string) => void;
  setBreakpoints: (list: Breakpoint[]) => void;
  setPauseAtFailures: (on: boolean) => void;
  setStopAt: (stop: StopTarget | null) => void;
  /** Pauses at the next / previous hit of one breakpoint (enabled or not) and selects its entity. */
  jumpToHit: (id: string, direction: 1 | -1) => void;
}

/** What a fresh page has: pause at failures. */
export const DEFAULT_BREAKPOINTS: readonly Breakpoint[] = [
  { id: 'failure', condition: { kind: 'failure' }, enabled: true },
];

export function makeBreakpoint(condition: BreakpointCondition, enabled = true): Breakpoint {
  return { id: conditionKey(condition), condition, enabled };
}

const failureOn = (list: readonly Breakpoint[]) =>
  list.some((b) => b.enabled && b.condition.kind === 'failure');

/** What a stop selects: the request if the hit names one, else the connection. */
export function hitSelection(hit: BreakpointHit): Selection | null {
  if (hit.req !== null) return { kind: 'req', id: hit.req };
  if (hit.conn !== null) return { kind: 'conn', id: hit.conn };
  return null;
}

/**
 * Where a playback frame from `t` to `next` must stop, if anywhere: the one-shot `stopAt`, else
 * the earliest hit of an enabled breakpoint after the cursor and no later than `next`.
 */
export function firstStop(
  s: AppState,
  t: number,
  next: number,
): { t: number; stop: BreakpointStop | null; select: Selection | null } | null {
  const run = s.run;
  if (!run) return null;
  if (s.stopAt) {
    const at = s.stopAt;
    if (at.t > next || at.t < t) return null;
    const stop = at.hit ? { by: 'lesson', hit: at.hit } : null;
    return {
      t: at.t,
      stop,
      select: at.select !== undefined ? at.select : stop ? hitSelection(stop.hit) : null,
    };
  }
  let best: BreakpointStop | null = null;
  for (const b of s.breakpoints) {
    if (!b.enabled) continue;
    const hit = hitAfter(run.trace, run.index.times, b.condition, t);
    if (hit && hit.t <= next && (best === null || hit.seq < best.hit.seq)) best = { by: b.id, hit };
  }
  return best ? { t: best.hit.t, stop: best, select: hitSelection(best.hit) } : null;
}

export const createBreakpointSlice: SliceCreator<BreakpointSlice> = (set, get) => {
  const setList = (breakpoints: Breakpoint[]) =>
    set({ breakpoints, pauseAtFailures: failureOn(breakpoints) });

  return {
    breakpoints: [...DEFAULT_BREAKPOINTS],
    pauseAtFailures: true,
    lastStop: null,
    stopAt: null,

    addBreakpoint: (condition) => {
      const problems = conditionProblems(condition);
      if (problems.length > 0) return problems;
      const b = makeBreakpoint(condition);
      const list = get().breakpoints;
      const existing = list.findIndex((x) => x.id === b.id);
      setList(existing === -1 ? [...list, b] : list.map((x, i) => (i === existing ? b : x)));
      return [];
    },
    toggleBreakpoint: (id, enabled) =>
      setList(get().breakpoints.map((b) => (b.id === id ? { ...b, enabled: enabled ?? !b.enabled } : b))),
    removeBreakpoint: (id) => setList(get().breakpoints.filter((b) => b.id !== id)),
    setBreakpoints: (list) => setList([...list]),
    setPauseAtFailures: (on) => {
      const list = get().breakpoints;
      if (list.some((b) => b.id === 'failure')) get().toggleBreakpoint('failure', on);
      else if (on) setList([...list, makeBreakpoint({ kind: 'failure' })]);
    },
    setStopAt: (stopAt) => set({ stopAt }),
    jumpToHit: (id, direction) => {
      const s = get();
      const b = s.breakpoints.find((x) => x.id === id);
      if (!b || !s.run) return;
      const hit =
        direction === 1
          ? hitAfter(s.run.trace, s.run.index.times, b.condition, s.cursorUs)
          : hitBefore(s.run.trace, b.condition, s.cursorUs);
      if (!hit) return;
      s.pause();
      s.seek(hit.t);
      const sel = hitSelection(hit);
      if (sel) s.select(sel);
      set({ lastStop: { by: b.id, hit } });
    },
  };
};
