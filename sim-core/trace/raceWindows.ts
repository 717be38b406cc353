/**
 * The race window and the stale time of each connection the server closed: two intervals, two
 * words, one meaning each (the same split as `metrics/failureKinds.ts` makes for failures).
 *
 * Say the server closes the connection at `c` (its socket leaves ESTABLISHED) and the first
 * evidence of it — its FIN, or an RST — reaches the client at `e`. A request leaving the client
 * at `t` reaches the server at `t + δ`, δ being the client→server one-way delay of its segment
 * (the trace's `segment.send` says: `arriveAt − t`).
 *
 * - **race window** `[c − δ, e)`: a request leaving in it crosses the FIN on the wire — it left
 *   before the evidence arrived (no check at checkout could have seen anything), and it arrives
 *   after the close (`t + δ > c`). About one round trip wide: δ before the close, plus the FIN's
 *   own one-way trip after it. δ is the longest one-way delay any client segment on this
 *   connection took (jitter and in-order delivery make it vary): every request that really
 *   crossed left after `c − its own δ`, so it lies inside. A request leaving exactly at `c − δ`
 *   arrives at the close itself, the boundary. So the window may also hold a request whose own
 *   segment was faster and reached the server before the close: it did not cross, and is not
 *   among the window's `entered` (the server had it: closed-mid-request in failureKinds).
 * - **stale** `[e, the pool drops it)`: the connection is dead and the client had the evidence: a
 *   check at checkout would have seen it. It ends when the pool's belief becomes `closed`: a
 *   discard (expired, failed a liveness check, …), a request sent into it that failed, or the
 *   run's end.
 *
 * Both count only while the pool could hand the connection out: each starts no earlier than the
 * release (belief → idle) that puts it back in the pool, and exists only if the connection sat
 * in the pool at some moment of it. A server that closes a connection while a request is active
 * on it, and which the pool never gets back, has neither: that is closed-mid-request (uvicorn
 * #824), not the reuse race.
 */

import { type OnWire, RequestOnWire } from '../metrics/requestOnWire';
import { type At, beliefPhase, buildConnFacts, type ConnFacts, type ConnFactsTable } from './connFacts';
import type { TraceEvent } from './events';

export type RaceIntervalKind = 'race-window' | 'stale';
export const RACE_INTERVAL_KINDS: readonly RaceIntervalKind[] = ['race-window', 'stale'];

export interface RaceInterval {
  kind: RaceIntervalKind;
  conn: number;
  start: number;
  end: number;
  /** When the server closed it. */
  serverClosedAt: number;
  /** When the server's FIN reached the client (null if it never did by the run's end). */
  finArrivedAt: number | null;
  /** When the first evidence (FIN or RST) reached the client: the race window's end, stale's start. */
  evidenceAt: number | null;
  /** The client→server one-way delay (µs) the race window's start was derived with. */
  requestDelay: number;
  /**
   * Requests that left the client on this connection inside the interval, and when they left. For
   * a race window only those that crossed the close: reached the server after it, or never. One that
   * left inside it on a faster segment than `requestDelay` and reached the server before the close
   * did not cross (the server had it and closed anyway: failureKinds' closed-mid-request).
   */
  entered: { req: number; t: number }[];
  /**
   * `evidence`: the FIN (or RST) arrived — the race window turns stale; `discard`: the pool
   * dropped it; `failure`: a request sent into it failed; `run-end`: still open at the end.
   */
  endedBy: 'evidence' | 'discard' | 'failure' | 'run-end';
  /** Why the client dropped the connection (the pool's discard detail, `expired`, … or the belief's cause). */
  discardReason: string | null;
}

/** A span the pool held the connection as idle: from a release to the next belief out of idle. */
interface IdleSpan {
  from: number;
  to: number;
}

/** An attempt's request: when it left (written, else the attempt's start) and reached the server. */
interface Left extends OnWire {
  req: number;
  t: number;
}

/** What the connection facts do not keep: each connection's longest request-path delay, and each attempt's request on the wire. */
interface WireFacts {
  maxDelay: Map<number, number>;
  /** By connection, in order. */
  left: Map<number, Left[]>;
}

function wireFacts(trace: readonly TraceEvent[]): WireFacts {
  const maxDelay = new Map<number, number>();
  const left = new Map<number, Left[]>();
  const pending = new Map<string, Left>();
  const wire = new RequestOnWire<Left>(); // as failureKinds follows a request
  for (const e of trace) {
    if (e.kind === 'segment.send' && e.side === 'client') {
      maxDelay.set(e.conn, Math.max(maxDelay.get(e.conn) ?? 0, e.arriveAt - e.t));
      if (e.flag === 'DATA') wire.sentData(e.conn, e.seg);
    } else if (e.kind === 'segment.deliver' && e.side === 'server' && e.flag === 'DATA') {
      wire.delivered(e.seg, e.t);
    } else if (e.kind === 'attempt.start') {
      const x: Left = { req: e.req, t: e.t, sent: false, arrivedAt: null };
      pending.set(`${e.req}:${e.attempt}`, x);
      const list = left.get(e.conn) ?? [];
      list.push(x);
      left.set(e.conn, list);
    } else if (e.kind === 'attempt.write' && e.ok) {
      const x = pending.get(`${e.req}:${e.attempt}`);
      if (x) {
        x.t = e.t;
        wire.written(e.conn, x);
      }
      pending.delete(`${e.req}:${e.attempt}`);
    }
  }
  return { maxDelay, left };
}

