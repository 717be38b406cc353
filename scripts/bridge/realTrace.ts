/**
 * A real run as a trace v1 (`source: real`): the proxy's segments per direction with their
 * times, and each request as the client program reported it (sent, ended, the exact exception).
 * Only what was seen: no state, timer, pool or server.handle events. Where a field needs a
 * judgement the wire makes it, never a model:
 * - an attempt is a connection the request's bytes (its `x-rw-req` header) crossed the proxy on;
 *   `reused` when that connection had carried an earlier request;
 * - a failure's cause is the first FIN (`eof`) or RST (`reset`) the server sent on it;
 * - `indeterminate` when the request's bytes reached the server before the server's close did.
 */
import type { ErrorReport, FailureCause } from '../../sim-core/policies/types';
import type { HttpMethod } from '../../sim-core/scenario/types';
import { TRACE_VERSION, type TraceEvent, type TraceInput } from '../../sim-core/trace/events';
import type { RelayedSegment } from './delayProxy';

/** One line of a client program's output (clients/*). */
export interface ClientLine {
  lane: number;
  id: number;
  gapMs: number | null;
  sentAtUs: number;
  endAtUs: number;
  prevEndAtUs: number | null;
  ok: boolean;
  status: number | null;
  error: ErrorReport | null;
  /** What the library said about reuse, where it says (Node's req.reusedSocket), else null. */
  reused: boolean | null;
}

export interface RealRunFacts {
  scenarioName: string;
  client: string;
  server: string;
  variants: { belief: 'timed' | 'untimed'; server: 'leaky' | 'correct' };
  sourceDetail: string;
  method: HttpMethod;
  path: string;
  lines: readonly ClientLine[];
  segments: readonly RelayedSegment[];
  /** The run stopped at its time bound with requests unfinished. */
  cutShort: boolean;
}

/** What the wire says about each request (by id). */
export interface RequestWire {
  conns: number[];
  reused: boolean;
  cause: FailureCause | null;
  indeterminate: boolean;
  /** ms from the end of the previous response (as the client measured) to sending this one. */
  actualGapMs: number | null;
}

export function requestWire(
  lines: readonly ClientLine[],
  segments: readonly RelayedSegment[],
): Map<number, RequestWire> {
  const carried = new Map<number, number[]>(); // conn → request ids in order
  const connsOf = new Map<number, number[]>();
  for (const s of segments) {
    if (s.flag !== 'DATA' || s.from !== 'client' || s.req === null) continue;
    const list = connsOf.get(s.req) ?? [];
    if (!list.includes(s.conn)) list.push(s.conn);
    connsOf.set(s.req, list);
    const onConn = carried.get(s.conn) ?? [];
    if (!onConn.includes(s.req)) onConn.push(s.req);
    carried.set(s.conn, onConn);
  }
  const out = new Map<number, RequestWire>();
  for (const l of lines) {
    const conns = connsOf.get(l.id) ?? [];
    const first = conns[0];
    const reused = first !== undefined && (carried.get(first) ?? [])[0] !== l.id;
    const last = conns[conns.length - 1];
    let cause: FailureCause | null = null;
    let indeterminate = false;
    if (!l.ok && last !== undefined) {
      const close = segments.find(
        (s) => s.conn === last && s.from === 'server' && (s.flag === 'FIN' || s.flag === 'RST'),
      );
      cause = close === undefined ? null : close.flag === 'FIN' ? 'eof' : 'reset';
      const delivered = segments.find(
        (s) => s.conn === last && s.from === 'client' && s.req === l.id && s.deliveredUs !== null,
      )?.deliveredUs;
      indeterminate = delivered != null && (close === undefined || delivered < close.receivedUs);
    }
    const actualGapMs =
      l.gapMs === null || l.prevEndAtUs === null ? null : Math.round(l.sentAtUs - l.prevEndAtUs) / 1000;
    out.set(l.id, { conns, reused, cause, indeterminate, actualGapMs });
  }
  return out;
}

