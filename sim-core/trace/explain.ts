/**
 * Stories for the inspector: what happened to one request, connection or segment, as plain
 * sentences with times read from the trace — "the pool handed out connection #3 at 5.003 s; the
 * server's FIN had left at 5.000 s and arrived at 5.021 s". Nothing here guesses: every time is an
 * event's time, every reason an event's cause or detail.
 */
import type { ErrorReport, FailureCause } from '../policies/types';
import { formatDuration } from './duration';
import type { MachineName, SegmentFlag, Side, TraceEvent } from './events';
import { beliefPhase, isServerCloseTransition } from './fold';
import { isEofInSendResponse } from './spans';
import {
  type AttemptInfo,
  connectionInfo,
  eventsOf,
  type RequestInfo,
  requestInfo,
  SEGMENT_FLAGS,
  SIDES,
  type TraceIndex,
} from './traceIndex';

export type Tone = 'info' | 'good' | 'bad' | 'warn';
export type EntityRef = { kind: 'conn' | 'req' | 'seg'; id: number };

/** One dated line of a story. */
export interface StoryLine {
  t: number;
  seq: number;
  text: string;
  tone: Tone;
  ref?: EntityRef;
}

/**
 * `5.003 s` — seconds with `decimals` digits, grouped in threes after the point so that
 * microseconds stay readable (`5.003 120 s`).
 */
export function formatInstant(us: number, decimals = 3): string {
  const fixed = (us / 1_000_000).toFixed(decimals);
  const [whole, frac = ''] = fixed.split('.');
  const groups = frac.match(/.{1,3}/g) ?? [];
  return `${whole}${groups.length ? `.${groups.join('\u202f')}` : ''} s`;
}

/**
 * Decimals for a story's times: milliseconds (3) when that keeps its distinct times distinct,
 * else microseconds (6) — a story whose events are microseconds apart prints microseconds.
 */
export function decimalsFor(times: readonly number[]): 3 | 6 {
  const distinct = [...new Set(times.map((t) => Math.round(t)))];
  const printed = new Set(distinct.map((t) => (t / 1_000_000).toFixed(3)));
  return printed.size === distinct.length ? 3 : 6;
}

/** What a connection's sockets did, in time order of first occurrence. */
export interface ConnFacts {
  conn: number;
  openedAt: number;
  establishedAt: number | null;
  /** The server's socket left ESTABLISHED by its own close, and why (the server app's cause). */
  serverClose: { t: number; seq: number; why: string | null } | null;
  /** The server's first FIN: sent and (if ever) delivered. */
  serverFin: SegmentFacts | null;
  /** The first RST, either way. */
  reset: SegmentFacts | null;
  /** When the pool put it back as idle, in order. */
  releases: number[];
  /** Client-side close: belief → closed, with its cause. */
  clientClosed: { t: number; cause: string } | null;
  /** Pool discards (liveness check, expiry, idle limit, background reader). */
  discards: { t: number; detail: string }[];
  /** When the client first read EOF where a response should have been. */
  eofInSendResponse: number | null;
}

export interface SegmentFacts {
  seg: number;
  row: number;
  from: Side;
  flag: SegmentFlag;
  sentAt: number;
  arriveAt: number;
  delivered: boolean;
}

function segmentFacts(index: TraceIndex, row: number): SegmentFacts {
  const s = index.segments;
  return {
    seg: s.seg[row]!,
    row,
    from: SIDES[s.from[row]!]!,
    flag: SEGMENT_FLAGS[s.flag[row]!]!,
    sentAt: s.sentAt[row]!,
    arriveAt: s.arriveAt[row]!,
    delivered: s.deliverSeq[row]! >= 0,
  };
}

