/**
 * Questions about a run at a time t, answered from the trace index without folding: counters so
 * far, a request's status, the latest failure. (A connection's or a segment's story as of t is
 * sim-core's: trace/explain.ts.) Each per-run table is built once (WeakMap on the
 * index) and answered by binary search, so React selectors can call these on every frame.
 */
import type { FailureInfo } from '../../sim-core';
import {
  type AttemptInfo,
  countAtOrBefore,
  type RequestInfo,
  requestInfo,
  SEGMENT_FLAGS,
  SIDES,
  type TraceIndex,
} from '../../sim-core';

interface Tables {
  starts: Float64Array;
  okEnds: Float64Array;
  okRetryEnds: Float64Array;
  failEnds: Float64Array;
  retryStarts: Float64Array;
  dials: Float64Array;
}

const tables = new WeakMap<TraceIndex, Tables>();

const sorted = (xs: number[]) => Float64Array.from(xs).sort();

function tablesOf(index: TraceIndex): Tables {
  let t = tables.get(index);
  if (!t) {
    const rs = index.requests;
    t = {
      starts: sorted(rs.map((r) => r.startAt)),
      okEnds: sorted(rs.filter((r) => r.outcome === 'ok').map((r) => r.endAt!)),
      okRetryEnds: sorted(rs.filter((r) => r.outcome === 'ok-after-retry').map((r) => r.endAt!)),
      failEnds: sorted(rs.filter((r) => r.outcome === 'failed').map((r) => r.endAt!)),
      // A retry counts from the moment it is decided: when the attempt before it ended.
      retryStarts: sorted(
        rs.flatMap((r) => r.attempts.slice(1).map((a, i) => r.attempts[i]!.endAt ?? a.startAt)),
      ),
      dials: sorted(index.connections.map((c) => c.openedAt)),
    };
    tables.set(index, t);
  }
  return t;
}

export interface CountersAt {
  started: number;
  total: number;
  ok: number;
  okAfterRetry: number;
  failed: number;
  /** Failed requests by exception class, most frequent first. */
  failedByClass: [string, number][];
  retries: number;
  connections: number;
}

export function countersAt(index: TraceIndex, t: number): CountersAt {
  const tb = tablesOf(index);
  const failedN = countAtOrBefore(tb.failEnds, t);
  const byClass = new Map<string, number>();
  for (const f of index.failures) {
    if (f.t > t) break;
    const cls = f.error?.class ?? 'unknown error';
    byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
  }
  return {
    started: countAtOrBefore(tb.starts, t),
    total: index.requests.length,
    ok: countAtOrBefore(tb.okEnds, t),
    okAfterRetry: countAtOrBefore(tb.okRetryEnds, t),
    failed: failedN,
    failedByClass: [...byClass.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    retries: countAtOrBefore(tb.retryStarts, t),
    connections: countAtOrBefore(tb.dials, t),
  };
}

export type RequestStatus =
  | { phase: 'unknown'; id: number }
  | { phase: 'pending'; request: RequestInfo }
  /** Started, no connection yet (dialling, queued, or about to retry after `failed`). */
  | { phase: 'waiting'; request: RequestInfo; failed: AttemptInfo | null }
  | { phase: 'in-flight'; request: RequestInfo; attempt: AttemptInfo }
  | { phase: 'ok'; request: RequestInfo; attempt: AttemptInfo; response: string | null }
  | { phase: 'failed'; request: RequestInfo; attempt: AttemptInfo; failure: FailureInfo | null };

/** Where request `id` stands at t. `waiting`: started, no connection yet (dialling or queued). */
export function requestStatusAt(index: TraceIndex, id: number, t: number): RequestStatus {
  const request = requestInfo(index, id);
  if (!request) return { phase: 'unknown', id };
  if (t < request.startAt) return { phase: 'pending', request };
  if (request.endAt !== null && request.endAt <= t) {
    const attempt = request.attempts[request.attempts.length - 1]!;
    if (request.outcome === 'failed') {
      return { phase: 'failed', request, attempt, failure: index.failures.find((f) => f.req === id) ?? null };
    }
    return { phase: 'ok', request, attempt, response: responseLabel(index, attempt) };
  }
  const current = [...request.attempts].reverse().find((a) => a.startAt <= t);
  if (!current) return { phase: 'waiting', request, failed: null };
  // The attempt ended in a failure and the retry has no connection yet.
  if (current.endAt !== null && current.endAt <= t) return { phase: 'waiting', request, failed: current };
  return { phase: 'in-flight', request, attempt: current };
}

/** The label of the response that completed an attempt (`200 OK`), from the segment columns. */
function responseLabel(index: TraceIndex, attempt: AttemptInfo): string | null {
  if (attempt.endAt === null) return null;
  const s = index.segments;
  const data = SEGMENT_FLAGS.indexOf('DATA');
  const server = SIDES.indexOf('server');
  for (let i = countAtOrBefore(s.sentAt, attempt.endAt) - 1; i >= 0 && s.sentAt[i]! >= attempt.startAt; i--) {
    if (
      s.conn[i] === attempt.conn &&
      s.flag[i] === data &&
      s.from[i] === server &&
      s.arriveAt[i]! <= attempt.endAt
    ) {
      return s.label[i]! >= 0 ? s.labels[s.label[i]!]! : null;
    }
  }
  return null;
}

/** A string that changes exactly when requestStatusAt's answer does (for React selectors). */
export function requestStatusKey(index: TraceIndex, id: number, t: number): string {
  const s = requestStatusAt(index, id, t);
  if ('attempt' in s) return `${s.phase}:${s.attempt.attempt}`;
  return s.phase === 'waiting' ? `waiting:${s.failed?.attempt ?? 0}` : s.phase;
}

/** How many failures happened at or before t (failures are in time order). */
function failuresAtOrBefore(failures: readonly FailureInfo[], t: number): number {
  let lo = 0;
  let hi = failures.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failures[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many failures happened strictly before t. */
function failuresBefore(failures: readonly FailureInfo[], t: number): number {
  let lo = 0;
  let hi = failures.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failures[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first failure strictly after t. */
export function firstFailureAfter(failures: readonly FailureInfo[], t: number): FailureInfo | null {
  return failures[failuresAtOrBefore(failures, t)] ?? null;
}

/** The last failure strictly before t. */
export function lastFailureBefore(failures: readonly FailureInfo[], t: number): FailureInfo | null {
  const n = failuresBefore(failures, t);
  return n > 0 ? failures[n - 1]! : null;
}

/** The last failure at or before t (the one the stage is showing, or has just shown). */
export function lastFailureAtOrBefore(failures: readonly FailureInfo[], t: number): FailureInfo | null {
  const n = failuresAtOrBefore(failures, t);
  return n > 0 ? failures[n - 1]! : null;
}
