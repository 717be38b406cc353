/**
 * fold: the world at time t, rebuilt from the trace alone. `foldAt` replays from the start (the
 * reference); `TraceFolder` answers the same question fast, moving forward incrementally and
 * jumping backwards from the nearest keyframe, so a view can ask for every animation frame.
 *
 * "At time t" means every event with `t_event ≤ t` has happened (timeSearch.ts).
 *
 * Tolerant by design: unknown event kinds, machines, timers and state names are carried through
 * (`other`, `timers`) rather than rejected, so the model can grow without breaking the views.
 *
 * What a connection has been through (the server's close, its FIN, resets, discards) is not
 * folded here: it is a connection fact (connFacts.ts), read as of t.
 */
import { clientPolicy } from '../policies';
import type { Scenario } from '../scenario/types';
import { beliefPhase } from './connFacts';
import type { SegmentFlag, Side, TraceEvent } from './events';
import { countAtOrBefore } from './timeSearch';

export interface TimerView {
  armedAt: number;
  /** When it fires. */
  at: number;
  /** True when derived from the policy rather than read from a timer event (the client's expiry). */
  derived: boolean;
}

export interface EndpointView {
  /** TCP state (`ESTABLISHED`, `CLOSE-WAIT`, …). */
  tcp: string;
  /** h11 state as `CLIENT_ROLE/SERVER_ROLE` (`DONE/SEND_RESPONSE`). */
  h11: string;
}

export interface ServerEndpointView extends EndpointView {
  /** The server application's state for this connection (`keepAliveIdle`, `processing`, …). */
  app: string | null;
}

export interface ConnView {
  id: number;
  openedAt: number;
  client: EndpointView;
  /** Null until the SYN reaches the server. */
  server: ServerEndpointView | null;
  /** The pool's belief: `connecting`, `active`, `idle`, `closed` (or a substate: see connFacts' beliefPhase). */
  belief: string;
  /** Armed timers by `side:timer` (`server:idle-timer`, `server:processing`, `client:expiry`, …). */
  timers: Record<string, TimerView>;
  /** The attempt using this connection right now. */
  request: { req: number; attempt: number } | null;
  /** Requests the server has handled on it. */
  served: number;
  /** The last attempt on this connection that failed. */
  lastFailure: { req: number; attempt: number; t: number } | null;
  /** Segments of this connection on the wire. */
  inFlight: number;
  /** When the connection was finished: belief closed, both sockets CLOSED/TIME-WAIT, nothing in flight. */
  doneAt: number | null;
  /** States of machines this fold does not know by name, by `side:machine`. */
  other: Record<string, string>;
}

export interface SegmentInFlight {
  seg: number;
  conn: number;
  from: Side;
  flag: SegmentFlag;
  label: string | null;
  sentAt: number;
  arriveAt: number;
}

/** Counts of what has happened up to t (outcomes of requests that have ended by t). */
export interface Counters {
  requests: number;
  ok: number;
  okAfterRetry: number;
  failed: number;
  /** By exception class (a null-prototype object: a class may be named `constructor`). */
  failedByClass: Record<string, number>;
  indeterminate: number;
  retries: number;
  connectionsOpened: number;
}

export interface WorldState {
  /** The time asked for (not necessarily an event time). */
  t: number;
  /** Events applied: trace[0 … applied). */
  applied: number;
  conns: Map<number, ConnView>;
  inFlight: Map<number, SegmentInFlight>;
  counters: Counters;
  /** The pool machine's own state, if recorded. */
  pool: string | null;
  ended: boolean;
  /** Highest connection id seen: events of a connection evicted from `conns` are ignored. */
  maxConn: number;
}

export interface FoldOptions {
  /**
   * The client's idle expiry in ms (policy or scenario override), used to draw the expiry timer
   * when the trace records it neither as `expiresAt` on pool releases nor as `timer.arm … expiry`
   * events. Null: the policy has none.
   */
  clientExpiryMs: number | null;
  /** Derive the expiry from belief transitions (true unless the trace records expiry timers). */
  deriveExpiry: boolean;
  /** A finished connection is dropped from the state this long after it finished (µs). */
  evictAfterUs: number;
  /**
   * The trace records no machine states (a real run or a packet capture, run.start `source`):
   * a connection's TCP, h11 and belief states read NOT_SEEN instead of the machines' initial
   * states, which nothing in the trace says it was in. Absent: false.
   */
  observed?: boolean;
}