export function connFacts(trace: readonly TraceEvent[], index: TraceIndex, conn: number): ConnFacts {
  const info = connectionInfo(index, conn);
  const facts: ConnFacts = {
    conn,
    openedAt: info?.openedAt ?? 0,
    establishedAt: null,
    serverClose: null,
    serverFin: null,
    reset: null,
    releases: [],
    clientClosed: null,
    discards: [],
    eofInSendResponse: null,
  };
  let serverAppCause: { t: number; cause: string } | null = null;
  for (const seq of eventsOf(index.byConn, conn)) {
    const e = trace[seq]!;
    switch (e.kind) {
      case 'state':
        if (e.machine === 'tcp' && e.side === 'client' && e.to === 'ESTABLISHED') facts.establishedAt ??= e.t;
        if (e.machine === 'server' && e.to === 'closed') serverAppCause = { t: e.t, cause: e.cause };
        if (
          e.machine === 'tcp' &&
          e.side === 'server' &&
          !facts.serverClose &&
          isServerCloseTransition(e.from, e.to)
        ) {
          const why = serverAppCause && serverAppCause.t === e.t ? serverAppCause.cause : e.cause;
          facts.serverClose = { t: e.t, seq: e.seq, why };
        }
        if (e.machine === 'belief') {
          const to = beliefPhase(e.to);
          if (to === 'idle' && beliefPhase(e.from) !== 'idle') facts.releases.push(e.t);
          if (to === 'closed' && !facts.clientClosed) facts.clientClosed = { t: e.t, cause: e.cause };
        }
        if (isEofInSendResponse(e)) facts.eofInSendResponse ??= e.t;
        break;
      case 'segment.send': {
        const row = index.segments.rowOfSeg[e.seg] ?? -1;
        if (row < 0) break;
        if (e.flag === 'FIN' && e.side === 'server' && !facts.serverFin)
          facts.serverFin = segmentFacts(index, row);
        if (e.flag === 'RST' && !facts.reset) facts.reset = segmentFacts(index, row);
        break;
      }
      case 'pool':
        if (e.decision === 'discard') facts.discards.push({ t: e.t, detail: e.detail });
        break;
      default:
        break;
    }
  }
  return facts;
}

/** `the idle timer fired` for the server app's `after idle-timer`, and so on. */
export function plainCause(cause: string | null): string | null {
  if (!cause) return null;
  if (cause === 'after idle-timer') return 'its keep-alive idle timer fired';
  if (cause === 'after processing') return 'its response was written';
  if (cause.startsWith('after ')) return `its ${cause.slice(6)} timer fired`;
  if (cause.startsWith('SEGMENT ')) return `a ${cause.slice(8)} segment arrived`;
  if (cause === 'close()') return 'the application called close()';
  if (cause === 'PEER_GONE' || cause === 'peer gone') return 'the peer went away';
  return cause;
}

export interface AttemptStory {
  attempt: number;
  conn: number;
  reused: boolean;
  startAt: number;
  endAt: number | null;
  result: 'ok' | 'failed' | 'unfinished';
  cause: FailureCause | null;
  error: ErrorReport | null;
  /** Why it ended, in one sentence with times. */
  why: string;
  /** The retry decision that followed, in the library's words (null: none). */
  retry: string | null;
}

export interface RequestStory {
  req: number;
  label: string;
  outcome: RequestInfo['outcome'];
  error: ErrorReport | null;
  indeterminate: boolean;
  startAt: number;
  endAt: number | null;
  /** Plain explanation of the outcome with times (the inspector's headline). */
  headline: string;
  attempts: AttemptStory[];
  /** Everything that mattered, in time order. */
  lines: StoryLine[];
  decimals: number;
}

function idleFor(facts: ConnFacts, a: AttemptInfo): number | null {
  let last: number | null = null;
  for (const r of facts.releases) if (r <= a.startAt) last = r;
  return last === null ? null : a.startAt - last;
}

interface AttemptWire {
  request: SegmentFacts | null;
  response: SegmentFacts | null;
  responseLabel: string | null;
}

