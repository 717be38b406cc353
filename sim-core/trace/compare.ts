/**
 * Compare two runs of the same seed and workload (common random numbers: request ids name the
 * same request of the workload in both). The first request whose outcome differs, every request
 * that differs, and a table of metric differences — "re-run the reproduction on the broken
 * version, then on the fixed one", as numbers.
 */
import type { Summary } from '../metrics/summary';
import type { ErrorReport } from '../policies/types';
import { countIntervals } from './raceWindows';
import type { RequestInfo, TraceIndex } from './traceIndex';

export type OutcomeOrPending = RequestInfo['outcome'] | 'unfinished' | 'absent';

export interface SideOutcome {
  outcome: OutcomeOrPending;
  error: ErrorReport | null;
  /** Connection of the last attempt, and whether the first attempt reused a pooled one. */
  conn: number | null;
  reused: boolean;
  attempts: number;
  startAt: number | null;
  endAt: number | null;
}

export interface Divergence {
  req: number;
  label: string;
  a: SideOutcome;
  b: SideOutcome;
  /** Where to put the marker: the earlier of the two starts. */
  t: number;
}

function sideOf(r: RequestInfo | undefined): SideOutcome {
  if (!r)
    return {
      outcome: 'absent',
      error: null,
      conn: null,
      reused: false,
      attempts: 0,
      startAt: null,
      endAt: null,
    };
  const last = r.attempts[r.attempts.length - 1];
  return {
    outcome: r.outcome ?? 'unfinished',
    error: r.error,
    conn: last?.conn ?? null,
    reused: r.attempts[0]?.reused ?? false,
    attempts: r.attempts.length,
    startAt: r.startAt,
    endAt: r.endAt,
  };
}

function byId(index: TraceIndex): Map<number, RequestInfo> {
  return new Map(index.requests.map((r) => [r.id, r]));
}

/** Every request whose outcome differs between the runs, in request order. */
export function divergences(a: TraceIndex, b: TraceIndex): Divergence[] {
  const ra = byId(a);
  const rb = byId(b);
  const ids = [...new Set([...ra.keys(), ...rb.keys()])].sort((x, y) => x - y);
  const out: Divergence[] = [];
  for (const id of ids) {
    const sa = sideOf(ra.get(id));
    const sb = sideOf(rb.get(id));
    if (sa.outcome === sb.outcome) continue;
    const starts = [sa.startAt, sb.startAt].filter((x): x is number => x !== null);
    out.push({
      req: id,
      label: ra.get(id)?.label ?? rb.get(id)?.label ?? '?',
      a: sa,
      b: sb,
      t: Math.min(...starts),
    });
  }
  return out;
}

/** The first request (in the workload's order) whose outcome differs, or null when none does. */
export function firstDivergence(a: TraceIndex, b: TraceIndex): Divergence | null {
  return divergences(a, b)[0] ?? null;
}

export interface MetricDiff {
  key: string;
  label: string;
  a: number | null;
  b: number | null;
  /** b − a (null when either is missing). */
  delta: number | null;
  unit: 'count' | 'ms';
  /** Which run is better on this metric (null: equal, or neither is better by nature). */
  better: 'a' | 'b' | null;
  /** Indented under its parent (a failure class under "failed"). */
  sub?: boolean;
}

type Direction = 'lower' | 'higher' | 'neutral';

function diff(
  key: string,
  label: string,
  a: number | null,
  b: number | null,
  unit: MetricDiff['unit'],
  dir: Direction,
  sub = false,
): MetricDiff {
  const delta = a === null || b === null ? null : b - a;
  let better: MetricDiff['better'] = null;
  if (delta !== null && Math.abs(delta) > 1e-9 && dir !== 'neutral') {
    better = (dir === 'lower') === delta < 0 ? 'b' : 'a';
  }
  return sub ? { key, label, a, b, delta, unit, better, sub } : { key, label, a, b, delta, unit, better };
}

