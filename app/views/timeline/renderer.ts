/**
 * The timeline, drawn without React: a Canvas for the dense layers (state lanes, segments,
 * attempts, race windows) and SVG for what is interactive or sparse (the overview with its brush,
 * the axis, the cursor). d3-zoom maps wheel, drag and pinch to a time scale from the whole run
 * down to microseconds; every zoom frame redraws the canvas once (coalesced to the animation
 * frame). Cursor moves only move an SVG line.
 *
 * Level of detail: a mark narrower than a pixel is drawn only if it is the first in its pixel
 * column (per lane, per segment kind), so a frame draws at most a few marks per pixel however
 * many events the trace has; fills are batched by colour into one Path2D each.
 */
import {
  type BrushBehavior,
  brushX,
  type D3BrushEvent,
  type D3ZoomEvent,
  pointer,
  type ScaleLinear,
  type Selection,
  scaleLinear,
  select,
  type ZoomBehavior,
  type ZoomTransform,
  zoom,
  zoomIdentity,
} from 'd3';
import { formatDuration } from '../../../sim-core/trace/duration';
import type { TraceEvent } from '../../../sim-core/trace/events';
import {
  type ConnSpans,
  firstEndingAfter,
  STATE_LANE_NAMES,
  STATE_LANES,
  type StateLane,
  spanAt,
  spansOf,
} from '../../../sim-core/trace/spans';
import { countAtOrBefore, countBefore, eventDensity } from '../../../sim-core/trace/timeSearch';
import { requestInfo, SEGMENT_FLAGS, SIDES, type TraceIndex } from '../../../sim-core/trace/traceIndex';
import type { Selection as AppSelection } from '../../store/types';
import { COLORS, SEGMENT_ORDER, SEGMENT_STYLES } from '../theme';
import {
  AXIS_H,
  firstAliveAt,
  GUTTER,
  LANE_BOX,
  LANE_LABELS,
  OVERVIEW_H,
  ROW_H,
  ROW_LANES,
  ROW_PAD_TOP,
  type StateLook,
  stateLook,
  TIMER_H,
  type TimelineModel,
  timelineModel,
  WIRE_CLIENT_Y,
  WIRE_SERVER_Y,
} from './model';
import { axisTicks, formatSpan } from './timeAxis';

/** The narrowest time range one can zoom to (µs). */
export const MIN_SPAN_US = 10;
/** The tallest the rows area gets before it scrolls. */
const MAX_VIEW_H = 470;

export interface TimelineHandlers {
  select: (sel: AppSelection | null) => void;
  hover: (sel: AppSelection | null) => void;
  seek: (t: number) => void;
  /** The visible range changed by the person (zoom, pan, brush, buttons). */
  domain: (d: readonly [number, number] | null) => void;
}

export interface TimelineHit {
  sel: AppSelection;
  t: number;
  lines: string[];
}

const RACE_FILL = 'rgba(217, 45, 32, 0.11)';
const RACE_FILL_HOVER = 'rgba(217, 45, 32, 0.2)';

export class TimelineRenderer {
  private readonly overview: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly ovPlot: Selection<SVGGElement, unknown, null, undefined>;
  private readonly scroll: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly sticky: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly overlay: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly zoomRect: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly cursorLine: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly ovCursor: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly axis: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly tooltip: HTMLDivElement;
  private readonly zoomer: ZoomBehavior<SVGRectElement, unknown>;
  private readonly brusher: BrushBehavior<unknown>;
  private readonly brushG: Selection<SVGGElement, unknown, null, undefined>;
  private readonly resizeObserver: ResizeObserver;

