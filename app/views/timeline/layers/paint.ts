/** Canvas helpers the layers share: colour-batched fills, haloed text, crosses, text fitting. */
import { TIMELINE_COLORS } from '../../theme';
import type { RectSink } from './frame';

export const FONT = {
  label: '10px system-ui, sans-serif',
  strong: '600 10px system-ui, sans-serif',
  conn: '700 11px system-ui, sans-serif',
} as const;

/** Fills batched by colour: one path per colour per frame, filled in the order colours first appeared. */
export class FillBatch implements RectSink {
  private readonly paths = new Map<string, Path2D>();
  private readonly order: string[] = [];

  private path(color: string): Path2D {
    let p = this.paths.get(color);
    if (!p) {
      p = new Path2D();
      this.paths.set(color, p);
      this.order.push(color);
    }
    return p;
  }

  rect(color: string, x: number, y: number, w: number, h: number): void {
    this.path(color).rect(x, y, w, h);
  }

  poly(color: string, points: [number, number][]): void {
    const p = this.path(color);
    for (const [i, [x, y]] of points.entries()) {
      if (i === 0) p.moveTo(x, y);
      else p.lineTo(x, y);
    }
    p.closePath();
  }

  flush(ctx: CanvasRenderingContext2D): void {
    for (const color of this.order) {
      ctx.fillStyle = color;
      ctx.fill(this.paths.get(color)!);
    }
  }
}

export function haloText(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  color: string,
): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = TIMELINE_COLORS.halo;
  ctx.lineJoin = 'round';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

export function cross(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, color: string): void {
  ctx.strokeStyle = TIMELINE_COLORS.knockout;
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.stroke();
}

/** `text`, shortened with an ellipsis to fit `max` pixels (empty if nothing fits). */
export function ellipsize(text: string, max: number, width: (t: string) => number): string {
  if (width(text) <= max) return text;
  for (let n = text.length - 1; n > 2; n--) {
    const t = `${text.slice(0, n)}…`;
    if (width(t) <= max) return t;
  }
  return '';
}

/** Label widths in FONT.label, measured once each (the cache is dropped past 5,000 entries). */
export class TextWidths {
  private readonly widths = new Map<string, number>();
  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  readonly of = (text: string): number => {
    let w = this.widths.get(text);
    if (w === undefined) {
      this.ctx.font = FONT.label;
      w = this.ctx.measureText(text).width;
      if (this.widths.size > 5000) this.widths.clear();
      this.widths.set(text, w);
    }
    return w;
  };
}
