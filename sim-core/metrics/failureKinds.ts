/**
 * Why each failed request failed, classified online from the events a run records, as they are
 * recorded (an outcome-only run keeps no trace to look back at). Which side of the race it fell
 * on is a matter of four times per attempt and connection: when the attempt took the connection
 * and its bytes left, when its bytes reached the server, when the server closed, and when the
 * server's FIN (or RST) reached the client. They are the times `trace/failures.ts` reads from a
 * whole trace (its `FailureTimes`), tracked here with only the state still needed: the tests
 * check both give the same times for every failure.
 */
import { IdTable } from '../kernel/idTable';
import type { FailureCause } from '../policies/types';
import { beliefPhase, type ConnFactsAt, isServerCloseTransition } from '../trace/connFacts';
import type { TraceEvent, TraceInput } from '../trace/events';
import { type OnWire, RequestOnWire } from './requestOnWire';

/**
 * - `stale-reuse`: the client had the evidence before the request left — the server's FIN (or
 *   RST) had reached it, or the write failed on the dead socket.
 * - `race-window`: the request left before the FIN arrived and reached the server after its
 *   close (or not at all): the request and the FIN crossed on the wire.
 * - `closed-mid-request`: the request reached the server, which closed without responding.
 * - `timeout`: no response within the client's read timeout.
 * - `other`: none of these (no server close seen).
 */
export type FailureKind = 'stale-reuse' | 'race-window' | 'closed-mid-request' | 'timeout' | 'other';
export const FAILURE_KINDS: readonly FailureKind[] = [
  'stale-reuse',
  'race-window',
  'closed-mid-request',
  'timeout',
  'other',
];

/** A connection's times a failure is judged by: the same facts the trace analyses read (connFacts). */
type ConnTimes = Pick<ConnFactsAt, 'serverClosedAt' | 'finArrivedAt' | 'resetAt' | 'releasedAt'>;

/** The times (µs) a failure is judged by; null when it did not happen (by the run's end). */
export interface AttemptTimes extends Omit<ConnTimes, 'releasedAt'> {
  /** When the attempt took the connection (reuse from the pool, or the dial completing). */
  attemptAt: number;
  /** When the pool released the connection before this attempt (start of its idle time). */
  releasedAt: number | null;
  /** When the request bytes left the client (null if the write failed). */
  writtenAt: number | null;
  /** When the request reached the server's kernel. */
  requestArrivedAt: number | null;
}

export interface FailedRequest {
  req: number;
  /** The last attempt's number, connection and whether it reused the connection. */
  attempt: number;
  conn: number;
  reused: boolean;
  cause: FailureCause | null;
  kind: FailureKind;
  times: AttemptTimes;
}

/** The side of the race a failure fell on, from its times alone. */
export function failureKind(cause: FailureCause | null, t: AttemptTimes): FailureKind {
  if (cause === 'timeout') return 'timeout';
  if (cause === 'write-failed') return 'stale-reuse';
  const left = t.writtenAt ?? t.attemptAt;
  if ((t.finArrivedAt !== null && t.finArrivedAt <= left) || (t.resetAt !== null && t.resetAt <= left))
    return 'stale-reuse';
  if (t.serverClosedAt === null) return 'other';
  if (t.requestArrivedAt === null || t.serverClosedAt < t.requestArrivedAt) return 'race-window';
  return 'closed-mid-request';
}

interface Attempt extends OnWire {
  req: number;
  conn: number;
  attempt: number;
  reused: boolean;
  attemptAt: number;
  releasedAt: number | null;
  writtenAt: number | null;
}

type Input = TraceInput | TraceEvent;

export class FailureTracker {
  private readonly conns = new IdTable<ConnTimes>();
  /** The latest attempt of each unfinished request. */
  private readonly attempts = new Map<number, Attempt>();
  private readonly wire = new RequestOnWire<Attempt>();
  private readonly failed: { attempt: Attempt; cause: FailureCause | null }[] = [];

  private conn(id: number): ConnTimes {
    let c = this.conns.get(id);
    if (!c) {
      c = { serverClosedAt: null, finArrivedAt: null, resetAt: null, releasedAt: null };
      this.conns.set(id, c);
    }
    return c;
  }

  add(e: Input, t: number): void {
    switch (e.kind) {
      case 'attempt.start':
        this.attempts.set(e.req, {
          req: e.req,
          conn: e.conn,
          attempt: e.attempt,
          reused: e.reused,
          attemptAt: t,
          releasedAt: e.reused ? this.conn(e.conn).releasedAt : null,
          writtenAt: null,
          sent: false,
          arrivedAt: null,
        });
        break;
      case 'attempt.write': {
        const a = this.attempts.get(e.req);
        if (a && e.ok) {
          a.writtenAt = t;
          this.wire.written(e.conn, a);
        }
        break;
      }
      case 'segment.send':
        if (e.side === 'client' && e.flag === 'DATA') this.wire.sentData(e.conn, e.seg);
        break;
      case 'segment.deliver':
        if (e.side === 'server' && e.flag === 'DATA') this.wire.delivered(e.seg, t);
        if (e.side === 'client' && e.flag === 'FIN') this.conn(e.conn).finArrivedAt ??= t;
        if (e.side === 'client' && e.flag === 'RST') this.conn(e.conn).resetAt ??= t;
        break;
      case 'state':
        if (e.machine === 'tcp' && e.side === 'server' && isServerCloseTransition(e.from, e.to)) {
          this.conn(e.conn).serverClosedAt ??= t;
        }
        if (e.machine === 'belief' && beliefPhase(e.to) === 'idle' && beliefPhase(e.from) !== 'idle') {
          this.conn(e.conn).releasedAt = t;
        }
        break;
      case 'request.end': {
        const a = this.attempts.get(e.req);
        this.attempts.delete(e.req);
        if (e.outcome === 'failed' && a) this.failed.push({ attempt: a, cause: e.cause });
        break;
      }
      default:
        break;
    }
  }

  /** Every failed request so far, in the order they ended, judged by the times known now. */
  failures(): FailedRequest[] {
    // Judged at the end: the request may reach the server, or the server close, after the client gave up.
    return this.failed.map(({ attempt: a, cause }) => {
      const c = this.conn(a.conn);
      const times: AttemptTimes = {
        attemptAt: a.attemptAt,
        releasedAt: a.releasedAt,
        writtenAt: a.writtenAt,
        requestArrivedAt: a.sent ? a.arrivedAt : null,
        serverClosedAt: c.serverClosedAt,
        finArrivedAt: c.finArrivedAt,
        resetAt: c.resetAt,
      };
      return {
        req: a.req,
        attempt: a.attempt,
        conn: a.conn,
        reused: a.reused,
        cause,
        kind: failureKind(cause, times),
        times,
      };
    });
  }
}

/** How many failures of each kind (every kind present, 0 when none). */
export function countKinds(failures: readonly FailedRequest[]): Record<FailureKind, number> {
  const out = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  for (const f of failures) out[f.kind]++;
  return out;
}
