/**
 * The map as a D3 heatmap: one cell per (x, y) setting, coloured by failures per million on a
 * symmetric-log sequential scale (0 is the palest; the legend shows the scale with its ticks),
 * each cell's text its rate and 95 % interval, its <title> the same in words. Cells are buttons
 * (Enter or a click opens that setting's first failure on the stage). A map with one parameter
 * is one row. Drawn with d3 joins into an <svg> the React view owns.
 */
import {
  axisBottom,
  axisLeft,
  format,
  hsl,
  interpolateYlOrRd,
  scaleBand,
  scaleSequentialSymlog,
  scaleSymlog,
  select,
} from 'd3';
import type { RiskCell, RiskMapResult } from '../../store/riskSlice';
import { PARAM_LABELS } from './mapParams';

const compact = format('.2~s');
/** `0`, `12`, `2.2k`: short enough for a cell. */
export function cellNumber(n: number): string {
  if (n === 0) return '0';
  if (n < 10) return n.toFixed(1);
  return compact(n);
}

export interface HeatmapOptions {
  width: number;
  onOpen: (cell: RiskCell) => void;
}

let gradients = 0;
const MARGIN = { top: 8, right: 12, bottom: 96, left: 64 };
const LEGEND_H = 10;

export function cellTitle(c: RiskCell, result: RiskMapResult): string {
  const x = `${PARAM_LABELS[result.spec.x.param]} ${c.x}`;
  const y = result.spec.y && c.y !== null ? `, ${PARAM_LABELS[result.spec.y.param]} ${c.y}` : '';
  if (!c.estimate) return `${x}${y}: not measured yet`;
  const e = c.estimate;
  return `${x}${y}: ${Math.round(e.failuresPerMillion)} failures per million (95 % ${Math.round(e.ci95PerMillion[0])}–${Math.round(e.ci95PerMillion[1])}), ${e.failed} of ${e.requests} requests${e.firstFailure ? '; opens its first failure on the stage' : '; no failure to open'}`;
}

