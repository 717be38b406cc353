/**
 * A connection's story as of a time t, and a segment's story: what happened, as plain sentences
 * with times read from the trace and from the connection's facts (connFacts.ts). The inspector
 * tells the whole run (t = ∞); the story card tells it as of the cursor. One story, two views.
 */
import { type ConnFacts, type ConnFactsAt, factsAt, isEofInSendResponse } from './connFacts';
import { formatDuration, formatInstant } from './duration';
import type { MachineName, SegmentFlag, Side, TraceEvent } from './events';
import type { RaceIntervalKind } from './raceWindows';
import { intervalSentence, timeSpentText } from './raceWindowsWords';
import {
  clientWords,
  decimalsFor,
  lineCollector,
  plainCause,
  type StoryLine,
  segmentFacts,
  storyFacts,
  traceClient,
} from './storyParts';
import {
  connectionInfo,
  eventsOf,
  intervalsOf,
  type RequestInfo,
  requestInfo,
  type TraceIndex,
} from './traceIndex';

/** Where a connection stands as of t: cheap to compute (from the index and its facts), for keys. */
export interface ConnectionAt {
  conn: number;
  /** The time the story is told as of (∞: the whole run). */
  t: number;
  openedAt: number;
  /** The request it was dialled for. */
  dialedFor: number | null;
  /** Requests that used it by t, in order, with their outcome if they had ended by t. */
  requests: { req: number; label: string; outcome: RequestInfo['outcome'] }[];
  /** What it had been through by t. */
  asOf: ConnFactsAt;
  /** The race window or stale interval open at t: which, and since when. */
  race: { kind: RaceIntervalKind; since: number } | null;
  /** Finished by t. */
  doneAt: number | null;
}

export interface ConnectionStory extends ConnectionAt {
  /** Its facts, whole run (every fact carries its time: compare it with t). */
  facts: ConnFacts;
  /** Everything that mattered by t, in time order. */
  lines: StoryLine[];
  decimals: number;
  headline: string;
}

/** Where connection `conn` stands as of t (null for an unknown connection). */
export function connectionAt(
  index: TraceIndex,
  conn: number,
  t: number = Number.POSITIVE_INFINITY,
): ConnectionAt | null {
  const info = connectionInfo(index, conn);
  if (!info) return null;
  const f = storyFacts(index, conn);
  const requests: ConnectionAt['requests'] = [];
  const seen = new Set<number>();
  for (const a of f.attempts) {
    if (a.t > t) break;
    if (seen.has(a.req)) continue;
    seen.add(a.req);
    const r = requestInfo(index, a.req);
    requests.push({
      req: a.req,
      label: r?.label ?? '?',
      outcome: r && r.endAt !== null && r.endAt <= t ? r.outcome : null,
    });
  }
  const w = intervalsOf(index, conn).find((x) => x.start <= t && t < x.end);
  return {
    conn,
    t,
    openedAt: info.openedAt,
    dialedFor: info.dialedFor,
    requests,
    asOf: factsAt(f, t),
    race: w ? { kind: w.kind, since: w.start } : null,
    doneAt: info.doneAt !== null && info.doneAt <= t ? info.doneAt : null,
  };
}

/** Connection `conn`'s story as of t (∞: the whole run), or null for an unknown connection. */
export function connectionStory(
  trace: readonly TraceEvent[],
  index: TraceIndex,
  conn: number,
  t: number = Number.POSITIVE_INFINITY,
): ConnectionStory | null {
  const at0 = connectionAt(index, conn, t);
  const info = connectionInfo(index, conn);
  if (!at0 || !info) return null;
  const f = storyFacts(index, conn);
  const serverClose = f.serverClose && f.serverClose.t <= t ? f.serverClose : null;
  const reset = f.reset && f.reset.sentAt <= t ? f.reset : null;
  const windows = intervalsOf(index, conn).filter((w) => w.start <= t);
  const times = [info.openedAt, ...(at0.doneAt !== null ? [at0.doneAt] : [])];
  for (const r of f.releases) if (r.t <= t) times.push(r.t);
  if (serverClose) times.push(serverClose.t);
  if (f.serverFin && f.serverFin.sentAt <= t) times.push(f.serverFin.sentAt, f.serverFin.arriveAt);
  for (const w of windows) times.push(w.start, ...(w.end <= t ? [w.end] : []));
  const decimals = decimalsFor(times);
  const at = (x: number) => formatInstant(x, decimals);
  const lines: StoryLine[] = [];
  const add = lineCollector(lines);
  const words = clientWords(traceClient(trace));

  for (const seq of eventsOf(index.byConn, conn)) {
    const e = trace[seq]!;
    if (e.t > t) break;
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
        `The server’s FIN arrives: the client socket is CLOSE-WAIT (end-of-file is queued; ${words?.onFin ?? 'the pool is not told'}).`,
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
        words && !words.h11
          ? `The client (${words.library}) reads end-of-file where the response should be.`
          : 'The client’s h11 reads end-of-file while the server role is still in SEND_RESPONSE: ERROR.',
        'bad',
      );
    }
  }
  if (serverClose) {
    const why = plainCause(serverClose.why);
    add(
      serverClose.t,
      serverClose.seq,
      `The server closes it${why ? ` (${why})` : ''}${f.serverFin && f.serverFin.sentAt === serverClose.t ? `: FIN sent, arriving ${at(f.serverFin.arriveAt)}` : ''}.`,
      'warn',
    );
  }
  if (reset) {
    add(
      reset.sentAt,
      index.segments.sendSeq[reset.row]!,
      `The ${reset.from}’s kernel sends RST (arrives ${at(reset.arriveAt)}).`,
      'bad',
      { kind: 'seg', id: reset.seg },
    );
  }
  for (const w of windows) {
    add(
      w.start,
      -1,
      intervalSentence(
        w,
        t,
        w.entered.filter((x) => x.t <= t),
        at,
      ),
      'bad',
    );
  }
  lines.sort((x, y) => x.t - y.t || x.seq - y.seq);

  const requests = at0.requests;
  const failed = requests.filter((r) => r.outcome === 'failed').length;
  const life = `Opened at ${at(info.openedAt)}${info.dialedFor !== null ? ` for request ${info.dialedFor}` : ''}; carried ${requests.length} ${requests.length === 1 ? 'request' : 'requests'}${failed ? ` (${failed} failed)` : ''}`;
  const close = serverClose
    ? `; the server closed it at ${at(serverClose.t)}${serverClose.why ? ` (${plainCause(serverClose.why)})` : ''}`
    : '';
  const spent = timeSpentText(windows, t);
  const race = spent ? `; it spent ${spent}` : '';
  const done =
    at0.doneAt !== null
      ? `; finished at ${at(at0.doneAt)}`
      : t >= index.endAt
        ? '; still open at the end of the run'
        : '; still open';
  return { ...at0, facts: f, lines, decimals, headline: `${life}${close}${race}${done}.` };
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