/** Race-window and stale facts from an index, for the table (counted apart: two different things). */
export interface WindowFacts {
  windows: number;
  /** Requests sent into a race window (they cross the FIN on the wire). */
  entered: number;
  /** Connections the pool held stale (FIN arrived, still believed reusable). */
  stale: number;
  /** Requests sent on a stale connection. */
  staleEntered: number;
}

export function windowFacts(index: TraceIndex): WindowFacts {
  const n = countIntervals(index.raceIntervals);
  return {
    windows: n['race-window'].intervals,
    entered: n['race-window'].entered,
    stale: n.stale.intervals,
    staleEntered: n.stale.entered,
  };
}

/** The metric differences between run A and run B, in the summary's order. */
export function metricDiffs(a: Summary, b: Summary, wa?: WindowFacts, wb?: WindowFacts): MetricDiff[] {
  const ta = a.totals;
  const tb = b.totals;
  const rows: MetricDiff[] = [
    diff('requests', 'Requests', ta.requests, tb.requests, 'count', 'neutral'),
    diff('ok', 'OK', ta.ok, tb.ok, 'count', 'higher'),
    diff('ok-after-retry', 'OK after retry', ta.okAfterRetry, tb.okAfterRetry, 'count', 'neutral'),
    diff('failed', 'Failed', ta.failed, tb.failed, 'count', 'lower'),
  ];
  // Own properties only: a class named `constructor` is counted, not looked up on Object.prototype.
  const count = (table: Record<string, number>, cls: string) => (Object.hasOwn(table, cls) ? table[cls]! : 0);
  const classes = [...new Set([...Object.keys(ta.byErrorClass), ...Object.keys(tb.byErrorClass)])].sort(
    (x, y) =>
      count(tb.byErrorClass, y) +
        count(ta.byErrorClass, y) -
        count(tb.byErrorClass, x) -
        count(ta.byErrorClass, x) || x.localeCompare(y),
  );
  for (const cls of classes) {
    rows.push(
      diff(
        `failed:${cls}`,
        cls,
        count(ta.byErrorClass, cls),
        count(tb.byErrorClass, cls),
        'count',
        'lower',
        true,
      ),
    );
  }
  rows.push(
    diff('indeterminate', 'Indeterminate', ta.indeterminate, tb.indeterminate, 'count', 'lower'),
    diff('unfinished', 'Unfinished', ta.unfinished, tb.unfinished, 'count', 'lower'),
    diff('retries', 'Retries', ta.retries, tb.retries, 'count', 'neutral'),
    diff(
      'duplicates',
      'Duplicate side effects',
      ta.duplicateSideEffects,
      tb.duplicateSideEffects,
      'count',
      'lower',
    ),
    diff('connections', 'Connections opened', ta.connectionsOpened, tb.connectionsOpened, 'count', 'neutral'),
  );
  if (wa && wb) {
    rows.push(
      diff('race-windows', 'Race windows', wa.windows, wb.windows, 'count', 'neutral'),
      diff('race-entered', 'Requests sent into a race window', wa.entered, wb.entered, 'count', 'lower'),
      diff('stale', 'Stale connections', wa.stale, wb.stale, 'count', 'neutral'),
      diff(
        'stale-entered',
        'Requests sent on a stale connection',
        wa.staleEntered,
        wb.staleEntered,
        'count',
        'lower',
      ),
    );
  }
  rows.push(
    diff('p50', 'Latency p50', ta.latencyMs.p50, tb.latencyMs.p50, 'ms', 'lower'),
    diff('p95', 'Latency p95', ta.latencyMs.p95, tb.latencyMs.p95, 'ms', 'lower'),
    diff('p99', 'Latency p99', ta.latencyMs.p99, tb.latencyMs.p99, 'ms', 'lower'),
    diff('max', 'Latency max', ta.latencyMs.max, tb.latencyMs.max, 'ms', 'lower'),
  );
  return rows;
}
