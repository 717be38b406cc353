/**
 * The overview strip above the rows: the whole run's event density (log scale), race windows as
 * red bars along the bottom and failures as red ticks, the brush (interaction.ts) and the cursor.
 * `overviewPaths` is the pure part: SVG path data for a run on a plot `plotW` wide.
 */
import { type ScaleLinear, type Selection, select } from 'd3';
import { eventDensity } from '../../../sim-core';
import { GUTTER, OVERVIEW_H, type TimelineModel } from './model';

export interface OverviewPaths {
  density: string;
  race: string;
  stale: string;
  fail: string;
}

export function overviewPaths(
  m: TimelineModel,
  base: ScaleLinear<number, number>,
  plotW: number,
): OverviewPaths {
  const bins = Math.max(10, Math.floor(plotW / 2));
  const density = eventDensity(m.index.times, 0, m.endAt, bins);
  let max = 1;
  for (const v of density) max = Math.max(max, v);
  const h = OVERVIEW_H - 8;
  const scaleY = (v: number) => OVERVIEW_H - 4 - (Math.log1p(v) / Math.log1p(max)) * h;
  const w = plotW / bins;
  let d = `M0,${OVERVIEW_H - 4}`;
  for (let i = 0; i < bins; i++)
    d += `L${i * w},${scaleY(density[i]!)}L${(i + 1) * w},${scaleY(density[i]!)}`;
  d += `L${plotW},${OVERVIEW_H - 4}Z`;
  let race = '';
  let stale = '';
  for (const win of m.index.raceIntervals) {
    const x0 = base(win.start);
    const x1 = Math.max(x0 + 1.5, base(win.end));
    const bar = `M${x0},${OVERVIEW_H - 9}H${x1}V${OVERVIEW_H - 3}H${x0}Z`;
    if (win.kind === 'stale') stale += bar;
    else race += bar;
  }
  let fail = '';
  for (const f of m.index.failures) {
    const px = base(f.t);
    fail += `M${px},3V${OVERVIEW_H - 10}`;
  }
  return { density: d, race, stale, fail };
}

export class Overview {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** The plot group (x = 0 at the gutter's edge): brush coordinates. */
  readonly plot: Selection<SVGGElement, unknown, null, undefined>;
  readonly brushG: Selection<SVGGElement, unknown, null, undefined>;
  private readonly cursor: Selection<SVGLineElement, unknown, null, undefined>;

  constructor(host: HTMLElement) {
    this.svg = select(host)
      .append('svg')
      .attr('class', 'tl-overview')
      .attr('height', OVERVIEW_H)
      .attr(
        'aria-label',
        'Whole run: event density, failures (red ticks), stale connections (violet) and race windows (red); drag to choose the range shown below',
      );
    this.svg.append('text').attr('class', 'tl-ov-caption').attr('x', 6).attr('y', 16).text('whole run');
    this.svg
      .append('text')
      .attr('class', 'tl-ov-caption tl-ov-sub')
      .attr('x', 6)
      .attr('y', 30)
      .text('drag to zoom');
    this.plot = this.svg.append('g').attr('transform', `translate(${GUTTER},0)`);
    this.plot.append('path').attr('class', 'tl-density');
    this.plot.append('path').attr('class', 'tl-ov-stale');
    this.plot.append('path').attr('class', 'tl-ov-race');
    this.plot.append('path').attr('class', 'tl-ov-fail');
    this.brushG = this.plot.append('g').attr('class', 'tl-brush');
    this.cursor = this.plot.append('line').attr('class', 'tl-cursor').attr('y1', 0).attr('y2', OVERVIEW_H);
  }

  draw(m: TimelineModel, base: ScaleLinear<number, number>, plotW: number): void {
    const p = overviewPaths(m, base, plotW);
    this.plot.select('.tl-density').attr('d', p.density);
    this.plot.select('.tl-ov-stale').attr('d', p.stale);
    this.plot.select('.tl-ov-race').attr('d', p.race);
    this.plot.select('.tl-ov-fail').attr('d', p.fail);
  }

  placeCursor(x: number): void {
    this.cursor.attr('x1', x).attr('x2', x);
  }
}
