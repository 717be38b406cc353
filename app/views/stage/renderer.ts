/**
 * Draws a StageFrame into an SVG with d3 joins: row backgrounds, segments, row contents (all
 * keyed by connection or segment id), header and footer. Called once per animation frame while
 * playing; it only touches what changed (d3 sets attributes; unchanged ones cost little).
 *
 * Layers, bottom to top: lane slots, row backgrounds (with the wire), segments, row contents.
 * Segments fly under the socket boxes, so one leaving or reaching a socket slides out of or into
 * its box instead of covering its text.
 */
import { arc, type Selection as D3Selection, select } from 'd3';
import type { Selection } from '../../store/types';
import { COLORS, SEGMENT_STYLES, shapePath } from '../theme';
import {
  COL,
  HEADER_H,
  laneY,
  type RowLayout,
  rowLayout,
  STAGE_WIDTH,
  segmentDy,
  segmentX,
  stageHeight,
} from './geometry';
import {
  type RingModel,
  type RowModel,
  type SegmentModel,
  type StageFrame,
  segmentWidth,
  type Tone,
} from './model';

export interface StageCaptions {
  client: string;
  server: string;
  wire: string;
}

export interface StageHandlers {
  select: (selection: Selection | null) => void;
}

const TONE_FILL: Record<Tone, string> = {
  neutral: '#eef1f5',
  busy: '#e3ebff',
  ok: '#e3f5e9',
  closed: '#eceef1',
  race: '#fde3e1',
  bad: '#fde3e1',
  warn: '#fff1d6',
};
const TONE_TEXT: Record<Tone, string> = {
  neutral: COLORS.muted,
  busy: '#1e40af',
  ok: '#166534',
  closed: '#6b7280',
  race: COLORS.race,
  bad: COLORS.fail,
  warn: COLORS.warn,
};

const ringArc = arc<number>()
  .innerRadius(11)
  .outerRadius(15.5)
  .startAngle(0)
  .endAngle((d) => d * 2 * Math.PI);

type Root = D3Selection<SVGGElement, unknown, null, undefined>;

/**
 * What was last drawn into an element, so a frame only writes what changed (every write can cost
 * style, layout and paint work; most of a row is the same from one frame to the next).
 */
const drawn = new WeakMap<Element, string>();

function changed(node: Element, signature: string): boolean {
  if (drawn.get(node) === signature) return false;
  drawn.set(node, signature);
  return true;
}
type RowSel = D3Selection<SVGGElement, RowModel, null, undefined>;

export class StageRenderer {
  private readonly svg: D3Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly header: Root;
  private readonly lanesLayer: Root;
  private readonly backLayer: Root;
  private readonly segLayer: Root;
  private readonly rowsLayer: Root;
  private readonly footer: Root;
  private lanes = 0;
  private L: RowLayout = rowLayout(1);
  private readonly flashed = new Set<string>();
  private captions: StageCaptions = { client: '', server: '', wire: '' };

  constructor(
    svgEl: SVGSVGElement,
    private readonly handlers: StageHandlers,
  ) {
    this.svg = select(svgEl);
    this.svg.selectAll('*').remove();
    this.header = this.svg.append('g').attr('class', 'stage-header');
    this.lanesLayer = this.svg.append('g').attr('class', 'stage-lanes');
    this.backLayer = this.svg.append('g').attr('class', 'stage-row-backs');
    this.segLayer = this.svg.append('g').attr('class', 'stage-segments');
    this.rowsLayer = this.svg.append('g').attr('class', 'stage-rows').attr('role', 'list');
    this.footer = this.svg.append('g').attr('class', 'stage-footer');
  }

  setCaptions(captions: StageCaptions): void {
    this.captions = captions;
    this.drawHeader();
  }

  render(frame: StageFrame, reducedMotion: boolean): void {
    if (frame.lanes !== this.lanes) {
      this.lanes = frame.lanes;
      const layout = rowLayout(frame.lanes);
      if (layout !== this.L) {
        // Row contents are built for one row height: rebuild them for the new one.
        this.L = layout;
        this.backLayer.selectAll('*').remove();
        this.rowsLayer.selectAll('*').remove();
      }
      this.svg.attr('viewBox', `0 0 ${STAGE_WIDTH} ${stageHeight(frame.lanes)}`);
      this.drawLanes();
    }
    this.drawBacks(frame.rows, reducedMotion);
    this.drawSegments(frame.segments);
    this.drawRows(frame.rows);
    this.drawFooter(frame);
  }

