/**
 * A request's story for the inspector: what happened to it, as plain sentences with times read
 * from the trace — "the pool handed out connection #3 at 5.003 s; the server's FIN had left at
 * 5.000 s and arrived at 5.021 s". Nothing here guesses: every time is an event's time, every
 * reason an event's cause or detail; what its connections went through comes from their facts.
 */
import { type FailureKind, failureKind } from '../metrics/failureKinds';
import type { ErrorReport, FailureCause } from '../policies/types';
import type { ConnFacts, SegmentFacts } from './connFacts';
import { formatDuration, formatInstant } from './duration';
import type { TraceEvent } from './events';
import {
  connRef,
  decimalsFor,
  deliverSeq,
  lineCollector,
  plainCause,
  type StoryLine,
  segmentFacts,
  storyFacts,
  type Tone,
} from './storyParts';
import {
  type AttemptInfo,
  eventsOf,
  type RequestInfo,
  requestInfo,
  SEGMENT_FLAGS,
  SIDES,
  type TraceIndex,
} from './traceIndex';

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
  for (const r of facts.releases) if (r.t <= a.startAt) last = r.t;
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
  const facts = (conn: number) => storyFacts(index, conn);
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
  const line = lineCollector(lines);

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
      f.serverFin.arriveAt >= (f.releases[0]?.t ?? 0)
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
    ).concat(kindSentence(index, req)),
    attempts,
    lines,
    decimals,
  };
}

/**
 * Which side of the race a failed request fell on (metrics/failureKinds.ts), as a sentence the
 * headline ends with: stale (a check would have seen it), race window (none could), or neither.
 */
export const KIND_SENTENCES: Record<FailureKind, string> = {
  'stale-reuse':
    ' A stale reuse: the server’s FIN (or reset) had reached the client before the request left, so a check at checkout would have seen it.',
  'race-window':
    ' In the race window: the request left before the server’s FIN reached the client and reached the server after its close — they crossed on the wire, where no check at checkout can see.',
  'closed-mid-request':
    ' Not the reuse race: the request reached the server, which closed the connection without responding.',
  timeout: '',
  other: '',
};

function kindSentence(index: TraceIndex, req: number): string {
  const f = index.failures.find((x) => x.req === req);
  return f ? KIND_SENTENCES[failureKind(f.cause, f.times)] : '';
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
