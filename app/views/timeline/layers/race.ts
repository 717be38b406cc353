/**
 * Layer 6: race windows and stale intervals over the lanes — a red wash with red edges while a
 * request sent would cross the server's FIN on the wire (the race window), a violet one while the
 * FIN has arrived and the pool still believes the connection reusable (stale); labelled with its
 * kind and length.
 */

import type { ConnSpans, RaceIntervalKind } from '../../../../sim-core';
import { formatDuration, INTERVAL_WORDS } from '../../../../sim-core';
import { COLORS, TIMELINE_COLORS } from '../../theme';
import { GUTTER, LANE_BOX, ROW_H, ROW_PAD_TOP } from '../model';
import type { Frame } from './frame';
import { FONT, haloText } from './paint';

export interface RaceBox {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  kind: RaceIntervalKind;
  /** The hovered connection's windows are washed darker. */
  hot: boolean;
  /** `race window · 4.75 ms`, `stale · 946 ms` at (labelX, labelY), right-aligned; null when too narrow. */
  label: string | null;
  labelX: number;
  labelY: number;
}

/** The last window drawn this frame: one covering the same pixels of the same row is skipped. */
export interface RaceCursor {
  end: number;
  rowY: number;
}

export const newRaceCursor = (): RaceCursor => ({ end: -1, rowY: Number.NaN });

export function raceBoxes(c: ConnSpans, y0: number, f: Frame, last: RaceCursor): RaceBox[] {
  const { xOf, d0, d1 } = f;
  const top = y0 + ROW_PAD_TOP - 3;
  const bottom = y0 + ROW_H - 6;
  const out: RaceBox[] = [];
  for (const w of f.m.windowsByConn.get(c.conn) ?? []) {
    if (w.end < d0 || w.start > d1) continue;
    const x0 = xOf(Math.max(w.start, d0));
    const x1 = Math.max(x0 + 2, xOf(Math.min(w.end, d1)));
    if (x1 <= last.end + 0.5 && y0 === last.rowY) continue; // same pixels as the last one
    last.end = x1;
    last.rowY = y0;
    const labelled = x1 - x0 > 90 && x1 - 130 > GUTTER;
    out.push({
      kind: w.kind,
      x0,
      x1,
      top,
      bottom,
      hot: f.hovered?.kind === 'conn' && f.hovered.id === c.conn,
      label: labelled ? `${INTERVAL_WORDS[w.kind].name} · ${formatDuration(w.end - w.start)}` : null,
      labelX: x1 - 4,
      labelY: y0 + LANE_BOX.wire.y + LANE_BOX.wire.h - 7,
    });
  }
  return out;
}

export function drawRaceWindows(
  ctx: CanvasRenderingContext2D,
  c: ConnSpans,
  y0: number,
  f: Frame,
  last: RaceCursor,
): void {
  for (const b of raceBoxes(c, y0, f, last)) {
    const stale = b.kind === 'stale';
    const edge = stale ? COLORS.stale : COLORS.race;
    ctx.fillStyle = stale
      ? b.hot
        ? TIMELINE_COLORS.staleFillHover
        : TIMELINE_COLORS.staleFill
      : b.hot
        ? TIMELINE_COLORS.raceFillHover
        : TIMELINE_COLORS.raceFill;
    ctx.fillRect(b.x0, b.top, b.x1 - b.x0, b.bottom - b.top);
    ctx.fillStyle = edge;
    ctx.fillRect(b.x0, b.top, b.x1 - b.x0, 2);
    ctx.fillRect(b.x0, b.bottom - 2, b.x1 - b.x0, 2);
    if (b.label) {
      ctx.font = FONT.strong;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      haloText(ctx, b.label, b.labelX, b.labelY, edge);
    }
  }
}