  /** A new run: its failures flash again. */
  reset(): void {
    this.flashed.clear();
  }

  private drawHeader(): void {
    const h = this.header;
    h.selectAll('*').remove();
    const title = (x: number, text: string, anchor: 'start' | 'end') =>
      h
        .append('text')
        .attr('x', x)
        .attr('y', 19)
        .attr('text-anchor', anchor)
        .attr('class', 'stage-title')
        .text(text);
    title(COL.pool.x + 4, this.captions.client, 'start');
    title(COL.app.x + COL.app.w - 4, this.captions.server, 'end');
    const bracket = (x1: number, x2: number) =>
      h
        .append('line')
        .attr('x1', x1)
        .attr('x2', x2)
        .attr('y1', 28)
        .attr('y2', 28)
        .attr('class', 'stage-bracket');
    bracket(COL.pool.x, COL.client.x + COL.client.w);
    bracket(COL.server.x, COL.app.x + COL.app.w);
    const cap = (x: number, text: string) =>
      h
        .append('text')
        .attr('x', x)
        .attr('y', 47)
        .attr('text-anchor', 'middle')
        .attr('class', 'stage-caption')
        .text(text);
    cap(COL.pool.x + COL.pool.w / 2, 'POOL THINKS');
    cap(COL.client.x + COL.client.w / 2, 'CLIENT SOCKET');
    cap((COL.wire.x1 + COL.wire.x2) / 2, this.captions.wire.toUpperCase());
    cap(COL.server.x + COL.server.w / 2, 'SERVER SOCKET');
    cap(COL.app.x + COL.app.w / 2, 'SERVER APP');
  }

  private drawLanes(): void {
    this.lanesLayer
      .selectAll<SVGRectElement, number>('rect')
      .data(Array.from({ length: this.lanes }, (_, i) => i))
      .join('rect')
      .attr('class', 'lane-slot')
      .attr('x', 2)
      .attr('y', (d) => laneY(d, this.L) + 3)
      .attr('width', STAGE_WIDTH - 4)
      .attr('height', this.L.h - 6)
      .attr('rx', 9);
  }

  private drawBacks(rows: RowModel[], reducedMotion: boolean): void {
    const L = this.L;
    const backs = this.backLayer
      .selectAll<SVGGElement, RowModel>('g.row-back')
      .data(rows, (d) => String(d.conn))
      .join((enter) => {
        const g = enter.append('g').attr('class', 'row-back');
        g.append('rect')
          .attr('class', 'row-bg')
          .attr('x', 2)
          .attr('y', 3)
          .attr('width', STAGE_WIDTH - 4)
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
          .attr('x1', COL.client.x + COL.client.w)
          .attr('x2', COL.server.x)
          .attr('y1', L.mid)
          .attr('y2', L.mid);
        return g;
      });
    backs.each((d, i, nodes) => {
      const node = nodes[i]!;
      if (
        changed(
          node,
          `${d.lane}|${d.selected}|${d.highlighted}|${d.race !== null}|${d.failure !== null}|${d.done}`,
        )
      ) {
        select(node)
          .attr('transform', `translate(0,${laneY(d.lane, L)})`)
          .classed('selected', d.selected)
          .classed('highlighted', d.highlighted)
          .classed('race', d.race !== null)
          .classed('failed', d.failure !== null)
          .classed('done', d.done);
      }
      if (!d.failure) return;
      const key = `${d.conn}:${d.failure.failure.req}`;
      if (this.flashed.has(key)) return;
      this.flashed.add(key);
      if (!reducedMotion) flash(nodes[i]!);
    });
  }

