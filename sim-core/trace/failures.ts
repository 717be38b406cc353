/**
 * Why each failed request failed, in one plain sentence derived from the trace: when the server
 * closed the connection relative to the reuse, the write and the request's arrival, and whether
 * the request crossed the server's FIN on the wire.
 */
import type { ErrorReport, FailureCause } from '../policies/types';
import type { HttpMethod } from '../scenario/types';
import {
  buildConnFacts,
  type ConnFactsAt,
  type ConnFactsTable,
  factsAt,
  factsBefore,
  factsOf,
} from './connFacts';
import { formatDuration } from './duration';
import type { TraceEvent } from './events';

/**
 * The times of a failed attempt. The connection's facts are those of the whole run (the server
 * may close it after the client gave up), except `releasedAt`: the release before this attempt
 * (the start of its idle time).
 */
export interface FailureTimes
  extends Pick<ConnFactsAt, 'serverClosedAt' | 'finArrivedAt' | 'resetAt' | 'releasedAt'> {
  /** When the attempt took the connection (reuse from the pool, or the dial completing). */
  attemptAt: number;
  /** When the request bytes left the client (null if the write failed). */
  writtenAt: number | null;
  /** When the request reached the server's kernel (null if it never did). */
  requestArrivedAt: number | null;
}

export interface FailureInfo {
  req: number;
  attempt: number;
  conn: number;
  method: HttpMethod | string;
  path: string;
  /** request.end time and seq. */
  t: number;
  seq: number;
  error: ErrorReport | null;
  cause: FailureCause | null;
  indeterminate: boolean;
  reused: boolean;
  times: FailureTimes;
  /** One plain sentence: what happened, from the trace. */
  sentence: string;
}

interface AttemptFacts {
  conn: number;
  attempt: number;
  reused: boolean;
  attemptAt: number;
  /** The attempt.start event's position in the trace. */
  i: number;
  writtenAt: number | null;
  /** The request's DATA segment id, to find its delivery. */
  seg: number | null;
}

export function explainFailures(
  trace: readonly TraceEvent[],
  facts: ConnFactsTable = buildConnFacts(trace),
): FailureInfo[] {
  const requests = new Map<number, { method: string; path: string }>();
  const attempts = new Map<number, AttemptFacts>(); // latest attempt by request
  const awaitingSeg = new Map<number, AttemptFacts>(); // by conn: written, DATA segment not yet seen
  const segArrival = new Map<number, number>(); // request DATA seg → delivery time
  const out: FailureInfo[] = [];
  const pending: { e: Extract<TraceEvent, { kind: 'request.end' }>; a: AttemptFacts }[] = [];

  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    switch (e.kind) {
      case 'request.start':
        requests.set(e.req, { method: e.method, path: e.path });
        break;
      case 'attempt.start':
        attempts.set(e.req, {
          conn: e.conn,
          attempt: e.attempt,
          reused: e.reused,
          attemptAt: e.t,
          i,
          writtenAt: null,
          seg: null,
        });
        break;
      case 'attempt.write': {
        const a = attempts.get(e.req);
        if (a && e.ok) {
          a.writtenAt = e.t;
          awaitingSeg.set(e.conn, a);
        }
        break;
      }
      case 'segment.send': {
        if (e.side !== 'client' || e.flag !== 'DATA') break;
        const a = awaitingSeg.get(e.conn);
        if (a) {
          a.seg = e.seg;
          awaitingSeg.delete(e.conn);
        }
        break;
      }
      case 'segment.deliver':
        if (e.side === 'server' && e.flag === 'DATA') segArrival.set(e.seg, e.t);
        break;
      case 'request.end': {
        const a = attempts.get(e.req);
        if (e.outcome === 'failed' && a) pending.push({ e, a });
        break;
      }
      default:
        break;
    }
  }

  // Resolved after the whole trace: the request may reach the server after the client gave up.
  for (const { e, a } of pending) {
    const f = factsOf(facts, a.conn);
    const c = factsAt(f, Number.POSITIVE_INFINITY);
    const asOfAttempt = factsBefore(f, a.i);
    const r = requests.get(e.req);
    const times: FailureTimes = {
      attemptAt: a.attemptAt,
      releasedAt: a.reused ? asOfAttempt.releasedAt : null,
      writtenAt: a.writtenAt,
      requestArrivedAt: a.seg === null ? null : (segArrival.get(a.seg) ?? null),
      serverClosedAt: c.serverClosedAt,
      finArrivedAt: c.finArrivedAt,
      resetAt: c.resetAt,
    };
    const info: Omit<FailureInfo, 'sentence'> = {
      req: e.req,
      attempt: a.attempt,
      conn: a.conn,
      method: r?.method ?? '?',
      path: r?.path ?? '?',
      t: e.t,
      seq: e.seq,
      error: e.error,
      cause: e.cause,
      indeterminate: e.indeterminate,
      reused: a.reused,
      times,
    };
    out.push({ ...info, sentence: causeSentence(info) });
  }
  return out;
}

const before = (a: number, b: number) => formatDuration(b - a);

/** One sentence of cause, from the times alone (no guessing beyond what the trace shows). */
export function causeSentence(f: Omit<FailureInfo, 'sentence'>): string {
  const c = `connection #${f.conn}`;
  const {
    serverClosedAt: closed,
    finArrivedAt: fin,
    writtenAt: written,
    requestArrivedAt: arrived,
  } = f.times;
  const used = written ?? f.times.attemptAt;
  switch (f.cause) {
    case 'eof': {
      if (closed === null) return `The client read end-of-file on ${c} before any response arrived.`;
      if (fin !== null && fin <= f.times.attemptAt) {
        const verb = f.reused ? 'the pool reused it' : 'the request was sent';
        return `The server closed ${c} ${before(closed, f.times.attemptAt)} before ${verb}: its FIN had already arrived, so the client read end-of-file instead of a response.`;
      }
      if (closed <= used) {
        return `The server closed ${c} ${before(closed, used)} before the request left: the request and the server’s FIN crossed on the wire.`;
      }
      if (arrived === null || closed < arrived) {
        return `The server closed ${c} ${before(closed, arrived ?? closed)} before the request arrived, so it was never read.`;
      }
      return `The server closed ${c} ${before(arrived, closed)} after the request arrived, without sending a response.`;
    }
    case 'reset': {
      if (closed !== null && arrived !== null && arrived <= closed) {
        return `The request reached ${c} ${before(arrived, closed)} before the server closed it unread, so the server’s kernel answered with a reset.`;
      }
      if (closed !== null && arrived !== null) {
        return `The server closed ${c} ${before(closed, arrived)} before the request arrived, and its kernel answered the request with a reset.`;
      }
      return `The server reset ${c} before a response arrived.`;
    }
    case 'write-failed': {
      const reset = f.times.resetAt;
      if (reset !== null && reset <= f.times.attemptAt) {
        return `The server had reset ${c} ${before(reset, f.times.attemptAt)} before the pool reused it, so writing the request failed.`;
      }
      return `Writing the request on ${c} failed: the server had already closed it.`;
    }
    case 'timeout':
      return `No response arrived on ${c} within the client’s read timeout.`;
    default:
      return `Request ${f.req} failed on ${c}.`;
  }
}
