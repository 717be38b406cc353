/**
 * Adaptive time: how fast simulated time runs, in simulated µs per wall-clock second, chosen from
 * what is happening around the cursor. Segments on the wire are the fastest thing a person must be
 * able to follow, so while any is in flight the clock runs slowly enough for the shortest one to
 * take WIRE_WALL_S to cross. Between activity, a quiet gap of G µs takes about
 * 0.25 s + 0.2 s per decade of G beyond 1 ms (a 5 s idle period ≈ 1 s), never slower than the
 * run's typical wire speed. So idle seconds fly by and microsecond races slow to a crawl.
 */

import type { TraceIndex } from '../../sim-core';
import { countAtOrBefore, nextEventTime, prevEventTime } from '../../sim-core';

/** Wall seconds for the shortest segment in flight to cross the stage. */
export const WIRE_WALL_S = 0.6;
const QUIET_BASE_S = 0.25;
const QUIET_PER_DECADE_S = 0.2;
const QUIET_MAX_S = 1.1;
/** Rates are kept within these bounds (µs per wall second). */
export const MIN_RATE = 50;
export const MAX_RATE = 20_000_000;

export type RateReason = 'wire' | 'quiet' | 'end';

export interface Rate {
  /** Simulated µs per wall second. */
  rate: number;
  reason: RateReason;
}

const clampRate = (r: number) => Math.min(MAX_RATE, Math.max(MIN_RATE, r));

const baselines = new WeakMap<TraceIndex, number>();

/** The run's typical wire speed: the median time a segment spends in flight, over WIRE_WALL_S. */
export function baselineRate(index: TraceIndex): number {
  const cached = baselines.get(index);
  if (cached !== undefined) return cached;
  const rate = computeBaseline(index);
  baselines.set(index, rate);
  return rate;
}

function computeBaseline(index: TraceIndex): number {
  const s = index.segments;
  if (s.count === 0) return clampRate(1000 / WIRE_WALL_S);
  const flights = new Float64Array(s.count);
  for (let i = 0; i < s.count; i++) flights[i] = s.arriveAt[i]! - s.sentAt[i]!;
  flights.sort();
  return clampRate(flights[flights.length >> 1]! / WIRE_WALL_S);
}

/** The shortest flight among segments on the wire at t (sentAt ≤ t < arriveAt), or null. */
export function shortestFlightAt(index: TraceIndex, t: number): number | null {
  const s = index.segments;
  // Segments are in send order; only those sent within maxFlightUs before t can still fly.
  const from = countAtOrBefore(s.sentAt, t - s.maxFlightUs - 1);
  const to = countAtOrBefore(s.sentAt, t);
  let best: number | null = null;
  for (let i = from; i < to; i++) {
    const arrive = s.arriveAt[i]!;
    if (arrive > t) {
      const flight = arrive - s.sentAt[i]!;
      if (flight > 0 && (best === null || flight < best)) best = flight;
    }
  }
  return best;
}

/** Wall seconds a quiet gap of `gapUs` should take. */
export function quietWallSeconds(gapUs: number): number {
  const decades = Math.log10(Math.max(1, gapUs / 1000));
  return Math.min(QUIET_MAX_S, QUIET_BASE_S + QUIET_PER_DECADE_S * decades);
}

export function adaptiveRate(index: TraceIndex, t: number, baseline: number): Rate {
  const next = nextEventTime(index.times, t);
  if (next === null) return { rate: baseline, reason: 'end' };
  const flight = shortestFlightAt(index, t);
  if (flight !== null) return { rate: clampRate(flight / WIRE_WALL_S), reason: 'wire' };
  const prev = prevEventTime(index.times, t) ?? 0;
  const atEvent = index.times[countAtOrBefore(index.times, t) - 1] === t;
  const gap = next - (atEvent ? t : prev);
  return { rate: clampRate(Math.max(baseline, gap / quietWallSeconds(gap))), reason: 'quiet' };
}

/** `1 s = 2 ms simulated` — the scale shown beside the clock. */
export function describeRate(rateUs: number): string {
  const abs = Math.abs(rateUs);
  let value: string;
  if (abs >= 1_000_000) value = `${trim(rateUs / 1_000_000)} s`;
  else if (abs >= 1000) value = `${trim(rateUs / 1000)} ms`;
  else value = `${trim(rateUs)} µs`;
  return `1 s = ${value} simulated`;
}

/** `×0.002` — the same scale as a factor of real time. */
export function describeFactor(rateUs: number): string {
  const f = rateUs / 1_000_000;
  return `×${f >= 1 ? trim(f) : Number(f.toPrecision(2))}`;
}

function trim(v: number): string {
  return String(Number(v.toPrecision(v >= 100 ? 3 : 2)));
}