/** The request and response segments of an attempt (the first client / server DATA in its span). */
function attemptWire(index: TraceIndex, a: AttemptInfo): AttemptWire {
  const s = index.segments;
  const data = SEGMENT_FLAGS.indexOf('DATA');
  const end = a.endAt ?? Number.POSITIVE_INFINITY;
  let request: SegmentFacts | null = null;
  let response: SegmentFacts | null = null;
  let responseLabel: string | null = null;
  for (const seq of eventsOf(index.byConn, a.conn)) {
    const t = index.times[seq]!;
    if (t < a.startAt) continue;
    if (t > end) break;
    // Only sends: rows are found by scanning the connection's segment sends in its time window.
    const row = rowOfSendSeq(index, seq);
    if (row < 0 || s.flag[row] !== data) continue;
    if (SIDES[s.from[row]!] === 'client' && !request && a.writtenAt !== null)
      request = segmentFacts(index, row);
    if (SIDES[s.from[row]!] === 'server' && !response && s.arriveAt[row]! <= end) {
      response = segmentFacts(index, row);
      responseLabel = s.label[row]! >= 0 ? s.labels[s.label[row]!]! : null;
    }
  }
  return { request, response, responseLabel };
}

const sendRowCache = new WeakMap<TraceIndex, Int32Array>();
/** seq → segment row for segment.send events (-1 otherwise). */
function rowOfSendSeq(index: TraceIndex, seq: number): number {
  let map = sendRowCache.get(index);
  if (!map) {
    map = new Int32Array(index.eventCount).fill(-1);
    const s = index.segments;
    for (let r = 0; r < s.count; r++) map[s.sendSeq[r]!] = r;
    sendRowCache.set(index, map);
  }
  return map[seq] ?? -1;
}