  private model: TimelineModel | null = null;
  private base: ScaleLinear<number, number> = scaleLinear();
  private x: ScaleLinear<number, number> = scaleLinear();
  private width = 0;
  private plotW = 1;
  private viewH = ROW_H;
  private dpr = 1;
  private frame = 0;
  /** Whether a button's animated zoom is running (the latest one: a new one interrupts it). */
  private animating = false;
  private animation = 0;
  private cursor = 0;
  private selection: AppSelection | null = null;
  private hovered: AppSelection | null = null;
  private applyingExternal = false;
  private brushing = false;
  private reducedMotion = false;
  private labelWidths = new Map<string, number>();
  /** Milliseconds the last canvas draw took (read by the benchmark). */
  lastDrawMs = 0;
  draws = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly handlers: TimelineHandlers,
  ) {
    host.classList.add('tl');
    host.replaceChildren();
    this.overview = select(host)
      .append('svg')
      .attr('class', 'tl-overview')
      .attr('height', OVERVIEW_H)
      .attr(
        'aria-label',
        'Whole run: event density, failures (red ticks) and race windows; drag to choose the range shown below',
      );
    this.overview.append('text').attr('class', 'tl-ov-caption').attr('x', 6).attr('y', 16).text('whole run');
    this.overview
      .append('text')
      .attr('class', 'tl-ov-caption tl-ov-sub')
      .attr('x', 6)
      .attr('y', 30)
      .text('drag to zoom');
    this.ovPlot = this.overview.append('g').attr('transform', `translate(${GUTTER},0)`);
    this.ovPlot.append('path').attr('class', 'tl-density');
    this.ovPlot.append('path').attr('class', 'tl-ov-race');
    this.ovPlot.append('path').attr('class', 'tl-ov-fail');
    this.brushG = this.ovPlot.append('g').attr('class', 'tl-brush');
    this.ovCursor = this.ovPlot
      .append('line')
      .attr('class', 'tl-cursor')
      .attr('y1', 0)
      .attr('y2', OVERVIEW_H);

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

    this.axis = select(host).append('svg').attr('class', 'tl-axis').attr('height', AXIS_H);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'tl-tooltip';
    this.tooltip.hidden = true;
    host.append(this.tooltip);

    this.zoomer = zoom<SVGRectElement, unknown>()
      .filter((event: Event) => {
        // Shift + wheel scrolls the rows; everything else zooms or pans.
        if (event.type === 'wheel') return !(event as WheelEvent).shiftKey;
        if (event.type === 'dblclick') return false;
        return !(event as MouseEvent).button;
      })
      .on('zoom', (e: D3ZoomEvent<SVGRectElement, unknown>) => this.onZoom(e));
    this.zoomRect.call(this.zoomer);

    this.brusher = brushX<unknown>()
      .extent([
        [0, 3],
        [1, OVERVIEW_H - 3],
      ])
      .on('brush end', (e: D3BrushEvent<unknown>) => this.onBrush(e));
    this.brushG.call(this.brusher);

    this.scroll.addEventListener('scroll', () => this.requestDraw(), { passive: true });
    this.scroll.addEventListener(
      'wheel',
      (e) => {
        if (!e.shiftKey) return;
        e.preventDefault();
        this.scroll.scrollTop += e.deltaY || e.deltaX;
      },
      { passive: false },
    );
    this.zoomRect.on('pointermove.hit', (e: PointerEvent) => this.onPointer(e));
    this.zoomRect.on('pointerleave.hit', () => {
      this.tooltip.hidden = true;
      this.handlers.hover(null);
    });
    this.zoomRect.on('click.hit', (e: MouseEvent) => this.onClick(e));
    this.zoomRect.on('keydown', (e: KeyboardEvent) => this.onKey(e));

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
    this.host.replaceChildren();
  }

  setReducedMotion(on: boolean): void {
    this.reducedMotion = on;
  }

  /** A new run: rebuild the model, keep the visible range if it still fits. */
  setRun(trace: readonly TraceEvent[], index: TraceIndex, domain: readonly [number, number] | null): void {
    this.model = timelineModel(trace, index);
    this.host.dataset.rows = String(this.model.rows.length);
    this.host.dataset.connections = String(this.model.spans.conns.length);
    this.resize(domain);
  }

  get domain(): [number, number] {
    const [a, b] = this.x.domain();
    return [a!, b!];
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
    this.canvas.width = Math.round(width * this.dpr);
    this.canvas.height = Math.round(this.viewH * this.dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.viewH}px`;
    this.overlay.attr('width', width).attr('height', this.viewH);
    this.zoomRect.attr('width', this.plotW).attr('height', this.viewH);
    this.cursorLine.attr('y2', this.viewH);
    this.overview.attr('width', width);
    this.axis.attr('width', width);

    this.base = scaleLinear().domain([0, m.endAt]).range([0, this.plotW]);
    const kMax = Math.max(1, m.endAt / MIN_SPAN_US);
    this.zoomer
      .scaleExtent([1, kMax])
      .extent([
        [0, 0],
        [this.plotW, this.viewH],
      ])
      .translateExtent([
        [0, 0],
        [this.plotW, this.viewH],
      ]);
    this.brusher.extent([
      [0, 3],
      [this.plotW, OVERVIEW_H - 3],
    ]);
    this.brushG.call(this.brusher);
    this.drawOverview();
    this.applyDomain(keep && keep[1] > keep[0] ? keep : null, false);
  }

  /** Shows [d0, d1] (clamped to the run), or the whole run for null. */
  setDomain(domain: readonly [number, number] | null, animate = false): void {
    if (!this.model) return;
    this.applyDomain(domain, animate);
  }

  private transformFor(domain: readonly [number, number] | null): ZoomTransform {
    const m = this.model!;
    if (!domain) return zoomIdentity;
    let [d0, d1] = domain;
    const span = Math.min(m.endAt, Math.max(MIN_SPAN_US, d1 - d0));
    d0 = Math.max(0, Math.min(m.endAt - span, d0));
    d1 = d0 + span;
    const k = m.endAt / span;
    return zoomIdentity.scale(k).translate(-this.base(d0), 0);
  }

  private applyDomain(domain: readonly [number, number] | null, animate: boolean): void {
    const t = this.transformFor(domain);
    this.applyingExternal = true;
    try {
      if (animate && !this.reducedMotion) {
        const tr = this.zoomRect.transition().duration(450);
        const id = ++this.animation;
        this.animating = true;
        this.markSettled();
        tr.on('end.settled interrupt.settled', () => {
          if (id !== this.animation) return;
          this.animating = false;
          this.markSettled();
        });
        tr.call(this.zoomer.transform, t);
      } else {
        this.zoomRect.call(this.zoomer.transform, t);
      }
    } finally {
      this.applyingExternal = false;
    }
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
    const [d0, d1] = this.domain;
    const c = around ?? (d0 + d1) / 2;
    const span = (d1 - d0) / factor;
    const f = (c - d0) / (d1 - d0);
    this.userDomain([c - f * span, c - f * span + span], true);
  }

  /** A range chosen by the person through a button: animate, and tell the store. */
  userDomain(domain: readonly [number, number] | null, animate = true): void {
    this.applyDomain(domain, animate);
    if (!animate || this.reducedMotion) this.handlers.domain(this.isWhole() ? null : this.domain);
  }

  private isWhole(): boolean {
    const [d0, d1] = this.domain;
    return d0 <= 0 && d1 >= this.endAt;
  }

  private onZoom(e: D3ZoomEvent<SVGRectElement, unknown>): void {
    this.x = e.transform.rescaleX(this.base);
    this.updateBrush();
    this.drawAxis();
    this.placeCursor();
    this.requestDraw();
    const [d0, d1] = this.domain;
    this.host.dataset.domainStart = String(Math.round(d0));
    this.host.dataset.domainEnd = String(Math.round(d1));
    this.host.dataset.span = String(Math.round(d1 - d0));
    if (!this.applyingExternal && !this.brushing) {
      // A gesture, a button's animation, or the brush: the store follows.
      this.handlers.domain(this.isWhole() ? null : [d0, d1]);
    }
  }

  private updateBrush(): void {
    if (this.brushing) return;
    const [d0, d1] = this.domain;
    this.brushing = true;
    try {
      // The whole run shows no brush, so that a drag anywhere on the overview draws a new one.
      this.brushG.call(this.brusher.move, this.isWhole() ? null : [this.base(d0), this.base(d1)]);
    } finally {
      this.brushing = false;
    }
  }

  private onBrush(e: D3BrushEvent<unknown>): void {
    if (this.brushing || !e.sourceEvent) return;
    const sel = e.selection as [number, number] | null;
    if (!sel) {
      // A click on the overview: centre the current span there.
      const [d0, d1] = this.domain;
      const span = d1 - d0;
      const [px] = pointer(e.sourceEvent as MouseEvent, this.ovPlot.node()!);
      const c = this.base.invert(px);
      this.userDomain([c - span / 2, c + span / 2], true);
      return;
    }
    const d: [number, number] = [this.base.invert(sel[0]), this.base.invert(sel[1])];
    this.brushing = true;
    try {
      this.zoomRect.call(this.zoomer.transform, this.transformFor(d));
    } finally {
      this.brushing = false;
    }
    this.handlers.domain(this.isWhole() ? null : this.domain);
  }

  private onKey(e: KeyboardEvent): void {
    const cursorInView = this.cursor >= this.domain[0] && this.cursor <= this.domain[1];
    const around = cursorInView ? this.cursor : undefined;
    if (e.key === '+' || e.key === '=') this.zoomBy(2, around);
    else if (e.key === '-' || e.key === '_') this.zoomBy(0.5, around);
    else if (e.key === '0') this.userDomain(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  // ── Cursor, selection ─────────────────────────────────────────────────────────────────────

  setCursor(t: number, playing: boolean): void {
    this.cursor = t;
    if (playing && this.model && !this.isWhole()) {
      const [d0, d1] = this.domain;
      if (t > d1 || t < d0) {
        // Follow the playback: page the view so the cursor is near its left edge.
        const span = d1 - d0;
        this.applyDomain([t - span * 0.1, t + span * 0.9], false);
        this.handlers.domain(this.domain);
      }
    }
    this.placeCursor();
  }

  private placeCursor(): void {
    const px = this.x(this.cursor);
    const visible = px >= 0 && px <= this.plotW;
    this.cursorLine
      .attr('x1', px)
      .attr('x2', px)
      .attr('visibility', visible ? 'visible' : 'hidden');
    const ov = this.base(this.cursor);
    this.ovCursor.attr('x1', ov).attr('x2', ov);
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
    this.host.dataset.settled = String(!this.animating && this.frame === 0);
  }

  // ── Drawing ───────────────────────────────────────────────────────────────────────────────

  /** Draws now (the benchmark and tests call it to time one frame). */
  draw(): void {
    const m = this.model;
    if (!m) return;
    const start = performance.now();
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.viewH);
    const scrollTop = this.scroll.scrollTop;
    const r0 = Math.max(0, Math.floor(scrollTop / ROW_H));
    const r1 = Math.min(m.rows.length - 1, Math.floor((scrollTop + this.viewH) / ROW_H));
    const [d0, d1] = this.domain;
    const X = (t: number) => GUTTER + this.x(t);
    const batch = new FillBatch();
    const labels: Label[] = [];

    // Row backgrounds and lane guides.
    for (let r = r0; r <= r1; r++) {
      const y0 = r * ROW_H - scrollTop;
      ctx.fillStyle = r % 2 ? '#fbfcfd' : '#ffffff';
      ctx.fillRect(0, y0, this.width, ROW_H);
      ctx.fillStyle = '#e6e9ef';
      ctx.fillRect(0, y0 + ROW_H - 1, this.width, 1);
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, 0, this.plotW, this.viewH);
    ctx.clip();

    const visibleConns: { c: ConnSpans; y0: number }[] = [];
    for (let r = r0; r <= r1; r++) {
      const row = m.rows[r]!;
      const y0 = r * ROW_H - scrollTop;
      const px = newRowPixels();
      for (let i = firstAliveAt(row, d0); i < row.conns.length && row.starts[i]! <= d1; i++) {
        const c = row.conns[i]!;
        visibleConns.push({ c, y0 });
        this.drawConnection(c, y0, X, d0, d1, batch, labels, px);
      }
      this.flushWire(px, y0, batch);
    }
    batch.flush(ctx);
    this.raceEnd = -1;
    for (const { c, y0 } of visibleConns) this.drawOverlays(c, y0, X, d0, d1);
    this.drawSegments(r0, r1, scrollTop, X, d0, d1, labels);
    this.drawLabels(labels);
    for (const { c, y0 } of visibleConns) this.drawConnLabel(c, y0, X);
    this.drawHighlights(scrollTop, X, d0, d1);
    ctx.restore();

    this.drawGutter(r0, r1, scrollTop);
    this.lastDrawMs = performance.now() - start;
    this.draws++;
    // `npm run bench:timeline` collects draw times here when it has set the array up.
    (globalThis as { __rwTimelineDraws?: number[] }).__rwTimelineDraws?.push(this.lastDrawMs);
    this.host.dataset.draws = String(this.draws);
  }

  private drawConnection(
    c: ConnSpans,
    y0: number,
    X: (t: number) => number,
    d0: number,
    d1: number,
    batch: FillBatch,
    labels: Label[],
    px: RowPixels,
  ): void {
    const xa = X(Math.max(c.start, d0));
    const xb = Math.max(xa + 1, X(Math.min(c.end, d1)));
    // The connection's life on the wire: a faint band with the two sides as lines (merged with
    // the row's previous connection when they touch, which they do at a whole-run zoom).
    if (xa <= px.wireEnd + 1 && px.wireStart >= 0) px.wireEnd = Math.max(px.wireEnd, xb);
    else {
      this.flushWire(px, y0, batch);
      px.wireStart = xa;
      px.wireEnd = xb;
    }

    for (let l = 0; l < STATE_LANES.length; l++) {
      const lane = STATE_LANES[l]!;
      const box = LANE_BOX[lane];
      const list = c.states[lane];
      for (let i = firstEndingAfter(list, d0); i < list.length; i++) {
        const s = list[i]!;
        if (s.start > d1) break;
        const look = this.look(lane, s.state);
        if (!look.fill) continue;
        let x0 = X(Math.max(s.start, d0));
        let x1 = X(Math.min(s.end, d1));
        if (x1 - x0 < 1) {
          // Narrower than a pixel: the first mark in a pixel column stands for the rest.
          const p = Math.floor(x0);
          if (p <= px.lane[l]!) continue;
          px.lane[l] = p;
          x0 = p;
          x1 = p + 1;
        } else {
          px.lane[l] = Math.floor(x1);
        }
        batch.rect(look.fill, x0, y0 + box.y, x1 - x0, box.h);
        if (x1 - x0 > 24) {
          const w = this.textWidth(look.label);
          if (x1 - x0 > w + 8)
            labels.push({
              x: Math.max(x0, GUTTER) + 4,
              y: y0 + box.y + box.h / 2,
              text: look.label,
              color: look.text,
              max: x1 - Math.max(x0, GUTTER) - 6,
            });
        }
      }
    }
    // Timers: the server's idle timer under its app lane, the client's expiry under the pool's.
    for (const tm of c.timers) {
      const idle = tm.timer === 'idle-timer';
      if (!idle && tm.timer !== 'expiry') continue;
      if (tm.end < d0 || tm.armedAt > d1) continue;
      const k = idle ? 0 : 1;
      const x0 = X(Math.max(tm.armedAt, d0));
      const x1 = Math.max(x0 + 1, X(Math.min(tm.end, d1)));
      if (x1 <= px.timer[k]! + 1) continue;
      px.timer[k] = x1;
      const box = idle ? LANE_BOX.server : LANE_BOX.belief;
      const color = idle ? COLORS.idleTimer : COLORS.expiry;
      batch.rect(color, x0, y0 + box.y + box.h + 1, x1 - x0, TIMER_H);
      if (tm.ended === 'fired' && tm.end <= d1 && tm.end >= d0 && x1 - x0 > 3) {
        batch.rect(color, X(tm.end) - 1, y0 + box.y + box.h - 2, 2, TIMER_H + 4);
      }
    }
    // Attempts: the request/response pair as one shaded shape across the wire.
    const s = this.model!.index.segments;
    for (const a of c.attempts) {
      const end = a.end ?? this.endAt;
      if (end < d0 || a.start > d1) continue;
      if (a.ok && a.requestRow >= 0 && a.responseRow >= 0) {
        const p1 = X(s.sentAt[a.requestRow]!);
        const p4 = X(s.arriveAt[a.responseRow]!);
        if (p4 - p1 < 2) continue; // invisible at this zoom: the segments say it
        const p2 = X(s.arriveAt[a.requestRow]!);
        const p3 = X(s.sentAt[a.responseRow]!);
        batch.poly('rgba(67, 56, 202, 0.09)', [
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
            color: '#3730a3',
            center: true,
            max: p4 - p1 - 8,
          });
        }
      } else if (a.ok === false) {
        const x0 = X(Math.max(a.start, d0));
        const x1 = Math.max(x0 + 1.5, X(Math.min(end, d1)));
        if (x1 <= px.fail + 1) continue;
        px.fail = x1;
        batch.rect(COLORS.fail, x0, y0 + WIRE_CLIENT_Y - 1, x1 - x0, 3);
      }
    }
  }

  private flushWire(px: RowPixels, y0: number, batch: FillBatch): void {
    if (px.wireStart < 0) return;
    const w = px.wireEnd - px.wireStart;
    const wire = LANE_BOX.wire;
    batch.rect('#f1f4f8', px.wireStart, y0 + wire.y, w, wire.h);
    batch.rect('#c4ccd8', px.wireStart, y0 + WIRE_CLIENT_Y - 0.5, w, 1);
    batch.rect('#c4ccd8', px.wireStart, y0 + WIRE_SERVER_Y - 0.5, w, 1);
    px.wireStart = -1;
  }

  private raceEnd = -1;
  private raceRowY = Number.NaN;
  private readonly looks = new Map<string, StateLook>();
  private look(lane: StateLane, value: string): StateLook {
    const key = `${lane}\u0000${value}`;
    let look = this.looks.get(key);
    if (!look) {
      look = stateLook(lane, value);
      this.looks.set(key, look);
    }
    return look;
  }

  /** Race windows on top of the lanes, EOF marks, failure crosses. */
  private drawOverlays(c: ConnSpans, y0: number, X: (t: number) => number, d0: number, d1: number): void {
    const ctx = this.ctx;
    const top = y0 + ROW_PAD_TOP - 3;
    const bottom = y0 + ROW_H - 6;
    for (const w of this.model!.windowsByConn.get(c.conn) ?? []) {
      if (w.end < d0 || w.start > d1) continue;
      const x0 = X(Math.max(w.start, d0));
      const x1 = Math.max(x0 + 2, X(Math.min(w.end, d1)));
      if (x1 <= this.raceEnd + 0.5 && y0 === this.raceRowY) continue; // same pixels as the last one
      this.raceEnd = x1;
      this.raceRowY = y0;
      const hot = this.hovered?.kind === 'conn' && this.hovered.id === c.conn;
      ctx.fillStyle = hot ? RACE_FILL_HOVER : RACE_FILL;
      ctx.fillRect(x0, top, x1 - x0, bottom - top);
      ctx.fillStyle = COLORS.race;
      ctx.fillRect(x0, top, x1 - x0, 2);
      ctx.fillRect(x0, bottom - 2, x1 - x0, 2);
      if (x1 - x0 > 90 && x1 - 130 > GUTTER) {
        ctx.font = '600 10px system-ui, sans-serif';
        ctx.textBaseline = 'middle';
        ctx.textAlign = 'right';
        haloText(
          ctx,
          `race window · ${formatDuration(w.end - w.start)}`,
          x1 - 4,
          y0 + LANE_BOX.wire.y + LANE_BOX.wire.h - 7,
          COLORS.race,
        );
      }
    }
    for (const a of c.attempts) {
      if (a.ok !== false || a.end === null || a.end < d0 || a.end > d1) continue;
      cross(ctx, X(a.end), y0 + WIRE_CLIENT_Y, 4, COLORS.fail);
    }
    for (const mark of c.eofMarks) {
      if (mark.t < d0 || mark.t > d1) continue;
      const px = X(mark.t);
      const h11 = LANE_BOX['h11.client'];
      ctx.fillStyle = COLORS.race;
      ctx.fillRect(px - 0.75, y0 + h11.y - 1, 1.5, LANE_BOX.wire.y + LANE_BOX.wire.h - h11.y + 1);
      ctx.beginPath();
      ctx.arc(px, y0 + h11.y + h11.h / 2, 5.5, 0, Math.PI * 2);
      ctx.fillStyle = COLORS.race;
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      const cy = y0 + h11.y + h11.h / 2;
      ctx.moveTo(px, cy - 3);
      ctx.lineTo(px, cy + 1);
      ctx.moveTo(px, cy + 2.4);
      ctx.lineTo(px, cy + 3.2);
      ctx.stroke();
    }
  }

  private drawSegments(
    r0: number,
    r1: number,
    scrollTop: number,
    X: (t: number) => number,
    d0: number,
    d1: number,
    labels: Label[],
  ): void {
    const m = this.model!;
    const s = m.index.segments;
    const ctx = this.ctx;
    const kinds = SEGMENT_ORDER.length;
    const lines = SEGMENT_ORDER.map(() => new Path2D());
    const heads = SEGMENT_ORDER.map(() => new Path2D());
    const lastPx = new Int32Array((r1 - r0 + 1) * kinds).fill(-1);
    const client = SIDES.indexOf('client');
    const data = SEGMENT_FLAGS.indexOf('DATA');
    const end = countAtOrBefore(s.sentAt, d1);
    let drawn = 0;
    for (let i = countBefore(s.sentAt, d0 - s.maxFlightUs); i < end; i++) {
      const arrive = s.arriveAt[i]!;
      if (arrive < d0) continue;
      const r = m.rowOfConn[s.conn[i]!] ?? -1;
      if (r < r0 || r > r1) continue;
      const fromClient = s.from[i] === client;
      const kind = m.segKind[i]!;
      const xa = X(s.sentAt[i]!);
      const xb = X(arrive);
      const key = (r - r0) * kinds + kind;
      const px = Math.round(xa);
      if (xb - xa < 2 && lastPx[key] === px) continue;
      lastPx[key] = px;
      const y0 = r * ROW_H - scrollTop;
      const ya = y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y);
      const yb = y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y);
      lines[kind]!.moveTo(xa, ya);
      lines[kind]!.lineTo(xb, yb);
      drawn++;
      const dx = xb - xa;
      const dy = yb - ya;
      const len = Math.hypot(dx, dy);
      if (dx > 6) {
        const ux = dx / len;
        const uy = dy / len;
        const hx = xb - ux * 6;
        const hy = yb - uy * 6;
        heads[kind]!.moveTo(xb, yb);
        heads[kind]!.lineTo(hx - uy * 3, hy + ux * 3);
        heads[kind]!.lineTo(hx + uy * 3, hy - ux * 3);
        heads[kind]!.closePath();
      }
      if (dx > (s.flag[i] === data ? 80 : 40)) {
        labels.push({
          x: (xa + xb) / 2,
          y: (ya + yb) / 2 + (fromClient ? -6 : 6),
          text: s.flag[i] === data && s.label[i]! >= 0 ? s.labels[s.label[i]!]! : SEGMENT_FLAGS[s.flag[i]!]!,
          color: SEGMENT_STYLES[SEGMENT_ORDER[kind]!].color,
          center: true,
          max: dx - 10,
        });
      }
    }
    ctx.lineWidth = 1.4;
    ctx.lineCap = 'round';
    for (let k = 0; k < kinds; k++) {
      const color = SEGMENT_STYLES[SEGMENT_ORDER[k]!].color;
      ctx.strokeStyle = color;
      ctx.stroke(lines[k]!);
      ctx.fillStyle = color;
      ctx.fill(heads[k]!);
    }
    this.host.dataset.segmentsDrawn = String(drawn);
  }

  private drawLabels(labels: Label[]): void {
    const ctx = this.ctx;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // A label that would overlap one already placed is left out (its mark says enough).
    const placed: [number, number, number, number][] = [];
    for (const l of labels) {
      const text = ellipsize(l.text, l.max, (t) => this.textWidth(t));
      if (!text) continue;
      const w = this.textWidth(text);
      const x0 = l.center ? l.x - w / 2 : l.x;
      const box: [number, number, number, number] = [x0 - 2, l.y - 6, x0 + w + 2, l.y + 6];
      if (placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) continue;
      placed.push(box);
      ctx.textAlign = l.center ? 'center' : 'left';
      if (l.center) haloText(ctx, text, l.x, l.y, l.color);
      else {
        ctx.fillStyle = l.color;
        ctx.fillText(text, l.x, l.y);
      }
    }
  }

  private drawConnLabel(c: ConnSpans, y0: number, X: (t: number) => number): void {
    const ctx = this.ctx;
    const x = Math.max(GUTTER + 3, X(c.start) + 3);
    if (x > X(c.end) - 8) return;
    ctx.font = '700 11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    haloText(ctx, `#${c.conn}`, x, y0 + LANE_BOX.wire.y + LANE_BOX.wire.h / 2, COLORS.text);
  }

  private drawHighlights(scrollTop: number, X: (t: number) => number, d0: number, d1: number): void {
    const m = this.model!;
    const ctx = this.ctx;
    const outline = (sel: AppSelection, strong: boolean) => {
      ctx.strokeStyle = strong ? COLORS.accent : 'rgba(36, 87, 197, 0.55)';
      ctx.lineWidth = strong ? 2 : 1.5;
      if (sel.kind === 'conn') {
        const c = spansOf(m.spans, sel.id);
        if (!c) return;
        const r = m.rowOfConn[c.conn]!;
        const y0 = r * ROW_H - scrollTop;
        const x0 = X(Math.max(c.start, d0)) - 1;
        const x1 = X(Math.min(c.end, d1)) + 1;
        ctx.strokeRect(x0, y0 + 2.5, Math.max(2, x1 - x0), ROW_H - 6);
      } else if (sel.kind === 'req') {
        const r = requestInfo(m.index, sel.id);
        for (const a of r?.attempts ?? []) {
          const row = m.rowOfConn[a.conn] ?? -1;
          if (row < 0) continue;
          const y0 = row * ROW_H - scrollTop;
          const x0 = X(Math.max(a.startAt, d0)) - 2;
          const x1 = X(Math.min(a.endAt ?? this.endAt, d1)) + 2;
          ctx.strokeRect(x0, y0 + LANE_BOX.wire.y - 2, Math.max(4, x1 - x0), LANE_BOX.wire.h + 4);
        }
      } else {
        const s = m.index.segments;
        const i = sel.id < s.rowOfSeg.length ? s.rowOfSeg[sel.id]! : -1;
        if (i < 0) return;
        const row = m.rowOfConn[s.conn[i]!] ?? -1;
        if (row < 0) return;
        const y0 = row * ROW_H - scrollTop;
        const fromClient = s.from[i] === SIDES.indexOf('client');
        ctx.lineWidth = strong ? 4 : 3;
        ctx.strokeStyle = strong ? 'rgba(36, 87, 197, 0.45)' : 'rgba(36, 87, 197, 0.3)';
        ctx.beginPath();
        ctx.moveTo(X(s.sentAt[i]!), y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y));
        ctx.lineTo(X(s.arriveAt[i]!), y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y));
        ctx.stroke();
      }
    };
    if (this.hovered && !sameSel(this.hovered, this.selection)) outline(this.hovered, false);
    if (this.selection) outline(this.selection, true);
  }

  private drawGutter(r0: number, r1: number, scrollTop: number): void {
    const ctx = this.ctx;
    ctx.fillStyle = '#f7f8fa';
    ctx.fillRect(0, 0, GUTTER - 4, this.viewH);
    ctx.fillStyle = '#e3e7ee';
    ctx.fillRect(GUTTER - 4, 0, 1, this.viewH);
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let r = r0; r <= r1; r++) {
      const y0 = r * ROW_H - scrollTop;
      for (const box of ROW_LANES) {
        if (box.key === 'wire') continue;
        ctx.fillStyle = COLORS.muted;
        ctx.fillText(LANE_LABELS[box.key], GUTTER - 9, y0 + box.y + box.h / 2);
      }
      ctx.font = '600 10px system-ui, sans-serif';
      ctx.fillStyle = COLORS.faint;
      ctx.fillText(`row ${r + 1}`, GUTTER - 9, y0 + LANE_BOX.wire.y + LANE_BOX.wire.h / 2);
      ctx.font = '10px system-ui, sans-serif';
      ctx.fillStyle = '#e6e9ef';
      ctx.fillRect(0, y0 + ROW_H - 1, GUTTER - 4, 1);
    }
  }

  private drawOverview(): void {
    const m = this.model;
    if (!m) return;
    const bins = Math.max(10, Math.floor(this.plotW / 2));
    const density = eventDensity(m.index.times, 0, m.endAt, bins);
    let max = 1;
    for (const v of density) max = Math.max(max, v);
    const h = OVERVIEW_H - 8;
    const scaleY = (v: number) => OVERVIEW_H - 4 - (Math.log1p(v) / Math.log1p(max)) * h;
    const w = this.plotW / bins;
    let d = `M0,${OVERVIEW_H - 4}`;
    for (let i = 0; i < bins; i++)
      d += `L${i * w},${scaleY(density[i]!)}L${(i + 1) * w},${scaleY(density[i]!)}`;
    d += `L${this.plotW},${OVERVIEW_H - 4}Z`;
    this.ovPlot.select('.tl-density').attr('d', d);
    let race = '';
    for (const win of m.index.raceWindows) {
      const x0 = this.base(win.start);
      const x1 = Math.max(x0 + 1.5, this.base(win.end));
      race += `M${x0},${OVERVIEW_H - 9}H${x1}V${OVERVIEW_H - 3}H${x0}Z`;
    }
    this.ovPlot.select('.tl-ov-race').attr('d', race);
    let fail = '';
    for (const f of m.index.failures) {
      const px = this.base(f.t);
      fail += `M${px},3V${OVERVIEW_H - 10}`;
    }
    this.ovPlot.select('.tl-ov-fail').attr('d', fail);
  }

  private drawAxis(): void {
    const [d0, d1] = this.domain;
    const ticks = axisTicks(d0, d1, Math.max(2, Math.floor(this.plotW / 140)));
    const g = this.axis;
    const data = ticks.values.map((v, i) => ({ v, label: ticks.labels[i]! }));
    g.selectAll<SVGGElement, { v: number; label: string }>('g.tl-tick')
      .data(data, (d) => String(d.v))
      .join((enter) => {
        const t = enter.append('g').attr('class', 'tl-tick');
        t.append('line').attr('y1', 0).attr('y2', 5);
        t.append('text').attr('y', 17).attr('text-anchor', 'middle');
        return t;
      })
      .attr('transform', (d) => `translate(${GUTTER + this.x(d.v)},0)`)
      .select('text')
      .attr('text-anchor', 'middle')
      .text((d) => {
        // A label that would run past either end of the plot is left out (its tick stays).
        const px = this.x(d.v);
        const half = d.label.length * 3.2;
        return px < half || px > this.plotW - half ? '' : d.label;
      });
    const caption = ticks.baseLabel ? `from ${ticks.baseLabel}` : `span ${formatSpan(d1 - d0)}`;
    g.selectAll('text.tl-axis-caption')
      .data([caption])
      .join('text')
      .attr('class', 'tl-axis-caption')
      .attr('x', GUTTER - 12)
      .attr('y', 17)
      .attr('text-anchor', 'end')
      .text((d) => d);
    this.host.dataset.unit = ticks.unit;
  }

  private textWidth(text: string): number {
    let w = this.labelWidths.get(text);
    if (w === undefined) {
      this.ctx.font = '10px system-ui, sans-serif';
      w = this.ctx.measureText(text).width;
      if (this.labelWidths.size > 5000) this.labelWidths.clear();
      this.labelWidths.set(text, w);
    }
    return w;
  }

  // ── Pointer ───────────────────────────────────────────────────────────────────────────────

  private pointerPos(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private onPointer(e: PointerEvent): void {
    if (e.buttons) {
      this.tooltip.hidden = true;
      return;
    }
    const [px, py] = this.pointerPos(e);
    const hit = this.hitTest(px, py);
    this.handlers.hover(hit?.sel ?? null);
    if (!hit) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren(
      ...hit.lines.map((line, i) => {
        const div = document.createElement('div');
        if (i === 0) div.className = 'tl-tip-head';
        div.textContent = line;
        return div;
      }),
    );
    this.tooltip.hidden = false;
    const hostRect = this.host.getBoundingClientRect();
    const tipW = this.tooltip.offsetWidth;
    const left = Math.min(e.clientX - hostRect.left + 14, hostRect.width - tipW - 4);
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${e.clientY - hostRect.top + 16}px`;
  }

  private onClick(e: MouseEvent): void {
    if (e.defaultPrevented) return;
    const [px, py] = this.pointerPos(e);
    const hit = this.hitTest(px, py);
    if (hit) this.handlers.select(hit.sel);
    else if (px >= GUTTER) this.handlers.seek(Math.max(0, Math.min(this.endAt, this.x.invert(px - GUTTER))));
  }

  /** What is under (px, py) (canvas CSS pixels): a segment, a request's attempt, or a connection. */
  hitTest(px: number, py: number): TimelineHit | null {
    const m = this.model;
    if (!m || px < GUTTER) return null;
    const scrollTop = this.scroll.scrollTop;
    const r = Math.floor((py + scrollTop) / ROW_H);
    const row = m.rows[r];
    if (!row) return null;
    const ly = py + scrollTop - r * ROW_H;
    const t = this.x.invert(px - GUTTER);
    const usPerPx = (this.domain[1] - this.domain[0]) / this.plotW;
    const lane = ROW_LANES.find((b) => ly >= b.y - 2 && ly <= b.y + b.h + 2);
    const y0 = r * ROW_H - scrollTop;
    const X = (x: number) => GUTTER + this.x(x);

    if (lane?.key === 'wire') {
      const seg = this.segmentNear(r, px, py, y0, t, usPerPx, X);
      if (seg) return seg;
    }
    const tol = usPerPx * 3;
    const i = firstAliveAt(row, t - tol);
    const c = row.conns[i];
    if (!c || c.start > t + tol) return null;
    const windows = (m.windowsByConn.get(c.conn) ?? []).filter((w) => w.start - tol <= t && t <= w.end + tol);
    const raceLine = windows.length
      ? `In a race window (${formatDuration(windows[0]!.end - windows[0]!.start)}): the pool believes #${c.conn} reusable; the server has closed it.`
      : null;
    if (lane?.key === 'wire') {
      const a = c.attempts.find((x) => x.start - tol <= t && t <= (x.end ?? this.endAt) + tol);
      if (a) {
        const info = requestInfo(m.index, a.req);
        const lines = [
          `Request ${a.req}${info ? ` · ${info.label}` : ''} · attempt ${a.attempt} on #${a.conn}`,
          a.end === null
            ? 'unfinished'
            : a.ok
              ? `ok in ${formatDuration(a.end - a.start)}`
              : `failed after ${formatDuration(a.end - a.start)}${info?.error ? `: ${info.error.class}` : ''}`,
        ];
        if (raceLine) lines.push(raceLine);
        return { sel: { kind: 'req', id: a.req }, t, lines };
      }
    }
    const lines = [`Connection #${c.conn}`];
    if (lane && lane.key !== 'wire') {
      const span = spanAt(c.states[lane.key], t);
      if (span) {
        lines.push(`${STATE_LANE_NAMES[lane.key]}: ${span.state}`);
        lines.push(`since ${formatDuration(Math.max(0, t - span.start))} (${span.cause})`);
      }
    }
    if (raceLine) lines.push(raceLine);
    const mark = c.eofMarks.find((x) => Math.abs(x.t - t) <= tol * 2);
    if (mark) lines.push('EOF read while h11’s server role was still SEND_RESPONSE → RemoteProtocolError');
    return { sel: { kind: 'conn', id: c.conn }, t, lines };
  }

  private segmentNear(
    r: number,
    px: number,
    py: number,
    y0: number,
    t: number,
    usPerPx: number,
    X: (t: number) => number,
  ): TimelineHit | null {
    const m = this.model!;
    const s = m.index.segments;
    const client = SIDES.indexOf('client');
    const tol = 6 * usPerPx;
    let best = -1;
    let bestD = 6;
    const end = countAtOrBefore(s.sentAt, t + tol);
    for (let i = countBefore(s.sentAt, t - s.maxFlightUs - tol); i < end; i++) {
      if (m.rowOfConn[s.conn[i]!] !== r || s.arriveAt[i]! < t - tol) continue;
      const fromClient = s.from[i] === client;
      const ax = X(s.sentAt[i]!);
      const ay = y0 + (fromClient ? WIRE_CLIENT_Y : WIRE_SERVER_Y);
      const bx = X(s.arriveAt[i]!);
      const by = y0 + (fromClient ? WIRE_SERVER_Y : WIRE_CLIENT_Y);
      const d = distToSegment(px, py, ax, ay, bx, by);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < 0) return null;
    const flag = SEGMENT_FLAGS[s.flag[best]!]!;
    const from = SIDES[s.from[best]!]!;
    const label = s.label[best]! >= 0 ? s.labels[s.label[best]!]! : null;
    const flight = s.arriveAt[best]! - s.sentAt[best]!;
    return {
      sel: { kind: 'seg', id: s.seg[best]! },
      t,
      lines: [
        `${flag === 'DATA' ? (label ?? 'data') : flag} · ${from} → ${from === 'client' ? 'server' : 'client'} · #${s.conn[best]}`,
        `on the wire ${formatDuration(flight)}${s.deliverSeq[best]! < 0 ? ', never delivered' : ''}`,
      ],
    };
  }
}

/** Per row: the last pixel column drawn in each lane, so sub-pixel marks are drawn once per column. */
interface RowPixels {
  lane: Float64Array;
  timer: Float64Array;
  fail: number;
  wireStart: number;
  wireEnd: number;
}

const newRowPixels = (): RowPixels => ({
  lane: new Float64Array(STATE_LANES.length).fill(-1),
  timer: new Float64Array(2).fill(-1),
  fail: -1,
  wireStart: -1,
  wireEnd: -1,
});

interface Label {
  x: number;
  y: number;
  text: string;
  color: string;
  center?: boolean;
  max: number;
}

/** Fills batched by colour: one path per colour per frame. */
class FillBatch {
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

function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.92)';
  ctx.lineJoin = 'round';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

function cross(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, color: string): void {
  ctx.strokeStyle = '#fff';
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
function ellipsize(text: string, max: number, width: (t: string) => number): string {
  if (width(text) <= max) return text;
  for (let n = text.length - 1; n > 2; n--) {
    const t = `${text.slice(0, n)}…`;
    if (width(t) <= max) return t;
  }
  return '';
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}

function sameSel(a: AppSelection | null, b: AppSelection | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);
}
