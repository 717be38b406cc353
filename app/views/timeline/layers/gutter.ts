/** The last layer: the gutter on the left with each row's lane names and row number. */
import { COLORS, TIMELINE_COLORS } from '../../theme';
import { GUTTER, LANE_BOX, LANE_LABELS, ROW_H, ROW_LANES } from '../model';
import type { Frame } from './frame';
import { FONT } from './paint';

export function drawGutter(ctx: CanvasRenderingContext2D, f: Frame): void {
  ctx.fillStyle = TIMELINE_COLORS.gutter;
  ctx.fillRect(0, 0, GUTTER - 4, f.viewH);
  ctx.fillStyle = TIMELINE_COLORS.gutterEdge;
  ctx.fillRect(GUTTER - 4, 0, 1, f.viewH);
  ctx.font = FONT.label;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let r = f.r0; r <= f.r1; r++) {
    const y0 = r * ROW_H - f.scrollTop;
    for (const box of ROW_LANES) {
      if (box.key === 'wire') continue;
      ctx.fillStyle = COLORS.muted;
      ctx.fillText(LANE_LABELS[box.key], GUTTER - 9, y0 + box.y + box.h / 2);
    }
    ctx.font = FONT.strong;
    ctx.fillStyle = COLORS.faint;
    ctx.fillText(`row ${r + 1}`, GUTTER - 9, y0 + LANE_BOX.wire.y + LANE_BOX.wire.h / 2);
    ctx.font = FONT.label;
    ctx.fillStyle = TIMELINE_COLORS.rowLine;
    ctx.fillRect(0, y0 + ROW_H - 1, GUTTER - 4, 1);
  }
}
