/**
 * The time axis under the rows: ticks from timeAxis.ts in the unit the zoom calls for, labels
 * that would run past either end of the plot left out (their ticks stay), and a caption in the
 * gutter — the base time when labels are offsets, else the visible span.
 */
import { type ScaleLinear, type Selection, select } from 'd3';
import { GUTTER } from './model';
import { type AxisTicks, axisTicks, formatSpan, type TimeUnit } from './timeAxis';

export interface AxisTick {
  v: number;
  /** Plot x of the tick. */
  x: number;
  /** Empty when it would not fit. */
  label: string;
}

/** The ticks to draw for the visible range `x` on a plot `plotW` wide. */
export function axisLayout(
  x: ScaleLinear<number, number>,
  plotW: number,
): { ticks: AxisTick[]; caption: string; unit: TimeUnit } {
  const [d0, d1] = x.domain() as [number, number];
  const t: AxisTicks = axisTicks(d0, d1, Math.max(2, Math.floor(plotW / 140)));
  const ticks = t.values.map((v, i) => {
    const label = t.labels[i]!;
    const px = x(v);
    const half = label.length * 3.2;
    return { v, x: px, label: px < half || px > plotW - half ? '' : label };
  });
  const caption = t.baseLabel ? `from ${t.baseLabel}` : `span ${formatSpan(d1 - d0)}`;
  return { ticks, caption, unit: t.unit };
}

export class Axis {
  readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;

  constructor(host: HTMLElement, height: number) {
    this.svg = select(host).append('svg').attr('class', 'tl-axis').attr('height', height);
  }

  /** Draws the axis for `x`; returns the tick unit. */
  draw(x: ScaleLinear<number, number>, plotW: number): TimeUnit {
    const { ticks, caption, unit } = axisLayout(x, plotW);
    this.svg
      .selectAll<SVGGElement, AxisTick>('g.tl-tick')
      .data(ticks, (d) => String(d.v))
      .join((enter) => {
        const t = enter.append('g').attr('class', 'tl-tick');
        t.append('line').attr('y1', 0).attr('y2', 5);
        t.append('text').attr('y', 17).attr('text-anchor', 'middle');
        return t;
      })
      .attr('transform', (d) => `translate(${GUTTER + d.x},0)`)
      .select('text')
      .attr('text-anchor', 'middle')
      .text((d) => d.label);
    this.svg
      .selectAll('text.tl-axis-caption')
      .data([caption])
      .join('text')
      .attr('class', 'tl-axis-caption')
      .attr('x', GUTTER - 12)
      .attr('y', 17)
      .attr('text-anchor', 'end')
      .text((d) => d);
    return unit;
  }
}
