/**
 * Any trace v1 (simulated, real, captured) as Chrome's Trace Event Format (JSON object form:
 * `{ traceEvents, displayTimeUnit, otherData }`), which ui.perfetto.dev and chrome://tracing open.
 * Written from the format's documentation ("Trace Event Format", Google): timestamps `ts` and
 * durations `dur` in µs, which trace v1's `t` already is.
 *
 * Layout: process 1 is the client side, process 2 the server side (`M` process_name events).
 * Each connection endpoint has a few threads (`M` thread_name, `thread_sort_index` to keep them
 * together): its wire (segments), one per machine (TCP, h11, the pool's belief or the server
 * app), and on the client its attempts. A machine's states are complete slices (`X`) from each
 * state change to the next, so they nest trivially (one level per thread). Each delivered segment
 * is a zero-length slice on the sender's wire and one on the receiver's, joined by a flow (`s` at
 * the send, `f` with binding point `e` at the delivery, `id` = the segment id, cat `segment`),
 * which both viewers draw as an arrow. Failures and retries are instant events (`i`, thread
 * scope) with the error (class, message, code), cause, failure kind and the cause sentence in
 * `args`. A trace without states (real, captured) has only what it holds.
 */
import { type FailureKind, failureKind } from '../metrics/failureKinds';
import type { TraceEvent } from '../trace/events';
import { explainFailures } from '../trace/failures';

export type ChromePhase = 'X' | 'B' | 'E' | 'i' | 's' | 't' | 'f' | 'M';

export interface ChromeEvent {
  name: string;
  ph: ChromePhase;
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  dur?: number;
  id?: number;
  bp?: 'e';
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms' | 'ns';
  otherData: Record<string, string | number>;
}

export const CLIENT_PID = 1;
export const SERVER_PID = 2;

/** Threads of one endpoint, in display order: tid = connection × 10 + lane. */
const LANES = { wire: 0, tcp: 1, h11: 2, belief: 3, server: 3, attempts: 4 } as const;
const LANE_NAMES = {
  wire: 'segments',
  tcp: 'TCP',
  h11: 'h11',
  belief: 'pool belief',
  server: 'server app',
  attempts: 'attempts',
} as const;
type Lane = keyof typeof LANES;

const pidOf = (side: 'client' | 'server') => (side === 'client' ? CLIENT_PID : SERVER_PID);
/** The pool machine's own states (connection 0) get the client's thread 1. */
const tidOf = (conn: number, lane: Lane) => conn * 10 + LANES[lane];

