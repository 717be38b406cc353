/**
 * What the timeline draws, prepared once per run: per-connection spans packed into rows (with
 * start/end columns for binary search), race windows and stale intervals by connection, and the geometry of a row —
 * the client's lanes on top, the wire in the middle (segments cross it as slanted arrows from
 * send to delivery), the server's lanes below.
 */

import type { RaceInterval, TraceEvent } from '../../../sim-core';
import {
  buildSpans,
  type ConnSpans,
  SEGMENT_FLAGS,
  SIDES,
  STATE_LANES,
  type StateLane,
  type TraceIndex,
  type TraceSpans,
} from '../../../sim-core';
import { COLORS, SEGMENT_ORDER, STATE_TONES, type StateTone, segmentKind } from '../theme';

export interface RowData {
  conns: ConnSpans[];
  starts: Float64Array;
  ends: Float64Array;
}

export interface TimelineModel {
  index: TraceIndex;
  spans: TraceSpans;
  rows: RowData[];
  /** Row of each connection, by id (-1: none). */
  rowOfConn: Int32Array;
  /** Each connection's race window and stale interval. */
  windowsByConn: Map<number, RaceInterval[]>;
  /** Each segment's kind as an index into SEGMENT_ORDER (theme.ts), by segment row. */
  segKind: Uint8Array;
  endAt: number;
}

const models = new WeakMap<TraceIndex, TimelineModel>();

export function timelineModel(trace: readonly TraceEvent[], index: TraceIndex): TimelineModel {
  let m = models.get(index);
  if (m) return m;
  const spans = buildSpans(trace, index);
  const byId = new Map(spans.conns.map((c) => [c.conn, c]));
  const maxId = spans.conns.reduce((x, c) => Math.max(x, c.conn), 0);
  const rowOfConn = new Int32Array(maxId + 1).fill(-1);
  const rows = spans.rows.map((ids, r) => {
    const conns = ids.map((id) => byId.get(id)!);
    for (const c of conns) rowOfConn[c.conn] = r;
    return {
      conns,
      starts: Float64Array.from(conns.map((c) => c.start)),
      ends: Float64Array.from(conns.map((c) => c.end)),
    };
  });
  const windowsByConn = new Map<number, RaceInterval[]>();
  for (const w of index.raceIntervals) {
    const list = windowsByConn.get(w.conn) ?? [];
    list.push(w);
    windowsByConn.set(w.conn, list);
  }
  const s = index.segments;
  const segKind = new Uint8Array(s.count);
  for (let i = 0; i < s.count; i++) {
    segKind[i] = Math.max(
      0,
      SEGMENT_ORDER.indexOf(segmentKind(SEGMENT_FLAGS[s.flag[i]!]!, SIDES[s.from[i]!]!)),
    );
  }
  m = { index, spans, rows, rowOfConn, windowsByConn, segKind, endAt: Math.max(1, index.endAt) };
  models.set(index, m);
  return m;
}

