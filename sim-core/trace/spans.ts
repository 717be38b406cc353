/**
 * Spans: each connection's life as intervals, for the timeline's lanes and the inspector's
 * "states over time". Per connection: the state of every machine as [start, end) spans (the
 * pool's belief, both TCP endpoints, both h11 connections, the server application), timers as
 * bars (armed → fired / cancelled), request attempts with their request and response segments,
 * and the instants where an EOF met a server role still in SEND_RESPONSE (h11's
 * `can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE`).
 *
 * Connections are packed into rows that never overlap in time (the same greedy colouring as the
 * stage's lanes, without a limit), so a run with thousands of short connections stays a handful
 * of rows high. Built once per run in one pass over the trace.
 */
import { beliefPhase, isEofInSendResponse } from './connFacts';
import type { Side, TraceEvent } from './events';
import { assignLanes } from './lanes';
import { connectionInfo, type TraceIndex } from './traceIndex';

/** The state lanes of one connection, top (client) to bottom (server). */
export const STATE_LANES = [
  'belief',
  'tcp.client',
  'h11.client',
  'h11.server',
  'tcp.server',
  'server',
] as const;
export type StateLane = (typeof STATE_LANES)[number];

export const STATE_LANE_NAMES: Record<StateLane, string> = {
  belief: 'pool thinks',
  'tcp.client': 'client TCP',
  'h11.client': 'client h11',
  'h11.server': 'server h11',
  'tcp.server': 'server TCP',
  server: 'server app',
};

export interface StateSpan {
  start: number;
  /** Exclusive; the connection's end for the last span. */
  end: number;
  state: string;
  /** What caused the transition into this state. */
  cause: string;
  /** The state event's seq (-1 for the initial state). */
  seq: number;
}

export interface TimerSpan {
  side: Side;
  timer: string;
  armedAt: number;
  /** When it was due to fire. */
  due: number;
  /** When it fired, was cancelled, or the connection ended. */
  end: number;
  ended: 'fired' | 'cancelled' | 'open';
  /** Derived from the policy's expiry rather than recorded (no expiry in the trace). */
  derived: boolean;
}

export interface AttemptSpan {
  req: number;
  attempt: number;
  conn: number;
  start: number;
  /** Null while the attempt had not ended by the end of the trace. */
  end: number | null;
  ok: boolean | null;
  /** Segment rows (index.segments) of the request and its response; -1 when none. */
  requestRow: number;
  responseRow: number;
}

export interface EofMark {
  t: number;
  seq: number;
  conn: number;
  /** The request whose response was awaited (null if no attempt was active). */
  req: number | null;
}

export interface ConnSpans {
  conn: number;
  start: number;
  /** When the connection finished (or the trace's end). */
  end: number;
  row: number;
  states: Record<StateLane, StateSpan[]>;
  timers: TimerSpan[];
  attempts: AttemptSpan[];
  eofMarks: EofMark[];
}

export interface TraceSpans {
  /** By connection id order. */
  conns: ConnSpans[];
  /** Connection ids per row, in time order (they never overlap within a row). */
  rows: number[][];
  /** Every EOF-meets-SEND_RESPONSE instant, in time order. */
  eofMarks: EofMark[];
  endAt: number;
}

const INITIAL: Record<StateLane, string | null> = {
  belief: 'connecting',
  'tcp.client': 'CLOSED',
  'h11.client': null,
  'h11.server': null,
  'tcp.server': null,
  server: null,
};

function laneOf(e: Extract<TraceEvent, { kind: 'state' }>): StateLane | null {
  switch (e.machine) {
    case 'belief':
      return 'belief';
    case 'tcp':
      return e.side === 'client' ? 'tcp.client' : 'tcp.server';
    case 'h11':
      return e.side === 'client' ? 'h11.client' : 'h11.server';
    case 'server':
      return 'server';
    default:
      return null;
  }
}

interface Building {
  spans: ConnSpans;
  open: Partial<Record<StateLane, StateSpan>>;
  timers: Map<string, TimerSpan>;
  /** Attempt written, its request segment not yet seen. */
  awaitingRequest: AttemptSpan | null;
  /** The attempt using the connection now. */
  active: AttemptSpan | null;
}