/** What an observed trace's machine states read (fold options `observed`). */
export const NOT_SEEN = 'not seen';

export const DEFAULT_EVICT_AFTER_US = 10_000_000;

/** The client idle expiry a scenario runs with: the override, else the policy's own (ms or null). */
export function scenarioClientExpiryMs(scenario: Scenario): number | null {
  if (scenario.client.idleExpiryMs !== undefined) return scenario.client.idleExpiryMs;
  return clientPolicy(scenario.client.policy)?.idleExpiryMs ?? null;
}

/** Fold options for a trace: derive the expiry only when the trace does not record it. */
export function foldOptionsFor(
  trace: readonly TraceEvent[],
  clientExpiryMs: number | null,
  evictAfterUs = DEFAULT_EVICT_AFTER_US,
): FoldOptions {
  const recorded = trace.some(
    (e) =>
      (e.kind === 'timer.arm' && e.timer === 'expiry' && e.side === 'client') ||
      (e.kind === 'pool' && e.decision === 'release' && typeof releaseExpiry(e) === 'number'),
  );
  const start = trace[0];
  const observed = start?.kind === 'run.start' && (start.source === 'real' || start.source === 'capture');
  return { clientExpiryMs, deriveExpiry: !recorded, evictAfterUs, ...(observed ? { observed } : {}) };
}

export function emptyWorld(): WorldState {
  return {
    t: 0,
    applied: 0,
    conns: new Map(),
    inFlight: new Map(),
    counters: {
      requests: 0,
      ok: 0,
      okAfterRetry: 0,
      failed: 0,
      failedByClass: Object.create(null),
      indeterminate: 0,
      retries: 0,
      connectionsOpened: 0,
    },
    pool: null,
    ended: false,
    maxConn: 0,
  };
}

const FINAL_TCP = new Set(['CLOSED', 'TIME-WAIT']);

function newConn(id: number, t: number, observed: boolean): ConnView {
  return {
    id,
    openedAt: t,
    client: observed ? { tcp: NOT_SEEN, h11: NOT_SEEN } : { tcp: 'CLOSED', h11: 'IDLE/IDLE' },
    // Both ends of an observed connection exist from its first segment on.
    server: observed ? { tcp: NOT_SEEN, h11: NOT_SEEN, app: NOT_SEEN } : null,
    belief: observed ? NOT_SEEN : 'connecting',
    timers: {},
    request: null,
    served: 0,
    lastFailure: null,
    inFlight: 0,
    doneAt: null,
    other: {},
  };
}

/** The connection an event concerns, created on its first event (unless it was evicted). */
function connFor(s: WorldState, id: number, t: number, options: FoldOptions): ConnView | null {
  const c = s.conns.get(id);
  if (c) return c;
  if (id <= s.maxConn) return null; // finished and evicted: later stragglers (TIME-WAIT expiry) are ignored
  s.maxConn = id;
  const fresh = newConn(id, t, options.observed === true);
  s.conns.set(id, fresh);
  return fresh;
}

function endpoint(c: ConnView, side: Side): EndpointView {
  if (side === 'client') return c.client;
  if (!c.server) c.server = { tcp: 'CLOSED', h11: 'IDLE/IDLE', app: null };
  return c.server;
}

function checkDone(c: ConnView, t: number): void {
  if (c.doneAt !== null) return;
  if (
    beliefPhase(c.belief) === 'closed' &&
    FINAL_TCP.has(c.client.tcp) &&
    (c.server === null || FINAL_TCP.has(c.server.tcp)) &&
    c.inFlight === 0
  ) {
    c.doneAt = t;
  }
}