/** The first connection of a row that is still alive at t (rows never overlap in time). */
export function firstAliveAt(row: RowData, t: number): number {
  let lo = 0;
  let hi = row.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (row.ends[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ── Geometry (CSS pixels) ────────────────────────────────────────────────────────────────────

export const GUTTER = 92;
export const OVERVIEW_H = 42;
export const AXIS_H = 28;
export const ROW_PAD_TOP = 6;
export const LANE_H = 12;
export const APP_LANE_H = 13;
export const WIRE_H = 34;
export const ROW_PAD_BOTTOM = 8;
/** Height of the client's / server's timer bars under their lanes. */
export const TIMER_H = 3;

export interface LaneBox {
  key: StateLane | 'wire';
  y: number;
  h: number;
}

/** The boxes of one row, top to bottom, relative to the row's top. */
export const ROW_LANES: readonly LaneBox[] = (() => {
  const boxes: LaneBox[] = [];
  let y = ROW_PAD_TOP;
  const add = (key: LaneBox['key'], h: number, gapAfter = 1) => {
    boxes.push({ key, y, h });
    y += h + gapAfter;
  };
  add('belief', APP_LANE_H, TIMER_H + 2);
  add('tcp.client', LANE_H);
  add('h11.client', LANE_H, 2);
  add('wire', WIRE_H, 2);
  add('h11.server', LANE_H);
  add('tcp.server', LANE_H);
  add('server', APP_LANE_H, TIMER_H + 2);
  return boxes;
})();

export const ROW_H = (() => {
  const last = ROW_LANES[ROW_LANES.length - 1]!;
  return last.y + last.h + TIMER_H + 2 + ROW_PAD_BOTTOM;
})();

export const LANE_BOX: Record<LaneBox['key'], LaneBox> = Object.fromEntries(
  ROW_LANES.map((b) => [b.key, b]),
) as Record<LaneBox['key'], LaneBox>;

/** Where the client's and the server's side of the wire are (segments go between them). */
export const WIRE_CLIENT_Y = LANE_BOX.wire.y + 1;
export const WIRE_SERVER_Y = LANE_BOX.wire.y + LANE_BOX.wire.h - 1;

export const LANE_LABELS: Record<LaneBox['key'], string> = {
  belief: 'pool thinks',
  'tcp.client': 'client TCP',
  'h11.client': 'client h11',
  wire: 'wire',
  'h11.server': 'server h11',
  'tcp.server': 'server TCP',
  server: 'server app',
};

export { STATE_LANES };

// ── Colours ──────────────────────────────────────────────────────────────────────────────────

export interface StateLook {
  fill: string;
  text: string;
  /** A short label (`keep-alive idle`). */
  label: string;
}

const NONE: StateLook = { fill: '', text: COLORS.muted, label: '' };
const tone =
  (t: StateTone) =>
  (label: string): StateLook => ({ ...STATE_TONES[t], label });
const neutral = tone('neutral');
const busy = tone('busy');
const ok = tone('ok');
const warn = tone('warn');
const closing = tone('closing');
const bad = tone('bad');
const faded = tone('faded');

const TCP: Record<string, StateLook> = {
  CLOSED: NONE,
  LISTEN: faded('LISTEN'),
  'SYN-SENT': neutral('SYN-SENT'),
  'SYN-RECEIVED': neutral('SYN-RECEIVED'),
  ESTABLISHED: neutral('ESTABLISHED'),
  'CLOSE-WAIT': warn('CLOSE-WAIT'),
  'FIN-WAIT-1': closing('FIN-WAIT-1'),
  'FIN-WAIT-2': closing('FIN-WAIT-2'),
  CLOSING: closing('CLOSING'),
  'LAST-ACK': closing('LAST-ACK'),
  'TIME-WAIT': faded('TIME-WAIT'),
};

const BELIEF: Record<string, StateLook> = {
  connecting: neutral('connecting'),
  active: busy('in use'),
  idle: ok('idle · reusable'),
  closed: NONE,
};

const SERVER_APP: Record<string, StateLook> = {
  awaitingRequest: neutral('awaiting request'),
  processing: busy('processing'),
  keepAliveIdle: ok('keep-alive idle'),
  closed: NONE,
};

function h11Look(value: string): StateLook {
  if (value.includes('ERROR')) return bad(value);
  if (value === 'IDLE/IDLE') return faded(value);
  if (value.includes('CLOSED') || value.includes('MUST_CLOSE')) return faded(value);
  if (value === 'DONE/DONE') return neutral(value);
  return busy(value);
}

/** Fill, text colour and label of a lane's state. */
export function stateLook(lane: StateLane, value: string): StateLook {
  switch (lane) {
    case 'tcp.client':
    case 'tcp.server':
      return TCP[value] ?? neutral(value);
    case 'h11.client':
    case 'h11.server':
      return h11Look(value);
    case 'belief':
      return BELIEF[value.split('.')[0] ?? value] ?? neutral(value);
    case 'server':
      return SERVER_APP[value] ?? neutral(value);
  }
}
