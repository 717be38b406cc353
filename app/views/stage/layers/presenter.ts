/**
 * The presenter stage (presenter mode, wider than a phone): the same layers as the wide one
 * (renderer.ts), drawn in the `PRESENTER` geometry (geometry.ts) — at most two connections, each
 * row in three bands, every element scaled so its smallest label is `PRESENTER.minFont` units.
 * Row contents, backgrounds, segments and rings are the shared layer functions with this file's
 * placement; the header (two lines) and which rows are shown are its own. `StageView` picks this
 * renderer while presenting.
 */
import type { Selection as D3Selection } from 'd3';
import {
  laneY,
  PRESENTER,
  presenterSegmentXY,
  presenterStageHeight,
  type RowLayout,
  rowLayout,
} from '../geometry';
import type { RowModel, SegmentModel, StageFrame } from '../model';
import type { StageCaptions, StageHandlers } from '../renderer';
import { type BackShape, drawBacks, drawLanes } from './backs';
import { drawFooter } from './footer';
import { createStageGroups, type Root } from './groups';
import { buildRing } from './rings';
import { drawRows, type RowBuilder } from './rows';
import { drawSegments, visualWidth } from './segments';

type RowG = Parameters<RowBuilder>[0];

/** The presenter row as the shared layers read it: its height and wire. */
export const PRESENTER_ROW: RowLayout = { ...rowLayout(1), h: PRESENTER.rowH, mid: PRESENTER.wire.y };

export const PRESENTER_BACK: BackShape = {
  width: PRESENTER.width,
  wire: { x1: PRESENTER.wire.x1, x2: PRESENTER.wire.x2, y1: PRESENTER.wire.y, y2: PRESENTER.wire.y },
};

/** How much a row matters to the audience: selected, pointed at by the step, failing, in a race, open. */
function weight(r: RowModel): number {
  return (
    (r.selected ? 16 : 0) +
    (r.highlighted ? 8 : 0) +
    (r.failure ? 4 : 0) +
    (r.race ? 4 : 0) +
    (r.done ? 0 : 1)
  );
}

/**
 * The rows the presenter stage shows, in at most `slots` rows: the ones that matter most (ties:
 * the upper lane), top to bottom in lane order, each moved to its slot, with their segments; the
 * others count as not shown (pure).
 */
export function presenterFrame(frame: StageFrame, slots: number = PRESENTER.rows): StageFrame {
  const chosen = [...frame.rows]
    .sort((a, b) => weight(b) - weight(a) || a.lane - b.lane)
    .slice(0, slots)
    .sort((a, b) => a.lane - b.lane);
  const slotOf = new Map(chosen.map((r, i) => [r.conn, i]));
  const rows = chosen.map((r, i) => (r.lane === i ? r : { ...r, lane: i }));
  const segments: SegmentModel[] = [];
  for (const s of frame.segments) {
    const slot = slotOf.get(s.conn);
    if (slot !== undefined) segments.push(s.lane === slot ? s : { ...s, lane: slot });
  }
  return {
    t: frame.t,
    lanes: Math.min(slots, frame.lanes),
    rows,
    segments,
    hidden: frame.hidden + frame.rows.length - rows.length,
  };
}

export interface PresenterHeaderText {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  cls: string;
}

/** The header's two lines: the services' titles, then the columns' captions (pure). */
export function presenterHeaderLines(c: StageCaptions): PresenterHeaderText[] {
  const { titleY, captionY } = PRESENTER.header;
  const right = PRESENTER.width - 12;
  return [
    { x: 12, y: titleY, text: c.client, anchor: 'start', cls: 'stage-title' },
    { x: right, y: titleY, text: c.server, anchor: 'end', cls: 'stage-title' },
    { x: 12, y: captionY, text: 'POOL · CLIENT SOCKET', anchor: 'start', cls: 'stage-caption' },
    {
      x: (PRESENTER.wire.x1 + PRESENTER.wire.x2) / 2,
      y: captionY,
      text: c.wire.replace(/^network · /, '').toUpperCase(),
      anchor: 'middle',
      cls: 'stage-caption',
    },
    { x: right, y: captionY, text: 'SERVER SOCKET · APP', anchor: 'end', cls: 'stage-caption' },
  ];
}

/** A segment's place and size on the presenter wire (pure). */
export function presenterSegmentTransform(d: SegmentModel, L: RowLayout): string {
  const { x, y } = presenterSegmentXY(d.from, d.progress, d.stack, visualWidth(d));
  return `translate(${x},${laneY(d.lane, L) + y}) scale(${PRESENTER.scale.segment})`;
}