  private drawRows(rows: RowModel[]): void {
    const handlers = this.handlers;
    const L = this.L;
    const sel = this.rowsLayer
      .selectAll<SVGGElement, RowModel>('g.row')
      .data(rows, (d) => String(d.conn))
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'row')
          .attr('tabindex', 0)
          .attr('role', 'listitem')
          .attr('data-testid', 'stage-row')
          .on('click', (_e, d) => handlers.select({ kind: 'conn', id: d.conn }))
          .on('keydown', (e: KeyboardEvent, d) => {
            if (e.key === 'Enter') handlers.select({ kind: 'conn', id: d.conn });
          });
        buildRow(g, L);
        return g;
      });
    sel.each((d, i, nodes) => {
      const node = nodes[i]!;
      const g = select<SVGGElement, RowModel>(node);
      // Everything but the timers and the race caption's age changes rarely: redraw it only then.
      const { idleTimer: _i, processing: _p, expiry: _e, race, ...rest } = d;
      if (changed(node, JSON.stringify([rest, race !== null]))) {
        g.attr('transform', `translate(0,${laneY(d.lane, L)})`)
          .attr('data-conn', d.conn)
          .attr('data-belief', d.belief.phase)
          .attr('data-race', d.race ? 'true' : 'false')
          .attr('data-failed-req', d.failure ? d.failure.failure.req : null)
          .attr('data-client-tcp', d.client.tcp)
          .attr('data-server-tcp', d.server?.tcp ?? '')
          .attr('aria-label', d.ariaLabel)
          .attr('aria-current', d.selected ? 'true' : null)
          .attr('data-highlighted', d.highlighted ? 'true' : null)
          .classed('done', d.done);
        updateRow(g, d);
      }
      updateTimers(g, d);
    });
  }

  private drawSegments(segments: SegmentModel[]): void {
    const handlers = this.handlers;
    const L = this.L;
    const sel = this.segLayer
      .selectAll<SVGGElement, SegmentModel>('g.seg')
      .data(segments, (d) => String(d.seg))
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'seg')
          .attr('data-testid', 'segment')
          .on('click', (_e, d) => handlers.select({ kind: 'seg', id: d.seg }));
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
      .attr(
        'transform',
        (d) =>
          `translate(${segmentX(d.from, d.progress, visualWidth(d))},${laneY(d.lane, L) + L.mid + segmentDy(d.from, d.stack, L)})`,
      );
    sel.each((d, i, nodes) => {
      if (changed(nodes[i]!, `${d.kind}|${d.label}|${d.from}|${d.conn}`)) drawSegment(select(nodes[i]!), d);
    });
  }

  private drawFooter(frame: StageFrame): void {
    const items: { key: string; text: string; x: number; y: number; anchor: string; cls: string }[] = [];
    if (frame.hidden > 0) {
      items.push({
        key: 'hidden',
        text: `+${frame.hidden} more open connection${frame.hidden === 1 ? '' : 's'} not shown`,
        x: STAGE_WIDTH - 8,
        y: stageHeight(frame.lanes) - 5,
        anchor: 'end',
        cls: 'stage-note',
      });
    }
    if (frame.rows.length === 0) {
      items.push({
        key: 'empty',
        text:
          frame.t === 0
            ? 'No connection yet. Press ▶ Play (Space): playback pauses at the first failed request.'
            : 'No connection is open at this moment.',
        x: STAGE_WIDTH / 2,
        y: HEADER_H + (Math.min(frame.lanes, 3) * this.L.h) / 2 + 5,
        anchor: 'middle',
        cls: 'stage-empty',
      });
    }
    this.footer
      .selectAll<SVGTextElement, (typeof items)[number]>('text')
      .data(items, (d) => d.key)
      .join('text')
      .attr('class', (d) => d.cls)
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('text-anchor', (d) => d.anchor)
      .text((d) => d.text);
  }
}

/** Flashes a row's background (Web Animations: no forced layout, nothing to clean up). */
function flash(node: SVGGElement): void {
  node.querySelector('.row-bg')?.animate([{ fill: '#fdeceb' }, { fill: '#f59a92' }, { fill: '#fdeceb' }], {
    duration: 420,
    iterations: 4,
    easing: 'ease-in-out',
  });
}

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