function idleSpans(f: ConnFacts): IdleSpan[] {
  const out: IdleSpan[] = [];
  // No pool in the trace (a capture, a real run): idle from each release to the next attempt.
  if (f.beliefs.length === 0)
    return f.releases.map((r) => ({
      from: r.t,
      to: f.attempts.find((a) => a.i > r.i)?.t ?? Number.POSITIVE_INFINITY,
    }));
  let open: number | null = null;
  for (const b of f.beliefs) {
    const idle = beliefPhase(b.to) === 'idle';
    if (idle && open === null) open = b.t;
    else if (!idle && open !== null) {
      out.push({ from: open, to: b.t });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: Number.POSITIVE_INFINITY });
  return out;
}

/** How the pool dropped it: failure if an attempt failed at the moment its belief closed. */
function dropped(f: ConnFacts): Pick<RaceInterval, 'endedBy' | 'discardReason'> | null {
  const close = f.clientClose;
  if (!close) return null;
  if (f.failures.some((x) => x.t === close.t && x.i <= close.i))
    return { endedBy: 'failure', discardReason: null };
  let reason: string | null = null;
  for (const d of f.discards) if (d.i <= close.i) reason = d.detail;
  return { endedBy: 'discard', discardReason: reason ?? close.cause };
}

function intervalsOfConn(f: ConnFacts, wire: WireFacts, runEndAt: number, out: RaceInterval[]): void {
  const c = f.serverClose?.t;
  if (c === undefined) return;
  const evidence = [f.finArrival, f.resetArrival].filter((x): x is At => x !== null);
  const e = evidence.length > 0 ? Math.min(...evidence.map((x) => x.t)) : null;
  const delay = wire.maxDelay.get(f.conn) ?? 0;
  const droppedAt = f.clientClose?.t ?? runEndAt;
  const drop = dropped(f) ?? { endedBy: 'run-end' as const, discardReason: null };
  const spans = idleSpans(f);
  const left = wire.left.get(f.conn) ?? [];
  const base = { conn: f.conn, serverClosedAt: c, finArrivedAt: f.finArrival?.t ?? null, evidenceAt: e };
  const push = (
    kind: RaceIntervalKind,
    from: number,
    until: number,
    ended: Pick<RaceInterval, 'endedBy' | 'discardReason'>,
  ) => {
    // The first time the pool held it in [from, until): the interval starts no earlier. A request
    // leaving at the very µs the FIN arrives counts as stale (failureKinds compares times: fin ≤ left).
    const span = spans.find((s) => s.from < until && (s.to > from || (kind === 'stale' && s.to === from)));
    if (!span) return;
    const start = Math.max(from, span.from);
    const end = Math.min(until, droppedAt);
    if (end <= start) return;
    out.push({
      kind,
      ...base,
      requestDelay: delay,
      start,
      end,
      entered: left
        .filter(
          (x) =>
            x.t >= start &&
            x.t < end &&
            // crossed: reached the server after its close (failureKinds compares the same times)
            (kind === 'stale' || x.arrivedAt === null || x.arrivedAt > c),
        )
        .map(({ req, t }) => ({ req, t })),
      ...ended,
    });
  };
  const windowEnd = e ?? runEndAt;
  push(
    'race-window',
    c - delay,
    windowEnd,
    droppedAt <= windowEnd ? drop : { endedBy: e !== null ? 'evidence' : 'run-end', discardReason: null },
  );
  if (e !== null && e < droppedAt) push('stale', e, droppedAt, drop);
}

/** Every connection's race window and stale interval, by start time. */
export function raceIntervals(
  trace: readonly TraceEvent[],
  facts: ConnFactsTable = buildConnFacts(trace),
): RaceInterval[] {
  const wire = wireFacts(trace);
  const runEndAt = facts.runEnd?.t ?? facts.endAt;
  const out: RaceInterval[] = [];
  for (const f of facts.conns) intervalsOfConn(f, wire, runEndAt, out);
  return out.sort((a, b) => a.start - b.start || a.conn - b.conn);
}

/** The interval of one connection that contains t (race window or stale; they never overlap). */
export function intervalAt(intervals: readonly RaceInterval[], conn: number, t: number): RaceInterval | null {
  for (const w of intervals) {
    if (w.start > t) break;
    if (w.conn === conn && t < w.end) return w;
  }
  return null;
}

/** How many intervals of each kind, and how many requests entered them. */
export function countIntervals(
  intervals: readonly RaceInterval[],
): Record<RaceIntervalKind, { intervals: number; entered: number }> {
  const out = {
    'race-window': { intervals: 0, entered: 0 },
    stale: { intervals: 0, entered: 0 },
  };
  for (const w of intervals) {
    out[w.kind].intervals++;
    out[w.kind].entered += w.entered.length;
  }
  return out;
}
