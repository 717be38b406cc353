/**
 * The narrow stage (phones): the same layers as the wide one (renderer.ts), drawn in the stacked
 * geometry of `NARROW` (geometry.ts) — per connection one card: the pool's belief and the client
 * socket on top, the wire running down between them, the server socket and the server app below.
 * Row contents, backgrounds, segments and rings are the shared layer functions with this file's
 * placement; only the header (three short lines) and the footer (wrapped) are its own. It shows
 * at most `NARROW_ROWS` cards (the ones that matter most, as the presenter stage picks them).
 * `StageView` picks this renderer when its container is under `NARROW_BELOW` px wide.
 */
import { type Selection as D3Selection, select } from 'd3';
import { laneY, NARROW, narrowSegmentXY, narrowStageHeight, type RowLayout, rowLayout } from '../geometry';
import type { SegmentModel, StageFrame } from '../model';
import type { StageCaptions, StageHandlers } from '../renderer';
import { type BackShape, drawBacks, drawLanes } from './backs';
import { footerNotes } from './footer';
import { createStageGroups, type Root } from './groups';
import { presenterFrame } from './presenter';
import { buildRing } from './rings';
import { drawRows, type RowBuilder } from './rows';
import { drawSegments, visualWidth } from './segments';

type RowG = Parameters<RowBuilder>[0];

/** The narrow row as the shared layers read it: its height; the rings' time text offset. */
export const NARROW_ROW: RowLayout = { ...rowLayout(1), h: NARROW.rowH, ringTextDy: 27 };

/** At most this many connections on the narrow stage (the others: "+N more … not shown"). */
export const NARROW_ROWS = 2;

/** The narrow stage's viewBox height for a run with `lanes` lanes. */
export const narrowHeightFor = (lanes: number) => narrowStageHeight(Math.min(NARROW_ROWS, lanes));

export const NARROW_BACK: BackShape = {
  width: NARROW.width,
  wire: { x1: NARROW.wire.x, x2: NARROW.wire.x, y1: NARROW.wire.y1, y2: NARROW.wire.y2 },
};

/** The header's three lines: the client's title, the server's, the network (pure). */
export function narrowHeaderLines(c: StageCaptions): { y: number; text: string; cls: string }[] {
  return [
    { y: 16, text: c.client, cls: 'stage-title' },
    { y: 34, text: c.server, cls: 'stage-title' },
    { y: 50, text: c.wire.toUpperCase(), cls: 'stage-caption' },
  ];
}

/** Where a segment is on the vertical wire: requests down its left, answers up its right (pure). */
export function narrowSegmentTransform(d: SegmentModel, L: RowLayout): string {
  const pill = visualWidth(d) !== 40;
  const { x, y } = narrowSegmentXY(d.from, d.progress, d.stack, pill ? visualWidth(d) / 2 : 14);
  return `translate(${x},${laneY(d.lane, L) + y})`;
}

/** A footer note split into lines of at most `max` characters, at spaces (pure). */
export function wrapNote(text: string, max = 40): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= max) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

