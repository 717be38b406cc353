/**
 * Connection facts: what happened to each connection, worked out once, in one pass over the trace
 * (the worker attaches them to the trace index). When the server decided to close it and why,
 * when its FIN left and reached the client, resets, the pool's releases, discards (and why),
 * reuses, attempts and their failures, the server's idle timer, an EOF meeting SEND_RESPONSE.
 *
 * Every fact keeps its time and its trace position, so "as of t" is a comparison against the
 * fact's time (`factsAt`) and "before this event" one against its position (`factsBefore`). Every
 * analysis — failures, race windows, narration, breakpoints, metrics over time, the stories, the
 * stage — reads these instead of deriving them again.
 */
import type { SegmentFlag, Side, TraceEvent } from './events';

/**
 * The top-level phase of a belief state: `idle.timed` → `idle`. The pool's belief machine may
 * grow substates; views and analyses compare phases (`connecting`, `active`, `idle`, `closed`).
 */
export function beliefPhase(state: string): string {
  const dot = state.indexOf('.');
  return dot === -1 ? state : state.slice(0, dot);
}

/** Server TCP states that mean the server has closed (or lost) the socket. */
const SERVER_CLOSED_TCP = new Set(['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'TIME-WAIT', 'LAST-ACK', 'CLOSED']);

/**
 * Reality says "the server closed it" from the server socket's first move out of an open state
 * (ESTABLISHED, CLOSE-WAIT, SYN-RECEIVED) into a closing or closed one: close() sending FIN, or a
 * reset. The socket's creation (CLOSED → LISTEN) does not count.
 */
export function isServerCloseTransition(from: string, to: string): boolean {
  return SERVER_CLOSED_TCP.has(to) && from !== 'CLOSED' && from !== 'LISTEN';
}

/** h11's `CLIENT/SERVER` pair → the server role's state. */
export function serverRole(h11: string): string {
  const slash = h11.indexOf('/');
  return slash === -1 ? h11 : h11.slice(slash + 1);
}

/**
 * The client's h11 read end-of-file while the server role was still in SEND_RESPONSE (h11's
 * `can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE`).
 */
export function isEofInSendResponse(e: TraceEvent): boolean {
  return (
    e.kind === 'state' &&
    e.machine === 'h11' &&
    e.side === 'client' &&
    e.cause.includes('ConnectionClosed') &&
    serverRole(e.from) === 'SEND_RESPONSE' &&
    serverRole(e.to) === 'ERROR'
  );
}

/** A moment in the trace: an event's time (µs), its seq, and its position in the trace array. */
export interface At {
  t: number;
  seq: number;
  i: number;
}

/** One segment, as sent (row: its row in the index's segment columns). */
export interface SegmentFacts {
  seg: number;
  row: number;
  from: Side;
  flag: SegmentFlag;
  sentAt: number;
  arriveAt: number;
  delivered: boolean;
}

/** Everything one connection went through, whole run, in trace order. */
export interface ConnFacts {
  conn: number;
  /** The client socket's first ESTABLISHED. */
  establishedAt: number | null;
  /** The server's socket left ESTABLISHED by its own close, and why (the server app's cause). */
  serverClose: (At & { why: string | null }) | null;
  /** The server's first FIN: sent and (if ever) delivered. */
  serverFin: SegmentFacts | null;
  /** The first FIN delivered to the client. */
  finArrival: At | null;
  /** The first RST, either way. */
  reset: SegmentFacts | null;
  /** The first RST delivered to the client. */
  resetArrival: At | null;
  /** Every change of the pool's belief. */
  beliefs: (At & { from: string; to: string; cause: string })[];
  /** The pool put it back as idle (belief phase → idle), in order. */
  releases: At[];
  /** Client-side close: the belief's first move to closed, with its cause. */
  clientClose: (At & { cause: string }) | null;
  /** Pool discards (liveness check, expiry, idle limit, background reader), with their detail. */
  discards: (At & { detail: string })[];
  /** The pool handed it out again (`reuse`), to which request. */
  reuses: (At & { req: number | null })[];
  /** Attempts that started on it. */
  attempts: (At & { req: number; attempt: number })[];
  /** Attempts on it that ended failed. */
  failures: (At & { req: number; attempt: number })[];
  /** The server's idle timer: armed (due at `at`), fired or cancelled, in order. */
  idleTimer: (At & { event: 'arm' | 'fire' | 'cancel'; at: number })[];
  /** When the client first read EOF where a response should have been. */
  eofInSendResponse: At | null;
}

/** The facts of every connection of a run, and where the run ended. */
export interface ConnFactsTable {
  /** By id, ascending (`conns[i].conn === i + 1` for the simulator's dense ids; use factsOf). */
  conns: ConnFacts[];
  /** The run.end event, if the trace has one. */
  runEnd: At | null;
  /** Time of the last event. */
  endAt: number;
}

/** The facts of a connection nothing happened to. */
export function emptyFacts(conn: number): ConnFacts {
  return {
    conn,
    establishedAt: null,
    serverClose: null,
    serverFin: null,
    finArrival: null,
    reset: null,
    resetArrival: null,
    beliefs: [],
    releases: [],
    clientClose: null,
    discards: [],
    reuses: [],
    attempts: [],
    failures: [],
    idleTimer: [],
    eofInSendResponse: null,
  };
}

/** The one pass. */
export function buildConnFacts(trace: readonly TraceEvent[]): ConnFactsTable {
  const conns = new Map<number, ConnFacts>();
  const of = (id: number): ConnFacts => {
    let f = conns.get(id);
    if (!f) {
      f = emptyFacts(id);
      conns.set(id, f);
    }
    return f;
  };
  /** Sent segments whose delivery a fact waits for, by segment id. */
  const awaiting = new Map<number, SegmentFacts[]>();
  /** The server app's latest close on each connection (its cause explains the socket's close). */
  const appClosed = new Map<number, { t: number; cause: string }>();
  let row = 0;
  let runEnd: At | null = null;
  // For a trace without the machines' states (a capture, a real run): the wire's own evidence.
  let serverTcpStates = false;
  let beliefStates = false;
  const wireClose = new Map<number, At>(); // the server's first FIN or RST sent, by connection
  const clientGone = new Map<number, At & { cause: string }>(); // the client's first FIN or RST sent
  const ends = new Map<number, At[]>(); // attempts that ended with a response, by connection

  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    const here = { t: e.t, seq: e.seq, i };
    switch (e.kind) {
      case 'state': {
        if (e.conn <= 0) break;
        const f = of(e.conn);
        if (e.machine === 'tcp') {
          if (e.side === 'server') serverTcpStates = true;
          if (e.side === 'client' && e.to === 'ESTABLISHED') f.establishedAt ??= e.t;
          if (e.side === 'server' && !f.serverClose && isServerCloseTransition(e.from, e.to)) {
            const app = appClosed.get(e.conn);
            f.serverClose = { ...here, why: app && app.t === e.t ? app.cause : e.cause };
          }
        } else if (e.machine === 'server') {
          if (e.to === 'closed') appClosed.set(e.conn, { t: e.t, cause: e.cause });
        } else if (e.machine === 'belief') {
          beliefStates = true;
          f.beliefs.push({ ...here, from: e.from, to: e.to, cause: e.cause });
          const to = beliefPhase(e.to);
          if (to === 'idle' && beliefPhase(e.from) !== 'idle') f.releases.push(here);
          if (to === 'closed' && !f.clientClose) f.clientClose = { ...here, cause: e.cause };
        } else if (!f.eofInSendResponse && isEofInSendResponse(e)) {
          f.eofInSendResponse = here;
        }
        break;
      }
      case 'segment.send': {
        const r = row++;
        const f = of(e.conn);
        if (e.flag === 'FIN' || e.flag === 'RST') {
          if (e.side === 'server') {
            if (!wireClose.has(e.conn)) wireClose.set(e.conn, here);
          } else if (!clientGone.has(e.conn)) clientGone.set(e.conn, { ...here, cause: `client ${e.flag}` });
        }
        const first = e.flag === 'FIN' ? e.side === 'server' && !f.serverFin : e.flag === 'RST' && !f.reset;
        if (!first) break;
        const s: SegmentFacts = {
          seg: e.seg,
          row: r,
          from: e.side,
          flag: e.flag,
          sentAt: e.t,
          arriveAt: e.arriveAt,
          delivered: false,
        };
        if (e.flag === 'FIN') f.serverFin = s;
        else f.reset = s;
        const list = awaiting.get(e.seg) ?? [];
        list.push(s);
        awaiting.set(e.seg, list);
        break;
      }
      case 'segment.deliver': {
        for (const s of awaiting.get(e.seg) ?? []) s.delivered = true;
        awaiting.delete(e.seg);
        if (e.side !== 'client') break;
        const f = of(e.conn);
        if (e.flag === 'FIN') f.finArrival ??= here;
        if (e.flag === 'RST') f.resetArrival ??= here;
        break;
      }
      case 'pool':
        if (e.conn === null) break;
        if (e.decision === 'discard') of(e.conn).discards.push({ ...here, detail: e.detail });
        else if (e.decision === 'reuse') of(e.conn).reuses.push({ ...here, req: e.req });
        break;
      case 'attempt.start':
        of(e.conn).attempts.push({ ...here, req: e.req, attempt: e.attempt });
        break;
      case 'attempt.end':
        if (!e.ok) of(e.conn).failures.push({ ...here, req: e.req, attempt: e.attempt });
        else {
          const list = ends.get(e.conn) ?? [];
          list.push(here);
          ends.set(e.conn, list);
        }
        break;
      case 'timer.arm':
      case 'timer.fire':
      case 'timer.cancel':
        if (e.side === 'server' && e.timer === 'idle-timer') {
          of(e.conn).idleTimer.push({
            ...here,
            event: e.kind === 'timer.arm' ? 'arm' : e.kind === 'timer.fire' ? 'fire' : 'cancel',
            at: e.kind === 'timer.arm' ? e.at : e.t,
          });
        }
        break;
      case 'run.end':
        runEnd ??= here;
        break;
      default:
        break;
    }
  }
  if (!serverTcpStates) for (const [id, at] of wireClose) of(id).serverClose = { ...at, why: null };
  if (!beliefStates) observedPool(conns, ends, clientGone);
  return {
    conns: [...conns.values()].sort((a, b) => a.conn - b.conn),
    runEnd,
    endAt: trace.length > 0 ? trace[trace.length - 1]!.t : 0,
  };
}

/**
 * A trace without belief events (a capture, a real run) shows no pool, but the wire shows when the
 * client could reuse a connection: from a response (the attempt ending ok: a release) until its
 * next request, and when it gave the connection up: its own FIN or RST (a failed request's end is
 * the client's verdict at the very moment the request left, in a capture: not when it let go). The
 * releases and the client's close stand in for the pool's (race windows start no earlier than a
 * release and end at the close); `beliefs` stays empty — nothing in the trace says what the pool thought.
 */
function observedPool(
  conns: Map<number, ConnFacts>,
  ends: Map<number, At[]>,
  clientGone: Map<number, At & { cause: string }>,
): void {
  for (const f of conns.values()) {
    const gone = clientGone.get(f.conn) ?? null;
    f.releases = (ends.get(f.conn) ?? []).filter((x) => gone === null || x.i < gone.i);
    f.clientClose = gone;
  }
}

/** One connection's facts (undefined for a connection the trace never mentions). */
export function factsOf(table: ConnFactsTable, conn: number): ConnFacts | undefined {
  const guess = table.conns[conn - 1];
  return guess?.conn === conn ? guess : table.conns.find((f) => f.conn === conn);
}

/** Which facts count: those at or before a time, or before the event at a trace position. */
export type Cut = (x: At) => boolean;
export const atOrBefore =
  (t: number): Cut =>
  (x) =>
    x.t <= t;
export const beforePosition =
  (i: number): Cut =>
  (x) =>
    x.i < i;

/** The last item of an ordered list that the cut keeps. */
export function lastKept<T extends At>(list: readonly T[], cut: Cut): T | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cut(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1]! : null;
}

