/**
 * The top layer: each row's contents — the click / focus target, connection id, the pool's
 * belief pill and note, both socket boxes (TCP state, h11 states, a note), the race caption, the
 * server app's state, the timer rings — and the `data-*` / aria attributes tests and screen
 * readers read. A row is rebuilt only when its layout changes and redrawn only when its
 * signature does; the rings and the race caption's age move every frame.
 */
import { type Selection as D3Selection, select } from 'd3';
import type { Selection } from '../../../store/types';
import { COLORS } from '../../theme';
import { COL, laneY, type RowLayout, STAGE_WIDTH } from '../geometry';
import type { RowModel, Tone } from '../model';
import { changed } from './drawn';
import { buildRing, rowRings, updateRing } from './rings';

type Layer = D3Selection<SVGGElement, unknown, null, undefined>;
type RowSel = D3Selection<SVGGElement, RowModel, null, undefined>;

export const TONE_FILL: Record<Tone, string> = {
  neutral: '#eef1f5',
  busy: '#e3ebff',
  ok: '#e3f5e9',
  closed: '#eceef1',
  race: '#fde3e1',
  stale: '#ede5fd',
  bad: '#fde3e1',
  warn: '#fff1d6',
};
export const TONE_TEXT: Record<Tone, string> = {
  neutral: COLORS.muted,
  busy: '#1e40af',
  ok: '#166534',
  closed: '#6b7280',
  race: COLORS.race,
  stale: COLORS.stale,
  bad: COLORS.fail,
  warn: COLORS.warn,
};

/** A text and its colour. */
export interface Ink {
  text: string;
  fill: string;
}

export interface EndpointLook {
  /** The box's outline when the socket is in a warning or bad state (null: the stylesheet's). */
  stroke: string | null;
  strokeWidth: number | null;
  tcp: Ink;
  h11: Ink;
  note: Ink;
}

/** Everything a row shows apart from its rings and race caption. */
export interface RowLook {
  id: string;
  pill: { width: number; fill: string; stroke: string };
  belief: Ink;
  note: Ink;
  client: EndpointLook;
  server: EndpointLook;
  app: Ink;
}

/** What a row's contents show: redrawn only when this changes (the rings and the race caption's age are left out) (pure). */
export function rowSignature(d: RowModel): string {
  const { idleTimer: _i, processing: _p, expiry: _e, race, ...rest } = d;
  return JSON.stringify([rest, race?.kind ?? null]);
}

function endpointLook(ep: RowModel['client'] | null): EndpointLook {
  const alert = ep !== null && (ep.tone === 'warn' || ep.tone === 'bad');
  return {
    stroke: alert ? TONE_TEXT[ep.tone] : null,
    strokeWidth: alert ? 1.8 : null,
    tcp: { text: ep ? ep.tcp : '—', fill: ep && ep.tone !== 'closed' ? COLORS.text : COLORS.faint },
    h11: {
      text: ep ? `h11 ${ep.h11.replace('/', ' / ')}` : 'no socket yet',
      fill: ep?.h11.includes('ERROR') ? COLORS.fail : COLORS.muted,
    },
    note: { text: ep?.note ?? '', fill: ep ? TONE_TEXT[ep.tone] : COLORS.muted },
  };
}

/** A row's texts and colours (pure). */
export function rowLook(d: RowModel): RowLook {
  const label = d.belief.label;
  return {
    id: `#${d.conn}`,
    pill: {
      width: Math.min(COL.pool.pillW, label.length * 7.4 + 22),
      fill: TONE_FILL[d.belief.tone],
      stroke: d.belief.tone === 'race' || d.belief.tone === 'stale' ? TONE_TEXT[d.belief.tone] : 'none',
    },
    belief: { text: label, fill: TONE_TEXT[d.belief.tone] },
    note: {
      text: d.failure?.short ?? d.retried?.short ?? (d.race ? 'belief ≠ reality' : ''),
      fill:
        d.retried && !d.failure
          ? COLORS.warn
          : !d.failure && d.race?.kind === 'stale'
            ? COLORS.stale
            : COLORS.race,
    },
    client: endpointLook(d.client),
    server: endpointLook(d.server),
    app: { text: d.app.label, fill: TONE_TEXT[d.app.tone] },
  };
}

/** The caption over the wire (`STALE · FIN arrived 1.26 s ago`, `RACE WINDOW · request and FIN cross`), or none (pure). */
export const raceCaption = (d: RowModel): string => (d.race ? d.race.caption : '');

