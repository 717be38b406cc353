/**
 * The timeline, drawn without React: a Canvas for the dense layers (state lanes, segments,
 * attempts, race windows; layers/) and SVG for what is interactive or sparse (the overview with
 * its brush, the axis, the cursor). d3-zoom maps wheel, drag and pinch to a time scale from the
 * whole run down to microseconds (interaction.ts); every zoom frame redraws the canvas once
 * (coalesced to the animation frame). Cursor moves only move an SVG line.
 *
 * The parts: model.ts (what to draw, once per run) → this renderer (DOM, sizes, the draw loop)
 * with interaction.ts (pan/zoom/brush/keys), layers/ (one file per canvas layer), hitTest.ts,
 * overview.ts, axis.ts, tooltip.ts ← TimelineView.tsx (the thin React view).
 *
 * Level of detail: a mark narrower than a pixel is drawn only if it is the first in its pixel
 * column (per lane, per segment kind), so a frame draws at most a few marks per pixel however
 * many events the trace has; fills are batched by colour into one Path2D each.
 */
import { type Selection, select } from 'd3';
import type { TraceEvent, TraceIndex } from '../../../sim-core';
import type { Selection as AppSelection } from '../../store/types';
import { Axis } from './axis';
import { hitTest, type TimelineHit } from './hitTest';
import { TimelineInteraction } from './interaction';
import { drawFrame } from './layers/draw';
import type { Frame } from './layers/frame';
import { Looks } from './layers/lanes';
import { TextWidths } from './layers/paint';
import { AXIS_H, GUTTER, ROW_H, type TimelineModel, timelineModel } from './model';
import { Overview } from './overview';
import { Tooltip } from './tooltip';
import { type Domain, followCursor } from './viewport';

/** The tallest the rows area gets before it scrolls. */
const MAX_VIEW_H = 470;

export interface TimelineHandlers {
  select: (sel: AppSelection | null) => void;
  hover: (sel: AppSelection | null) => void;
  seek: (t: number) => void;
  /** The visible range changed by the person (zoom, pan, brush, buttons). */
  domain: (d: readonly [number, number] | null) => void;
}

export class TimelineRenderer {
  private readonly overview: Overview;
  private readonly scroll: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly sticky: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly overlay: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly zoomRect: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly cursorLine: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly axis: Axis;
  private readonly tooltip: Tooltip;
  private readonly interaction: TimelineInteraction;
  private readonly resizeObserver: ResizeObserver;
  private readonly looks = new Looks();
  private readonly textWidths: TextWidths;

