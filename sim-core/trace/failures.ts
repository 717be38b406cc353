/**
 * Why each failed request failed, in one plain sentence derived from the trace: when the server
 * closed the connection relative to the reuse, the write and the request's arrival, and whether
 * the request crossed the server's FIN on the wire.
 */
import type { ErrorReport, FailureCause } from '../policies/types';
import type { HttpMethod } from '../scenario/types';
import { formatDuration } from './duration';
import type { TraceEvent } from './events';
import { beliefPhase, isServerCloseTransition } from './fold';

export interface FailureTimes {
  /** When the attempt took the connection (reuse from the pool, or the dial completing). */
  attemptAt: number;
  /** When the pool released the connection before this attempt (start of its idle time). */
  releasedAt: number | null;
  /** When the request bytes left the client (null if the write failed). */
  writtenAt: number | null;
  /** When the request reached the server's kernel (null if it never did). */
  requestArrivedAt: number | null;
  /** When the server's socket closed. */
  serverClosedAt: number | null;
  /** When the server's FIN reached the client. */
  finArrivedAt: number | null;
  /** When an RST reached the client. */
  resetAt: number | null;
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

interface ConnFacts {
  serverClosedAt: number | null;
  finArrivedAt: number | null;
  resetAt: number | null;
  releasedAt: number | null;
}

interface AttemptFacts {
  conn: number;
  attempt: number;
  reused: boolean;
  attemptAt: number;
  releasedAt: number | null;
  writtenAt: number | null;
  /** The request's DATA segment id, to find its delivery. */
  seg: number | null;
}

export function explainFailures(trace: readonly TraceEvent[]): FailureInfo[] {
  const conns = new Map<number, ConnFacts>();
  const requests = new Map<number, { method: string; path: string }>();
  const attempts = new Map<number, AttemptFacts>(); // latest attempt by request
  const awaitingSeg = new Map<number, AttemptFacts>(); // by conn: written, DATA segment not yet seen
  const segArrival = new Map<number, number>(); // request DATA seg → delivery time
  const out: FailureInfo[] = [];
  const pending: { e: Extract<TraceEvent, { kind: 'request.end' }>; a: AttemptFacts }[] = [];

  const conn = (id: number): ConnFacts => {
    let c = conns.get(id);
    if (!c) {
      c = { serverClosedAt: null, finArrivedAt: null, resetAt: null, releasedAt: null };
      conns.set(id, c);
    }
    return c;
  };

  for (const e of trace) {
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
          releasedAt: e.reused ? conn(e.conn).releasedAt : null,
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
        if (e.side === 'client' && e.flag === 'FIN') conn(e.conn).finArrivedAt ??= e.t;
        if (e.side === 'client' && e.flag === 'RST') conn(e.conn).resetAt ??= e.t;
        break;
      case 'state':
        if (e.machine === 'tcp' && e.side === 'server' && isServerCloseTransition(e.from, e.to)) {
          conn(e.conn).serverClosedAt ??= e.t;
        }
        if (e.machine === 'belief' && beliefPhase(e.to) === 'idle' && beliefPhase(e.from) !== 'idle') {
          conn(e.conn).releasedAt = e.t;
        }
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
    const c = conn(a.conn);
    const r = requests.get(e.req);
    const times: FailureTimes = {
      attemptAt: a.attemptAt,
      releasedAt: a.releasedAt,
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