const at = (x: number, y: number, k: number) => `translate(${x},${y}) scale(${k})`;

function buildPresenterRow(g: RowG, L: RowLayout): void {
  const { top, box: B, rings, scale: K } = PRESENTER;
  g.append('rect')
    .attr('class', 'row-hit')
    .attr('x', 2)
    .attr('y', 3)
    .attr('width', PRESENTER.width - 4)
    .attr('height', L.h - 6)
    .attr('rx', 9);
  g.append('text')
    .attr('class', 'conn-id')
    .attr('transform', at(top.idX, top.idY, K.id));
  const belief = g
    .append('g')
    .attr('class', 'belief')
    .attr('transform', at(top.pillX, top.pillY, K.pill));
  belief.append('rect').attr('class', 'pill').attr('height', 24).attr('rx', 12);
  belief.append('text').attr('class', 'pill-text').attr('x', 11).attr('y', 16.5);
  g.append('text')
    .attr('class', 'race-caption')
    .attr('text-anchor', 'middle')
    .attr('transform', at((PRESENTER.wire.x1 + PRESENTER.wire.x2) / 2, top.captionY, K.caption));
  g.append('text')
    .attr('class', 'app-state')
    .attr('text-anchor', 'end')
    .attr('transform', at(top.appX, top.appY, K.app));
  for (const side of ['client', 'server'] as const) {
    const box = g
      .append('g')
      .attr('class', `endpoint endpoint-${side}`)
      .attr('transform', at(side === 'client' ? B.clientX : B.serverX, B.y, B.scale));
    box.append('rect').attr('class', 'endpoint-box').attr('width', B.w).attr('height', B.h).attr('rx', 7);
    for (const [cls, y] of [
      ['tcp', 15],
      ['h11', 30],
      ['endpoint-note', 45],
    ] as const)
      box
        .append('text')
        .attr('class', cls)
        .attr('x', B.w / 2)
        .attr('y', y)
        .attr('text-anchor', 'middle');
  }
  // The timer rings outside the boxes, as large as their one-word titles need; the time beside.
  for (const [cls, x] of [
    ['expiry', rings.expiryX],
    ['server-timer', rings.serverX],
  ] as const) {
    buildRing(g, cls, x, L);
    const ring = g.select<SVGGElement>(`.ring.${cls}`);
    ring.attr('transform', at(x, PRESENTER.wire.y, rings.scale));
    ring.select('.ring-text').attr('x', rings.textDx).attr('y', 4).attr('text-anchor', 'start');
  }
  g.append('text')
    .attr('class', 'row-note')
    .attr('transform', at(B.clientX, PRESENTER.noteY, K.note));
}

export class PresenterStageRenderer {
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
    this.svg.classed('presenter-stage', true);
  }

  setCaptions(captions: StageCaptions): void {
    this.header
      .selectAll<SVGTextElement, PresenterHeaderText>('text')
      .data(presenterHeaderLines(captions))
      .join('text')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('text-anchor', (d) => d.anchor)
      .attr('class', (d) => d.cls)
      .text((d) => d.text);
  }

  render(full: StageFrame, reducedMotion: boolean): void {
    const frame = presenterFrame(full);
    if (frame.lanes !== this.lanes) {
      this.lanes = frame.lanes;
      this.svg.attr('viewBox', `0 0 ${PRESENTER.width} ${presenterStageHeight(frame.lanes)}`);
      drawLanes(this.lanesLayer, this.lanes, PRESENTER_ROW, PRESENTER.width);
    }
    const onSelect = this.handlers.select;
    drawBacks(this.backLayer, frame.rows, PRESENTER_ROW, this.flashed, reducedMotion, PRESENTER_BACK);
    drawSegments(this.segLayer, frame.segments, PRESENTER_ROW, onSelect, presenterSegmentTransform);
    drawRows(this.rowsLayer, frame.rows, PRESENTER_ROW, onSelect, buildPresenterRow);
    drawFooter(this.footer, frame, PRESENTER.rowH, PRESENTER.width, presenterStageHeight(frame.lanes));
  }

  /** A new run: its failures flash again. */
  reset(): void {
    this.flashed.clear();
  }
}

/** The presenter stage's viewBox height for a run with `lanes` lanes. */
export const presenterHeightFor = (lanes: number) => presenterStageHeight(Math.min(PRESENTER.rows, lanes));