  private model: TimelineModel | null = null;
  private width = 0;
  private plotW = 1;
  private viewH = ROW_H;
  private dpr = 1;
  private frame = 0;
  private cursor = 0;
  private selection: AppSelection | null = null;
  private hovered: AppSelection | null = null;
  /** Milliseconds the last canvas draw took (read by the benchmark). */
  lastDrawMs = 0;
  draws = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly handlers: TimelineHandlers,
  ) {
    host.classList.add('tl');
    host.replaceChildren();
    this.overview = new Overview(host);

    this.scroll = document.createElement('div');
    this.scroll.className = 'tl-scroll';
    this.sticky = document.createElement('div');
    this.sticky.className = 'tl-sticky';
    this.spacer = document.createElement('div');
    this.spacer.className = 'tl-spacer';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'tl-canvas';
    this.canvas.setAttribute('aria-hidden', 'true');
    this.sticky.append(this.canvas);
    this.scroll.append(this.sticky, this.spacer);
    host.append(this.scroll);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('timeline: no 2D canvas context');
    this.ctx = ctx;
    this.textWidths = new TextWidths(ctx);

    this.overlay = select(this.sticky).append('svg').attr('class', 'tl-overlay');
    const g = this.overlay.append('g').attr('transform', `translate(${GUTTER},0)`);
    this.zoomRect = g
      .append('rect')
      .attr('class', 'tl-zoom')
      .attr('tabindex', 0)
      .attr('role', 'application')
      .attr(
        'aria-label',
        'Timeline: scroll or pinch to zoom, drag to pan, click a segment, request or connection to select it, click empty space to move the cursor; + and − zoom, 0 shows the whole run',
      );
    this.cursorLine = g.append('line').attr('class', 'tl-cursor').attr('y1', 0);

    this.axis = new Axis(host, AXIS_H);
    this.tooltip = new Tooltip(host);

    this.interaction = new TimelineInteraction(
      {
        zoomRect: this.zoomRect,
        ovPlot: this.overview.plot,
        brushG: this.overview.brushG,
        scroll: this.scroll,
      },
      {
        onView: () => this.onView(),
        onDomain: (d) => this.handlers.domain(d),
        onSettle: () => this.markSettled(),
        cursor: () => this.cursor,
      },
    );

    this.scroll.addEventListener('scroll', () => this.requestDraw(), { passive: true });
    this.zoomRect.on('pointermove.hit', (e: PointerEvent) => this.onPointer(e));
    this.zoomRect.on('pointerleave.hit', () => {
      this.tooltip.hide();
      this.handlers.hover(null);
    });
    this.zoomRect.on('click.hit', (e: MouseEvent) => this.onClick(e));

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
    this.host.replaceChildren();
  }

  setReducedMotion(on: boolean): void {
    this.interaction.reducedMotion = on;
  }

  /** A new run: rebuild the model, keep the visible range if it still fits. */
  setRun(trace: readonly TraceEvent[], index: TraceIndex, domain: readonly [number, number] | null): void {
    this.model = timelineModel(trace, index);
    this.host.dataset.rows = String(this.model.rows.length);
    this.host.dataset.connections = String(this.model.spans.conns.length);
    this.resize(domain);
  }

  get domain(): [number, number] {
    return this.interaction.domain;
  }

  get endAt(): number {
    return this.model?.endAt ?? 1;
  }

  private resize(domain?: readonly [number, number] | null): void {
    const width = Math.max(320, Math.floor(this.host.clientWidth));
    const m = this.model;
    if (!m) return;
    const keep = domain === undefined ? this.domain : domain;
    this.width = width;
    this.plotW = Math.max(100, width - GUTTER - 8);
    const contentH = Math.max(1, m.rows.length) * ROW_H;
    this.viewH = Math.min(contentH, MAX_VIEW_H);
    this.dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    this.scroll.style.height = `${this.viewH}px`;
    this.sticky.style.height = `${this.viewH}px`;
    this.spacer.style.height = `${contentH - this.viewH}px`;
    // Assigning a canvas size reallocates and clears its bitmap even when the size is the same
    // (tens of ms at 1920 px, on every new run): only on a change. draw() clears and sets its
    // transform itself.
    const bitmapW = Math.round(width * this.dpr);
    const bitmapH = Math.round(this.viewH * this.dpr);
    if (this.canvas.width !== bitmapW) this.canvas.width = bitmapW;
    if (this.canvas.height !== bitmapH) this.canvas.height = bitmapH;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.viewH}px`;
    this.overlay.attr('width', width).attr('height', this.viewH);
    this.zoomRect.attr('width', this.plotW).attr('height', this.viewH);
    this.cursorLine.attr('y2', this.viewH);
    this.overview.svg.attr('width', width);
    this.axis.svg.attr('width', width);

    this.interaction.resize(m.endAt, this.plotW, this.viewH);
    this.overview.draw(m, this.interaction.base, this.plotW);
    this.interaction.applyDomain(keep && keep[1] > keep[0] ? keep : null, false);
  }

  /** Shows [d0, d1] (clamped to the run), or the whole run for null. */
  setDomain(domain: Domain | null, animate = false): void {
    if (!this.model) return;
    this.interaction.applyDomain(domain, animate);
  }

  /** Scrolls the rows so that connection `conn` is visible. */
  revealConnection(conn: number): void {
    const r = this.model?.rowOfConn[conn] ?? -1;
    if (r < 0) return;
    const top = r * ROW_H;
    const st = this.scroll.scrollTop;
    if (top < st || top + ROW_H > st + this.viewH)
      this.scroll.scrollTop = Math.max(0, top - (this.viewH - ROW_H) / 2);
  }

  /** Zoom by a factor around time t (or the centre). */
  zoomBy(factor: number, around?: number): void {
    this.interaction.zoomBy(factor, around);
  }

  /** A range chosen by the person through a button: animate, and tell the store. */
  userDomain(domain: Domain | null, animate = true): void {
    this.interaction.userDomain(domain, animate);
  }

  /** The visible range moved: axis, cursor, canvas and the data attributes follow. */
  private onView(): void {
    this.host.dataset.unit = this.axis.draw(this.interaction.x, this.plotW);
    this.placeCursor();
    this.requestDraw();
    const [d0, d1] = this.domain;
    this.host.dataset.domainStart = String(Math.round(d0));
    this.host.dataset.domainEnd = String(Math.round(d1));
    this.host.dataset.span = String(Math.round(d1 - d0));
  }

  // ── Cursor, selection ─────────────────────────────────────────────────────────────────────

  setCursor(t: number, playing: boolean): void {
    this.cursor = t;
    if (playing && this.model && !this.interaction.isWhole()) {
      // Follow the playback: page the view so the cursor is near its left edge.
      const next = followCursor(this.domain, t);
      if (next) {
        this.interaction.applyDomain(next, false);
        this.handlers.domain(this.domain);
      }
    }
    this.placeCursor();
  }

  private placeCursor(): void {
    const px = this.interaction.x(this.cursor);
    const visible = px >= 0 && px <= this.plotW;
    this.cursorLine
      .attr('x1', px)
      .attr('x2', px)
      .attr('visibility', visible ? 'visible' : 'hidden');
    this.overview.placeCursor(this.interaction.base(this.cursor));
    this.host.dataset.cursorUs = String(Math.round(this.cursor));
  }

  setSelection(selection: AppSelection | null, hovered: AppSelection | null): void {
    this.selection = selection;
    this.hovered = hovered;
    this.host.dataset.selected = selection ? `${selection.kind}:${selection.id}` : '';
    this.requestDraw();
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
      this.markSettled();
    });
    this.markSettled();
  }

  /**
   * `data-settled="true"`: no animation running and no draw waiting, i.e. the canvas shows the
   * range in `data-domain-*` (what screenshots and range assertions wait for).
   */
  private markSettled(): void {
    this.host.dataset.settled = String(!this.interaction.animating && this.frame === 0);
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────

  /** The frame the layers draw now. */
  private frameNow(m: TimelineModel): Frame {
    const scrollTop = this.scroll.scrollTop;
    const x = this.interaction.x;
    const [d0, d1] = this.domain;
    return {
      m,
      xOf: (t: number) => GUTTER + x(t),
      d0,
      d1,
      scrollTop,
      r0: Math.max(0, Math.floor(scrollTop / ROW_H)),
      r1: Math.min(m.rows.length - 1, Math.floor((scrollTop + this.viewH) / ROW_H)),
      width: this.width,
      plotW: this.plotW,
      viewH: this.viewH,
      endAt: this.endAt,
      selection: this.selection,
      hovered: this.hovered,
    };
  }

  /** Draws now (the benchmark and tests call it to time one frame). */
  draw(): void {
    const m = this.model;
    if (!m) return;
    const start = performance.now();
    this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const stats = drawFrame(this.ctx, this.frameNow(m), this.looks, this.textWidths.of);
    this.host.dataset.segmentsDrawn = String(stats.segmentsDrawn);
    this.lastDrawMs = performance.now() - start;
    this.draws++;
    // `npm run bench:timeline` collects draw times here when it has set the array up.
    (globalThis as { __rwTimelineDraws?: number[] }).__rwTimelineDraws?.push(this.lastDrawMs);
    this.host.dataset.draws = String(this.draws);
  }

  // ── Pointer ───────────────────────────────────────────────────────────────────────────────

  private pointerPos(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private onPointer(e: PointerEvent): void {
    if (e.buttons) {
      this.tooltip.hide();
      return;
    }
    const [px, py] = this.pointerPos(e);
    const hit = this.hitTest(px, py);
    this.handlers.hover(hit?.sel ?? null);
    if (!hit) {
      this.tooltip.hide();
      return;
    }
    this.tooltip.show(hit.lines, e.clientX, e.clientY);
  }

  private onClick(e: MouseEvent): void {
    if (e.defaultPrevented) return;
    const [px, py] = this.pointerPos(e);
    const hit = this.hitTest(px, py);
    if (hit) this.handlers.select(hit.sel);
    else if (px >= GUTTER)
      this.handlers.seek(Math.max(0, Math.min(this.endAt, this.interaction.x.invert(px - GUTTER))));
  }

  /** What is under (px, py) (canvas CSS pixels): a segment, a request's attempt, or a connection. */
  hitTest(px: number, py: number): TimelineHit | null {
    const m = this.model;
    if (!m) return null;
    return hitTest(m, { x: this.interaction.x, plotW: this.plotW, scrollTop: this.scroll.scrollTop }, px, py);
  }
}
