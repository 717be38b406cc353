/**
 * The trace index: everything a view needs to find in a trace without scanning it — event times,
 * events by connection and by request, segments as columns, requests and their attempts,
 * connections and their lifetimes and facts (connFacts.ts), failures with their explanation, race
 * windows and stale intervals, stage lanes and fold keyframes. Built once per run (in the simulation worker, so the page never pays for
 * it) and sent to the page; plain data and typed arrays only, so it survives `postMessage`.
 */
import type { ErrorReport, FailureCause } from '../policies/types';
import { buildConnFacts, type ConnFacts, type ConnFactsTable, factsOf } from './connFacts';
import type { SegmentFlag, Side, TraceEvent } from './events';
import { explainFailures, type FailureInfo } from './failures';
import { buildKeyframes, type FoldOptions, foldAt, foldOptionsFor, type Keyframe } from './fold';
import { assignLanes, LANE_LINGER_US, type LaneAssignment } from './lanes';
import { type RaceInterval, raceIntervals } from './raceWindows';

export const INDEX_VERSION = 1 as const;

export const SEGMENT_FLAGS: readonly SegmentFlag[] = ['SYN', 'SYN-ACK', 'ACK', 'DATA', 'FIN', 'RST'];
export const SIDES: readonly Side[] = ['client', 'server'];

/**
 * Segments as columns, one row per segment in the order they were sent (row i ↔ the i-th
 * segment.send). `flag` and `from` are codes into SEGMENT_FLAGS and SIDES; `label` an index
 * into `labels` (-1: none); `deliverSeq` -1 for a segment never delivered.
 */
export interface SegmentColumns {
  count: number;
  seg: Int32Array;
  conn: Int32Array;
  from: Uint8Array;
  flag: Uint8Array;
  label: Int32Array;
  bytes: Int32Array;
  sentAt: Float64Array;
  arriveAt: Float64Array;
  sendSeq: Int32Array;
  deliverSeq: Int32Array;
  labels: string[];
  /** The longest time any segment spent on the wire (µs): bounds "what is in flight at t" scans. */
  maxFlightUs: number;
  /** Segment id → row (ids are small integers; -1 for ids never sent). */
  rowOfSeg: Int32Array;
}

/**
 * Compressed rows: the events of entity `id` are `seqs[offsets[id] … offsets[id + 1])`, in
 * order. Ids run from 0 to `offsets.length - 2`.
 */
export interface EntityEvents {
  offsets: Int32Array;
  seqs: Int32Array;
}

export interface AttemptInfo {
  attempt: number;
  conn: number;
  reused: boolean;
  startAt: number;
  writtenAt: number | null;
  endAt: number | null;
  ok: boolean | null;
  cause: FailureCause | null;
  error: ErrorReport | null;
}

export interface RequestInfo {
  id: number;
  method: string;
  path: string;
  /** `POST /auth`. */
  label: string;
  startAt: number;
  endAt: number | null;
  outcome: 'ok' | 'ok-after-retry' | 'failed' | null;
  error: ErrorReport | null;
  cause: FailureCause | null;
  indeterminate: boolean;
  attempts: AttemptInfo[];
}

export interface ConnectionInfo {
  id: number;
  openedAt: number;
  /** Finished (belief closed, sockets CLOSED/TIME-WAIT, nothing in flight); null: alive at the end. */
  doneAt: number | null;
  /** The request it was dialled for. */
  dialedFor: number | null;
  /** Requests that used it, in order. */
  requests: number[];
}

export interface TraceIndex {
  version: typeof INDEX_VERSION;
  eventCount: number;
  /** Time of the last event (µs). */
  endAt: number;
  /** `times[seq]` = the event's time. */
  times: Float64Array;
  /** By id (`connections[i].id === i + 1` for the simulator's dense ids; use connection()). */
  connections: ConnectionInfo[];
  requests: RequestInfo[];
  segments: SegmentColumns;
  byConn: EntityEvents;
  byReq: EntityEvents;
  /** What each connection went through, computed once; every analysis reads these. */
  connFacts: ConnFactsTable;
  failures: FailureInfo[];
  /** Each connection's race window and stale interval (raceWindows.ts), by start. */
  raceIntervals: RaceInterval[];
  lanes: LaneAssignment;
  foldOptions: FoldOptions;
  keyframes: Keyframe[];
}

export interface IndexOptions {
  /** The client's idle expiry (ms) for drawing it when the trace does not record it. */
  clientExpiryMs: number | null;
  /** Rows on the stage. */
  maxLanes?: number;
}

export const DEFAULT_MAX_LANES = 10;

