/**
 * Where each breakpoint condition holds in a run, computed once per (trace, condition) and kept
 * beside the trace (a WeakMap: a replaced run takes its hits with it). `breakpointHits` is a
 * linear scan of the trace; every later question ("the first hit after the cursor") is a binary
 * search, cheap enough for every animation frame.
 */

import type { TraceEvent } from '../../sim-core';
import {
  type BreakpointCondition,
  type BreakpointHit,
  breakpointHits,
  countAtOrBefore,
  nextHit,
} from '../../sim-core';

/** A stable key for a condition: `failure`, `near-timeout:50`, `event:{…}`. Breakpoint ids are these. */
export function conditionKey(c: BreakpointCondition): string {
  switch (c.kind) {
    case 'near-timeout':
      return `near-timeout:${c.withinMs}`;
    case 'event':
      return `event:${JSON.stringify(c.match)}`;
    default:
      return c.kind;
  }
}

const cache = new WeakMap<readonly TraceEvent[], Map<string, BreakpointHit[]>>();

export function hitsFor(trace: readonly TraceEvent[], c: BreakpointCondition): BreakpointHit[] {
  let byKey = cache.get(trace);
  if (!byKey) {
    byKey = new Map();
    cache.set(trace, byKey);
  }
  const key = conditionKey(c);
  let hits = byKey.get(key);
  if (!hits) {
    hits = breakpointHits(trace, c);
    byKey.set(key, hits);
  }
  return hits;
}

/** The trace position of the last event that has happened at time t (-1 before the first). */
export function lastSeqAt(times: ArrayLike<number>, t: number): number {
  return countAtOrBefore(times, t) - 1;
}

/** The first hit of `c` after the cursor at time t (events at exactly t have happened), or null. */
export function hitAfter(
  trace: readonly TraceEvent[],
  times: ArrayLike<number>,
  c: BreakpointCondition,
  t: number,
): BreakpointHit | null {
  return nextHit(hitsFor(trace, c), lastSeqAt(times, t));
}

/** The last hit of `c` strictly before time t, or null. */
export function hitBefore(
  trace: readonly TraceEvent[],
  c: BreakpointCondition,
  t: number,
): BreakpointHit | null {
  const hits = hitsFor(trace, c);
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? hits[lo - 1]! : null;
}