export function drawHeatmap(svgEl: SVGSVGElement, result: RiskMapResult, o: HeatmapOptions): void {
  const xs = [...new Set(result.cells.map((c) => c.x))];
  const ys = result.spec.y ? [...new Set(result.cells.map((c) => c.y!))] : [null];
  const innerW = Math.max(120, o.width - MARGIN.left - MARGIN.right);
  const cellH = Math.max(30, Math.min(48, innerW / Math.max(1, xs.length) / 1.4));
  const innerH = cellH * ys.length;
  const height = MARGIN.top + innerH + MARGIN.bottom;
  const measured = result.cells.filter((c) => c.estimate !== null).map((c) => c.estimate!.failuresPerMillion);
  const max = Math.max(10, ...measured);
  const color = scaleSequentialSymlog(interpolateYlOrRd).domain([0, max]);
  const x = scaleBand<number>().domain(xs).range([0, innerW]).padding(0.04);
  // Rows from the largest y at the top, as on a chart.
  const y = scaleBand<string>().domain(ys.map(String).reverse()).range([0, innerH]).padding(0.06);

  const svg = select(svgEl)
    .attr('width', o.width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${o.width} ${height}`);
  svg.selectAll('*').remove();
  const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);

  const cells = g
    .selectAll<SVGGElement, RiskCell>('g.risk-cell')
    .data(result.cells)
    .join('g')
    .attr('class', 'risk-cell')
    .attr('transform', (c) => `translate(${x(c.x)},${y(String(c.y))})`)
    .attr('role', 'button')
    .attr('tabindex', 0)
    .attr('data-testid', 'risk-map-cell')
    .attr('data-x', (c) => c.x)
    .attr('data-y', (c) => (c.y === null ? '' : c.y))
    .attr('data-state', (c) => (c.estimate ? 'measured' : 'pending'))
    .attr('data-fpm', (c) => (c.estimate ? c.estimate.failuresPerMillion : ''))
    .attr('data-first-req', (c) => c.estimate?.firstFailure?.req ?? '')
    .attr('data-first-seed', (c) => c.estimate?.firstFailure?.seed ?? '')
    .attr('aria-label', (c) => cellTitle(c, result))
    .on('click', (_e, c) => o.onOpen(c))
    .on('keydown', (e: KeyboardEvent, c) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        o.onOpen(c);
      }
    });
  cells.append('title').text((c) => cellTitle(c, result));
  const fill = (c: RiskCell) => (c.estimate ? color(c.estimate.failuresPerMillion) : '#eef1f5');
  cells
    .append('rect')
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('rx', 3)
    .attr('fill', fill);
  const ink = (c: RiskCell) => (c.estimate && hsl(fill(c)).l < 0.55 ? '#ffffff' : '#17202e');
  const showInterval = x.bandwidth() >= 52 && y.bandwidth() >= 28;
  cells
    .append('text')
    .attr('x', x.bandwidth() / 2)
    .attr('y', y.bandwidth() / 2 - (showInterval ? 5 : -4))
    .attr('text-anchor', 'middle')
    .attr('class', 'risk-cell-rate')
    .attr('fill', ink)
    .text((c) => (c.estimate ? cellNumber(c.estimate.failuresPerMillion) : '…'));
  if (showInterval)
    cells
      .append('text')
      .attr('x', x.bandwidth() / 2)
      .attr('y', y.bandwidth() / 2 + 10)
      .attr('text-anchor', 'middle')
      .attr('class', 'risk-cell-ci')
      .attr('fill', ink)
      .text((c) =>
        c.estimate
          ? `${cellNumber(c.estimate.ci95PerMillion[0])}–${cellNumber(c.estimate.ci95PerMillion[1])}`
          : '',
      );

  const every = Math.ceil(xs.length / Math.max(1, Math.floor(innerW / 44)));
  g.append('g')
    .attr('class', 'risk-axis')
    .attr('transform', `translate(0,${innerH})`)
    .call(
      axisBottom(x)
        .tickValues(xs.filter((_, i) => i % every === 0))
        .tickSizeOuter(0),
    );
  g.append('text')
    .attr('class', 'risk-axis-label')
    .attr('x', innerW / 2)
    .attr('y', innerH + 32)
    .attr('text-anchor', 'middle')
    .text(PARAM_LABELS[result.spec.x.param]);
  if (result.spec.y) {
    g.append('g').attr('class', 'risk-axis').call(axisLeft(y).tickSizeOuter(0));
    g.append('text')
      .attr('class', 'risk-axis-label')
      .attr('transform', `translate(${-50},${innerH / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(PARAM_LABELS[result.spec.y.param]);
  }

  // The legend: the colour scale as a gradient with the symlog scale's ticks under it.
  const legendW = Math.min(innerW, 320);
  const lg = g
    .append('g')
    .attr('class', 'risk-legend')
    .attr('transform', `translate(0,${innerH + 46})`);
  const gradId = `risk-legend-gradient-${++gradients}`;
  const grad = svg.append('defs').append('linearGradient').attr('id', gradId);
  const lx = scaleSymlog().domain([0, max]).range([0, legendW]);
  for (let i = 0; i <= 10; i++) {
    const v = lx.invert((i / 10) * legendW);
    grad
      .append('stop')
      .attr('offset', `${i * 10}%`)
      .attr('stop-color', color(v));
  }
  lg.append('rect').attr('width', legendW).attr('height', LEGEND_H).attr('fill', `url(#${gradId})`);
  const ticks = [0, ...[1, 10, 100, 1000, 10_000, 100_000, 1_000_000].filter((t) => t <= max), max];
  lg.append('g')
    .attr('class', 'risk-axis')
    .attr('transform', `translate(0,${LEGEND_H})`)
    .call(
      axisBottom(lx)
        .tickValues([...new Set(ticks)].filter((t, i, a) => i === 0 || lx(t) - lx(a[i - 1]!) > 26))
        .tickFormat((v) => cellNumber(Number(v))),
    );
  lg.append('text').attr('class', 'risk-axis-label').attr('x', 0).attr('y', -4).text('failures per million');
}
