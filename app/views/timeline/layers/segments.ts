/**
 * Layer 8: segments — each a slanted line from its send (one side of the wire) to its delivery
 * (the other), with an arrowhead when wide enough and its flag or HTTP label when wider. Lines
 * and heads are collected per segment kind (one path each) and stroked in SEGMENT_ORDER.
 *
 * Level of detail: a segment narrower than 2 px is skipped if another of its kind on its row
 * starts in the same pixel column.
 */
import { countAtOrBefore, countBefore, SEGMENT_FLAGS, SIDES } from '../../../../sim-core';
import { SEGMENT_ORDER, SEGMENT_STYLES } from '../../theme';
import { ROW_H, WIRE_CLIENT_Y, WIRE_SERVER_Y } from '../model';
import type { Frame, Label, PathSink } from './frame';

/**
 * Adds the visible segments' lines and heads to `lines[kind]` / `heads[kind]` (kind: an index
 * into SEGMENT_ORDER) and their labels to `labels`; returns how many segments it drew.
 */
export function addSegments(f: Frame, lines: PathSink[], heads: PathSink[], labels: Label[]): number {
  const { m, xOf, d0, d1, r0, r1 } = f;
  const s = m.index.segments;
  const kinds = SEGMENT_ORDER.length;
  const lastPx = new Int32Array((r1 - r0 + 1) * kinds).fill(-1);
  const client = SIDES.indexOf('client');
  const data = SEGMENT_FLAGS.indexOf('DATA');
  const end = countAtOrBefore(s.sentAt, d1);
  let drawn = 0;
  for (let i = countBefore(s.sentAt, d0 - s.maxFlightUs); i < end; i++) {
    const arrive = s.arriveAt[i]!;
    if (arrive < d0) continue;
    const r = m.rowOfConn[s.conn[i]!] ?? -1;
    if (r < r0 || r > r1) continue;
    const fromClient = s.from[i] === client;
    const kind = m.segKind[i]!;
    const xa = xOf(s.sentAt[i]!);
    const xb = xOf(arrive);
    const key = (r - r0) * kinds + kind;
    const px = Math.round(xa);
    if (xb - xa < 2 && lastPx[key] === px) continue;
    lastPx[key] = px;
    const y0 = r * ROW_H - f.scrollTop;
    const ya = y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y);
    const yb = y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y);
    lines[kind]!.moveTo(xa, ya);
    lines[kind]!.lineTo(xb, yb);
    drawn++;
    const dx = xb - xa;
    const dy = yb - ya;
    const len = Math.hypot(dx, dy);
    if (dx > 6) {
      const ux = dx / len;
      const uy = dy / len;
      const hx = xb - ux * 6;
      const hy = yb - uy * 6;
      heads[kind]!.moveTo(xb, yb);
      heads[kind]!.lineTo(hx - uy * 3, hy + ux * 3);
      heads[kind]!.lineTo(hx + uy * 3, hy - ux * 3);
      heads[kind]!.closePath();
    }
    if (dx > (s.flag[i] === data ? 80 : 40)) {
      labels.push({
        x: (xa + xb) / 2,
        y: (ya + yb) / 2 + (fromClient ? -6 : 6),
        text: s.flag[i] === data && s.label[i]! >= 0 ? s.labels[s.label[i]!]! : SEGMENT_FLAGS[s.flag[i]!]!,
        // Text in the kind's text colour (contrast-safe on the canvas), lines in its line colour.
        color: SEGMENT_STYLES[SEGMENT_ORDER[kind]!].textColor,
        center: true,
        max: dx - 10,
      });
    }
  }
  return drawn;
}

/** Draws the visible segments; returns how many. */
export function drawSegments(ctx: CanvasRenderingContext2D, f: Frame, labels: Label[]): number {
  const lines = SEGMENT_ORDER.map(() => new Path2D());
  const heads = SEGMENT_ORDER.map(() => new Path2D());
  const drawn = addSegments(f, lines, heads, labels);
  ctx.lineWidth = 1.4;
  ctx.lineCap = 'round';
  for (let k = 0; k < SEGMENT_ORDER.length; k++) {
    const color = SEGMENT_STYLES[SEGMENT_ORDER[k]!].color;
    ctx.strokeStyle = color;
    ctx.stroke(lines[k]!);
    ctx.fillStyle = color;
    ctx.fill(heads[k]!);
  }
  return drawn;
}
