/**
 * The event log's rows, virtualised without React: a fixed pool of row elements is recycled as
 * the list scrolls, so 100,000 rows cost what the ~30 visible ones cost. The row at the cursor
 * (the last event at or before it) is marked and, while following, kept in view; rows of the
 * selected entity are highlighted.
 */

import type { TraceEvent } from '../../../sim-core';
import { type EventFacets, eventDetail, eventEntity, eventKindLabel, formatInstant } from '../../../sim-core';
import type { Selection } from '../../store/types';

export const LOG_ROW_H = 26;
const OVERSCAN = 6;

export interface LogListHandlers {
  /** A row was chosen (click, Enter): seek to it and select its entity. */
  activate: (seq: number) => void;
  /**
   * The row whose full text is shown below the list changed: the row moved to with the keyboard
   * or clicked, else the row at the cursor (-1: none). A detail cut by its cell is read there.
   */
  show?: (seq: number) => void;
}

/** The entity a row stands for: its segment, else its request, else its connection. */
export function rowEntity(facets: EventFacets, seq: number): Selection | null {
  if (facets.seg[seq]! >= 0) return { kind: 'seg', id: facets.seg[seq]! };
  if (facets.req[seq]! >= 0) return { kind: 'req', id: facets.req[seq]! };
  if (facets.conn[seq]! >= 0) return { kind: 'conn', id: facets.conn[seq]! };
  return null;
}

/** Whether event `seq` concerns the selected entity. */
export function rowMatches(facets: EventFacets, seq: number, sel: Selection | null): boolean {
  if (!sel) return false;
  if (sel.kind === 'seg') return facets.seg[seq] === sel.id;
  if (sel.kind === 'req') return facets.req[seq] === sel.id;
  return facets.conn[seq] === sel.id;
}

function toneOf(e: TraceEvent): string {
  switch (e.kind) {
    case 'request.end':
      return e.outcome === 'failed' ? 'bad' : e.outcome === 'ok-after-retry' ? 'warn' : 'good';
    case 'attempt.end':
      return e.ok ? '' : 'bad';
    case 'attempt.write':
      return e.ok ? '' : 'bad';
    case 'state':
      if (e.to.includes('ERROR')) return 'bad';
      if (e.to === 'CLOSE-WAIT') return 'warn';
      return '';
    case 'segment.send':
    case 'segment.deliver':
      return e.flag === 'RST' ? 'rst' : e.flag === 'FIN' ? 'fin' : '';
    case 'pool':
      return e.decision === 'discard' || e.decision === 'retry' ? 'warn' : '';
    default:
      return '';
  }
}

interface RowEl {
  el: HTMLDivElement;
  time: HTMLSpanElement;
  entity: HTMLSpanElement;
  kind: HTMLSpanElement;
  detail: HTMLSpanElement;
  seq: number;
}

