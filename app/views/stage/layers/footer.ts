/**
 * The footer notes: "+N more open connections not shown" under the rows, and the empty stage's
 * hint (before the first connection, or when none is open).
 */
import type { Selection as D3Selection } from 'd3';
import { HEADER_H, STAGE_WIDTH, stageHeight } from '../geometry';
import type { StageFrame } from '../model';

export interface FooterNote {
  key: 'hidden' | 'empty';
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  cls: string;
}

/**
 * The notes a frame needs, for rows `rowH` high, on a stage `width` wide and `height` high (the
 * wide stage's unless given) (pure).
 */
export function footerNotes(
  frame: StageFrame,
  rowH: number,
  width: number = STAGE_WIDTH,
  height: number = stageHeight(frame.lanes),
): FooterNote[] {
  const items: FooterNote[] = [];
  if (frame.hidden > 0) {
    items.push({
      key: 'hidden',
      text: `+${frame.hidden} more open connection${frame.hidden === 1 ? '' : 's'} not shown`,
      x: width - 8,
      y: height - 5,
      anchor: 'end',
      cls: 'stage-note',
    });
  }
  if (frame.rows.length === 0) {
    items.push({
      key: 'empty',
      text:
        // No promise of a failure here: the stage does not know whether the run has one (the
        // story card's hint says what playback will do in this run).
        frame.t === 0 ? 'No connection yet. Press ▶ Play (Space).' : 'No connection is open at this moment.',
      x: width / 2,
      y: HEADER_H + (Math.min(frame.lanes, 3) * rowH) / 2 + 5,
      anchor: 'middle',
      cls: 'stage-empty',
    });
  }
  return items;
}

export function drawFooter(
  footer: D3Selection<SVGGElement, unknown, null, undefined>,
  frame: StageFrame,
  rowH: number,
  width: number = STAGE_WIDTH,
  height: number = stageHeight(frame.lanes),
): void {
  footer
    .selectAll<SVGTextElement, FooterNote>('text')
    .data(footerNotes(frame, rowH, width, height), (d) => d.key)
    .join('text')
    .attr('class', (d) => d.cls)
    .attr('x', (d) => d.x)
    .attr('y', (d) => d.y)
    .attr('text-anchor', (d) => d.anchor)
    .text((d) => d.text);
}