function buildRing(
  g: D3Selection<SVGGElement, RowModel, SVGGElement, unknown>,
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

function updateRing<D>(
  g: D3Selection<SVGGElement, D, null, undefined>,
  ring: RingModel | null,
  color: string,
  title: string,
): void {
  const node = g.node();
  if (
    !node ||
    !changed(node, ring ? `${Math.round(ring.remaining * 400)}|${ring.text}|${color}|${title}` : 'none')
  )
    return;
  g.attr('display', ring ? null : 'none');
  if (!ring) return;
  g.select('.ring-arc').attr('d', ringArc(ring.remaining)).attr('fill', color);
  g.select('.ring-text')
    .text(ring.text)
    .attr('fill', ring.expired ? COLORS.race : COLORS.muted);
  g.select('.ring-title').text(title).attr('fill', color);
}

function updateRow(g: RowSel, d: RowModel): void {
  g.select('.conn-id').text(`#${d.conn}`);
  const label = d.belief.label;
  g.select('.belief .pill')
    .attr('width', Math.min(COL.pool.pillW, label.length * 7.4 + 22))
    .attr('fill', TONE_FILL[d.belief.tone])
    .attr('stroke', d.belief.tone === 'race' ? COLORS.race : 'none')
    .attr('stroke-width', 1.5);
  g.select('.belief .pill-text').text(label).attr('fill', TONE_TEXT[d.belief.tone]);
  const note = d.failure?.short ?? d.retried?.short ?? (d.race ? 'belief ≠ reality' : '');
  g.select('.row-note')
    .text(note)
    .attr('fill', d.retried && !d.failure ? COLORS.warn : COLORS.race);
  for (const side of ['client', 'server'] as const) {
    const ep = side === 'client' ? d.client : d.server;
    const box = g.select(`.endpoint-${side}`);
    const alert = ep && (ep.tone === 'warn' || ep.tone === 'bad');
    box
      .select('.endpoint-box')
      .attr('stroke', alert ? TONE_TEXT[ep.tone] : null)
      .attr('stroke-width', alert ? 1.8 : null);
    box
      .select('.tcp')
      .text(ep ? ep.tcp : '—')
      .attr('fill', ep && ep.tone !== 'closed' ? COLORS.text : COLORS.faint);
    box
      .select('.h11')
      .text(ep ? `h11 ${ep.h11.replace('/', ' / ')}` : 'no socket yet')
      .attr('fill', ep?.h11.includes('ERROR') ? COLORS.fail : COLORS.muted);
    box
      .select('.endpoint-note')
      .text(ep?.note ?? '')
      .attr('fill', ep ? TONE_TEXT[ep.tone] : COLORS.muted);
  }
  g.select('.app-state').text(d.app.label).attr('fill', TONE_TEXT[d.app.tone]);
}

/** The parts of a row that move every frame: the timer rings and the race caption's age. */
function updateTimers(g: RowSel, d: RowModel): void {
  updateRing(g.select<SVGGElement>('.expiry'), d.expiry, COLORS.expiry, 'exp');
  const timer = d.processing
    ? { ring: d.processing, color: COLORS.processing, title: 'busy' }
    : { ring: d.idleTimer, color: COLORS.idleTimer, title: 'idle' };
  updateRing(g.select<SVGGElement>('.server-timer'), timer.ring, timer.color, timer.title);
  const caption = g.select<SVGTextElement>('.race-caption');
  const text = d.race ? d.race.caption : '';
  const node = caption.node();
  if (node && node.textContent !== text) node.textContent = text;
}

/** How wide a segment looks on the wire: its pill, or a shape with its short label beside it. */
function visualWidth(d: SegmentModel): number {
  return SEGMENT_STYLES[d.kind].shape === 'pill' ? segmentWidth(d.kind, d.label) : 40;
}

function drawSegment(g: D3Selection<SVGGElement, SegmentModel, null, undefined>, d: SegmentModel): void {
  const style = SEGMENT_STYLES[d.kind];
  const leftward = d.from === 'server';
  g.select('title').text(`${style.name}${d.label !== style.name ? ` ${d.label}` : ''} on #${d.conn}`);
  if (style.shape === 'pill') {
    const w = segmentWidth(d.kind, d.label);
    g.select('.seg-pill')
      .attr('display', null)
      .attr('x', -w / 2)
      .attr('y', -9.5)
      .attr('width', w)
      .attr('height', 19)
      .attr('rx', 9.5)
      .attr('fill', style.color);
    g.select('.seg-shape').attr('display', 'none');
    g.select('.seg-label')
      .attr('x', 0)
      .attr('y', 4.5)
      .attr('text-anchor', 'middle')
      .attr('fill', '#fff')
      .classed('on-pill', true)
      .text(d.label);
    return;
  }
  g.select('.seg-pill').attr('display', 'none');
  g.select('.seg-shape')
    .attr('display', null)
    .attr('d', shapePath(style.shape, 13))
    .attr('transform', leftward ? 'scale(-1,1)' : null)
    .attr('fill', style.shape === 'hollow-diamond' ? '#fff' : style.color)
    .attr('stroke', style.color)
    .attr('stroke-width', style.shape === 'hollow-diamond' ? 2.5 : 1);
  // The label trails the shape, so it never runs ahead into the segment in front.
  g.select('.seg-label')
    .attr('x', leftward ? 10 : -10)
    .attr('y', 4)
    .attr('text-anchor', leftward ? 'start' : 'end')
    .attr('fill', style.color)
    .classed('on-pill', false)
    .text(d.label);
}