function entityEvents(trace: readonly TraceEvent[], idOf: (e: TraceEvent) => number | null): EntityEvents {
  let maxId = 0;
  const counts: number[] = [];
  for (const e of trace) {
    const id = idOf(e);
    if (id === null || id < 0) continue;
    if (id > maxId) maxId = id;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  const offsets = new Int32Array(maxId + 2);
  for (let id = 0; id <= maxId; id++) offsets[id + 1] = offsets[id]! + (counts[id] ?? 0);
  const seqs = new Int32Array(offsets[maxId + 1]!);
  const fill = offsets.slice(0, maxId + 1);
  for (const e of trace) {
    const id = idOf(e);
    if (id === null || id < 0) continue;
    seqs[fill[id]!] = e.seq;
    fill[id] = fill[id]! + 1;
  }
  return { offsets, seqs };
}

/** The seqs of one entity's events (empty for an unknown id). */
export function eventsOf(rows: EntityEvents, id: number): Int32Array {
  if (id < 0 || id + 1 >= rows.offsets.length) return new Int32Array(0);
  return rows.seqs.subarray(rows.offsets[id]!, rows.offsets[id + 1]!);
}

const connOf = (e: TraceEvent): number | null => {
  switch (e.kind) {
    case 'segment.send':
    case 'segment.deliver':
    case 'state':
    case 'timer.arm':
    case 'timer.fire':
    case 'timer.cancel':
    case 'attempt.start':
    case 'attempt.write':
    case 'attempt.end':
    case 'server.handle':
      return e.conn > 0 ? e.conn : null;
    case 'pool':
      return e.conn;
    default:
      return null;
  }
};

const reqOf = (e: TraceEvent): number | null => ('req' in e && typeof e.req === 'number' ? e.req : null);

function segmentColumns(trace: readonly TraceEvent[]): SegmentColumns {
  let count = 0;
  let maxSeg = -1;
  for (const e of trace) {
    if (e.kind === 'segment.send') {
      count++;
      if (e.seg > maxSeg) maxSeg = e.seg;
    }
  }
  const cols: SegmentColumns = {
    count,
    seg: new Int32Array(count),
    conn: new Int32Array(count),
    from: new Uint8Array(count),
    flag: new Uint8Array(count),
    label: new Int32Array(count),
    bytes: new Int32Array(count),
    sentAt: new Float64Array(count),
    arriveAt: new Float64Array(count),
    sendSeq: new Int32Array(count),
    deliverSeq: new Int32Array(count).fill(-1),
    labels: [],
    maxFlightUs: 0,
    rowOfSeg: new Int32Array(maxSeg + 1).fill(-1),
  };
  const labelIds = new Map<string, number>();
  let row = 0;
  for (const e of trace) {
    if (e.kind === 'segment.send') {
      cols.seg[row] = e.seg;
      cols.conn[row] = e.conn;
      cols.from[row] = SIDES.indexOf(e.side);
      cols.flag[row] = Math.max(0, SEGMENT_FLAGS.indexOf(e.flag));
      let label = -1;
      if (e.label !== null) {
        label = labelIds.get(e.label) ?? -1;
        if (label === -1) {
          label = cols.labels.length;
          cols.labels.push(e.label);
          labelIds.set(e.label, label);
        }
      }
      cols.label[row] = label;
      cols.bytes[row] = e.bytes;
      cols.sentAt[row] = e.t;
      cols.arriveAt[row] = e.arriveAt;
      cols.sendSeq[row] = e.seq;
      cols.rowOfSeg[e.seg] = row;
      cols.maxFlightUs = Math.max(cols.maxFlightUs, e.arriveAt - e.t);
      row++;
    } else if (e.kind === 'segment.deliver') {
      const r = e.seg < cols.rowOfSeg.length ? cols.rowOfSeg[e.seg]! : -1;
      if (r >= 0) cols.deliverSeq[r] = e.seq;
    }
  }
  return cols;
}

function requestInfos(trace: readonly TraceEvent[]): {
  requests: RequestInfo[];
  connections: ConnectionInfo[];
} {
  const requests = new Map<number, RequestInfo>();
  const connections = new Map<number, ConnectionInfo>();
  const conn = (id: number, t: number): ConnectionInfo => {
    let c = connections.get(id);
    if (!c) {
      c = { id, openedAt: t, doneAt: null, dialedFor: null, requests: [] };
      connections.set(id, c);
    }
    return c;
  };
  for (const e of trace) {
    const cid = connOf(e);
    if (cid !== null) conn(cid, e.t);
    switch (e.kind) {
      case 'request.start':
        requests.set(e.req, {
          id: e.req,
          method: e.method,
          path: e.path,
          label: `${e.method} ${e.path}`,
          startAt: e.t,
          endAt: null,
          outcome: null,
          error: null,
          cause: null,
          indeterminate: false,
          attempts: [],
        });
        break;
      case 'pool':
        if (e.decision === 'dial' && e.conn !== null) conn(e.conn, e.t).dialedFor = e.req;
        break;
      case 'attempt.start': {
        requests.get(e.req)?.attempts.push({
          attempt: e.attempt,
          conn: e.conn,
          reused: e.reused,
          startAt: e.t,
          writtenAt: null,
          endAt: null,
          ok: null,
          cause: null,
          error: null,
        });
        const c = conn(e.conn, e.t);
        if (c.requests[c.requests.length - 1] !== e.req) c.requests.push(e.req);
        break;
      }
      case 'attempt.write': {
        const a = requests.get(e.req)?.attempts.find((x) => x.attempt === e.attempt);
        if (a && e.ok) a.writtenAt = e.t;
        break;
      }
      case 'attempt.end': {
        const a = requests.get(e.req)?.attempts.find((x) => x.attempt === e.attempt);
        if (a) {
          a.endAt = e.t;
          a.ok = e.ok;
          a.cause = e.cause;
          a.error = e.error;
        }
        break;
      }
      case 'request.end': {
        const r = requests.get(e.req);
        if (r) {
          r.endAt = e.t;
          r.outcome = e.outcome;
          r.error = e.error;
          r.cause = e.cause;
          r.indeterminate = e.indeterminate;
        }
        break;
      }
      default:
        break;
    }
  }
  return {
    requests: [...requests.values()].sort((a, b) => a.id - b.id),
    connections: [...connections.values()].sort((a, b) => a.id - b.id),
  };
}

export function buildTraceIndex(trace: readonly TraceEvent[], options: IndexOptions): TraceIndex {
  const times = new Float64Array(trace.length);
  for (let i = 0; i < trace.length; i++) times[i] = trace[i]!.t;
  const endAt = trace.length > 0 ? trace[trace.length - 1]!.t : 0;
  const foldOptions = foldOptionsFor(trace, options.clientExpiryMs);
  const { requests, connections } = requestInfos(trace);
  const connFacts = buildConnFacts(trace);

  // One unevicted fold to the end gives every connection's finishing time.
  const final = foldAt(trace, endAt, { ...foldOptions, evictAfterUs: Number.POSITIVE_INFINITY });
  for (const c of connections) c.doneAt = final.conns.get(c.id)?.doneAt ?? null;
  const lanes = assignLanes(
    connections.map((c) => ({ id: c.id, from: c.openedAt, to: (c.doneAt ?? endAt) + LANE_LINGER_US })),
    options.maxLanes ?? DEFAULT_MAX_LANES,
  );

  return {
    version: INDEX_VERSION,
    eventCount: trace.length,
    endAt,
    times,
    connections,
    requests,
    segments: segmentColumns(trace),
    byConn: entityEvents(trace, connOf),
    byReq: entityEvents(trace, reqOf),
    connFacts,
    failures: explainFailures(trace, connFacts),
    raceIntervals: raceIntervals(trace, connFacts),
    lanes,
    foldOptions,
    keyframes: buildKeyframes(trace, foldOptions),
  };
}

/** Lookups that do not assume dense ids. */
export function connectionInfo(index: TraceIndex, id: number): ConnectionInfo | undefined {
  const guess = index.connections[id - 1];
  return guess?.id === id ? guess : index.connections.find((c) => c.id === id);
}

export function requestInfo(index: TraceIndex, id: number): RequestInfo | undefined {
  const guess = index.requests[id - 1];
  return guess?.id === id ? guess : index.requests.find((r) => r.id === id);
}

/** One connection's facts (undefined for an id the trace never mentions). */
export function connFactsOf(index: TraceIndex, id: number): ConnFacts | undefined {
  return factsOf(index.connFacts, id);
}

/** The race window and stale interval of one connection, in time order. */
export function intervalsOf(index: TraceIndex, conn: number): RaceInterval[] {
  return index.raceIntervals.filter((w) => w.conn === conn);
}

/** Every ArrayBuffer in the index, for `postMessage(…, transfer)`. */
export function indexTransferables(index: TraceIndex): ArrayBuffer[] {
  const s = index.segments;
  const arrays = [
    index.times,
    s.seg,
    s.conn,
    s.from,
    s.flag,
    s.label,
    s.bytes,
    s.sentAt,
    s.arriveAt,
    s.sendSeq,
    s.deliverSeq,
    s.rowOfSeg,
    index.byConn.offsets,
    index.byConn.seqs,
    index.byReq.offsets,
    index.byReq.seqs,
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
