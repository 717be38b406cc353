/**
 * The stage as data: which connections occupy which rows at time t, what each side believes and
 * what is real, the timers, the race window or stale time, the last failure, and the segments on the wire with
 * how far they have travelled. Pure (no DOM): the renderer draws a StageFrame, tests check one.
 */
import type {
  ConnView,
  ErrorReport,
  FailureInfo,
  RaceInterval,
  RaceIntervalKind,
  TimerView,
  WorldState,
} from '../../../sim-core';
import {
  beliefPhase,
  clientWords,
  connectionInfo,
  connFactsOf,
  factsAt,
  formatDuration,
  INTERVAL_WORDS,
  intervalCaption,
  LANE_LINGER_US,
  requestInfo,
  type TraceIndex,
} from '../../../sim-core';
import type { Selection } from '../../store/types';
import { type SegmentKind, segmentKind } from '../theme';

export type Tone = 'neutral' | 'busy' | 'ok' | 'closed' | 'race' | 'stale' | 'bad' | 'warn';

export interface RingModel {
  /** Remaining fraction, 1 → 0. */
  remaining: number;
  /** Remaining time as text (`3.2 s`), or a word when done (`expired`). */
  text: string;
  expired: boolean;
}

export interface RowModel {
  conn: number;
  lane: number;
  belief: { phase: string; label: string; tone: Tone };
  /** The request using the connection right now. */
  request: { req: number; label: string } | null;
  client: { tcp: string; h11: string; note: string | null; tone: Tone };
  server: { tcp: string; h11: string; note: string | null; tone: Tone } | null;
  app: { label: string; tone: Tone };
  idleTimer: RingModel | null;
  processing: RingModel | null;
  expiry: RingModel | null;
  /** The race window or stale interval the connection is in at t (two things, two colours). */
  race: { kind: RaceIntervalKind; window: RaceInterval; caption: string } | null;
  failure: { failure: FailureInfo; short: string; error: ErrorReport | null } | null;
  /** An attempt failed on this connection and the client retried the request (on another one). */
  retried: { req: number; attempt: number; short: string } | null;
  selected: boolean;
  /** A lesson step points at this connection. */
  highlighted: boolean;
  /** Finished: both sockets closed, the pool let go (the row lingers a moment). */
  done: boolean;
  ariaLabel: string;
}

export interface SegmentModel {
  seg: number;
  conn: number;
  lane: number;
  kind: SegmentKind;
  label: string;
  from: 'client' | 'server';
  /** 0 at the sender, 1 at the receiver. */
  progress: number;
  /** 0 = next to the wire; 1, 2 = further out when segments would overlap. */
  stack: number;
  selected: boolean;
}

export interface StageFrame {
  t: number;
  lanes: number;
  rows: RowModel[];
  segments: SegmentModel[];
  /** Connections alive now that found no free row. */
  hidden: number;
}

const BELIEF: Record<string, { label: string; tone: Tone }> = {
  connecting: { label: 'connecting…', tone: 'neutral' },
  active: { label: 'in use', tone: 'busy' },
  idle: { label: 'idle · reusable', tone: 'ok' },
  closed: { label: 'closed', tone: 'closed' },
};

const APP: Record<string, { label: string; tone: Tone }> = {
  awaitingRequest: { label: 'waiting for a request', tone: 'neutral' },
  processing: { label: 'processing', tone: 'busy' },
  keepAliveIdle: { label: 'keep-alive idle', tone: 'ok' },
  closed: { label: 'closed the connection', tone: 'closed' },
};

/** `keepAliveIdle` → `keep alive idle`, for states this view does not know by name. */
export function humanize(state: string): string {
  return state
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .toLowerCase();
}

function ring(timer: TimerView | undefined, t: number, doneWord: string): RingModel | null {
  if (!timer) return null;
  const total = timer.at - timer.armedAt;
  const left = timer.at - t;
  if (left <= 0) return { remaining: 0, text: doneWord, expired: true };
  return { remaining: total > 0 ? Math.min(1, left / total) : 0, text: formatDuration(left), expired: false };
}

const CLOSED_TCP = new Set(['CLOSED', 'TIME-WAIT']);

/** `brokenNote`: the client's own words for a connection its HTTP layer gave up on (h11 only for h11's clients). */
function clientNote(c: ConnView, brokenNote: string): { note: string | null; tone: Tone } {
  switch (c.client.tcp) {
    case 'CLOSE-WAIT':
      return { note: 'FIN arrived: EOF waiting', tone: 'warn' };
    case 'SYN-SENT':
      return { note: 'handshake', tone: 'neutral' };
    default:
      if (c.client.h11.includes('ERROR')) return { note: brokenNote, tone: 'bad' };
      return { note: null, tone: CLOSED_TCP.has(c.client.tcp) ? 'closed' : 'neutral' };
  }
}

