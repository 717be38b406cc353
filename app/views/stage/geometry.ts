/**
 * Stage geometry in SVG user units (the SVG scales to its container; 1200 units wide). Rows get
 * shorter when a run needs many of them, so ten connections still fit a laptop screen with every
 * label in its own place.
 */
export const STAGE_WIDTH = 1200;
export const HEADER_H = 56;
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

/** Vertical positions inside one row. */
export interface RowLayout {
  /** Row height. */
  h: number;
  /** The wire's y. */
  mid: number;
  idY: number;
  pillY: number;
  noteY: number;
  boxY: number;
  boxH: number;
  tcpY: number;
  h11Y: number;
  boxNoteY: number;
  ringY: number;
  /** The ring's time text, below the ring's centre. */
  ringTextDy: number;
  captionY: number;
  /** Segments sit this far from the wire, one `stackStep` further out per overlapping neighbour. */
  stackBase: number;
  stackStep: number;
}

const ROOMY: RowLayout = {
  h: 70,
  mid: 35,
  idY: 41,
  pillY: 13,
  noteY: 55,
  boxY: 8,
  boxH: 54,
  tcpY: 19,
  h11Y: 34,
  boxNoteY: 49,
  ringY: 29,
  ringTextDy: 29,
  captionY: 12,
  stackBase: 12,
  stackStep: 16,
};

const MEDIUM: RowLayout = {
  h: 60,
  mid: 30,
  idY: 36,
  pillY: 8,
  noteY: 47,
  boxY: 6,
  boxH: 48,
  tcpY: 17,
  h11Y: 30,
  boxNoteY: 43,
  ringY: 25,
  ringTextDy: 26,
  captionY: 10.5,
  stackBase: 11,
  stackStep: 14,
};

const COMPACT: RowLayout = {
  h: 52,
  mid: 26,
  idY: 32,
  pillY: 4,
  noteY: 41,
  boxY: 4,
  boxH: 44,
  tcpY: 15,
  h11Y: 27,
  boxNoteY: 39,
  ringY: 21,
  ringTextDy: 24,
  captionY: 9.5,
  stackBase: 10,
  stackStep: 14.5,
};

export function rowLayout(lanes: number): RowLayout {
  return lanes <= 5 ? ROOMY : lanes <= 7 ? MEDIUM : COMPACT;
}

export const laneY = (lane: number, layout: RowLayout) => HEADER_H + lane * layout.h;

export const stageHeight = (lanes: number) => HEADER_H + Math.max(1, lanes) * rowLayout(lanes).h + FOOTER_H;

/** Vertical offset of a segment from the row's wire line (client→server above, server→client below). */
export const segmentDy = (from: 'client' | 'server', stack: number, layout: RowLayout) =>
  (from === 'client' ? -1 : 1) * (layout.stackBase + stack * layout.stackStep);

/**
 * x of a segment that has travelled `progress` of the way. A segment `width` wide is kept inside
 * the wire, so a label that has just left (or is about to arrive) is not hidden under a socket box.
 */
export const segmentX = (from: 'client' | 'server', progress: number, width = 0) => {
  const x = from === 'client' ? COL.wire.x1 + progress * WIRE_WIDTH : COL.wire.x2 - progress * WIRE_WIDTH;
  const half = Math.min(width / 2, WIRE_WIDTH / 2);
  return Math.min(COL.wire.x2 - half, Math.max(COL.wire.x1 + half, x));
};

/**
 * The narrow stage (phones, a container under `NARROW_BELOW` CSS px): 360 units wide, so its
 * labels keep their size on a 390 px screen. Each connection is one tall card, its two sides
 * stacked: the pool's belief and the client socket on top, the wire running down, the server
 * socket and the server app below — both ends of the race in view without scrolling sideways.
 * The wide geometry above is unchanged; `layers/narrow.ts` draws this one.
 */
export const NARROW_BELOW = 720;

export const NARROW = {
  width: 360,
  /** Row height: one card per connection. */
  rowH: 322,
  pool: { idX: 22, pillX: 42, pillW: 236, pillY: 8, noteY: 50, ringX: 328, ringY: 24 },
  /** The two socket boxes, full width, one above the other; `y` inside the row. */
  box: { x: 36, w: 288, h: 52, tcpDy: 16, h11Dy: 31, noteDy: 45 },
  client: { y: 60 },
  server: { y: 214 },
  /** The vertical wire between the boxes, and the race caption on it. */
  wire: { x: 180, y1: 112, y2: 214, captionY: 127 },
  app: { x: 42, y: 294, ringX: 328, ringY: 288 },
  /**
   * The wire length the model stacks segments against: a segment overlaps its neighbour when
   * their progress differs by less than ~0.2 (a pill's height on the 102-unit wire), which is
   * what the model's width test gives at this length.
   */
  stackWire: 380,
  /** A stacked segment moves this much further from the wire (beside its neighbour, not over it). */
  stackStep: 92,
} as const;

