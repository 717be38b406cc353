/**
 * Layer 9: text — the labels the other layers asked for, in order, each shortened to fit and left
 * out if it would overlap one already placed (its mark says enough); then each visible
 * connection's `#id` at its start on the wire.
 */
import type { ConnSpans } from '../../../../sim-core';
import { COLORS } from '../../theme';
import { GUTTER, LANE_BOX } from '../model';
import type { Frame, Label } from './frame';
import { ellipsize, FONT, haloText } from './paint';

export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
  color: string;
  center: boolean;
}

/** The labels that fit, shortened, and do not overlap an earlier one. */
export function placeLabels(labels: readonly Label[], width: (text: string) => number): PlacedLabel[] {
  const placed: [number, number, number, number][] = [];
  const out: PlacedLabel[] = [];
  for (const l of labels) {
    const text = ellipsize(l.text, l.max, width);
    if (!text) continue;
    const w = width(text);
    const x0 = l.center ? l.x - w / 2 : l.x;
    const box: [number, number, number, number] = [x0 - 2, l.y - 6, x0 + w + 2, l.y + 6];
    if (placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) continue;
    placed.push(box);
    out.push({ text, x: l.x, y: l.y, color: l.color, center: !!l.center });
  }
  return out;
}

export function drawLabels(
  ctx: CanvasRenderingContext2D,
  labels: readonly Label[],
  width: (text: string) => number,
): void {
  ctx.font = FONT.label;
  ctx.textBaseline = 'middle';
  for (const l of placeLabels(labels, width)) {
    ctx.textAlign = l.center ? 'center' : 'left';
    if (l.center) haloText(ctx, l.text, l.x, l.y, l.color);
    else {
      ctx.fillStyle = l.color;
      ctx.fillText(l.text, l.x, l.y);
    }
  }
}

/** Where a connection's `#id` goes (null: the connection is too narrow on screen). */
export function connLabelAt(c: ConnSpans, y0: number, f: Pick<Frame, 'xOf'>): [number, number] | null {
  const x = Math.max(GUTTER + 3, f.xOf(c.start) + 3);
  if (x > f.xOf(c.end) - 8) return null;
  return [x, y0 + LANE_BOX.wire.y + LANE_BOX.wire.h / 2];
}

export function drawConnLabel(ctx: CanvasRenderingContext2D, c: ConnSpans, y0: number, f: Frame): void {
  const at = connLabelAt(c, y0, f);
  if (!at) return;
  ctx.font = FONT.conn;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  haloText(ctx, `#${c.conn}`, at[0], at[1], COLORS.text);
}