/** The attempt's story: why it ended, in one sentence. */
function attemptWhy(
  a: AttemptInfo,
  facts: ConnFacts,
  wire: AttemptWire,
  at: (t: number) => string,
  libraryName: string,
): string {
  const c = `#${a.conn}`;
  if (a.endAt === null) return `Still waiting on ${c} when the run ended.`;
  if (a.ok) {
    const got = wire.responseLabel ? `The response (${wire.responseLabel})` : 'The response';
    return `${got} was read at ${at(a.endAt)}, ${formatDuration(a.endAt - a.startAt)} after the attempt began on ${c}.`;
  }
  const error = a.error ? a.error.class : 'an error';
  const parts: string[] = [];
  switch (a.cause) {
    case 'eof': {
      const fin = facts.serverFin;
      if (fin?.delivered && fin.arriveAt <= a.endAt)
        parts.push(`the server’s FIN (sent ${at(fin.sentAt)}) had arrived at ${at(fin.arriveAt)}`);
      parts.push(`the client read end-of-file at ${at(a.endAt)} instead of a response`);
      break;
    }
    case 'reset': {
      const r = facts.reset;
      parts.push(
        r && r.arriveAt <= a.endAt
          ? `an RST from the ${r.from} (sent ${at(r.sentAt)}) arrived at ${at(r.arriveAt)}, so the read failed`
          : `the read failed with a reset at ${at(a.endAt)}`,
      );
      break;
    }
    case 'write-failed':
      parts.push(`writing the request failed at ${at(a.endAt)}: the socket was already reset`);
      break;
    case 'timeout':
      parts.push(`no response arrived by ${at(a.endAt)} (read timeout)`);
      break;
    default:
      parts.push(`it failed at ${at(a.endAt)}`);
  }
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}: ${libraryName} raised ${error}`;
}

/** A request's story, or null for an unknown id. */
export function requestStory(
  trace: readonly TraceEvent[],
  index: TraceIndex,
  req: number,
): RequestStory | null {
  const r = requestInfo(index, req);
  if (!r) return null;
  const start = trace[0];
  const library = start?.kind === 'run.start' ? start.client : 'the client';
  const factsByConn = new Map<number, ConnFacts>();
  const facts = (conn: number) => {
    let f = factsByConn.get(conn);
    if (!f) {
      f = connFacts(trace, index, conn);
      factsByConn.set(conn, f);
    }
    return f;
  };
  const wires = r.attempts.map((a) => attemptWire(index, a));

  // Every time the story will print, so the precision fits them all.
  const times: number[] = [r.startAt, ...(r.endAt !== null ? [r.endAt] : [])];
  r.attempts.forEach((a, i) => {
    const f = facts(a.conn);
    times.push(a.startAt, ...(a.endAt !== null ? [a.endAt] : []));
    if (f.serverClose) times.push(f.serverClose.t);
    if (f.serverFin) times.push(f.serverFin.sentAt, f.serverFin.arriveAt);
    if (f.reset) times.push(f.reset.sentAt, f.reset.arriveAt);
    const w = wires[i]!;
    if (w.request) times.push(w.request.sentAt, w.request.arriveAt);
  });
  const decimals = decimalsFor(times);
  const at = (t: number) => formatInstant(t, decimals);

  const lines: StoryLine[] = [];
  const line = (t: number, seq: number, text: string, tone: Tone = 'info', ref?: EntityRef) =>
    lines.push(ref ? { t, seq, text, tone, ref } : { t, seq, text, tone });

  for (const seq of eventsOf(index.byReq, req)) {
    const e = trace[seq]!;
    switch (e.kind) {
      case 'request.start':
        line(
          e.t,
          seq,
          `The application issues ${e.method} ${e.path}${e.gapMs !== null ? ` after sleeping ${formatDuration(e.gapMs * 1000)}` : ''}.`,
        );
        break;
      case 'pool':
        if (e.decision === 'dial')
          line(e.t, seq, `The pool dials a new connection #${e.conn}.`, 'info', connRef(e.conn));
        else if (e.decision === 'reuse')
          line(
            e.t,
            seq,
            `The pool hands out #${e.conn} (${e.detail}), believing it reusable.`,
            'info',
            connRef(e.conn),
          );
        else if (e.decision === 'queue')
          line(e.t, seq, `Every connection is busy: the request waits for one (${e.detail}).`, 'warn');
        else if (e.decision === 'retry') line(e.t, seq, `Retry: ${e.detail}.`, 'warn');
        else if (e.decision === 'discard')
          line(e.t, seq, `The pool drops #${e.conn}: ${e.detail}.`, 'info', connRef(e.conn));
        else if (e.decision === 'check')
          line(e.t, seq, `Liveness check of #${e.conn}: ${e.detail}.`, 'info', connRef(e.conn));
        break;
      case 'attempt.write':
        if (!e.ok)
          line(
            e.t,
            seq,
            `Writing the request on #${e.conn} fails${e.errno ? ` (${e.errno})` : ''}.`,
            'bad',
            connRef(e.conn),
          );
        break;
      case 'server.handle':
        line(
          e.t,
          seq,
          `The server application handles it (request ${e.count} on #${e.conn}).`,
          'info',
          connRef(e.conn),
        );
        break;
      case 'attempt.end':
        if (!e.ok) {
          line(
            e.t,
            seq,
            `Attempt ${e.attempt} fails on #${e.conn}: ${e.error ? `${e.error.class}: ${e.error.message}` : (e.cause ?? 'error')}.`,
            'bad',
            connRef(e.conn),
          );
        }
        break;
      case 'request.end': {
        const tone: Tone = e.outcome === 'failed' ? 'bad' : e.outcome === 'ok-after-retry' ? 'warn' : 'good';
        const what =
          e.outcome === 'failed'
            ? 'fails'
            : e.outcome === 'ok-after-retry'
              ? 'succeeds after a retry'
              : 'succeeds';
        line(
          e.t,
          seq,
          `The request ${what} after ${formatDuration(e.latency)}${e.indeterminate ? ' — indeterminate: the server may have processed it' : ''}.`,
          tone,
        );
        break;
      }
      default:
        break;
    }
  }

  const attempts: AttemptStory[] = r.attempts.map((a, i) => {
    const f = facts(a.conn);
    const w = wires[i]!;
    const end = a.endAt ?? index.endAt;
    // What the attempt's connection did around it.
    if (
      f.serverClose &&
      f.serverClose.t <= end &&
      (i === 0 || f.serverClose.t > r.attempts[i - 1]!.startAt)
    ) {
      const why = plainCause(f.serverClose.why);
      line(
        f.serverClose.t,
        f.serverClose.seq,
        `The server closes #${a.conn}${why ? ` (${why})` : ''}.`,
        'warn',
        connRef(a.conn),
      );
    }
    if (
      f.serverFin?.delivered &&
      f.serverFin.arriveAt <= end &&
      f.serverFin.arriveAt >= (f.releases[0] ?? 0)
    ) {
      line(
        f.serverFin.arriveAt,
        deliverSeq(index, f.serverFin.row),
        `The server’s FIN on #${a.conn} reaches the client (sent ${at(f.serverFin.sentAt)}); the client socket is now CLOSE-WAIT and nothing tells the pool.`,
        'warn',
        { kind: 'seg', id: f.serverFin.seg },
      );
    }
    if (w.request) {
      line(
        w.request.sentAt,
        index.segments.sendSeq[w.request.row]!,
        `The request leaves on #${a.conn}${a.reused ? ` (reused${idleFor(f, a) !== null ? ` after ${formatDuration(idleFor(f, a)!)} idle` : ''})` : ' (new connection)'}.`,
        'info',
        { kind: 'seg', id: w.request.seg },
      );
      if (w.request.delivered) {
        line(
          w.request.arriveAt,
          deliverSeq(index, w.request.row),
          `The request reaches the server’s kernel on #${a.conn}.`,
          'info',
          { kind: 'seg', id: w.request.seg },
        );
      }
    }
    if (f.reset && f.reset.sentAt >= a.startAt && f.reset.sentAt <= end + index.segments.maxFlightUs) {
      line(
        f.reset.sentAt,
        index.segments.sendSeq[f.reset.row]!,
        `The ${f.reset.from}’s kernel answers with RST on #${a.conn}.`,
        'bad',
        { kind: 'seg', id: f.reset.seg },
      );
    }
    const result = a.endAt === null ? 'unfinished' : a.ok ? 'ok' : 'failed';
    const retryLine = lines.find(
      (l) =>
        l.text.startsWith('Retry:') &&
        a.endAt !== null &&
        l.t >= a.endAt &&
        (i + 1 >= r.attempts.length || l.t <= r.attempts[i + 1]!.startAt),
    );
    return {
      attempt: a.attempt,
      conn: a.conn,
      reused: a.reused,
      startAt: a.startAt,
      endAt: a.endAt,
      result,
      cause: a.cause,
      error: a.error,
      why: attemptWhy(a, f, w, at, library),
      retry: retryLine ? retryLine.text.slice('Retry: '.length).replace(/\.$/, '') : null,
    };
  });
  lines.sort((x, y) => x.t - y.t || x.seq - y.seq);

  return {
    req,
    label: r.label,
    outcome: r.outcome,
    error: r.error,
    indeterminate: r.indeterminate,
    startAt: r.startAt,
    endAt: r.endAt,
    headline: requestHeadline(
      r,
      r.attempts.map((a) => facts(a.conn)),
      wires,
      at,
    ),
    attempts,
    lines,
    decimals,
  };
}

