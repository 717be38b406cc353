/**
 * The timeline's pan and zoom, on d3: d3-zoom on the plot (wheel, drag, pinch; `+`, `−`, `0`
 * keys), d3-brush on the overview, shift + wheel scrolling the rows. It owns the time scales —
 * `base` (the whole run on the plot's width) and `x` (the visible range) — and tells the
 * renderer when the range moved (`onView`) and the store when the person moved it (`onDomain`).
 *
 * Split like xyflow's pan/zoom: this file wires d3 (the handler), filter.ts decides which events
 * zoom, viewport.ts does the range arithmetic.
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
  type ZoomBehavior,
  zoom,
} from 'd3';
import { keyAction, zoomFilter } from './filter';
import { OVERVIEW_H } from './model';
import { centredOn, type Domain, isWhole, scaleExtentFor, transformFor, zoomAround } from './viewport';

export interface InteractionParts {
  /** The transparent rect over the plot that takes pointer and keys. */
  zoomRect: Selection<SVGRectElement, unknown, null, undefined>;
  /** The overview's plot group (brush coordinates) and the brush's group in it. */
  ovPlot: Selection<SVGGElement, unknown, null, undefined>;
  brushG: Selection<SVGGElement, unknown, null, undefined>;
  /** The rows' scroller (shift + wheel). */
  scroll: HTMLElement;
}

export interface InteractionEvents {
  /** `x` changed: redraw. */
  onView: () => void;
  /** The person changed the range (null: the whole run). */
  onDomain: (d: readonly [number, number] | null) => void;
  /** An animation started or ended. */
  onSettle: () => void;
  /** The playback cursor (µs): keys zoom around it when it is in view. */
  cursor: () => number;
}

export class TimelineInteraction {
  /** The whole run on the plot's width. */
  base: ScaleLinear<number, number> = scaleLinear();
  /** The visible range on the plot's width. */
  x: ScaleLinear<number, number> = scaleLinear();
  /** Whether a button's animated zoom is running (the latest one: a new one interrupts it). */
  animating = false;
  reducedMotion = false;
  private endAt = 1;
  private animation = 0;
  private applyingExternal = false;
  private brushing = false;
  private readonly zoomer: ZoomBehavior<SVGRectElement, unknown>;
  private readonly brusher: BrushBehavior<unknown>;

  constructor(
    private readonly parts: InteractionParts,
    private readonly events: InteractionEvents,
  ) {
    this.zoomer = zoom<SVGRectElement, unknown>()
      .filter((event: Event) => zoomFilter(event as MouseEvent))
      .on('zoom', (e: D3ZoomEvent<SVGRectElement, unknown>) => this.onZoom(e));
    parts.zoomRect.call(this.zoomer);

    this.brusher = brushX<unknown>()
      .extent([
        [0, 3],
        [1, OVERVIEW_H - 3],
      ])
      .on('brush end', (e: D3BrushEvent<unknown>) => this.onBrush(e));
    parts.brushG.call(this.brusher);

    parts.scroll.addEventListener(
      'wheel',
      (e) => {
        if (!e.shiftKey) return;
        e.preventDefault();
        parts.scroll.scrollTop += e.deltaY || e.deltaX;
      },
      { passive: false },
    );
    parts.zoomRect.on('keydown', (e: KeyboardEvent) => this.onKey(e));
  }

  get domain(): [number, number] {
    const [a, b] = this.x.domain();
    return [a!, b!];
  }

  isWhole(): boolean {
    return isWhole(this.domain, this.endAt);
  }

  /** A new size or run: the zoom's and the brush's extents follow; then shows `domain`. */
  resize(endAt: number, plotW: number, viewH: number): void {
    this.endAt = endAt;
    this.base = scaleLinear().domain([0, endAt]).range([0, plotW]);
    this.zoomer
      .scaleExtent(scaleExtentFor(endAt))
      .extent([
        [0, 0],
        [plotW, viewH],
      ])
      .translateExtent([
        [0, 0],
        [plotW, viewH],
      ]);
    this.brusher.extent([
      [0, 3],
      [plotW, OVERVIEW_H - 3],
    ]);
    this.parts.brushG.call(this.brusher);
  }

  /** Shows `domain` (clamped; null: the whole run), animated unless reduced motion is on. */
  applyDomain(domain: Domain | null, animate: boolean): void {
    const t = transformFor(domain, this.endAt, this.base);
    const rect = this.parts.zoomRect;
    this.applyingExternal = true;
    try {
      if (animate && !this.reducedMotion) {
        const tr = rect.transition().duration(450);
        const id = ++this.animation;
        this.animating = true;
        this.events.onSettle();
        tr.on('end.settled interrupt.settled', () => {
          if (id !== this.animation) return;
          this.animating = false;
          this.events.onSettle();
        });
        tr.call(this.zoomer.transform, t);
      } else {
        rect.call(this.zoomer.transform, t);
      }
    } finally {
      this.applyingExternal = false;
    }
  }

  /** A range chosen by the person through a button: animate, and tell the store. */
  userDomain(domain: Domain | null, animate = true): void {
    this.applyDomain(domain, animate);
    if (!animate || this.reducedMotion) this.events.onDomain(this.isWhole() ? null : this.domain);
  }

  /** Zoom by a factor around time t (or the centre). */
  zoomBy(factor: number, around?: number): void {
    this.userDomain(zoomAround(this.domain, factor, around), true);
  }

  private onZoom(e: D3ZoomEvent<SVGRectElement, unknown>): void {
    this.x = e.transform.rescaleX(this.base);
    this.updateBrush();
    this.events.onView();
    if (!this.applyingExternal && !this.brushing) {
      // A gesture, a button's animation, or the brush: the store follows.
      this.events.onDomain(this.isWhole() ? null : this.domain);
    }
  }

  private updateBrush(): void {
    if (this.brushing) return;
    const [d0, d1] = this.domain;
    this.brushing = true;
    try {
      // The whole run shows no brush, so that a drag anywhere on the overview draws a new one.
      this.parts.brushG.call(this.brusher.move, this.isWhole() ? null : [this.base(d0), this.base(d1)]);
    } finally {
      this.brushing = false;
    }
  }

  private onBrush(e: D3BrushEvent<unknown>): void {
    if (this.brushing || !e.sourceEvent) return;
    const sel = e.selection as [number, number] | null;
    if (!sel) {
      // A click on the overview: centre the current span there.
      const [px] = pointer(e.sourceEvent as MouseEvent, this.parts.ovPlot.node()!);
      this.userDomain(centredOn(this.domain, this.base.invert(px)), true);
      return;
    }
    const d: [number, number] = [this.base.invert(sel[0]), this.base.invert(sel[1])];
    this.brushing = true;
    try {
      this.parts.zoomRect.call(this.zoomer.transform, transformFor(d, this.endAt, this.base));
    } finally {
      this.brushing = false;
    }
    this.events.onDomain(this.isWhole() ? null : this.domain);
  }

  private onKey(e: KeyboardEvent): void {
    const action = keyAction(e.key);
    if (!action) return;
    const cursor = this.events.cursor();
    const cursorInView = cursor >= this.domain[0] && cursor <= this.domain[1];
    if (action.kind === 'zoom') this.zoomBy(action.factor, cursorInView ? cursor : undefined);
    else this.userDomain(null);
    e.preventDefault();
    e.stopPropagation();
  }
}