export const narrowLaneY = (lane: number) => HEADER_H + lane * NARROW.rowH;

export const narrowStageHeight = (lanes: number) => HEADER_H + Math.max(1, lanes) * NARROW.rowH + FOOTER_H;

/**
 * Where a segment is on the narrow stage's vertical wire, in the row: requests go down on the
 * wire's left, answers come up on its right; a segment `halfH` high stays between the boxes.
 * `halfW` is half its visual width: a pill sits beside the wire, not on it (pure).
 */
export function narrowSegmentXY(
  from: 'client' | 'server',
  progress: number,
  stack: number,
  halfW: number,
  halfH = 10,
): { x: number; y: number } {
  const { x, y1, y2 } = NARROW.wire;
  const along = from === 'client' ? progress : 1 - progress;
  const y = Math.min(y2 - halfH, Math.max(y1 + halfH, y1 + along * (y2 - y1)));
  const side = from === 'client' ? -1 : 1;
  const out = x + side * (6 + halfW + stack * NARROW.stackStep);
  return { x: Math.min(NARROW.width - 4 - halfW, Math.max(4 + halfW, out)), y };
}

/**
 * The presenter stage (presenter mode on a laptop or a projector): readable from the back of a
 * room, i.e. its smallest label at least `minFont` units, which the presenter layout's SVG scale
 * (about 1.04 at 1280 px wide, 1.57 at 1920) turns into ≥ 16 px and ≥ 20 px. The wide stage's
 * five columns do not fit 1200 units at that size, so each row has three bands: on top the id, the
 * pool's belief and the server app's state, with the race caption between them; in the middle
 * the two socket boxes with the wire between them and a timer ring outside each; underneath the
 * row's note. Elements keep the wide stage's shapes and classes, each scaled as a group (`scale`),
 * so a pill still fits its label; at most `rows` connections are shown (the ones a step or the
 * failure points at first).
 */
export const PRESENTER = {
  width: STAGE_WIDTH,
  /** The smallest label, in user units (what `scale` below gives each class). */
  minFont: 16.5,
  rowH: 160,
  rows: 2,
  header: { titleY: 22, captionY: 50, titleFont: 20, captionFont: 16.5 },
  /** The top band: connection id, belief pill, race caption (centre), server app (right). */
  top: { idX: 30, idY: 31, pillX: 56, pillY: 6, captionY: 29, appX: 1188, appY: 29 },
  /** The socket boxes (wide-stage boxes, scaled) and the wire between them. */
  box: { y: 48, w: 162, h: 54, scale: 1.58, clientX: 206, serverX: 738 },
  wire: { x1: 462, x2: 738, y: 48 + (54 * 1.58) / 2 },
  rings: { expiryX: 46, serverX: 1034, scale: 1.95, textDx: 19 },
  noteY: 150,
  /** Per-element scales: each class's CSS size × its scale ≥ `minFont`. */
  scale: { id: 1.3, pill: 1.33, note: 1.45, caption: 1.58, app: 1.33, segment: 1.45 },
} as const;

export const PRESENTER_WIRE_WIDTH = PRESENTER.wire.x2 - PRESENTER.wire.x1;

export const presenterStageHeight = (rows: number) =>
  HEADER_H + Math.max(1, rows) * PRESENTER.rowH + FOOTER_H;

/**
 * Where a segment is on the presenter stage's wire (group origin), and its scale: along the wire
 * by progress with the scaled segment `width` kept inside it, requests above, answers below (pure).
 */
export function presenterSegmentXY(
  from: 'client' | 'server',
  progress: number,
  stack: number,
  width: number,
): { x: number; y: number } {
  const { x1, x2, y } = PRESENTER.wire;
  const k = PRESENTER.scale.segment;
  const half = Math.min((width * k) / 2, (x2 - x1) / 2);
  const along = from === 'client' ? x1 + progress * (x2 - x1) : x2 - progress * (x2 - x1);
  const dy = (from === 'client' ? -1 : 1) * (17 + stack * 29);
  return { x: Math.min(x2 - half, Math.max(x1 + half, along)), y: y + dy };
}
