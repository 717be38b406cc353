/**
 * Layer 2: a connection's life on the wire — a faint band with the two sides as lines, merged
 * with the row's previous connection when they touch (which they do at a whole-run zoom).
 */
import { TIMELINE_COLORS } from '../../theme';
import { LANE_BOX, WIRE_CLIENT_Y, WIRE_SERVER_Y } from '../model';
import type { RectSink, RowPixels } from './frame';

/** Extends the row's pending wire band over [xa, xb], or flushes it and starts a new one. */
export function addWire(px: RowPixels, xa: number, xb: number, y0: number, out: RectSink): void {
  if (xa <= px.wireEnd + 1 && px.wireStart >= 0) px.wireEnd = Math.max(px.wireEnd, xb);
  else {
    flushWire(px, y0, out);
    px.wireStart = xa;
    px.wireEnd = xb;
  }
}

/** Emits the row's pending wire band, if any. */
export function flushWire(px: RowPixels, y0: number, out: RectSink): void {
  if (px.wireStart < 0) return;
  const w = px.wireEnd - px.wireStart;
  const wire = LANE_BOX.wire;
  out.rect(TIMELINE_COLORS.wireBand, px.wireStart, y0 + wire.y, w, wire.h);
  out.rect(TIMELINE_COLORS.wireSide, px.wireStart, y0 + WIRE_CLIENT_Y - 0.5, w, 1);
  out.rect(TIMELINE_COLORS.wireSide, px.wireStart, y0 + WIRE_SERVER_Y - 0.5, w, 1);
  px.wireStart = -1;
}
