/**
 * Layer 5: attempts — a request/response pair as one shaded shape across the wire (labelled
 * `req N` when wide enough), a failed attempt as a red bar along the client's side.
 */
import type { ConnSpans } from '../../../../sim-core';
import { COLORS, TIMELINE_COLORS } from '../../theme';
import { LANE_BOX, WIRE_CLIENT_Y, WIRE_SERVER_Y } from '../model';
import type { Frame, Label, RectSink, RowPixels } from './frame';

export function addAttempts(
  c: ConnSpans,
  y0: number,
  f: Frame,
  out: RectSink,
  labels: Label[],
  px: RowPixels,
): void {
  const { xOf, d0, d1 } = f;
  const s = f.m.index.segments;
  for (const a of c.attempts) {
    const end = a.end ?? f.endAt;
    if (end < d0 || a.start > d1) continue;
    if (a.ok && a.requestRow >= 0 && a.responseRow >= 0) {
      const p1 = xOf(s.sentAt[a.requestRow]!);
      const p4 = xOf(s.arriveAt[a.responseRow]!);
      if (p4 - p1 < 2) continue; // invisible at this zoom: the segments say it
      const p2 = xOf(s.arriveAt[a.requestRow]!);
      const p3 = xOf(s.sentAt[a.responseRow]!);
      out.poly(TIMELINE_COLORS.attemptFill, [
        [p1, y0 + WIRE_CLIENT_Y],
        [p2, y0 + WIRE_SERVER_Y],
        [p3, y0 + WIRE_SERVER_Y],
        [p4, y0 + WIRE_CLIENT_Y],
      ]);
      if (p4 - p1 > 70) {
        labels.push({
          x: (p1 + p4) / 2,
          y: y0 + LANE_BOX.wire.y + LANE_BOX.wire.h / 2,
          text: `req ${a.req}`,
          color: TIMELINE_COLORS.attemptText,
          center: true,
          max: p4 - p1 - 8,
        });
      }
    } else if (a.ok === false) {
      const x0 = xOf(Math.max(a.start, d0));
      const x1 = Math.max(x0 + 1.5, xOf(Math.min(end, d1)));
      if (x1 <= px.fail + 1) continue;
      px.fail = x1;
      out.rect(COLORS.fail, x0, y0 + WIRE_CLIENT_Y - 1, x1 - x0, 3);
    }
  }
}
