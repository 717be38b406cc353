/**
 * What is under a point of the timeline (pure): a segment (the nearest line within 6 px on the
 * wire), else a request's attempt (on the wire), else a connection (on any lane) — with the
 * tooltip's lines. Points are canvas CSS pixels; the view says how rows are scrolled and which
 * range is shown.
 */
import type { ScaleLinear } from 'd3';
import {
  countAtOrBefore,
  countBefore,
  formatDuration,
  requestInfo,
  SEGMENT_FLAGS,
  SIDES,
  STATE_LANE_NAMES,
  spanAt,
} from '../../../sim-core';
import type { Selection as AppSelection } from '../../store/types';
import {
  firstAliveAt,
  GUTTER,
  ROW_H,
  ROW_LANES,
  type TimelineModel,
  WIRE_CLIENT_Y,
  WIRE_SERVER_Y,
} from './model';

export interface TimelineHit {
  sel: AppSelection;
  t: number;
  lines: string[];
}

export interface HitView {
  /** The visible range on the plot (plot x = canvas x − GUTTER). */
  x: ScaleLinear<number, number>;
  plotW: number;
  scrollTop: number;
}

export function hitTest(m: TimelineModel, view: HitView, px: number, py: number): TimelineHit | null {
  if (px < GUTTER) return null;
  const { scrollTop } = view;
  const r = Math.floor((py + scrollTop) / ROW_H);
  const row = m.rows[r];
  if (!row) return null;
  const ly = py + scrollTop - r * ROW_H;
  const t = view.x.invert(px - GUTTER);
  const [d0, d1] = view.x.domain() as [number, number];
  const usPerPx = (d1 - d0) / view.plotW;
  const lane = ROW_LANES.find((b) => ly >= b.y - 2 && ly <= b.y + b.h + 2);
  const y0 = r * ROW_H - scrollTop;
  const toX = (x: number) => GUTTER + view.x(x);

  if (lane?.key === 'wire') {
    const seg = segmentNear(m, r, px, py, y0, t, usPerPx, toX);
    if (seg) return seg;
  }
  const tol = usPerPx * 3;
  const i = firstAliveAt(row, t - tol);
  const c = row.conns[i];
  if (!c || c.start > t + tol) return null;
  const windows = (m.windowsByConn.get(c.conn) ?? []).filter((w) => w.start - tol <= t && t <= w.end + tol);
  const w = windows[0];
  const raceLine = !w
    ? null
    : w.kind === 'stale'
      ? `Stale (${formatDuration(w.end - w.start)}): the server’s FIN reached the client, the pool still believes #${c.conn} reusable.`
      : `In a race window (${formatDuration(w.end - w.start)}): a request sent on #${c.conn} now crosses the server’s FIN on the wire.`;
  if (lane?.key === 'wire') {
    const a = c.attempts.find((x) => x.start - tol <= t && t <= (x.end ?? m.endAt) + tol);
    if (a) {
      const info = requestInfo(m.index, a.req);
      const lines = [
        `Request ${a.req}${info ? ` · ${info.label}` : ''} · attempt ${a.attempt} on #${a.conn}`,
        a.end === null
          ? 'unfinished'
          : a.ok
            ? `ok in ${formatDuration(a.end - a.start)}`
            : `failed after ${formatDuration(a.end - a.start)}${info?.error ? `: ${info.error.class}` : ''}`,
      ];
      if (raceLine) lines.push(raceLine);
      return { sel: { kind: 'req', id: a.req }, t, lines };
    }
  }
  const lines = [`Connection #${c.conn}`];
  if (lane && lane.key !== 'wire') {
    const span = spanAt(c.states[lane.key], t);
    if (span) {
      lines.push(`${STATE_LANE_NAMES[lane.key]}: ${span.state}`);
      lines.push(`since ${formatDuration(Math.max(0, t - span.start))} (${span.cause})`);
    }
  }
  if (raceLine) lines.push(raceLine);
  const mark = c.eofMarks.find((x) => Math.abs(x.t - t) <= tol * 2);
  if (mark) lines.push('EOF read while h11’s server role was still SEND_RESPONSE → RemoteProtocolError');
  return { sel: { kind: 'conn', id: c.conn }, t, lines };
}

/** The segment of row r whose line passes nearest (px, py), within 6 px. */
function segmentNear(
  m: TimelineModel,
  r: number,
  px: number,
  py: number,
  y0: number,
  t: number,
  usPerPx: number,
  X: (t: number) => number,
): TimelineHit | null {
  const s = m.index.segments;
  const client = SIDES.indexOf('client');
  const tol = 6 * usPerPx;
  let best = -1;
  let bestD = 6;
  const end = countAtOrBefore(s.sentAt, t + tol);
  for (let i = countBefore(s.sentAt, t - s.maxFlightUs - tol); i < end; i++) {
    if (m.rowOfConn[s.conn[i]!] !== r || s.arriveAt[i]! < t - tol) continue;
    const fromClient = s.from[i] === client;
    const ax = X(s.sentAt[i]!);
    const ay = y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y);
    const bx = X(s.arriveAt[i]!);
    const by = y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y);
    const d = distToSegment(px, py, ax, ay, bx, by);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  if (best < 0) return null;
  const flag = SEGMENT_FLAGS[s.flag[best]!]!;
  const from = SIDES[s.from[best]!]!;
  const label = s.label[best]! >= 0 ? s.labels[s.label[best]!]! : null;
  const flight = s.arriveAt[best]! - s.sentAt[best]!;
  return {
    sel: { kind: 'seg', id: s.seg[best]! },
    t,
    lines: [
      `${flag === 'DATA' ? (label ?? 'data') : flag} · ${from} → ${from === 'client' ? 'server' : 'client'} · #${s.conn[best]}`,
      `on the wire ${formatDuration(flight)}${s.deliverSeq[best]! < 0 ? ', never delivered' : ''}`,
    ],
  };
}

/** Distance from (px, py) to the line segment (ax, ay)–(bx, by). */
export function distToSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}
