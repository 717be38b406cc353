/** Layer 4: timers — the server's idle timer under its app lane, the client's expiry under the pool's. */
import type { ConnSpans } from '../../../../sim-core';
import { COLORS } from '../../theme';
import { LANE_BOX, TIMER_H } from '../model';
import type { Frame, RectSink, RowPixels } from './frame';

export function addTimers(c: ConnSpans, y0: number, f: Frame, out: RectSink, px: RowPixels): void {
  const { xOf, d0, d1 } = f;
  for (const tm of c.timers) {
    const idle = tm.timer === 'idle-timer';
    if (!idle && tm.timer !== 'expiry') continue;
    if (tm.end < d0 || tm.armedAt > d1) continue;
    const k = idle ? 0 : 1;
    const x0 = xOf(Math.max(tm.armedAt, d0));
    const x1 = Math.max(x0 + 1, xOf(Math.min(tm.end, d1)));
    if (x1 <= px.timer[k]! + 1) continue;
    px.timer[k] = x1;
    const box = idle ? LANE_BOX.server : LANE_BOX.belief;
    const color = idle ? COLORS.idleTimer : COLORS.expiry;
    out.rect(color, x0, y0 + box.y + box.h + 1, x1 - x0, TIMER_H);
    // A timer that fired ends in a tick.
    if (tm.ended === 'fired' && tm.end <= d1 && tm.end >= d0 && x1 - x0 > 3) {
      out.rect(color, xOf(tm.end) - 1, y0 + box.y + box.h - 2, 2, TIMER_H + 4);
    }
  }
}
