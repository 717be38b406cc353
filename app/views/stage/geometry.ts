/** Stage geometry in SVG user units (the SVG scales to its container; 1200 units wide). */
export const STAGE_WIDTH = 1200;
export const HEADER_H = 56;
export const LANE_H = 70;
export const FOOTER_H = 20;

export const COL = {
  /** Pool column: connection id, the pool's belief, the client's expiry ring. */
  pool: { x: 8, w: 256, idX: 27, pillX: 52, pillW: 170, ringX: 244 },
  client: { x: 272, w: 162 },
  wire: { x1: 452, x2: 748 },
  server: { x: 766, w: 162 },
  /** Server app column: its state for this connection and its idle / processing timer ring. */
  app: { x: 936, w: 256, ringX: 1168 },
} as const;

export const WIRE_WIDTH = COL.wire.x2 - COL.wire.x1;

export const laneY = (lane: number) => HEADER_H + lane * LANE_H;

export const stageHeight = (lanes: number) => HEADER_H + Math.max(1, lanes) * LANE_H + FOOTER_H;

/** Vertical offset of a segment from the row's wire line (client→server above, server→client below). */
export const segmentDy = (from: 'client' | 'server', stack: number) =>
  (from === 'client' ? -1 : 1) * (12 + stack * 16);

/** x of a segment that has travelled `progress` of the way. */
export const segmentX = (from: 'client' | 'server', progress: number) =>
  from === 'client' ? COL.wire.x1 + progress * WIRE_WIDTH : COL.wire.x2 - progress * WIRE_WIDTH;