/** `serverClosed`: the server had closed it by now (its facts as of t). */
function serverNote(c: ConnView, serverClosed: boolean): { note: string | null; tone: Tone } {
  const s = c.server!;
  if (serverClosed && !CLOSED_TCP.has(s.tcp)) return { note: 'closed by the server', tone: 'warn' };
  if (s.tcp === 'CLOSE-WAIT') return { note: 'client closed', tone: 'neutral' };
  return { note: null, tone: CLOSED_TCP.has(s.tcp) ? 'closed' : 'neutral' };
}

/** Per-run lookups the stage needs every frame, built once. */
export interface StageContext {
  index: TraceIndex;
  failureByReq: Map<number, FailureInfo>;
  windowsByConn: Map<number, RaceInterval[]>;
  /** The client's own words for a broken connection ("h11 raised an error", "Go net/http: EOF"). */
  brokenNote: string;
}

const contexts = new WeakMap<TraceIndex, StageContext>();

/** `client`: the run's client policy (the trace's run.start names it; null: unknown, h11's words). */
export function stageContext(index: TraceIndex, client: string | null = null): StageContext {
  let ctx = contexts.get(index);
  if (!ctx) {
    const windowsByConn = new Map<number, RaceInterval[]>();
    for (const w of index.raceIntervals) {
      const list = windowsByConn.get(w.conn) ?? [];
      list.push(w);
      windowsByConn.set(w.conn, list);
    }
    ctx = {
      index,
      failureByReq: new Map(index.failures.map((f) => [f.req, f])),
      windowsByConn,
      brokenNote: clientWords(client)?.brokenNote ?? 'the HTTP exchange broke',
    };
    contexts.set(index, ctx);
  }
  return ctx;
}

function windowAt(ctx: StageContext, conn: number, t: number): RaceInterval | null {
  for (const w of ctx.windowsByConn.get(conn) ?? []) if (w.start <= t && t < w.end) return w;
  return null;
}

/** The short class name: `h11._util.RemoteProtocolError` → `RemoteProtocolError`. */
export function shortClass(cls: string): string {
  const i = cls.lastIndexOf('.');
  return i === -1 ? cls : cls.slice(i + 1);
}

function rowModel(
  ctx: StageContext,
  c: ConnView,
  lane: number,
  t: number,
  selection: Selection | null,
  highlights: ReadonlySet<number> | null,
): RowModel {
  const index = ctx.index;
  const phase = beliefPhase(c.belief);
  const race = windowAt(ctx, c.id, t);
  const raceTone: Tone = race?.kind === 'stale' ? 'stale' : 'race';
  const beliefLook = BELIEF[phase] ?? { label: humanize(c.belief), tone: 'neutral' as Tone };
  const request = c.request
    ? { req: c.request.req, label: requestInfo(index, c.request.req)?.label ?? `request ${c.request.req}` }
    : null;
  const cn = clientNote(c, ctx.brokenNote);
  const serverClosed = c.server !== null && factsAt(connFactsOf(index, c.id), t).serverClosedAt !== null;
  const server = c.server ? { tcp: c.server.tcp, h11: c.server.h11, ...serverNote(c, serverClosed) } : null;
  const appState = c.server?.app ?? null;
  const app: { label: string; tone: Tone } =
    appState === null
      ? { label: c.server ? 'accepting' : '—', tone: 'neutral' as Tone }
      : { ...(APP[appState] ?? { label: humanize(appState), tone: 'neutral' as Tone }) };
  const failureInfo = c.lastFailure ? ctx.failureByReq.get(c.lastFailure.req) : undefined;
  let failure: RowModel['failure'] = null;
  let retried: RowModel['retried'] = null;
  if (c.lastFailure && failureInfo && failureInfo.conn === c.id) {
    // The class when it fits the pool column; the story card always has it in full.
    const withClass = `✗ req ${failureInfo.req}: ${shortClass(failureInfo.error?.class ?? 'failed')}`;
    failure = {
      failure: failureInfo,
      short: withClass.length <= 30 ? withClass : `✗ req ${failureInfo.req} failed`,
      error: failureInfo.error,
    };
  } else if (c.lastFailure) {
    // An attempt failed here but the request went on (retried elsewhere): mark it, not as a failure.
    const { req, attempt } = c.lastFailure;
    retried = { req, attempt, short: `↻ req ${req} failed here, retried` };
  }
  const selected =
    selection !== null &&
    ((selection.kind === 'conn' && selection.id === c.id) ||
      (selection.kind === 'req' &&
        (c.request?.req === selection.id || (c.lastFailure?.req === selection.id && failure !== null))));
  const belief = {
    phase,
    label: request && phase === 'active' ? `in use · ${request.label}` : beliefLook.label,
    tone: race ? raceTone : beliefLook.tone,
  };
  if (race && phase === 'idle') app.tone = raceTone;
  const raceCaption = race ? intervalCaption(race, t) : '';
  const done = c.doneAt !== null && c.doneAt <= t;
  const parts = [
    `Connection #${c.id}`,
    `pool thinks: ${belief.label}`,
    `client socket ${c.client.tcp}${cn.note ? ` (${cn.note})` : ''}`,
    server ? `server socket ${server.tcp}` : 'no server socket yet',
    `server app: ${app.label}`,
  ];
  if (race) parts.push(`${INTERVAL_WORDS[race.kind].name}: ${INTERVAL_WORDS[race.kind].short}`);
  if (failure) parts.push(failure.short);
  if (retried) parts.push(retried.short);
  return {
    conn: c.id,
    lane,
    belief,
    request,
    client: { tcp: c.client.tcp, h11: c.client.h11, note: cn.note, tone: cn.tone },
    server,
    app,
    idleTimer: appState === 'closed' ? null : ring(c.timers['server:idle-timer'], t, 'fired'),
    processing: ring(c.timers['server:processing'], t, 'done'),
    expiry: phase === 'idle' ? ring(c.timers['client:expiry'], t, 'expired') : null,
    race: race ? { kind: race.kind, window: race, caption: raceCaption } : null,
    failure,
    retried,
    selected,
    highlighted: highlights?.has(c.id) ?? false,
    done,
    ariaLabel: parts.join('; '),
  };
}