function applyState(
  s: WorldState,
  e: Extract<TraceEvent, { kind: 'state' }>,
  c: ConnView,
  options: FoldOptions,
): void {
  switch (e.machine) {
    case 'tcp': {
      endpoint(c, e.side).tcp = e.to;
      break;
    }
    case 'h11':
      endpoint(c, e.side).h11 = e.to;
      break;
    case 'server':
      endpoint(c, 'server');
      c.server!.app = e.to;
      break;
    case 'belief': {
      c.belief = e.to;
      const to = beliefPhase(e.to);
      const from = beliefPhase(e.from);
      if (to !== from) {
        if (to === 'idle' && options.deriveExpiry && options.clientExpiryMs !== null) {
          c.timers['client:expiry'] = {
            armedAt: e.t,
            at: e.t + Math.round(options.clientExpiryMs * 1000),
            derived: true,
          };
        } else if (from === 'idle') {
          // Checked out, discarded or closed: the idle limit no longer runs.
          delete c.timers['client:expiry'];
        }
      }
      break;
    }
    case 'pool':
      s.pool = e.to;
      break;
    default:
      c.other[`${e.side}:${String(e.machine)}`] = e.to;
  }
}

/** A release's `expiresAt` (when the client's own idle limit runs out), where the trace has it. */
function releaseExpiry(e: Extract<TraceEvent, { kind: 'pool' }>): unknown {
  return (e as { expiresAt?: unknown }).expiresAt;
}

/** Applies one event to the state (mutating it). */
export function applyEvent(s: WorldState, e: TraceEvent, options: FoldOptions): void {
  s.applied = e.seq + 1;
  const counters = s.counters;
  switch (e.kind) {
    case 'segment.send': {
      const c = connFor(s, e.conn, e.t, options);
      if (!c) return;
      s.inFlight.set(e.seg, {
        seg: e.seg,
        conn: e.conn,
        from: e.side,
        flag: e.flag,
        label: e.label,
        sentAt: e.t,
        arriveAt: e.arriveAt,
      });
      c.inFlight++;
      return;
    }
    case 'segment.deliver': {
      const c = connFor(s, e.conn, e.t, options);
      if (!s.inFlight.delete(e.seg) || !c) return;
      c.inFlight--;
      checkDone(c, e.t);
      return;
    }
    case 'state': {
      if (e.machine === 'pool' || e.conn === 0) {
        if (e.machine === 'pool') s.pool = e.to;
        return;
      }
      const c = connFor(s, e.conn, e.t, options);
      if (!c) return;
      applyState(s, e, c, options);
      checkDone(c, e.t);
      return;
    }
    case 'timer.arm':
    case 'timer.fire':
    case 'timer.cancel': {
      const c = e.conn === 0 ? null : connFor(s, e.conn, e.t, options);
      if (!c) return;
      const key = `${e.side}:${e.timer}`;
      if (e.kind === 'timer.arm') c.timers[key] = { armedAt: e.t, at: e.at, derived: false };
      else delete c.timers[key];
      return;
    }
    case 'pool': {
      if (e.decision === 'dial') counters.connectionsOpened++;
      if (e.decision === 'retry') counters.retries++;
      if (e.conn === null) return;
      const c = connFor(s, e.conn, e.t, options);
      if (!c) return;
      const expiresAt = e.decision === 'release' ? releaseExpiry(e) : undefined;
      if (typeof expiresAt === 'number') {
        c.timers['client:expiry'] = { armedAt: e.t, at: expiresAt, derived: false };
      }
      return;
    }
    case 'request.start':
      counters.requests++;
      return;
    case 'attempt.start': {
      const c = connFor(s, e.conn, e.t, options);
      if (c) c.request = { req: e.req, attempt: e.attempt };
      return;
    }
    case 'attempt.end': {
      const c = connFor(s, e.conn, e.t, options);
      if (!c) return;
      if (c.request?.req === e.req && c.request.attempt === e.attempt) c.request = null;
      if (!e.ok) c.lastFailure = { req: e.req, attempt: e.attempt, t: e.t };
      return;
    }
    case 'server.handle': {
      const c = connFor(s, e.conn, e.t, options);
      if (c) c.served = e.count;
      return;
    }
    case 'request.end':
      if (e.outcome === 'ok') counters.ok++;
      else if (e.outcome === 'ok-after-retry') counters.okAfterRetry++;
      else if (e.outcome === 'failed') {
        counters.failed++;
        const cls = e.error?.class ?? 'unknown error';
        counters.failedByClass[cls] = (counters.failedByClass[cls] ?? 0) + 1;
        if (e.indeterminate) counters.indeterminate++;
      }
      return;
    case 'run.end':
      s.ended = true;
      return;
    default:
      // run.start, attempt.write, and kinds added after this fold was written.
      return;
  }
}