const connRef = (conn: number | null): EntityRef | undefined =>
  conn === null ? undefined : { kind: 'conn', id: conn };

function deliverSeq(index: TraceIndex, row: number): number {
  const d = index.segments.deliverSeq[row]!;
  return d >= 0 ? d : index.segments.sendSeq[row]!;
}

/**
 * The headline: for a failure, when the pool handed out the connection against when the server
 * closed it and when its FIN left and arrived; for a success, how it went.
 */
function requestHeadline(
  r: RequestInfo,
  facts: ConnFacts[],
  wires: AttemptWire[],
  at: (t: number) => string,
): string {
  const last = r.attempts[r.attempts.length - 1];
  if (!last)
    return r.endAt === null
      ? 'It never got a connection before the run ended.'
      : 'It ended without an attempt.';
  const f = facts[facts.length - 1]!;
  const w = wires[wires.length - 1]!;
  const handed = last.reused
    ? `The pool handed out connection #${last.conn} at ${at(last.startAt)}`
    : `The request went out on a new connection #${last.conn} at ${at(last.startAt)}`;
  if (r.outcome === 'failed') {
    const close = f.serverClose;
    const fin = f.serverFin;
    const parts = [handed];
    if (close && fin) {
      const had = close.t <= last.startAt ? 'had left' : 'left';
      const arrived = fin.delivered
        ? fin.arriveAt <= last.startAt
          ? `had arrived at ${at(fin.arriveAt)}`
          : `arrived at ${at(fin.arriveAt)}`
        : 'never arrived';
      parts.push(`the server’s FIN ${had} at ${at(fin.sentAt)} and ${arrived}`);
    } else if (close) {
      parts.push(
        `the server closed it at ${at(close.t)}${f.reset ? ` with an RST that arrived at ${at(f.reset.arriveAt)}` : ''}`,
      );
    }
    const more = r.attempts.length > 1 ? ` (attempt ${last.attempt} of ${r.attempts.length})` : '';
    let ended = '';
    if (last.endAt !== null) {
      const read =
        last.cause === 'reset'
          ? 'the read failed with a reset'
          : last.cause === 'eof'
            ? 'the client read end-of-file'
            : last.cause === 'write-failed'
              ? 'writing the request failed'
              : 'the attempt failed';
      const after = w.request
        ? `, ${formatDuration(last.endAt - w.request.sentAt)} after the request left`
        : '';
      const arrival = !w.request?.delivered
        ? ''
        : w.request.arriveAt > last.endAt
          ? `; the request reached the server only at ${at(w.request.arriveAt)}`
          : `; the request had reached the server at ${at(w.request.arriveAt)}`;
      ended = ` At ${at(last.endAt)} ${read}${after}${arrival}.`;
    }
    return `${parts.join('; ')}${more}.${ended}`;
  }
  if (r.outcome === 'ok' || r.outcome === 'ok-after-retry') {
    const failedBefore = r.attempts.length - 1;
    const retried =
      r.outcome === 'ok-after-retry'
        ? `${failedBefore === 1 ? 'The first attempt' : `The first ${failedBefore} attempts`} failed; `
        : '';
    const resp = w.responseLabel ? ` ${w.responseLabel}` : '';
    const lead = retried ? `${retried}${handed.charAt(0).toLowerCase()}${handed.slice(1)}` : handed;
    return `${lead}; the response${resp} arrived at ${at(last.endAt ?? r.endAt ?? last.startAt)}, ${formatDuration((r.endAt ?? last.startAt) - r.startAt)} after the request was issued.`;
  }
  return `${handed}; no outcome before the run ended.`;
}