export function drawRows(
  layer: Layer,
  rows: RowModel[],
  L: RowLayout,
  onSelect: (selection: Selection) => void,
  build: RowBuilder = buildRow,
): void {
  const sel = layer
    .selectAll<SVGGElement, RowModel>('g.row')
    .data(rows, (d) => String(d.conn))
    .join((enter) => {
      const g = enter
        .append('g')
        .attr('class', 'row')
        .attr('tabindex', 0)
        .attr('role', 'listitem')
        .attr('data-testid', 'stage-row')
        .on('click', (_e, d) => onSelect({ kind: 'conn', id: d.conn }))
        .on('keydown', (e: KeyboardEvent, d) => {
          if (e.key === 'Enter') onSelect({ kind: 'conn', id: d.conn });
        });
      build(g, L);
      return g;
    });
  sel.each((d, i, nodes) => {
    const node = nodes[i]!;
    const g = select<SVGGElement, RowModel>(node);
    // Everything but the timers and the race caption's age changes rarely: redraw it only then.
    if (changed(node, rowSignature(d))) {
      g.attr('transform', `translate(0,${laneY(d.lane, L)})`)
        .attr('data-conn', d.conn)
        .attr('data-belief', d.belief.phase)
        .attr('data-race', d.race ? d.race.kind : 'false')
        .attr('data-failed-req', d.failure ? d.failure.failure.req : null)
        .attr('data-client-tcp', d.client.tcp)
        .attr('data-server-tcp', d.server?.tcp ?? '')
        .attr('aria-label', d.ariaLabel)
        .attr('aria-current', d.selected ? 'true' : null)
        .attr('data-highlighted', d.highlighted ? 'true' : null)
        .classed('done', d.done);
      updateRow(g, rowLook(d));
    }
    updateTimers(g, d);
  });
}

/**
 * Builds one row's elements (classes `updateRow` / `updateTimers` fill in); the narrow stage
 * passes its own (`narrow.ts`), placing the same elements stacked.
 */
export type RowBuilder = (g: D3Selection<SVGGElement, RowModel, SVGGElement, unknown>, L: RowLayout) => void;

function buildRow(g: D3Selection<SVGGElement, RowModel, SVGGElement, unknown>, L: RowLayout): void {
  // The visible background is in the layer under the segments; this is the click/focus target.
  g.append('rect')
    .attr('class', 'row-hit')
    .attr('x', 2)
    .attr('y', 3)
    .attr('width', STAGE_WIDTH - 4)
    .attr('height', L.h - 6)
    .attr('rx', 9);
  g.append('text').attr('class', 'conn-id').attr('x', COL.pool.idX).attr('y', L.idY);
  const belief = g
    .append('g')
    .attr('class', 'belief')
    .attr('transform', `translate(${COL.pool.pillX},${L.pillY})`);
  belief.append('rect').attr('class', 'pill').attr('height', 24).attr('rx', 12);
  belief.append('text').attr('class', 'pill-text').attr('x', 11).attr('y', 16.5);
  g.append('text')
    .attr('class', 'row-note')
    .attr('x', COL.pool.pillX + 3)
    .attr('y', L.noteY);
  buildRing(g, 'expiry', COL.pool.ringX, L);
  for (const side of ['client', 'server'] as const) {
    const col = side === 'client' ? COL.client : COL.server;
    const box = g
      .append('g')
      .attr('class', `endpoint endpoint-${side}`)
      .attr('transform', `translate(${col.x},${L.boxY})`);
    box
      .append('rect')
      .attr('class', 'endpoint-box')
      .attr('width', col.w)
      .attr('height', L.boxH)
      .attr('rx', 7);
    const line = (cls: string, y: number) =>
      box
        .append('text')
        .attr('class', cls)
        .attr('x', col.w / 2)
        .attr('y', y - L.boxY)
        .attr('text-anchor', 'middle');
    line('tcp', L.tcpY + L.boxY);
    line('h11', L.h11Y + L.boxY);
    line('endpoint-note', L.boxNoteY + L.boxY);
  }
  g.append('text')
    .attr('class', 'race-caption')
    .attr('x', (COL.wire.x1 + COL.wire.x2) / 2)
    .attr('y', L.captionY)
    .attr('text-anchor', 'middle');
  g.append('text')
    .attr('class', 'app-state')
    .attr('x', COL.app.x + 8)
    .attr('y', L.mid + 5);
  buildRing(g, 'server-timer', COL.app.ringX, L);
}

function updateRow(g: RowSel, look: RowLook): void {
  g.select('.conn-id').text(look.id);
  g.select('.belief .pill')
    .attr('width', look.pill.width)
    .attr('fill', look.pill.fill)
    .attr('stroke', look.pill.stroke)
    .attr('stroke-width', 1.5);
  g.select('.belief .pill-text').text(look.belief.text).attr('fill', look.belief.fill);
  g.select('.row-note').text(look.note.text).attr('fill', look.note.fill);
  for (const side of ['client', 'server'] as const) {
    const ep = look[side];
    const box = g.select(`.endpoint-${side}`);
    box.select('.endpoint-box').attr('stroke', ep.stroke).attr('stroke-width', ep.strokeWidth);
    box.select('.tcp').text(ep.tcp.text).attr('fill', ep.tcp.fill);
    box.select('.h11').text(ep.h11.text).attr('fill', ep.h11.fill);
    box.select('.endpoint-note').text(ep.note.text).attr('fill', ep.note.fill);
  }
  g.select('.app-state').text(look.app.text).attr('fill', look.app.fill);
}

/** The parts of a row that move every frame: the timer rings and the race caption's age. */
function updateTimers(g: RowSel, d: RowModel): void {
  const rings = rowRings(d);
  updateRing(g.select<SVGGElement>('.expiry'), rings.expiry);
  updateRing(g.select<SVGGElement>('.server-timer'), rings.server);
  const caption = g.select<SVGTextElement>('.race-caption');
  const text = raceCaption(d);
  caption.classed('stale', d.race?.kind === 'stale');
  const node = caption.node();
  if (node && node.textContent !== text) node.textContent = text;
}