/** Drops connections that finished more than `evictAfterUs` before t. */
function evict(s: WorldState, options: FoldOptions): void {
  let dropped = false;
  for (const [id, c] of s.conns) {
    if (c.doneAt !== null && c.doneAt < s.t - options.evictAfterUs) {
      s.conns.delete(id);
      dropped = true;
    }
  }
  if (!dropped) return;
  for (const [seg, f] of s.inFlight) if (!s.conns.has(f.conn)) s.inFlight.delete(seg);
}

function cloneConn(c: ConnView): ConnView {
  return {
    ...c,
    client: { ...c.client },
    server: c.server ? { ...c.server } : null,
    timers: Object.fromEntries(Object.entries(c.timers).map(([k, v]) => [k, { ...v }])),
    request: c.request ? { ...c.request } : null,
    lastFailure: c.lastFailure ? { ...c.lastFailure } : null,
    other: { ...c.other },
  };
}

/** A deep copy (keyframes must never share objects with a live state). */
export function cloneWorld(s: WorldState): WorldState {
  return {
    ...s,
    conns: new Map([...s.conns].map(([id, c]) => [id, cloneConn(c)])),
    inFlight: new Map([...s.inFlight].map(([id, seg]) => [id, { ...seg }])),
    counters: { ...s.counters, failedByClass: Object.assign(Object.create(null), s.counters.failedByClass) },
  };
}

/** The reference fold: replays trace events with `t_event ≤ t` from the start. */
export function foldAt(trace: readonly TraceEvent[], t: number, options: FoldOptions): WorldState {
  const s = emptyWorld();
  for (const e of trace) {
    if (e.t > t) break;
    applyEvent(s, e, options);
  }
  s.t = t;
  evict(s, options);
  return s;
}

/** The state after `applied` events, kept for seeking backwards. */
export interface Keyframe {
  applied: number;
  state: WorldState;
}

export const KEYFRAME_EVERY = 512;

/** Snapshots every `every` events (state.t is the time of the last applied event). */
export function buildKeyframes(
  trace: readonly TraceEvent[],
  options: FoldOptions,
  every = KEYFRAME_EVERY,
): Keyframe[] {
  const out: Keyframe[] = [];
  const s = emptyWorld();
  for (let i = 0; i < trace.length; i++) {
    applyEvent(s, trace[i]!, options);
    if ((i + 1) % every === 0) {
      s.t = trace[i]!.t;
      evict(s, options);
      out.push({ applied: i + 1, state: cloneWorld(s) });
    }
  }
  return out;
}

/**
 * Seeks over one trace. `seek(t)` returns a state equal to `foldAt(trace, t)`; the returned
 * object is reused and mutated by the next `seek`, so copy what must outlive a frame.
 */
export class TraceFolder {
  private state = emptyWorld();

  constructor(
    private readonly trace: readonly TraceEvent[],
    private readonly times: ArrayLike<number>,
    private readonly keyframes: readonly Keyframe[],
    private readonly options: FoldOptions,
  ) {}

  seek(t: number): WorldState {
    const target = countAtOrBefore(this.times, t);
    const kf = this.keyframeAtOrBefore(target);
    // Restart from a keyframe when going back (eviction cannot be undone), or when one saves
    // replaying events.
    if (t < this.state.t || target < this.state.applied || (kf && kf.applied > this.state.applied)) {
      this.state = kf ? cloneWorld(kf.state) : emptyWorld();
    }
    for (let i = this.state.applied; i < target; i++) applyEvent(this.state, this.trace[i]!, this.options);
    this.state.t = t;
    evict(this.state, this.options);
    return this.state;
  }

  private keyframeAtOrBefore(applied: number): Keyframe | null {
    let lo = 0;
    let hi = this.keyframes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keyframes[mid]!.applied <= applied) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.keyframes[lo - 1]! : null;
  }
}
