/**
 * Metrics over time, for charts that follow the cursor: everything the run summary counts, as
 * sorted event times, so "how many by t" is one binary search; latency percentiles of the
 * requests finished by t, precomputed for every prefix (exact nearest-rank, like
 * metrics/percentile.ts); a latency histogram and an error rate per time bin.
 */
import { percentile } from '../metrics/percentile';
import type { TraceEvent } from './events';
import { countAtOrBefore } from './timeSearch';
import type { TraceIndex } from './traceIndex';

/** Methods whose repeated processing is a duplicate side effect (as metrics/summary.ts counts them). */
const NON_IDEMPOTENT = new Set(['POST', 'PATCH']);

export type Outcome = 'ok' | 'ok-after-retry' | 'failed';
export const OUTCOMES: readonly Outcome[] = ['ok', 'ok-after-retry', 'failed'];

export interface MetricsTables {
  /** End times of requests by outcome, ascending. */
  ends: Record<Outcome, Float64Array>;
  indeterminate: Float64Array;
  /** End times of failed requests by exception class, most frequent class first. */
  failedByClass: [string, Float64Array][];
  retries: Float64Array;
  /** Times a non-idempotent request was processed again (2nd, 3rd… handling). */
  duplicates: Float64Array;
  opened: Float64Array;
  /** The server closed the connection (its socket left ESTABLISHED by its own close). */
  closedByServer: Float64Array;
  /** The client gave it up (the pool's belief became closed). */
  closedByClient: Float64Array;
  /** Finished requests in end order: end time, latency (µs) and outcome. */
  finished: { end: Float64Array; latency: Float64Array; outcome: Outcome[] };
  /** Nearest-rank p50/p95/p99 of the first k finished requests' latencies, at [3k], [3k+1], [3k+2] (NaN for k = 0). */
  prefixPercentiles: Float64Array;
  endAt: number;
  requests: number;
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

export function metricsTables(trace: readonly TraceEvent[], index: TraceIndex): MetricsTables {
  const ends: Record<Outcome, number[]> = { ok: [], 'ok-after-retry': [], failed: [] };
  const indeterminate: number[] = [];
  const byClass = new Map<string, number[]>();
  const retries: number[] = [];
  const duplicates: number[] = [];
  const opened: number[] = [];
  // Who closed each connection: its facts (one server close, one client close at most).
  const closedByServer: number[] = [];
  const closedByClient: number[] = [];
  for (const f of index.connFacts.conns) {
    if (f.serverClose) closedByServer.push(f.serverClose.t);
    if (f.clientClose) closedByClient.push(f.clientClose.t);
  }
  const methods = new Map<number, string>();
  const handled = new Map<number, number>();
  const fin: { end: number; latency: number; outcome: Outcome }[] = [];

  for (const e of trace) {
    switch (e.kind) {
      case 'request.start':
        methods.set(e.req, e.method);
        break;
      case 'request.end':
        ends[e.outcome].push(e.t);
        fin.push({ end: e.t, latency: e.latency, outcome: e.outcome });
        if (e.indeterminate) indeterminate.push(e.t);
        if (e.outcome === 'failed') {
          const cls = e.error?.class ?? 'unknown error';
          const list = byClass.get(cls) ?? [];
          list.push(e.t);
          byClass.set(cls, list);
        }
        break;
      case 'pool':
        if (e.decision === 'dial') opened.push(e.t);
        if (e.decision === 'retry') retries.push(e.t);
        break;
      case 'server.handle': {
        const n = (handled.get(e.req) ?? 0) + 1;
        handled.set(e.req, n);
        if (n > 1 && NON_IDEMPOTENT.has(methods.get(e.req) ?? '')) duplicates.push(e.t);
        break;
      }
      default:
        break;
    }
  }

  return {
    ends: {
      ok: sorted(ends.ok),
      'ok-after-retry': sorted(ends['ok-after-retry']),
      failed: sorted(ends.failed),
    },
    indeterminate: sorted(indeterminate),
    failedByClass: [...byClass.entries()]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([cls, ts]) => [cls, sorted(ts)]),
    retries: sorted(retries),
    duplicates: sorted(duplicates),
    opened: sorted(opened),
    closedByServer: sorted(closedByServer),
    closedByClient: sorted(closedByClient),
    finished: {
      end: Float64Array.from(fin.map((f) => f.end)),
      latency: Float64Array.from(fin.map((f) => f.latency)),
      outcome: fin.map((f) => f.outcome),
    },
    prefixPercentiles: prefixPercentiles(fin.map((f) => f.latency)),
    endAt: index.endAt,
    requests: index.requests.length,
  };
}

/**
 * Nearest-rank p50/p95/p99 of every prefix of `values` (in the given order), exact, in
 * O(n log n): values are ranked once, inserted one by one into a Fenwick tree of counts, and
 * the k-th smallest found by descending the tree.
 */