export function realTrace(f: RealRunFacts): TraceEvent[] {
  const wire = requestWire(f.lines, f.segments);
  const stamps: number[] = [];
  for (const l of f.lines) stamps.push(l.sentAtUs);
  for (const s of f.segments) stamps.push(s.receivedUs);
  const t0 = stamps.length === 0 ? 0 : Math.min(...stamps);
  const at = (us: number) => Math.max(0, Math.round(us - t0));
  // [time, order within a time, event]: sorted, then numbered.
  const out: [number, number, TraceInput][] = [];
  const push = (t: number, order: number, e: TraceInput) => out.push([t, order, e]);
  push(0, 0, {
    kind: 'run.start',
    version: TRACE_VERSION,
    scenario: f.scenarioName,
    seed: 0,
    client: f.client,
    server: f.server,
    variants: f.variants,
    source: 'real',
    sourceDetail: f.sourceDetail.slice(0, 2000),
  });
  // Attempt numbers by (request, connection), and the request each response answers.
  const attemptOf = new Map<string, number>();
  for (const [req, w] of wire) {
    for (const [i, c] of w.conns.entries()) attemptOf.set(`${req}:${c}`, i + 1);
  }
  const lastReqOn = new Map<number, number>();
  let end = 0;
  for (const s of f.segments) {
    let req: number | undefined;
    if (s.flag === 'DATA' && s.from === 'client' && s.req !== null) {
      req = s.req;
      lastReqOn.set(s.conn, s.req);
    } else if (s.flag === 'DATA' && s.from === 'server' && s.label !== null) req = lastReqOn.get(s.conn);
    const attempt = req === undefined ? undefined : attemptOf.get(`${req}:${s.conn}`);
    const delivered = s.deliveredUs === null ? null : at(s.deliveredUs);
    push(at(s.receivedUs), 2, {
      kind: 'segment.send',
      conn: s.conn,
      side: s.from,
      seg: s.seg,
      flag: s.flag,
      label: s.label,
      bytes: s.bytes,
      arriveAt: delivered ?? at(s.dueUs),
      ...(req !== undefined && attempt !== undefined ? { req, attempt } : {}),
    });
    if (delivered !== null) {
      const to = s.from === 'client' ? 'server' : 'client';
      push(delivered, 3, { kind: 'segment.deliver', conn: s.conn, side: to, seg: s.seg, flag: s.flag });
      end = Math.max(end, delivered);
    }
  }
  for (const l of f.lines) {
    const w = wire.get(l.id)!;
    const sent = at(l.sentAtUs);
    const ended = Math.max(sent, at(l.endAtUs));
    end = Math.max(end, ended);
    push(sent, 1, { kind: 'request.start', req: l.id, method: f.method, path: f.path, gapMs: w.actualGapMs });
    // An attempt starts when its bytes reach the proxy (never before the request itself).
    w.conns.forEach((conn, i) => {
      const first = f.segments.find((s) => s.conn === conn && s.req === l.id && s.from === 'client')!;
      const t = Math.max(sent, at(first.receivedUs));
      push(t, 1.5, {
        kind: 'attempt.start',
        req: l.id,
        attempt: i + 1,
        conn,
        reused: i === 0 ? w.reused : false,
      });
      const last = i === w.conns.length - 1;
      push(last ? ended : t, 4, {
        kind: 'attempt.end',
        req: l.id,
        attempt: i + 1,
        conn,
        ok: last && l.ok,
        cause: last && l.ok ? null : last ? w.cause : null,
        error: last && !l.ok ? l.error : null,
      });
    });
    // A request whose bytes never crossed the proxy has no attempt the wire saw: it has no end.
    if (w.conns.length === 0) continue;
    push(ended, 5, {
      kind: 'request.end',
      req: l.id,
      outcome: l.ok ? (w.conns.length > 1 ? 'ok-after-retry' : 'ok') : 'failed',
      error: l.ok ? null : l.error,
      cause: l.ok ? null : w.cause,
      indeterminate: !l.ok && w.indeterminate,
      latency: ended - sent,
    });
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const events = out.map(([t, , e], seq) => ({ ...e, seq, t }) as TraceEvent);
  events.push({ kind: 'run.end', reason: f.cutShort ? 'max-duration' : 'done', seq: events.length, t: end });
  return events;
}