export function buildSpans(trace: readonly TraceEvent[], index: TraceIndex): TraceSpans {
  const endAt = index.endAt;
  const building = new Map<number, Building>();
  const eofMarks: EofMark[] = [];
  const recordedExpiry = !index.foldOptions.deriveExpiry;
  const derivedExpiryUs =
    index.foldOptions.clientExpiryMs === null ? null : Math.round(index.foldOptions.clientExpiryMs * 1000);
  const timerEventsForExpiry = trace.some(
    (e) => e.kind === 'timer.arm' && e.timer === 'expiry' && e.side === 'client',
  );

  const conn = (id: number, t: number): Building => {
    let b = building.get(id);
    if (!b) {
      const states = Object.fromEntries(STATE_LANES.map((l) => [l, []])) as unknown as Record<
        StateLane,
        StateSpan[]
      >;
      b = {
        spans: { conn: id, start: t, end: endAt, row: -1, states, timers: [], attempts: [], eofMarks: [] },
        open: {},
        timers: new Map(),
        awaitingRequest: null,
        active: null,
      };
      for (const lane of STATE_LANES) {
        const initial = INITIAL[lane];
        if (initial !== null) {
          const s: StateSpan = { start: t, end: endAt, state: initial, cause: 'created', seq: -1 };
          b.open[lane] = s;
          states[lane].push(s);
        }
      }
      building.set(id, b);
    }
    return b;
  };

  const armTimer = (b: Building, key: string, span: TimerSpan) => {
    const prev = b.timers.get(key);
    if (prev) {
      prev.end = span.armedAt;
      prev.ended = 'cancelled';
    }
    b.timers.set(key, span);
    b.spans.timers.push(span);
  };
  const endTimer = (b: Building, key: string, t: number, how: 'fired' | 'cancelled') => {
    const span = b.timers.get(key);
    if (!span) return;
    if (key === 'client:expiry' && !timerEventsForExpiry) {
      // Judged at checkout: the limit ran out at `due` even if nobody looked until later.
      span.end = Math.min(t, span.due);
      span.ended = t >= span.due ? 'fired' : 'cancelled';
    } else {
      span.end = t;
      span.ended = how;
    }
    b.timers.delete(key);
  };

  for (const e of trace) {
    switch (e.kind) {
      case 'state': {
        if (e.conn <= 0) break;
        const lane = laneOf(e);
        if (!lane) break;
        const b = conn(e.conn, e.t);
        const prev = b.open[lane];
        if (prev) prev.end = e.t;
        const span: StateSpan = { start: e.t, end: endAt, state: e.to, cause: e.cause, seq: e.seq };
        b.open[lane] = span;
        b.spans.states[lane].push(span);
        if (lane === 'belief' && !recordedExpiry) {
          const to = beliefPhase(e.to);
          const from = beliefPhase(e.from);
          if (to !== from && to === 'idle' && derivedExpiryUs !== null) {
            armTimer(b, 'client:expiry', {
              side: 'client',
              timer: 'expiry',
              armedAt: e.t,
              due: e.t + derivedExpiryUs,
              end: endAt,
              ended: 'open',
              derived: true,
            });
          } else if (to !== from && from === 'idle') {
            endTimer(b, 'client:expiry', e.t, 'cancelled');
          }
        }
        if (isEofInSendResponse(e)) {
          const mark: EofMark = { t: e.t, seq: e.seq, conn: e.conn, req: b.active?.req ?? null };
          b.spans.eofMarks.push(mark);
          eofMarks.push(mark);
        }
        break;
      }
      case 'timer.arm':
        if (e.conn > 0) {
          armTimer(conn(e.conn, e.t), `${e.side}:${e.timer}`, {
            side: e.side,
            timer: e.timer,
            armedAt: e.t,
            due: e.at,
            end: endAt,
            ended: 'open',
            derived: false,
          });
        }
        break;
      case 'timer.fire':
      case 'timer.cancel':
        if (e.conn > 0) {
          endTimer(
            conn(e.conn, e.t),
            `${e.side}:${e.timer}`,
            e.t,
            e.kind === 'timer.fire' ? 'fired' : 'cancelled',
          );
        }
        break;
      case 'pool': {
        if (e.conn === null || e.conn <= 0) break;
        const b = conn(e.conn, e.t);
        const expiresAt = (e as { expiresAt?: unknown }).expiresAt;
        // A checkout-time expiry (no timer events): the release says when it runs out.
        if (e.decision === 'release' && typeof expiresAt === 'number' && !timerEventsForExpiry) {
          armTimer(b, 'client:expiry', {
            side: 'client',
            timer: 'expiry',
            armedAt: e.t,
            due: expiresAt,
            end: endAt,
            ended: 'open',
            derived: false,
          });
        } else if ((e.decision === 'reuse' || e.decision === 'discard') && !timerEventsForExpiry) {
          endTimer(b, 'client:expiry', e.t, 'cancelled');
        }
        break;
      }
      case 'attempt.start': {
        const b = conn(e.conn, e.t);
        const a: AttemptSpan = {
          req: e.req,
          attempt: e.attempt,
          conn: e.conn,
          start: e.t,
          end: null,
          ok: null,
          requestRow: -1,
          responseRow: -1,
        };
        b.spans.attempts.push(a);
        b.active = a;
        break;
      }
      case 'attempt.write': {
        const b = building.get(e.conn);
        if (b && e.ok && b.active?.req === e.req && b.active.attempt === e.attempt)
          b.awaitingRequest = b.active;
        break;
      }
      case 'segment.send': {
        if (e.flag !== 'DATA') break;
        const b = building.get(e.conn);
        if (!b) break;
        const row = index.segments.rowOfSeg[e.seg] ?? -1;
        if (e.req !== undefined) {
          // The segment names its request and attempt (traces since the field was added).
          let a: AttemptSpan | undefined;
          for (let i = b.spans.attempts.length - 1; i >= 0 && !a; i--) {
            const x = b.spans.attempts[i]!;
            if (x.req === e.req && x.attempt === e.attempt) a = x;
          }
          if (a && e.side === 'client') a.requestRow = row;
          else if (a) a.responseRow = row;
          if (a && b.awaitingRequest === a) b.awaitingRequest = null;
        } else if (e.side === 'client' && b.awaitingRequest) {
          b.awaitingRequest.requestRow = row;
          b.awaitingRequest = null;
        } else if (e.side === 'server' && b.active && b.active.responseRow === -1) {
          b.active.responseRow = row;
        }
        break;
      }
      case 'attempt.end': {
        const b = building.get(e.conn);
        if (!b) break;
        let a: AttemptSpan | undefined;
        for (let i = b.spans.attempts.length - 1; i >= 0 && !a; i--) {
          const x = b.spans.attempts[i]!;
          if (x.req === e.req && x.attempt === e.attempt) a = x;
        }
        if (!a) break;
        a.end = e.t;
        a.ok = e.ok;
        if (b.active === a) b.active = null;
        if (b.awaitingRequest === a) b.awaitingRequest = null;
        break;
      }
      default:
        break;
    }
  }

  // Close at each connection's end; drop the zero-length leftovers that creates.
  const conns = [...building.values()]
    .map((b) => b.spans)
    .sort((a, b) => a.conn - b.conn)
    .map((c) => {
      const info = connectionInfo(index, c.conn);
      const end = Math.max(c.start, info?.doneAt ?? endAt);
      c.end = end;
      for (const lane of STATE_LANES) {
        const list = c.states[lane];
        for (const s of list) s.end = Math.min(Math.max(s.end, s.start), Math.max(end, s.start));
      }
      for (const tm of c.timers)
        if (tm.ended === 'open') tm.end = Math.min(Math.max(tm.due, tm.armedAt), end);
      return c;
    });

  // Rows: connections packed so that no two overlap in time within a row.
  const packed = assignLanes(
    conns.map((c) => ({ id: c.conn, from: c.start, to: c.end })),
    Number.MAX_SAFE_INTEGER,
  );
  const rows: number[][] = Array.from({ length: packed.lanes }, () => []);
  for (const c of conns) {
    c.row = packed.lane.get(c.conn) ?? 0;
    rows[c.row]!.push(c.conn);
  }
  const startOf = new Map(conns.map((c) => [c.conn, c.start]));
  for (const r of rows) r.sort((a, b) => startOf.get(a)! - startOf.get(b)! || a - b);
  return { conns, rows, eofMarks, endAt };
}

/** A connection's spans by id. */
export function spansOf(spans: Pick<TraceSpans, 'conns'>, id: number): ConnSpans | undefined {
  const guess = spans.conns[id - 1];
  return guess?.conn === id ? guess : spans.conns.find((c) => c.conn === id);
}

/** The index of the span of a lane at time t (the last one starting at or before t), or -1. */
export function spanIndexAt(list: readonly StateSpan[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.start <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The span of a lane at time t (the last one starting at or before t), or null. */
export function spanAt(list: readonly StateSpan[], t: number): StateSpan | null {
  return list[spanIndexAt(list, t)] ?? null;
}

/** Index of the first item whose `end` is after t, in a list sorted by start with disjoint items. */
export function firstEndingAfter<T extends { end: number }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