const kept = <T extends At>(x: T | null, cut: Cut): T | null => (x && cut(x) ? x : null);

/** A connection's facts as of a moment: what had happened by then. */
export interface ConnFactsAt {
  /** When the server's socket left ESTABLISHED by its own close (reality: the server closed it). */
  serverClosedAt: number | null;
  /** When the server's FIN reached the client's kernel. */
  finArrivedAt: number | null;
  /** When an RST reached the client. */
  resetAt: number | null;
  /** When the pool last released it (the start of its latest idle time). */
  releasedAt: number | null;
  /** The pool's latest discard, and why (`expired`, …). */
  discarded: { t: number; reason: string } | null;
  /** When the server's idle timer is due (armed, not yet fired or cancelled). */
  idleTimerAt: number | null;
  /** When the server's idle timer last fired. */
  idleTimerFiredAt: number | null;
}

/** The facts the cut keeps (`factsAt(f, t)`: as of time t; `factsBefore(f, i)`: before trace[i]). */
export function factsUpTo(f: ConnFacts | undefined, cut: Cut): ConnFactsAt {
  const discard = f ? lastKept(f.discards, cut) : null;
  const timer = f ? lastKept(f.idleTimer, cut) : null;
  let fired: number | null = null;
  if (f) {
    for (const x of f.idleTimer) {
      if (!cut(x)) break;
      if (x.event === 'fire') fired = x.t;
    }
  }
  return {
    serverClosedAt: kept(f?.serverClose ?? null, cut)?.t ?? null,
    finArrivedAt: kept(f?.finArrival ?? null, cut)?.t ?? null,
    resetAt: kept(f?.resetArrival ?? null, cut)?.t ?? null,
    releasedAt: f ? (lastKept(f.releases, cut)?.t ?? null) : null,
    discarded: discard ? { t: discard.t, reason: discard.detail } : null,
    idleTimerAt: timer?.event === 'arm' ? timer.at : null,
    idleTimerFiredAt: fired,
  };
}

export const factsAt = (f: ConnFacts | undefined, t: number): ConnFactsAt => factsUpTo(f, atOrBefore(t));
export const factsBefore = (f: ConnFacts | undefined, i: number): ConnFactsAt =>
  factsUpTo(f, beforePosition(i));

/** The same fields with null taken out (a fact known to have happened). */
export type Happened<T> = { [K in keyof T]: NonNullable<T[K]> };
