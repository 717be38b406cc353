/**
 * The segments on the wire, between the row backgrounds and the row contents (so one leaving or
 * reaching a socket slides out of or into its box instead of covering its text): a pill with its
 * label for requests and responses, a shape with its label trailing behind for the others.
 */
import { type Selection as D3Selection, select } from 'd3';
import type { Selection } from '../../../store/types';
import { SEGMENT_STYLES, shapePath } from '../../theme';
import { laneY, type RowLayout, segmentDy, segmentX } from '../geometry';
import { type SegmentModel, segmentWidth } from '../model';
import { changed } from './drawn';

type Layer = D3Selection<SVGGElement, unknown, null, undefined>;

export interface SegmentLabelLook {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  fill: string;
  onPill: boolean;
  text: string;
}

export type SegmentLook = { title: string; label: SegmentLabelLook } & (
  | { pill: { x: number; y: number; width: number; height: number; rx: number; fill: string }; shape: null }
  | {
      pill: null;
      shape: { d: string; transform: string | null; fill: string; stroke: string; strokeWidth: number };
    }
);

/** How wide a segment looks on the wire: its pill, or a shape with its short label beside it (pure). */
export function visualWidth(d: SegmentModel): number {
  return SEGMENT_STYLES[d.kind].shape === 'pill' ? segmentWidth(d.kind, d.label) : 40;
}

/** Where a segment is: along the wire by its progress, above or below it by direction and stack (pure). */
export function segmentTransform(d: SegmentModel, L: RowLayout): string {
  return `translate(${segmentX(d.from, d.progress, visualWidth(d))},${laneY(d.lane, L) + L.mid + segmentDy(d.from, d.stack, L)})`;
}

/** What a segment's look depends on: redrawn only when this changes (pure). */
export const segmentSignature = (d: SegmentModel): string => `${d.kind}|${d.label}|${d.from}|${d.conn}`;

/** A segment's pill or shape, label and tooltip (pure). */
export function segmentLook(d: SegmentModel): SegmentLook {
  const style = SEGMENT_STYLES[d.kind];
  const leftward = d.from === 'server';
  const title = `${style.name}${d.label !== style.name ? ` ${d.label}` : ''} on #${d.conn}`;
  if (style.shape === 'pill') {
    const w = segmentWidth(d.kind, d.label);
    return {
      title,
      pill: { x: -w / 2, y: -9.5, width: w, height: 19, rx: 9.5, fill: style.color },
      shape: null,
      label: { x: 0, y: 4.5, anchor: 'middle', fill: '#fff', onPill: true, text: d.label },
    };
  }
  const hollow = style.shape === 'hollow-diamond';
  return {
    title,
    pill: null,
    shape: {
      d: shapePath(style.shape, 13),
      transform: leftward ? 'scale(-1,1)' : null,
      fill: hollow ? '#fff' : style.color,
      stroke: style.color,
      strokeWidth: hollow ? 2.5 : 1,
    },
    // The label trails the shape, so it never runs ahead into the segment in front.
    label: {
      x: leftward ? 10 : -10,
      y: 4,
      anchor: leftward ? 'start' : 'end',
      fill: style.color,
      onPill: false,
      text: d.label,
    },
  };
}

export function drawSegments(
  layer: Layer,
  segments: SegmentModel[],
  L: RowLayout,
  onSelect: (selection: Selection) => void,
  place: (d: SegmentModel, L: RowLayout) => string = segmentTransform,
): void {
  const sel = layer
    .selectAll<SVGGElement, SegmentModel>('g.seg')
    .data(segments, (d) => String(d.seg))
    .join((enter) => {
      const g = enter
        .append('g')
        .attr('class', 'seg')
        .attr('data-testid', 'segment')
        .on('click', (_e, d) => onSelect({ kind: 'seg', id: d.seg }));
      g.append('rect').attr('class', 'seg-pill');
      g.append('path').attr('class', 'seg-shape');
      g.append('text').attr('class', 'seg-label');
      g.append('title');
      return g;
    });
  sel
    .attr('data-kind', (d) => d.kind)
    .attr('data-seg', (d) => d.seg)
    .classed('selected', (d) => d.selected)
    .attr('transform', (d) => place(d, L));
  sel.each((d, i, nodes) => {
    if (changed(nodes[i]!, segmentSignature(d))) drawSegment(select(nodes[i]!), segmentLook(d));
  });
}

function drawSegment(g: D3Selection<SVGGElement, SegmentModel, null, undefined>, look: SegmentLook): void {
  g.select('title').text(look.title);
  if (look.pill) {
    const p = look.pill;
    g.select('.seg-pill')
      .attr('display', null)
      .attr('x', p.x)
      .attr('y', p.y)
      .attr('width', p.width)
      .attr('height', p.height)
      .attr('rx', p.rx)
      .attr('fill', p.fill);
    g.select('.seg-shape').attr('display', 'none');
  } else {
    const s = look.shape;
    g.select('.seg-pill').attr('display', 'none');
    g.select('.seg-shape')
      .attr('display', null)
      .attr('d', s.d)
      .attr('transform', s.transform)
      .attr('fill', s.fill)
      .attr('stroke', s.stroke)
      .attr('stroke-width', s.strokeWidth);
  }
  const l = look.label;
  g.select('.seg-label')
    .attr('x', l.x)
    .attr('y', l.y)
    .attr('text-anchor', l.anchor)
    .attr('fill', l.fill)
    .classed('on-pill', l.onPill)
    .text(l.text);
}
