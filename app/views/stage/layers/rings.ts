/**
 * The timer rings in a row: the client's expiry (pool column) and the server's idle or
 * processing timer (app column), each an arc for the time left, a title and the time as text.
 */
import { arc, type Selection as D3Selection } from 'd3';
import { COLORS } from '../../theme';
import type { RowLayout } from '../geometry';
import type { RingModel, RowModel } from '../model';
import { changed } from './drawn';

/** One ring as drawn: the timer (null: hidden), its colour and its one-word title. */
export interface RingLook {
  ring: RingModel | null;
  color: string;
  title: string;
}

const ringArc = arc<number>()
  .innerRadius(11)
  .outerRadius(15.5)
  .startAngle(0)
  .endAngle((d) => d * 2 * Math.PI);

/** A row's two rings: the server's shows its processing timer while busy, else its idle timer (pure). */
export function rowRings(d: RowModel): { expiry: RingLook; server: RingLook } {
  return {
    expiry: { ring: d.expiry, color: COLORS.expiry, title: 'exp' },
    server: d.processing
      ? { ring: d.processing, color: COLORS.processing, title: 'busy' }
      : { ring: d.idleTimer, color: COLORS.idleTimer, title: 'idle' },
  };
}

/** What a ring shows, to 1/400 of a turn: redrawn only when this changes (pure). */
export function ringSignature({ ring, color, title }: RingLook): string {
  return ring ? `${Math.round(ring.remaining * 400)}|${ring.text}|${color}|${title}` : 'none';
}

/** The time text's colour: red once the timer has run out (pure). */
export const ringTextFill = (ring: RingModel): string => (ring.expired ? COLORS.race : COLORS.muted);

export function buildRing<D>(
  g: D3Selection<SVGGElement, D, SVGGElement, unknown>,
  cls: string,
  x: number,
  L: RowLayout,
): void {
  const r = g.append('g').attr('class', `ring ${cls}`).attr('transform', `translate(${x},${L.ringY})`);
  r.append('circle').attr('class', 'ring-track').attr('r', 13.25);
  r.append('path').attr('class', 'ring-arc');
  r.append('text').attr('class', 'ring-title').attr('y', 3.5).attr('text-anchor', 'middle');
  r.append('text').attr('class', 'ring-text').attr('y', L.ringTextDy).attr('text-anchor', 'middle');
}

export function updateRing<D>(g: D3Selection<SVGGElement, D, null, undefined>, look: RingLook): void {
  const node = g.node();
  if (!node || !changed(node, ringSignature(look))) return;
  const { ring, color, title } = look;
  g.attr('display', ring ? null : 'none');
  if (!ring) return;
  g.select('.ring-arc').attr('d', ringArc(ring.remaining)).attr('fill', color);
  g.select('.ring-text').text(ring.text).attr('fill', ringTextFill(ring));
  g.select('.ring-title').text(title).attr('fill', color);
}
