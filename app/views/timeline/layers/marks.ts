/**
 * Layer 7: marks — a cross where a failed attempt ended, and an `!` where the client read EOF
 * while h11's server role was still SEND_RESPONSE (a line from its h11 lane to the wire).
 */
import type { ConnSpans } from '../../../../sim-core';
import { COLORS, TIMELINE_COLORS } from '../../theme';
import { LANE_BOX, WIRE_CLIENT_Y } from '../model';
import type { Frame } from './frame';
import { cross } from './paint';

/** Where failure crosses go: [x, y] pairs. */
export function failurePoints(c: ConnSpans, y0: number, f: Frame): [number, number][] {
  const out: [number, number][] = [];
  for (const a of c.attempts) {
    if (a.ok !== false || a.end === null || a.end < f.d0 || a.end > f.d1) continue;
    out.push([f.xOf(a.end), y0 + WIRE_CLIENT_Y]);
  }
  return out;
}

/** The x of each visible EOF mark. */
export function eofMarkXs(c: ConnSpans, f: Frame): number[] {
  const out: number[] = [];
  for (const mark of c.eofMarks) {
    if (mark.t < f.d0 || mark.t > f.d1) continue;
    out.push(f.xOf(mark.t));
  }
  return out;
}

export function drawMarks(ctx: CanvasRenderingContext2D, c: ConnSpans, y0: number, f: Frame): void {
  for (const [x, y] of failurePoints(c, y0, f)) cross(ctx, x, y, 4, COLORS.fail);
  const h11 = LANE_BOX['h11.client'];
  for (const px of eofMarkXs(c, f)) {
    ctx.fillStyle = COLORS.race;
    ctx.fillRect(px - 0.75, y0 + h11.y - 1, 1.5, LANE_BOX.wire.y + LANE_BOX.wire.h - h11.y + 1);
    ctx.beginPath();
    ctx.arc(px, y0 + h11.y + h11.h / 2, 5.5, 0, Math.PI * 2);
    ctx.fillStyle = COLORS.race;
    ctx.fill();
    ctx.strokeStyle = TIMELINE_COLORS.knockout;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    const cy = y0 + h11.y + h11.h / 2;
    ctx.moveTo(px, cy - 3);
    ctx.lineTo(px, cy + 1);
    ctx.moveTo(px, cy + 2.4);
    ctx.lineTo(px, cy + 3.2);
    ctx.stroke();
  }
}