export function prefixPercentiles(values: readonly number[]): Float64Array {
  const n = values.length;
  const out = new Float64Array((n + 1) * 3).fill(Number.NaN);
  if (n === 0) return out;
  // Distinct values in order; the tree counts how many of each have been inserted.
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const m = distinct.length;
  const rankOf = new Map(distinct.map((v, i) => [v, i + 1]));
  const tree = new Int32Array(m + 1);
  let top = 1;
  while (top * 2 <= m) top *= 2;
  /** The k-th smallest inserted value (1-based k). */
  const kth = (k: number): number => {
    let pos = 0;
    let rest = k;
    for (let step = top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= m && tree[next]! < rest) {
        pos = next;
        rest -= tree[next]!;
      }
    }
    return distinct[pos]!;
  };
  for (let k = 1; k <= n; k++) {
    for (let i = rankOf.get(values[k - 1]!)!; i <= m; i += i & -i) tree[i] = tree[i]! + 1;
    for (const [j, p] of [50, 95, 99].entries()) {
      out[k * 3 + j] = kth(Math.min(k, Math.max(1, Math.ceil((p / 100) * k))));
    }
  }
  return out;
}

export interface MetricsAt {
  t: number;
  finished: number;
  ok: number;
  okAfterRetry: number;
  failed: number;
  failedByClass: [string, number][];
  indeterminate: number;
  retries: number;
  duplicates: number;
  opened: number;
  closedByServer: number;
  closedByClient: number;
  /** Latency percentiles (µs) of the requests finished by t; null before the first. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function metricsAt(m: MetricsTables, t: number): MetricsAt {
  const count = (xs: Float64Array) => countAtOrBefore(xs, t);
  const k = count(m.finished.end);
  const p = (j: number) => (k === 0 ? null : m.prefixPercentiles[k * 3 + j]!);
  return {
    t,
    finished: k,
    ok: count(m.ends.ok),
    okAfterRetry: count(m.ends['ok-after-retry']),
    failed: count(m.ends.failed),
    failedByClass: m.failedByClass.map(([cls, ts]) => [cls, count(ts)]),
    indeterminate: count(m.indeterminate),
    retries: count(m.retries),
    duplicates: count(m.duplicates),
    opened: count(m.opened),
    closedByServer: count(m.closedByServer),
    closedByClient: count(m.closedByClient),
    p50: p(0),
    p95: p(1),
    p99: p(2),
  };
}

/** The whole run's percentiles, through metrics/percentile.ts (for checking the prefixes). */
export function wholeRunPercentiles(m: MetricsTables): {
  p50: number | null;
  p95: number | null;
  p99: number | null;
} {
  const s = [...m.finished.latency].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

export interface LatencyHistogram {
  /** Bin edges in µs (bins + 1 of them), ascending. */
  edges: number[];
  /** Log-spaced edges (latencies spanning more than a factor of 20). */
  log: boolean;
  /** Per bin and outcome, the end times of its requests (ascending), so a bin's count at t is a binary search. */
  ends: Record<Outcome, Float64Array>[];
}

/** A histogram of request latencies over `bins` bins (log-spaced when the range is wide). */
export function latencyHistogram(m: MetricsTables, bins = 30): LatencyHistogram {
  const lat = m.finished.latency;
  if (lat.length === 0) return { edges: [], log: false, ends: [] };
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of lat) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  lo = Math.max(1, lo);
  hi = Math.max(hi, lo + 1);
  const log = hi / lo > 20;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    edges.push(log ? lo * (hi / lo) ** (i / bins) : lo + ((hi - lo) * i) / bins);
  }
  edges[0] = Math.min(edges[0]!, lo);
  edges[bins] = hi;
  const lists = Array.from({ length: bins }, () => ({
    ok: [] as number[],
    'ok-after-retry': [] as number[],
    failed: [] as number[],
  }));
  for (let i = 0; i < lat.length; i++) {
    const b = binOf(edges, lat[i]!);
    lists[b]![m.finished.outcome[i]!].push(m.finished.end[i]!);
  }
  return {
    edges,
    log,
    ends: lists.map((l) => ({
      ok: sorted(l.ok),
      'ok-after-retry': sorted(l['ok-after-retry']),
      failed: sorted(l.failed),
    })),
  };
}

/** The bin of v: edges[b] ≤ v < edges[b + 1] (the last bin includes its upper edge). */
export function binOf(edges: readonly number[], v: number): number {
  const bins = edges.length - 1;
  let lo = 0;
  let hi = bins;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid + 1]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(bins - 1, Math.max(0, lo));
}

export interface RateSeries {
  /** Bin start times (µs); bin i covers [starts[i], starts[i] + width). */
  starts: Float64Array;
  width: number;
  finished: Uint32Array;
  failed: Uint32Array;
}

/** Requests finished and failed per time bin over [0, endAt] — the error rate over time. */
export function rateSeries(m: MetricsTables, bins: number): RateSeries {
  const n = Math.max(1, Math.floor(bins));
  const width = Math.max(1, m.endAt) / n;
  const starts = Float64Array.from({ length: n }, (_, i) => i * width);
  const finished = new Uint32Array(n);
  const failed = new Uint32Array(n);
  const binAt = (t: number) => Math.min(n - 1, Math.max(0, Math.floor(t / width)));
  for (let i = 0; i < m.finished.end.length; i++) {
    const b = binAt(m.finished.end[i]!);
    finished[b] = finished[b]! + 1;
    if (m.finished.outcome[i] === 'failed') failed[b] = failed[b]! + 1;
  }
  return { starts, width, finished, failed };
}
