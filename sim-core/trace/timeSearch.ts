/**
 * Binary searches over a trace's event times (non-decreasing, one per `seq`). Every view that
 * maps a cursor time to events goes through these, so "at time t" means the same everywhere:
 * an event at exactly t has happened.
 */

/** The number of events with `time ≤ t` (so the events applied at t are `[0, result)`). */
export function countAtOrBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The number of events with `time < t`. */
export function countBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first event time strictly after t, or null at the end. */
export function nextEventTime(times: ArrayLike<number>, t: number): number | null {
  const i = countAtOrBefore(times, t);
  return i < times.length ? times[i]! : null;
}

/** The last event time strictly before t, or null at the start. */
export function prevEventTime(times: ArrayLike<number>, t: number): number | null {
  const i = countBefore(times, t);
  return i > 0 ? times[i - 1]! : null;
}

/** Events per bin over [from, to): `bins` equal slices (events at exactly `to` go in the last bin). */
export function eventDensity(times: ArrayLike<number>, from: number, to: number, bins: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, bins));
  if (bins <= 0 || to <= from) return out;
  const width = (to - from) / bins;
  let i = countBefore(times, from);
  for (; i < times.length; i++) {
    const t = times[i]!;
    if (t > to) break;
    const b = Math.min(bins - 1, Math.floor((t - from) / width));
    out[b] = out[b]! + 1;
  }
  return out;
}
