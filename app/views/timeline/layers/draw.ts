/**
 * One canvas frame, bottom to top: row stripes; per connection its wire band, state lanes,
 * timers and attempts (batched by colour); race windows and marks; segments; labels; the
 * connections' `#id`s; selection outlines; the gutter. Everything but the stripes and the
 * gutter is clipped to the plot.
 */
import type { ConnSpans } from '../../../../sim-core';
import { firstAliveAt, GUTTER, ROW_H } from '../model';
import { addAttempts } from './attempts';
import { type Frame, type Label, newRowPixels } from './frame';
import { drawGutter } from './gutter';
import { drawHighlights } from './highlights';
import { drawConnLabel, drawLabels } from './labels';
import { addLanes, type Looks } from './lanes';
import { drawMarks } from './marks';
import { FillBatch } from './paint';
import { drawRaceWindows, newRaceCursor } from './race';
import { drawRows } from './rows';
import { drawSegments } from './segments';
import { addTimers } from './timers';
import { addWire, flushWire } from './wire';

export interface FrameStats {
  segmentsDrawn: number;
}

export function drawFrame(
  ctx: CanvasRenderingContext2D,
  f: Frame,
  looks: Looks,
  textWidth: (text: string) => number,
): FrameStats {
  const { m, xOf, d0, d1 } = f;
  ctx.clearRect(0, 0, f.width, f.viewH);
  drawRows(ctx, f);

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, f.plotW, f.viewH);
  ctx.clip();

  const batch = new FillBatch();
  const labels: Label[] = [];
  const visibleConns: { c: ConnSpans; y0: number }[] = [];
  for (let r = f.r0; r <= f.r1; r++) {
    const row = m.rows[r]!;
    const y0 = r * ROW_H - f.scrollTop;
    const px = newRowPixels();
    for (let i = firstAliveAt(row, d0); i < row.conns.length && row.starts[i]! <= d1; i++) {
      const c = row.conns[i]!;
      visibleConns.push({ c, y0 });
      const xa = xOf(Math.max(c.start, d0));
      const xb = Math.max(xa + 1, xOf(Math.min(c.end, d1)));
      addWire(px, xa, xb, y0, batch);
      addLanes(c, y0, f, batch, labels, px, looks, textWidth);
      addTimers(c, y0, f, batch, px);
      addAttempts(c, y0, f, batch, labels, px);
    }
    flushWire(px, y0, batch);
  }
  batch.flush(ctx);
  const race = newRaceCursor();
  for (const { c, y0 } of visibleConns) {
    drawRaceWindows(ctx, c, y0, f, race);
    drawMarks(ctx, c, y0, f);
  }
  const segmentsDrawn = drawSegments(ctx, f, labels);
  drawLabels(ctx, labels, textWidth);
  for (const { c, y0 } of visibleConns) drawConnLabel(ctx, c, y0, f);
  drawHighlights(ctx, f);
  ctx.restore();

  drawGutter(ctx, f);
  return { segmentsDrawn };
}