/** Approximate label width in stage units (for stacking), at the renderer's font size. */
export function segmentWidth(kind: SegmentKind, label: string): number {
  return kind === 'request' || kind === 'response' ? label.length * 6.6 + 16 : label.length * 6.2 + 18;
}

export function stageFrame(
  ctx: StageContext,
  world: WorldState,
  t: number,
  selection: Selection | null,
  wireWidth: number,
  highlights: ReadonlySet<number> | null = null,
): StageFrame {
  const index = ctx.index;
  const rows: RowModel[] = [];
  let hidden = 0;
  for (const c of world.conns.values()) {
    const info = connectionInfo(index, c.id);
    const end = (info?.doneAt ?? c.doneAt ?? index.endAt) + LANE_LINGER_US;
    if (t > end) continue;
    const lane = index.lanes.lane.get(c.id);
    if (lane === undefined) {
      hidden++;
      continue;
    }
    rows.push(rowModel(ctx, c, lane, t, selection, highlights));
  }
  rows.sort((a, b) => a.lane - b.lane);
  const laneOf = new Map(rows.map((r) => [r.conn, r.lane]));

  const segments: SegmentModel[] = [];
  for (const s of world.inFlight.values()) {
    const lane = laneOf.get(s.conn);
    if (lane === undefined) continue;
    const kind = segmentKind(s.flag, s.from);
    const flight = s.arriveAt - s.sentAt;
    segments.push({
      seg: s.seg,
      conn: s.conn,
      lane,
      kind,
      label: s.label ?? s.flag,
      from: s.from,
      progress: flight > 0 ? Math.min(1, Math.max(0, (t - s.sentAt) / flight)) : 1,
      stack: 0,
      selected: selection?.kind === 'seg' && selection.id === s.seg,
    });
  }
  stack(segments, wireWidth);
  return { t, lanes: Math.max(1, index.lanes.lanes), rows, segments, hidden };
}

/**
 * Moves segments that would overlap (same row, same direction) outwards: the one furthest along
 * stays next to the wire, each following one takes the first level where it clears the others.
 */
function stack(segments: SegmentModel[], wireWidth: number): void {
  const groups = new Map<string, SegmentModel[]>();
  for (const s of segments) {
    const key = `${s.lane}:${s.from}`;
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    g.sort((a, b) => b.progress - a.progress || a.seg - b.seg);
    const placed: { x: number; w: number; level: number }[] = [];
    for (const s of g) {
      const x = s.progress * wireWidth;
      const w = segmentWidth(s.kind, s.label);
      let level = 0;
      while (level < 2 && placed.some((p) => p.level === level && Math.abs(p.x - x) < (p.w + w) / 2 + 4))
        level++;
      s.stack = level;
      placed.push({ x, w, level });
    }
  }
}
