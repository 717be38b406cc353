/**
 * One source for what things look like in every view: segment kinds (colour + shape), outcomes,
 * the race window and stale connections, timers. The same colours are CSS custom properties in app/styles/tokens.css.
 * Shapes differ as well as colours, so no distinction rests on colour alone.
 */
import type { SegmentFlag, Side } from '../../sim-core';

export type SegmentKind = 'SYN' | 'SYN-ACK' | 'ACK' | 'request' | 'response' | 'FIN' | 'RST';

export type Shape = 'diamond' | 'hollow-diamond' | 'dot' | 'pill' | 'triangle' | 'octagon';

export interface SegmentStyle {
  kind: SegmentKind;
  /** The glyph's colour (a graphic: at least 3:1 on the stage's white). */
  color: string;
  /** The colour of the kind's name written as text (legend): at least 4.5:1 on white (WCAG AA). */
  textColor: string;
  shape: Shape;
  /** Legend text. */
  name: string;
  description: string;
}

export const SEGMENT_STYLES: Record<SegmentKind, SegmentStyle> = {
  SYN: {
    kind: 'SYN',
    color: '#1d64c8',
    textColor: '#1d64c8',
    shape: 'diamond',
    name: 'SYN',
    description: 'opens a connection',
  },
  'SYN-ACK': {
    kind: 'SYN-ACK',
    color: '#0b7f91',
    textColor: '#0b7f91',
    shape: 'hollow-diamond',
    name: 'SYN-ACK',
    description: 'server accepts',
  },
  ACK: {
    kind: 'ACK',
    color: '#6b7280',
    textColor: '#6b7280',
    shape: 'dot',
    name: 'ACK',
    description: 'acknowledges',
  },
  request: {
    kind: 'request',
    color: '#4338ca',
    textColor: '#4338ca',
    shape: 'pill',
    name: 'request',
    description: 'HTTP request data',
  },
  response: {
    kind: 'response',
    color: '#15803d',
    textColor: '#15803d',
    shape: 'pill',
    name: 'response',
    description: 'HTTP response data',
  },
  FIN: {
    kind: 'FIN',
    color: '#d97706',
    textColor: '#9c4f06',
    shape: 'triangle',
    name: 'FIN',
    description: 'closes one direction',
  },
  RST: {
    kind: 'RST',
    color: '#7e22ce',
    textColor: '#7e22ce',
    shape: 'octagon',
    name: 'RST',
    description: 'resets the connection',
  },
};

export const SEGMENT_ORDER: readonly SegmentKind[] = [
  'SYN',
  'SYN-ACK',
  'ACK',
  'request',
  'response',
  'FIN',
  'RST',
];

export function segmentKind(flag: SegmentFlag | string, from: Side | string): SegmentKind {
  if (flag === 'DATA') return from === 'client' ? 'request' : 'response';
  return (SEGMENT_STYLES as Record<string, SegmentStyle>)[flag] ? (flag as SegmentKind) : 'ACK';
}

export const COLORS = {
  /** The race window (a request sent now crosses the FIN): red. */
  race: '#c4261d',
  raceFill: '#fdeceb',
  /** Stale (the FIN has arrived, the pool still believes it reusable): violet, 6.1:1 on its fill (the red 5.0:1 on its own). */
  stale: '#6d28d9',
  staleFill: '#f1eafe',
  fail: '#c8231b',
  ok: '#15803d',
  accent: '#2457c5',
  idleTimer: '#a16207',
  expiry: '#2563eb',
  processing: '#64748b',
  text: '#17202e',
  muted: '#556074',
  /** Secondary small text: the lightest grey with 4.5:1 on the page's lightest panels (#eef1f6 up). */
  faint: '#646e82',
  rowFill: '#f7f8fa',
  rowStroke: '#e3e7ee',
  wire: '#b8c0cc',
  warn: '#9a5b00',
} as const;

/**
 * The timeline's canvas (views/timeline/layers): row stripes, the gutter, the wire band, the
 * request/response shading, the race window's wash, selection outlines and text halos.
 */
export const TIMELINE_COLORS = {
  rowEven: '#ffffff',
  rowOdd: '#fbfcfd',
  rowLine: '#e6e9ef',
  gutter: COLORS.rowFill,
  gutterEdge: COLORS.rowStroke,
  wireBand: '#f1f4f8',
  wireSide: '#c4ccd8',
  attemptFill: 'rgba(67, 56, 202, 0.09)',
  attemptText: '#3730a3',
  raceFill: 'rgba(217, 45, 32, 0.16)',
  raceFillHover: 'rgba(217, 45, 32, 0.26)',
  staleFill: 'rgba(109, 40, 217, 0.1)',
  staleFillHover: 'rgba(109, 40, 217, 0.18)',
  /** Outline of the hovered entity (the selected one is `COLORS.accent`). */
  hoverOutline: 'rgba(36, 87, 197, 0.55)',
  segmentSelected: 'rgba(36, 87, 197, 0.45)',
  segmentHovered: 'rgba(36, 87, 197, 0.3)',
  halo: 'rgba(255,255,255,0.92)',
  /** The white under a failure cross and inside an EOF mark. */
  knockout: '#fff',
} as const;

/** Tones of a lane's state on the timeline: fill and text colour. */
export type StateTone = 'neutral' | 'busy' | 'ok' | 'warn' | 'closing' | 'bad' | 'faded';

export const STATE_TONES: Record<StateTone, { fill: string; text: string }> = {
  neutral: { fill: '#dfe5ee', text: '#334155' },
  busy: { fill: '#c7d7fb', text: '#1e3a8a' },
  ok: { fill: '#c3e7cf', text: '#14532d' },
  warn: { fill: '#fbd9a5', text: '#7c4a03' },
  closing: { fill: '#f1e4c9', text: '#7c4a03' },
  bad: { fill: '#f7b9b3', text: '#8f1711' },
  faded: { fill: '#eceef1', text: '#6b7280' },
};

/** An SVG path for a shape centred on (0, 0), pointing right (mirror it for right-to-left). */
export function shapePath(shape: Shape, size = 12): string {
  const r = size / 2;
  switch (shape) {
    case 'diamond':
    case 'hollow-diamond':
      return `M${-r},0L0,${-r}L${r},0L0,${r}Z`;
    case 'dot':
      return `M${-r * 0.75},0A${r * 0.75},${r * 0.75} 0 1 0 ${r * 0.75},0A${r * 0.75},${r * 0.75} 0 1 0 ${-r * 0.75},0Z`;
    case 'triangle':
      return `M${-r},${-r}L${r},0L${-r},${r}Z`;
    case 'octagon': {
      const a = r * 0.41;
      return `M${-a},${-r}L${a},${-r}L${r},${-a}L${r},${a}L${a},${r}L${-a},${r}L${-r},${a}L${-r},${-a}Z`;
    }
    case 'pill':
      return `M${-r},${-r * 0.7}H${r}V${r * 0.7}H${-r}Z`;
  }
}
