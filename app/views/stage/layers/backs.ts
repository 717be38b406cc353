/**
 * The bottom layers: the dashed lane slots, and under each row its background, the race-window or
 * stale stripe and the wire (classed `race`, `stale`, `failed`, `selected`, `done` for styles/stage.css). A row whose
 * request failed flashes once per failure.
 */
import { type Selection as D3Selection, select } from 'd3';
import { COL, laneY, type RowLayout, STAGE_WIDTH } from '../geometry';
import type { RowModel } from '../model';
import { changed } from './drawn';

type Layer = D3Selection<SVGGElement, unknown, null, undefined>;

/** The failure flash: a row's background pulses between these fills. */
export const FLASH_FILLS = ['#fdeceb', '#f59a92', '#fdeceb'] as const;

/** What a row's background shows: redrawn only when this changes (pure). */
export function backSignature(d: RowModel): string {
  return `${d.lane}|${d.selected}|${d.highlighted}|${d.race?.kind ?? ''}|${d.failure !== null}|${d.done}`;
}

/** One failure of one connection: it flashes once (pure; null when the row has none). */
export function flashKey(d: RowModel): string | null {
  return d.failure ? `${d.conn}:${d.failure.failure.req}` : null;
}

/** A row's outline and its wire: the wide stage's unless a layout says otherwise (the narrow stage). */
export interface BackShape {
  width: number;
  wire: { x1: number; x2: number; y1: number; y2: number };
}

const wideBack = (L: RowLayout): BackShape => ({
  width: STAGE_WIDTH,
  wire: { x1: COL.client.x + COL.client.w, x2: COL.server.x, y1: L.mid, y2: L.mid },
});

export function drawLanes(layer: Layer, lanes: number, L: RowLayout, width: number = STAGE_WIDTH): void {
  layer
    .selectAll<SVGRectElement, number>('rect')
    .data(Array.from({ length: lanes }, (_, i) => i))
    .join('rect')
    .attr('class', 'lane-slot')
    .attr('x', 2)
    .attr('y', (d) => laneY(d, L) + 3)
    .attr('width', width - 4)
    .attr('height', L.h - 6)
    .attr('rx', 9);
}

/**
 * The rows' backgrounds. `flashed` holds the failures already flashed (the renderer clears it for
 * a new run); with reduced motion a failure is noted but not flashed.
 */
export function drawBacks(
  layer: Layer,
  rows: RowModel[],
  L: RowLayout,
  flashed: Set<string>,
  reducedMotion: boolean,
  shape: BackShape = wideBack(L),
): void {
  const backs = layer
    .selectAll<SVGGElement, RowModel>('g.row-back')
    .data(rows, (d) => String(d.conn))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'row-back');
      g.append('rect')
        .attr('class', 'row-bg')
        .attr('x', 2)
        .attr('y', 3)
        .attr('width', shape.width - 4)
        .attr('height', L.h - 6)
        .attr('rx', 9);
      g.append('rect')
        .attr('class', 'row-stripe')
        .attr('x', 2)
        .attr('y', 3)
        .attr('width', 8)
        .attr('height', L.h - 6)
        .attr('rx', 3);
      g.append('line')
        .attr('class', 'wire')
        .attr('x1', shape.wire.x1)
        .attr('x2', shape.wire.x2)
        .attr('y1', shape.wire.y1)
        .attr('y2', shape.wire.y2);
      return g;
    });
  backs.each((d, i, nodes) => {
    const node = nodes[i]!;
    if (changed(node, backSignature(d))) {
      select(node)
        .attr('transform', `translate(0,${laneY(d.lane, L)})`)
        .classed('selected', d.selected)
        .classed('highlighted', d.highlighted)
        .classed('race', d.race?.kind === 'race-window')
        .classed('stale', d.race?.kind === 'stale')
        .classed('failed', d.failure !== null)
        .classed('done', d.done);
    }
    const key = flashKey(d);
    if (key === null || flashed.has(key)) return;
    flashed.add(key);
    if (!reducedMotion) flash(node);
  });
}

/** Flashes a row's background (Web Animations: no forced layout, nothing to clean up). */
function flash(node: SVGGElement): void {
  node.querySelector('.row-bg')?.animate(
    FLASH_FILLS.map((fill) => ({ fill })),
    {
      duration: 420,
      iterations: 4,
      easing: 'ease-in-out',
    },
  );
}
