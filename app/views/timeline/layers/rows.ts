/** Layer 1: row stripes and the line under each row, across the gutter and the plot. */
import { TIMELINE_COLORS } from '../../theme';
import { ROW_H } from '../model';
import type { Frame } from './frame';

export function drawRows(ctx: CanvasRenderingContext2D, f: Frame): void {
  for (let r = f.r0; r <= f.r1; r++) {
    const y0 = r * ROW_H - f.scrollTop;
    ctx.fillStyle = r % 2 ? TIMELINE_COLORS.rowOdd : TIMELINE_COLORS.rowEven;
    ctx.fillRect(0, y0, f.width, ROW_H);
    ctx.fillStyle = TIMELINE_COLORS.rowLine;
    ctx.fillRect(0, y0 + ROW_H - 1, f.width, 1);
  }
}