export interface ConnectionStory {
  conn: number;
  facts: ConnFacts;
  openedAt: number;
  doneAt: number | null;
  dialedFor: number | null;
  requests: { req: number; label: string; outcome: RequestInfo['outcome'] }[];
  lines: StoryLine[];
  decimals: number;
  headline: string;
}

export function connectionStory(
  trace: readonly TraceEvent[],
  index: TraceIndex,
  conn: number,
): ConnectionStory | null {
  const info = connectionInfo(index, conn);
  if (!info) return null;
  const f = connFacts(trace, index, conn);
  const windows = index.raceWindows.filter((w) => w.conn === conn);
  const times = [info.openedAt, ...(info.doneAt !== null ? [info.doneAt] : []), ...f.releases];
  if (f.serverClose) times.push(f.serverClose.t);
  if (f.serverFin) times.push(f.serverFin.sentAt, f.serverFin.arriveAt);
  for (const w of windows) times.push(w.start, w.end);
  const decimals = decimalsFor(times);
  const at = (t: number) => formatInstant(t, decimals);
  const lines: StoryLine[] = [];
  const add = (t: number, seq: number, text: string, tone: Tone = 'info', ref?: EntityRef) =>
    lines.push(ref ? { t, seq, text, tone, ref } : { t, seq, text, tone });

  for (const seq of eventsOf(index.byConn, conn)) {
    const e = trace[seq]!;
    if (e.kind === 'pool') {
      if (e.decision === 'dial')
        add(
          e.t,
          seq,
          `Dialled for request ${e.req}.`,
          'info',
          e.req === null ? undefined : { kind: 'req', id: e.req },
        );
      else if (e.decision === 'reuse')
        add(
          e.t,
          seq,
          `Handed out to request ${e.req} (${e.detail}).`,
          'info',
          e.req === null ? undefined : { kind: 'req', id: e.req },
        );
      else if (e.decision === 'discard') add(e.t, seq, `The pool drops it: ${e.detail}.`, 'info');
      else if (e.decision === 'release') add(e.t, seq, `Released to the pool (${e.detail}).`, 'good');
      else if (e.decision === 'close') add(e.t, seq, `The client closes it: ${e.detail}.`, 'info');
    } else if (e.kind === 'state' && e.machine === 'tcp' && e.side === 'client' && e.to === 'ESTABLISHED') {
      add(e.t, seq, 'Handshake complete: the client socket is ESTABLISHED.', 'info');
    } else if (e.kind === 'state' && e.machine === 'tcp' && e.side === 'client' && e.to === 'CLOSE-WAIT') {
      add(
        e.t,
        seq,
        'The server’s FIN arrives: the client socket is CLOSE-WAIT (end-of-file is queued; the pool is not told).',
        'warn',
      );
    } else if (e.kind === 'attempt.end' && !e.ok) {
      add(
        e.t,
        seq,
        `Request ${e.req} fails on it: ${e.error ? `${e.error.class}: ${e.error.message}` : e.cause}.`,
        'bad',
        { kind: 'req', id: e.req },
      );
    } else if (e.kind === 'state' && isEofInSendResponse(e)) {
      add(
        e.t,
        seq,
        'The client’s h11 reads end-of-file while the server role is still in SEND_RESPONSE: ERROR.',
        'bad',
      );
    }
  }
  if (f.serverClose) {
    const why = plainCause(f.serverClose.why);
    add(
      f.serverClose.t,
      f.serverClose.seq,
      `The server closes it${why ? ` (${why})` : ''}${f.serverFin && f.serverFin.sentAt === f.serverClose.t ? `: FIN sent, arriving ${at(f.serverFin.arriveAt)}` : ''}.`,
      'warn',
    );
  }
  if (f.reset) {
    add(
      f.reset.sentAt,
      index.segments.sendSeq[f.reset.row]!,
      `The ${f.reset.from}’s kernel sends RST (arrives ${at(f.reset.arriveAt)}).`,
      'bad',
      { kind: 'seg', id: f.reset.seg },
    );
  }
  for (const w of windows) {
    const entered = w.entered.length
      ? `; ${w.entered.length === 1 ? 'request' : 'requests'} ${w.entered.map((x) => x.req).join(', ')} sent into it`
      : '';
    add(
      w.start,
      -1,
      `Race window opens: the pool believes it reusable, the server has closed it${entered}. It lasts ${formatDuration(w.end - w.start)} (ended by ${w.endedBy === 'discard' ? `the client dropping it${w.discardReason ? `: ${w.discardReason}` : ''}` : w.endedBy === 'failure' ? 'a failed request' : 'the end of the run'}).`,
      'bad',
    );
  }
  lines.sort((x, y) => x.t - y.t || x.seq - y.seq);

  const requests = info.requests.map((id) => {
    const r = requestInfo(index, id);
    return { req: id, label: r?.label ?? '?', outcome: r?.outcome ?? null };
  });
  const failed = requests.filter((r) => r.outcome === 'failed').length;
  const life = `Opened at ${at(info.openedAt)}${info.dialedFor !== null ? ` for request ${info.dialedFor}` : ''}; carried ${requests.length} ${requests.length === 1 ? 'request' : 'requests'}${failed ? ` (${failed} failed)` : ''}`;
  const close = f.serverClose
    ? `; the server closed it at ${at(f.serverClose.t)}${f.serverClose.why ? ` (${plainCause(f.serverClose.why)})` : ''}`
    : '';
  const race = windows.length
    ? `; it spent ${formatDuration(windows.reduce((s, w) => s + (w.end - w.start), 0))} in ${windows.length === 1 ? 'a race window' : `${windows.length} race windows`}`
    : '';
  const done =
    info.doneAt !== null ? `; finished at ${at(info.doneAt)}` : '; still open at the end of the run';
  return {
    conn,
    facts: f,
    openedAt: info.openedAt,
    doneAt: info.doneAt,
    dialedFor: info.dialedFor,
    requests,
    lines,
    decimals,
    headline: `${life}${close}${race}${done}.`,
  };
}

