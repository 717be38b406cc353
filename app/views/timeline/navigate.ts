/**
 * Where the timeline's buttons and outside selections take the visible range (pure): the time an
 * entity occupies, a padded range around it, the next race window or failure after the view's
 * centre, the range that centres the cursor, and whether a selection needs bringing into view.
 */
import type { RaceInterval, TraceIndex } from '../../../sim-core';
import type { Selection } from '../../store/types';
import type { Domain } from './viewport';

/** A padded range around [a, b] (µs), at least `min` wide. */
export function around(a: number, b: number, pad = 0.2, min = 40): [number, number] {
  const span = Math.max(min, b - a);
  const c = (a + b) / 2;
  const half = (span * (1 + 2 * pad)) / 2;
  return [c - half, c + half];
}

/** The time range an entity occupies, for "zoom to selection". */
export function extentOf(index: TraceIndex, sel: Selection): [number, number] | null {
  if (sel.kind === 'conn') {
    const c = index.connections.find((x) => x.id === sel.id);
    return c ? [c.openedAt, c.doneAt ?? index.endAt] : null;
  }
  if (sel.kind === 'req') {
    const r = index.requests.find((x) => x.id === sel.id);
    return r ? [r.startAt, r.endAt ?? index.endAt] : null;
  }
  const s = index.segments;
  const row = sel.id < s.rowOfSeg.length ? s.rowOfSeg[sel.id]! : -1;
  return row < 0 ? null : [s.sentAt[row]!, s.arriveAt[row]!];
}

/** The connection an entity is on (a request's last attempt's). */
export function connOf(index: TraceIndex, sel: Selection): number | null {
  if (sel.kind === 'conn') return sel.id;
  if (sel.kind === 'req') {
    const a = index.requests.find((x) => x.id === sel.id)?.attempts.at(-1);
    return a?.conn ?? null;
  }
  const row = sel.id < index.segments.rowOfSeg.length ? index.segments.rowOfSeg[sel.id]! : -1;
  return row < 0 ? null : index.segments.conn[row]!;
}

/** The moments that explain a failure: from the request's attempt to the reset's arrival. */
export function failureExtent(index: TraceIndex, req: number): [number, number] | null {
  const f = index.failures.find((x) => x.req === req);
  if (!f) return null;
  const ts = [f.times.attemptAt, f.t, f.times.requestArrivedAt, f.times.resetAt].filter(
    (x): x is number => x !== null && x >= f.times.attemptAt,
  );
  return [Math.min(...ts), Math.max(...ts)];
}

/** The first race window whose middle is past the view's centre (else the first), and the range that shows it. */
export function raceWindowAfter(
  index: TraceIndex,
  domain: Domain,
): { window: RaceInterval; range: [number, number] } | null {
  const centre = (domain[0] + domain[1]) / 2;
  // Race windows only (about one round trip each): the stale stretches are wide enough to see.
  const windows = index.raceIntervals.filter((w) => w.kind === 'race-window');
  const w = windows.find((x) => (x.start + x.end) / 2 > centre + 1) ?? windows[0];
  return w ? { window: w, range: around(w.start, w.end, 0.12) } : null;
}

/** The first failure past the view's centre (else the first), and the range that explains it. */
export function failureAfter(
  index: TraceIndex,
  domain: Domain,
): { failure: TraceIndex['failures'][number]; range: [number, number] | null } | null {
  const centre = (domain[0] + domain[1]) / 2;
  const failures = index.failures;
  const f = failures.find((x) => x.t > centre + 1) ?? failures[0];
  if (!f) return null;
  const ext = failureExtent(index, f.req);
  return { failure: f, range: ext ? around(ext[0], ext[1], 0.25, 200) : null };
}

/** The view's span centred on the cursor t; from the whole run, closer in: about a burst (200 ms). */
export function cursorRange(t: number, domain: Domain, endAt: number): [number, number] {
  const [d0, d1] = domain;
  const span = endAt <= d1 - d0 ? Math.min(d1 - d0, 200_000) : d1 - d0;
  return [t - span / 2, t + span / 2];
}

/**
 * For a selection made elsewhere: null if its extent `ext` overlaps the view, else a range
 * centred on it, as wide as the view or 1.3 × the extent.
 */
export function bringIntoView(domain: Domain, ext: readonly [number, number]): [number, number] | null {
  const [d0, d1] = domain;
  if (!(ext[1] < d0 || ext[0] > d1)) return null;
  const span = Math.max(d1 - d0, (ext[1] - ext[0]) * 1.3);
  const c = (ext[0] + ext[1]) / 2;
  return [c - span / 2, c + span / 2];
}