export class LogList {
  private readonly sizer: HTMLDivElement;
  private readonly pool: RowEl[] = [];
  private trace: readonly TraceEvent[] = [];
  private facets: EventFacets | null = null;
  private rows: Int32Array = new Int32Array(0);
  private selection: Selection | null = null;
  private cursor = 0;
  private currentIndex = -1;
  private follow = true;
  private active = -1;
  private frame = 0;
  private shown = -2;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly viewport: HTMLDivElement,
    private readonly handlers: LogListHandlers,
  ) {
    viewport.replaceChildren();
    this.sizer = document.createElement('div');
    this.sizer.className = 'log-sizer';
    viewport.append(this.sizer);
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    viewport.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLDivElement>('.log-row');
      if (!row) return;
      const seq = Number(row.dataset.seq);
      this.active = this.indexOfSeq(seq);
      this.handlers.activate(seq);
    });
    viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.resizeObserver = new ResizeObserver(() => this.render());
    this.resizeObserver.observe(viewport);
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }

  setData(trace: readonly TraceEvent[], facets: EventFacets, rows: Int32Array): void {
    const keepSeq = this.rows[this.topIndex()] ?? -1;
    this.trace = trace;
    this.facets = facets;
    this.rows = rows;
    this.sizer.style.height = `${rows.length * LOG_ROW_H}px`;
    for (const r of this.pool) r.el.setAttribute('aria-setsize', String(rows.length));
    this.currentIndex = this.indexAtOrBefore(this.cursor);
    this.active = -1;
    if (this.follow) this.keepCurrentInView(true);
    else if (keepSeq >= 0) this.scrollToIndex(this.indexOfSeqAtOrAfter(keepSeq), 'top');
    this.render();
  }

  setFollow(on: boolean): void {
    this.follow = on;
    if (on) this.keepCurrentInView(true);
  }

  setSelection(sel: Selection | null, reveal: boolean): void {
    this.selection = sel;
    if (reveal && sel && this.facets) {
      // Scroll to the selected entity's row nearest the cursor, unless one is already visible.
      const visible = this.visibleRange();
      let found = -1;
      for (let i = visible[0]; i < visible[1]; i++)
        if (rowMatches(this.facets, this.rows[i]!, sel)) found = i;
      if (found < 0) {
        let best = -1;
        let bestD = Number.POSITIVE_INFINITY;
        for (let i = 0; i < this.rows.length; i++) {
          const seq = this.rows[i]!;
          if (!rowMatches(this.facets, seq, sel)) continue;
          const d = Math.abs(this.trace[seq]!.t - this.cursor);
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        }
        if (best >= 0) this.scrollToIndex(best, 'center');
      }
    }
    this.render();
  }

  setCursor(t: number): void {
    this.cursor = t;
    const idx = this.indexAtOrBefore(t);
    if (idx === this.currentIndex) return;
    this.currentIndex = idx;
    if (this.follow) this.keepCurrentInView(false);
    this.schedule();
  }

  /** Rows shown (for tests and the count line). */
  get length(): number {
    return this.rows.length;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private visibleRange(): [number, number] {
    const top = this.viewport.scrollTop;
    const h = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / LOG_ROW_H));
    const last = Math.min(this.rows.length, Math.ceil((top + h) / LOG_ROW_H));
    return [first, last];
  }

  private topIndex(): number {
    return Math.max(0, Math.floor(this.viewport.scrollTop / LOG_ROW_H));
  }

  private keepCurrentInView(force: boolean): void {
    if (this.currentIndex < 0) {
      if (force) this.viewport.scrollTop = 0;
      return;
    }
    const [first, last] = this.visibleRange();
    if (force || this.currentIndex < first || this.currentIndex >= last - 1)
      this.scrollToIndex(this.currentIndex, 'third');
  }

  private scrollToIndex(i: number, where: 'top' | 'center' | 'third'): void {
    const h = this.viewport.clientHeight || 400;
    const offset = where === 'top' ? 0 : where === 'center' ? h / 2 - LOG_ROW_H / 2 : h / 3;
    this.viewport.scrollTop = Math.max(0, i * LOG_ROW_H - offset);
  }

  /** Index of the last row whose event time is ≤ t (-1 if none). */
  private indexAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.trace[this.rows[mid]!]!.t <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private indexOfSeqAtOrAfter(seq: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rows[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.rows.length - 1));
  }

  private indexOfSeq(seq: number): number {
    const i = this.indexOfSeqAtOrAfter(seq);
    return this.rows[i] === seq ? i : -1;
  }

  private onKey(e: KeyboardEvent): void {
    if (this.rows.length === 0) return;
    let i = this.active >= 0 ? this.active : Math.max(0, this.currentIndex);
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / LOG_ROW_H) - 1);
    switch (e.key) {
      case 'ArrowDown':
        i = Math.min(this.rows.length - 1, i + 1);
        break;
      case 'ArrowUp':
        i = Math.max(0, i - 1);
        break;
      case 'PageDown':
        i = Math.min(this.rows.length - 1, i + page);
        break;
      case 'PageUp':
        i = Math.max(0, i - page);
        break;
      case 'Home':
        i = 0;
        break;
      case 'End':
        i = this.rows.length - 1;
        break;
      case 'Enter':
        if (this.active >= 0) this.handlers.activate(this.rows[this.active]!);
        e.preventDefault();
        e.stopPropagation();
        return;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.active = i;
    const [first, last] = this.visibleRange();
    if (i < first || i >= last - 1) this.scrollToIndex(i, 'third');
    this.viewport.setAttribute('aria-activedescendant', `log-row-${this.rows[i]}`);
    this.handlers.activate(this.rows[i]!);
    this.render();
  }

  private rowEl(k: number): RowEl {
    let r = this.pool[k];
    if (!r) {
      const el = document.createElement('div');
      el.className = 'log-row';
      el.setAttribute('role', 'option');
      const cell = (cls: string) => {
        const span = document.createElement('span');
        span.className = cls;
        el.append(span);
        return span;
      };
      r = {
        el,
        time: cell('log-time'),
        entity: cell('log-entity'),
        kind: cell('log-kind'),
        detail: cell('log-detail'),
        seq: -1,
      };
      this.pool[k] = r;
      this.sizer.append(el);
    }
    return r;
  }

  render(): void {
    const facets = this.facets;
    if (!facets) return;
    const [first, lastVisible] = this.visibleRange();
    const from = Math.max(0, first - OVERSCAN);
    const to = Math.min(this.rows.length, lastVisible + OVERSCAN);
    let k = 0;
    for (let i = from; i < to; i++, k++) {
      const seq = this.rows[i]!;
      const r = this.rowEl(k);
      if (r.seq !== seq) {
        const e = this.trace[seq]!;
        r.seq = seq;
        r.el.dataset.seq = String(seq);
        r.el.id = `log-row-${seq}`;
        r.el.setAttribute('aria-posinset', String(i + 1));
        r.time.textContent = formatInstant(e.t, 6);
        r.entity.textContent = eventEntity(e);
        r.kind.textContent = eventKindLabel(e);
        const detail = eventDetail(e);
        r.detail.textContent = detail;
        r.detail.title = detail;
        r.el.dataset.tone = toneOf(e);
        r.el.dataset.kind = e.kind;
      }
      r.el.setAttribute('aria-setsize', String(this.rows.length));
      r.el.style.transform = `translateY(${i * LOG_ROW_H}px)`;
      r.el.hidden = false;
      r.el.classList.toggle('is-selected', rowMatches(facets, seq, this.selection));
      r.el.classList.toggle('is-current', i === this.currentIndex);
      r.el.classList.toggle('is-future', i > this.currentIndex);
      r.el.classList.toggle('is-active', i === this.active);
      r.el.setAttribute('aria-selected', String(rowMatches(facets, seq, this.selection)));
    }
    for (; k < this.pool.length; k++) {
      this.pool[k]!.el.hidden = true;
      this.pool[k]!.seq = -1;
    }
    const i = this.active >= 0 ? this.active : this.currentIndex;
    const shown = i >= 0 && i < this.rows.length ? this.rows[i]! : -1;
    if (shown !== this.shown) {
      this.shown = shown;
      this.handlers.show?.(shown);
    }
  }
}