export function toChromeTrace(trace: readonly TraceEvent[]): ChromeTrace {
  const out: ChromeEvent[] = [];
  const start = trace[0]?.kind === 'run.start' ? trace[0] : null;
  const endAt = trace.length > 0 ? trace[trace.length - 1]!.t : 0;
  const threads = new Map<string, { pid: number; tid: number; name: string }>();
  const thread = (side: 'client' | 'server', conn: number, lane: Lane) => {
    const pid = pidOf(side);
    const tid = conn === 0 ? 1 : tidOf(conn, lane);
    const key = `${pid}/${tid}`;
    if (!threads.has(key))
      threads.set(key, { pid, tid, name: conn === 0 ? 'pool' : `conn ${conn} ${LANE_NAMES[lane]}` });
    return { pid, tid };
  };

  // Machine states: a slice from each change to the next (or the trace's end).
  const open = new Map<
    string,
    { pid: number; tid: number; name: string; since: number; cat: string; cause: string }
  >();
  const close = (key: string, t: number) => {
    const o = open.get(key);
    if (!o) return;
    out.push({
      name: o.name,
      cat: o.cat,
      ph: 'X',
      ts: o.since,
      dur: t - o.since,
      pid: o.pid,
      tid: o.tid,
      args: { cause: o.cause },
    });
    open.delete(key);
  };
  const delivered = new Set<number>();
  for (const e of trace) if (e.kind === 'segment.deliver') delivered.add(e.seg);
  const failures = new Map(explainFailures(trace).map((f) => [f.req, f]));
  const attempts = new Map<string, { ts: number; reused: boolean }>();

  for (const e of trace) {
    switch (e.kind) {
      case 'state': {
        const lane: Lane = e.machine === 'pool' ? 'belief' : e.machine;
        const where = thread(e.side, e.conn, lane);
        const key = `${where.pid}/${where.tid}`;
        close(key, e.t);
        open.set(key, { ...where, name: e.to, since: e.t, cat: e.machine, cause: e.cause });
        break;
      }
      case 'segment.send': {
        const where = thread(e.side, e.conn, 'wire');
        const name = e.label ? `${e.flag} ${e.label}` : e.flag;
        const args = {
          seg: e.seg,
          bytes: e.bytes,
          arriveAt: e.arriveAt,
          ...(e.req ? { req: e.req, attempt: e.attempt } : {}),
        };
        out.push({ name: `send ${name}`, cat: 'segment', ph: 'X', ts: e.t, dur: 0, ...where, args });
        if (delivered.has(e.seg)) out.push({ name, cat: 'segment', ph: 's', ts: e.t, id: e.seg, ...where });
        break;
      }
      case 'segment.deliver': {
        const where = thread(e.side, e.conn, 'wire');
        out.push({
          name: `deliver ${e.flag}`,
          cat: 'segment',
          ph: 'X',
          ts: e.t,
          dur: 0,
          ...where,
          args: { seg: e.seg },
        });
        out.push({ name: e.flag, cat: 'segment', ph: 'f', bp: 'e', ts: e.t, id: e.seg, ...where });
        break;
      }
      case 'attempt.start': {
        attempts.set(`${e.req}/${e.attempt}`, { ts: e.t, reused: e.reused });
        if (e.attempt > 1)
          out.push({
            name: `retry: request ${e.req}, attempt ${e.attempt}`,
            cat: 'retry',
            ph: 'i',
            s: 't',
            ts: e.t,
            ...thread('client', e.conn, 'attempts'),
            args: { req: e.req, attempt: e.attempt, conn: e.conn },
          });
        break;
      }
      case 'attempt.end': {
        const a = attempts.get(`${e.req}/${e.attempt}`);
        if (!a) break;
        attempts.delete(`${e.req}/${e.attempt}`);
        out.push({
          name: `request ${e.req} attempt ${e.attempt}${e.ok ? '' : ' failed'}`,
          cat: 'attempt',
          ph: 'X',
          ts: a.ts,
          dur: e.t - a.ts,
          ...thread('client', e.conn, 'attempts'),
          args: {
            req: e.req,
            attempt: e.attempt,
            reused: a.reused,
            ok: e.ok,
            cause: e.cause,
            error: e.error,
          },
        });
        break;
      }
      case 'pool':
        if (e.decision === 'retry' && e.conn !== null)
          out.push({
            name: `pool retry${e.req ? `: request ${e.req}` : ''}`,
            cat: 'retry',
            ph: 'i',
            s: 't',
            ts: e.t,
            ...thread('client', e.conn, 'attempts'),
            args: { detail: e.detail },
          });
        break;
      case 'request.end': {
        if (e.outcome !== 'failed') break;
        const f = failures.get(e.req);
        const conn = f?.conn ?? 0;
        const kind: FailureKind | null = f ? failureKind(f.cause, f.times) : null;
        out.push({
          name: `failed: request ${e.req}${e.error ? ` — ${e.error.class}` : ''}`,
          cat: 'failure',
          ph: 'i',
          s: conn === 0 ? 'p' : 't',
          ts: e.t,
          ...(conn === 0 ? { pid: CLIENT_PID, tid: 1 } : thread('client', conn, 'attempts')),
          args: {
            req: e.req,
            error: e.error,
            cause: e.cause,
            indeterminate: e.indeterminate,
            kind,
            explanation: f?.sentence ?? null,
          },
        });
        break;
      }
      default:
        break;
    }
  }
  // Attempts still running at the end: open to the end. States: until the end.
  for (const [key, a] of attempts) {
    const [req, attempt] = key.split('/').map(Number);
    const conn = trace.find((e) => e.kind === 'attempt.start' && e.req === req && e.attempt === attempt) as
      | Extract<TraceEvent, { kind: 'attempt.start' }>
      | undefined;
    if (conn)
      out.push({
        name: `request ${req} attempt ${attempt} (unfinished)`,
        cat: 'attempt',
        ph: 'X',
        ts: a.ts,
        dur: endAt - a.ts,
        ...thread('client', conn.conn, 'attempts'),
        args: { req, attempt },
      });
  }
  for (const key of [...open.keys()]) close(key, endAt);

  out.sort((a, b) => a.ts - b.ts || phaseOrder(a) - phaseOrder(b));
  const meta: ChromeEvent[] = [
    {
      name: 'process_name',
      ph: 'M',
      ts: 0,
      pid: CLIENT_PID,
      tid: 0,
      args: { name: `client: ${start?.client ?? '?'}` },
    },
    {
      name: 'process_name',
      ph: 'M',
      ts: 0,
      pid: SERVER_PID,
      tid: 0,
      args: { name: `server: ${start?.server ?? '?'}` },
    },
    { name: 'process_sort_index', ph: 'M', ts: 0, pid: CLIENT_PID, tid: 0, args: { sort_index: 1 } },
    { name: 'process_sort_index', ph: 'M', ts: 0, pid: SERVER_PID, tid: 0, args: { sort_index: 2 } },
  ];
  for (const t of [...threads.values()].sort((a, b) => a.pid - b.pid || a.tid - b.tid)) {
    meta.push({ name: 'thread_name', ph: 'M', ts: 0, pid: t.pid, tid: t.tid, args: { name: t.name } });
    meta.push({
      name: 'thread_sort_index',
      ph: 'M',
      ts: 0,
      pid: t.pid,
      tid: t.tid,
      args: { sort_index: t.tid },
    });
  }
  return {
    traceEvents: [...meta, ...out],
    displayTimeUnit: 'ms',
    otherData: {
      source: start?.source ?? 'simulated',
      ...(start?.sourceDetail ? { sourceDetail: start.sourceDetail } : {}),
      scenario: start?.scenario ?? '',
      seed: start?.seed ?? 0,
      client: start?.client ?? '',
      server: start?.server ?? '',
      generator: 'Race Window (trace v1 → Chrome Trace Event Format)',
    },
  };
}

/**
 * At one timestamp: longer slices first (an enclosing slice before what it encloses), a flow's
 * start after the slice it binds to.
 */
function phaseOrder(e: ChromeEvent): number {
  if (e.ph === 'X') return -(e.dur ?? 0) - 1;
  return e.ph === 'i' ? 1 : 2;
}

export function serializeChromeTrace(trace: readonly TraceEvent[]): string {
  return JSON.stringify(toChromeTrace(trace));
}