export interface SegmentStory {
  seg: number;
  row: number;
  conn: number;
  from: Side;
  to: Side;
  flag: SegmentFlag;
  label: string | null;
  bytes: number;
  sentAt: number;
  arriveAt: number;
  delivered: boolean;
  /** What sending it did on the sender's side (the state change at its send), and what it did on arrival. */
  onSend: { machine: MachineName; side: Side; from: string; to: string; cause: string }[];
  onArrival: { machine: MachineName; side: Side; from: string; to: string; cause: string }[];
  /** The request it carried or answered (DATA), if any. */
  req: number | null;
  headline: string;
  decimals: number;
}

export function segmentStory(
  trace: readonly TraceEvent[],
  index: TraceIndex,
  seg: number,
): SegmentStory | null {
  const s = index.segments;
  const row = seg >= 0 && seg < s.rowOfSeg.length ? s.rowOfSeg[seg]! : -1;
  if (row < 0) return null;
  const facts = segmentFacts(index, row);
  const conn = s.conn[row]!;
  const to: Side = facts.from === 'client' ? 'server' : 'client';
  const label = s.label[row]! >= 0 ? s.labels[s.label[row]!]! : null;
  const sendSeq = s.sendSeq[row]!;
  const deliver = s.deliverSeq[row]!;
  // State changes recorded right around the send (same time, same side: what made it go) and
  // right after the delivery (same time, receiving side: what it did).
  const near = (fromSeq: number, side: Side, direction: 1 | -1) => {
    const out: SegmentStory['onArrival'] = [];
    const t = trace[fromSeq]!.t;
    for (let i = fromSeq + direction; i >= 0 && i < trace.length; i += direction) {
      const e = trace[i]!;
      if (e.t !== t) break;
      if (e.kind === 'segment.deliver' && direction === 1) break;
      if (e.kind === 'state' && e.conn === conn && e.side === side) {
        out.push({ machine: e.machine, side: e.side, from: e.from, to: e.to, cause: e.cause });
      }
    }
    return direction === -1 ? out.reverse() : out;
  };
  const onSend = near(sendSeq, facts.from, -1).filter((x) => x.machine === 'tcp' || x.machine === 'server');
  const onArrival = deliver >= 0 ? near(deliver, to, 1) : [];
  let req: number | null = null;
  if (facts.flag === 'DATA') {
    for (const r of connectionInfo(index, conn)?.requests ?? []) {
      const info = requestInfo(index, r);
      for (const a of info?.attempts ?? []) {
        if (a.conn === conn && a.startAt <= facts.sentAt && (a.endAt === null || facts.sentAt <= a.endAt))
          req = r;
      }
    }
  }
  const decimals = decimalsFor([facts.sentAt, facts.arriveAt]);
  const at = (t: number) => formatInstant(t, decimals);
  const name = facts.flag === 'DATA' ? (label ?? 'data') : facts.flag;
  const effect = onArrival.find((x) => x.machine === 'tcp');
  const arrival = facts.delivered
    ? `arrived at ${at(facts.arriveAt)} after ${formatDuration(facts.arriveAt - facts.sentAt)} on the wire${effect ? `: ${to} TCP ${effect.from} → ${effect.to}` : ''}`
    : 'was never delivered';
  return {
    seg,
    row,
    conn,
    from: facts.from,
    to,
    flag: facts.flag,
    label,
    bytes: s.bytes[row]!,
    sentAt: facts.sentAt,
    arriveAt: facts.arriveAt,
    delivered: facts.delivered,
    onSend,
    onArrival,
    req,
    headline: `${name} from the ${facts.from} on #${conn}, sent at ${at(facts.sentAt)}, ${arrival}.`,
    decimals,
  };
}