function buildNarrowRow(g: RowG, L: RowLayout): void {
  const P = NARROW.pool;
  const B = NARROW.box;
  g.append('rect')
    .attr('class', 'row-hit')
    .attr('x', 2)
    .attr('y', 3)
    .attr('width', NARROW.width - 4)
    .attr('height', L.h - 6)
    .attr('rx', 9);
  g.append('text')
    .attr('class', 'conn-id')
    .attr('x', P.idX)
    .attr('y', P.pillY + 18);
  const belief = g.append('g').attr('class', 'belief').attr('transform', `translate(${P.pillX},${P.pillY})`);
  belief.append('rect').attr('class', 'pill').attr('height', 24).attr('rx', 12);
  belief.append('text').attr('class', 'pill-text').attr('x', 11).attr('y', 16.5);
  g.append('text')
    .attr('class', 'row-note')
    .attr('x', P.pillX + 3)
    .attr('y', P.noteY);
  buildRing(g, 'expiry', P.ringX, { ...L, ringY: P.ringY });
  for (const side of ['client', 'server'] as const) {
    const box = g
      .append('g')
      .attr('class', `endpoint endpoint-${side}`)
      .attr('transform', `translate(${B.x},${NARROW[side].y})`);
    box.append('rect').attr('class', 'endpoint-box').attr('width', B.w).attr('height', B.h).attr('rx', 7);
    box
      .append('text')
      .attr('class', 'side-label')
      .attr('x', 7)
      .attr('y', 12)
      .text(side === 'client' ? 'CLIENT' : 'SERVER');
    for (const [cls, y] of [
      ['tcp', B.tcpDy],
      ['h11', B.h11Dy],
      ['endpoint-note', B.noteDy],
    ] as const)
      box
        .append('text')
        .attr('class', cls)
        .attr('x', B.w / 2)
        .attr('y', y)
        .attr('text-anchor', 'middle');
  }
  g.append('text')
    .attr('class', 'race-caption')
    .attr('x', NARROW.wire.x)
    .attr('y', NARROW.wire.captionY)
    .attr('text-anchor', 'middle');
  g.append('text').attr('class', 'app-state').attr('x', NARROW.app.x).attr('y', NARROW.app.y);
  buildRing(g, 'server-timer', NARROW.app.ringX, { ...L, ringY: NARROW.app.ringY });
}

export class NarrowStageRenderer {
  private readonly svg: D3Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly header: Root;
  private readonly lanesLayer: Root;
  private readonly backLayer: Root;
  private readonly segLayer: Root;
  private readonly rowsLayer: Root;
  private readonly footer: Root;
  private lanes = 0;
  private readonly flashed = new Set<string>();

  constructor(
    svgEl: SVGSVGElement,
    private readonly handlers: StageHandlers,
  ) {
    ({
      svg: this.svg,
      header: this.header,
      lanesLayer: this.lanesLayer,
      backLayer: this.backLayer,
      segLayer: this.segLayer,
      rowsLayer: this.rowsLayer,
      footer: this.footer,
    } = createStageGroups(svgEl));
  }

  setCaptions(captions: StageCaptions): void {
    this.header
      .selectAll('text')
      .data(narrowHeaderLines(captions))
      .join('text')
      .attr('x', 8)
      .attr('y', (d) => d.y)
      .attr('class', (d) => d.cls)
      .text((d) => d.text);
  }

  render(full: StageFrame, reducedMotion: boolean): void {
    // A phone's screen holds two cards: the two that matter most (as the presenter stage picks).
    const frame = presenterFrame(full, NARROW_ROWS);
    if (frame.lanes !== this.lanes) {
      this.lanes = frame.lanes;
      this.svg.attr('viewBox', `0 0 ${NARROW.width} ${narrowStageHeight(frame.lanes)}`);
      drawLanes(this.lanesLayer, this.lanes, NARROW_ROW, NARROW.width);
    }
    const onSelect = this.handlers.select;
    drawBacks(this.backLayer, frame.rows, NARROW_ROW, this.flashed, reducedMotion, NARROW_BACK);
    drawSegments(this.segLayer, frame.segments, NARROW_ROW, onSelect, narrowSegmentTransform);
    drawRows(this.rowsLayer, frame.rows, NARROW_ROW, onSelect, buildNarrowRow);
    const notes = footerNotes(frame, NARROW.rowH, NARROW.width, narrowStageHeight(frame.lanes));
    this.footer
      .selectAll<SVGTextElement, (typeof notes)[number]>('text')
      .data(notes, (d) => d.key)
      .join('text')
      .attr('class', (d) => d.cls)
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('text-anchor', (d) => d.anchor)
      .each((d, i, nodes) => {
        const lines = wrapNote(d.text);
        select(nodes[i]!)
          .selectAll('tspan')
          .data(lines)
          .join('tspan')
          .attr('x', d.x)
          // The block of lines is centred on the note's y.
          .attr('dy', (_l, j) => (j === 0 ? `${-0.625 * (lines.length - 1)}em` : '1.25em'))
          .text((l) => l);
      });
  }

  /** A new run: its failures flash again. */
  reset(): void {
    this.flashed.clear();
  }
}
