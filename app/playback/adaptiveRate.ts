/**
 * Adaptive time: how fast simulated time runs, in simulated µs per wall-clock second, chosen from
 * what is happening around the cursor. Segments on the wire are the fastest thing a person must be
 * able to follow, but not all of them matter alike:
 *
 * - a **notable** segment — a FIN or an RST (a connection closing), or the request of an attempt
 *   that fails (written into a closed connection, or crossing the FIN) — crosses the stage in
 *   WIRE_WALL_S (0.6 s): that is the race, slow enough to watch;
 * - **routine** traffic — handshakes, requests that succeed, their responses and ACKs — crosses in
 *   ROUTINE_WIRE_WALL_S (0.12 s): visible, but the seed run's warm-up does not take half a minute;
 * - except in focus (`Focus`: the connections a lesson step highlights, on the way to its moment),
 *   where every segment is notable: the handshake lesson 1 is about is watched at the race's pace.
 *
 * While segments fly, the clock runs slowly enough for the one that needs the most time (its
 * flight over its wall time) to take that long. Between activity, a quiet gap of G µs takes about
 * 0.05 s + 0.1 s per decade of G beyond 1 ms (a 5 s idle period ≈ 0.42 s, 8 ms of server work
 * ≈ 0.14 s), never slower than the run's typical wire speed. So idle seconds fly by and microsecond
 * races slow to a crawl. `pacing.test.ts` holds the seed run to its first failure in ≤ 8 s.
 */

import type { TraceIndex } from '../../sim-core';
import { countAtOrBefore, nextEventTime, prevEventTime, SEGMENT_FLAGS, SIDES } from '../../sim-core';

/** Wall seconds for a notable segment (FIN, RST, a failing request) to cross the stage. */
export const WIRE_WALL_S = 0.6;
/** Wall seconds for routine traffic to cross the stage. */
export const ROUTINE_WIRE_WALL_S = 0.12;
const QUIET_BASE_S = 0.05;
const QUIET_PER_DECADE_S = 0.1;
const QUIET_MAX_S = 0.6;
/** Rates are kept within these bounds (µs per wall second). */
export const MIN_RATE = 50;
export const MAX_RATE = 20_000_000;

export type RateReason = 'wire' | 'quiet' | 'end';

/** Segments on `conns` sent at or after `fromUs` cross at the notable pace whatever they carry. */
export interface Focus {
  conns: readonly number[];
  fromUs: number;
}

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

const notables = new WeakMap<TraceIndex, Uint8Array>();

const FIN = SEGMENT_FLAGS.indexOf('FIN');
const RST = SEGMENT_FLAGS.indexOf('RST');
const DATA = SEGMENT_FLAGS.indexOf('DATA');
const CLIENT = SIDES.indexOf('client');

/** Per segment row: 1 when it is notable (FIN, RST, the request of a failed attempt), else 0. */
export function notableSegments(index: TraceIndex): Uint8Array {
  const cached = notables.get(index);
  if (cached) return cached;
  const s = index.segments;
  const out = new Uint8Array(s.count);
  // The request segments of failed attempts: (connection, time written).
  const failedWrites = new Set<string>();
  for (const r of index.requests)
    for (const a of r.attempts)
      if (a.ok === false && a.writtenAt !== null) failedWrites.add(`${a.conn}@${a.writtenAt}`);
  for (let i = 0; i < s.count; i++) {
    const flag = s.flag[i]!;
    if (flag === FIN || flag === RST) out[i] = 1;
    else if (flag === DATA && s.from[i] === CLIENT && failedWrites.has(`${s.conn[i]}@${s.sentAt[i]}`))
      out[i] = 1;
  }
  notables.set(index, out);
  return out;
}

/**
 * The rate at which every segment on the wire at t (sentAt ≤ t < arriveAt) takes at least its wall
 * time to cross (notable, or in `focus`: WIRE_WALL_S; routine: ROUTINE_WIRE_WALL_S),
 * or null when none flies.
 */
export function wireRateAt(index: TraceIndex, t: number, focus: Focus | null = null): number | null {
  const s = index.segments;
  const notable = notableSegments(index);
  const from = countAtOrBefore(s.sentAt, t - s.maxFlightUs - 1);
  const to = countAtOrBefore(s.sentAt, t);
  let best: number | null = null;
  for (let i = from; i < to; i++) {
    const arrive = s.arriveAt[i]!;
    if (arrive > t) {
      const flight = arrive - s.sentAt[i]!;
      if (flight <= 0) continue;
      const slow =
        notable[i] === 1 ||
        (focus !== null && s.sentAt[i]! >= focus.fromUs && focus.conns.includes(s.conn[i]!));
      const rate = flight / (slow ? WIRE_WALL_S : ROUTINE_WIRE_WALL_S);
      if (best === null || rate < best) best = rate;
    }
  }
  return best;
}

/** Wall seconds a quiet gap of `gapUs` should take. */
export function quietWallSeconds(gapUs: number): number {
  const decades = Math.log10(Math.max(1, gapUs / 1000));
  return Math.min(QUIET_MAX_S, QUIET_BASE_S + QUIET_PER_DECADE_S * decades);
}

export function adaptiveRate(
  index: TraceIndex,
  t: number,
  baseline: number,
  focus: Focus | null = null,
): Rate {
  const next = nextEventTime(index.times, t);
  if (next === null) return { rate: baseline, reason: 'end' };
  const wire = wireRateAt(index, t, focus);
  if (wire !== null) return { rate: clampRate(wire), reason: 'wire' };
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
