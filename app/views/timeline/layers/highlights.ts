/**
 * Layer 10: outlines of the selected entity (strong) and the hovered one — a connection's row
 * span, each attempt of a request across the wire, a segment's line drawn thicker under it.
 */
import { requestInfo, SIDES, spansOf } from '../../../../sim-core';
import { sameSelection } from '../../../store/selectionSlice';
import type { Selection as AppSelection } from '../../../store/types';
import { COLORS, TIMELINE_COLORS } from '../../theme';
import { LANE_BOX, ROW_H, WIRE_CLIENT_Y, WIRE_SERVER_Y } from '../model';
import type { Frame } from './frame';

export type Outline =
  | { kind: 'rect'; x: number; y: number; w: number; h: number }
  | { kind: 'line'; x0: number; y0: number; x1: number; y1: number };

/** The shapes that outline `sel` in this frame (none if it is not on a row). */
export function outlineOf(sel: AppSelection, f: Frame): Outline[] {
  const { m, xOf, d0, d1, scrollTop } = f;
  if (sel.kind === 'conn') {
    const c = spansOf(m.spans, sel.id);
    if (!c) return [];
    const r = m.rowOfConn[c.conn]!;
    const y0 = r * ROW_H - scrollTop;
    const x0 = xOf(Math.max(c.start, d0)) - 1;
    const x1 = xOf(Math.min(c.end, d1)) + 1;
    return [{ kind: 'rect', x: x0, y: y0 + 2.5, w: Math.max(2, x1 - x0), h: ROW_H - 6 }];
  }
  if (sel.kind === 'req') {
    const out: Outline[] = [];
    for (const a of requestInfo(m.index, sel.id)?.attempts ?? []) {
      const row = m.rowOfConn[a.conn] ?? -1;
      if (row < 0) continue;
      const y0 = row * ROW_H - scrollTop;
      const x0 = xOf(Math.max(a.startAt, d0)) - 2;
      const x1 = xOf(Math.min(a.endAt ?? f.endAt, d1)) + 2;
      out.push({
        kind: 'rect',
        x: x0,
        y: y0 + LANE_BOX.wire.y - 2,
        w: Math.max(4, x1 - x0),
        h: LANE_BOX.wire.h + 4,
      });
    }
    return out;
  }
  const s = m.index.segments;
  const i = sel.id < s.rowOfSeg.length ? s.rowOfSeg[sel.id]! : -1;
  if (i < 0) return [];
  const row = m.rowOfConn[s.conn[i]!] ?? -1;
  if (row < 0) return [];
  const y0 = row * ROW_H - scrollTop;
  const fromClient = s.from[i] === SIDES.indexOf('client');
  return [
    {
      kind: 'line',
      x0: xOf(s.sentAt[i]!),
      y0: y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y),
      x1: xOf(s.arriveAt[i]!),
      y1: y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y),
    },
  ];
}

function outline(ctx: CanvasRenderingContext2D, sel: AppSelection, f: Frame, strong: boolean): void {
  ctx.strokeStyle = strong ? COLORS.accent : TIMELINE_COLORS.hoverOutline;
  ctx.lineWidth = strong ? 2 : 1.5;
  for (const o of outlineOf(sel, f)) {
    if (o.kind === 'rect') ctx.strokeRect(o.x, o.y, o.w, o.h);
    else {
      ctx.lineWidth = strong ? 4 : 3;
      ctx.strokeStyle = strong ? TIMELINE_COLORS.segmentSelected : TIMELINE_COLORS.segmentHovered;
      ctx.beginPath();
      ctx.moveTo(o.x0, o.y0);
      ctx.lineTo(o.x1, o.y1);
      ctx.stroke();
    }
  }
}

export function drawHighlights(ctx: CanvasRenderingContext2D, f: Frame): void {
  if (f.hovered && !sameSelection(f.hovered, f.selection)) outline(ctx, f.hovered, f, false);
  if (f.selection) outline(ctx, f.selection, f, true);
}
