/**
 * The header above the rows: the two services' titles, a bracket under each side, and the column
 * captions (POOL THINKS … SERVER APP). Drawn when the captions change, not per frame.
 */
import type { Selection as D3Selection } from 'd3';
import { recordedRun, type TraceEvent } from '../../../../sim-core';
import { COL } from '../geometry';

export interface StageCaptions {
  client: string;
  server: string;
  wire: string;
}

/**
 * The captions of a recorded trace (run.start `source` real or capture), from `simulated` (the
 * captions of the scenario the views hold): a real run's header scenario is its simulated twin —
 * the same client, server and parameters the real run used — so its captions stand, the client named real;
 * a trace without its scenario (a capture) names its sides as recorded (their addresses) and says
 * the rest was not recorded, never the defaults' values. A simulated trace: `simulated` as it is.
 */
export function recordedCaptions(
  trace: readonly TraceEvent[],
  simulated: StageCaptions,
  scenarioKnown: boolean,
): StageCaptions {
  const r = recordedRun(trace);
  if (r === null) return simulated;
  if (scenarioKnown) return { ...simulated, client: `Service A · real client ${r.client}` };
  return {
    client: `${r.source === 'real' ? 'Real' : 'Captured'}: client ${r.client}`,
    server: `server ${r.server} · settings not recorded`,
    wire: r.source === 'capture' ? 'wire · delays estimated' : 'wire · delay not recorded',
  };
}

export interface HeaderLayout {
  titles: { x: number; text: string; anchor: 'start' | 'end' }[];
  brackets: { x1: number; x2: number }[];
  captions: { x: number; text: string }[];
}

/** Where the header's texts and brackets go (pure). */
export function headerLayout(captions: StageCaptions): HeaderLayout {
  return {
    titles: [
      { x: COL.pool.x + 4, text: captions.client, anchor: 'start' },
      { x: COL.app.x + COL.app.w - 4, text: captions.server, anchor: 'end' },
    ],
    brackets: [
      { x1: COL.pool.x, x2: COL.client.x + COL.client.w },
      { x1: COL.server.x, x2: COL.app.x + COL.app.w },
    ],
    captions: [
      { x: COL.pool.x + COL.pool.w / 2, text: 'POOL THINKS' },
      { x: COL.client.x + COL.client.w / 2, text: 'CLIENT SOCKET' },
      { x: (COL.wire.x1 + COL.wire.x2) / 2, text: captions.wire.toUpperCase() },
      { x: COL.server.x + COL.server.w / 2, text: 'SERVER SOCKET' },
      { x: COL.app.x + COL.app.w / 2, text: 'SERVER APP' },
    ],
  };
}

export function drawHeader(
  h: D3Selection<SVGGElement, unknown, null, undefined>,
  captions: StageCaptions,
): void {
  h.selectAll('*').remove();
  const layout = headerLayout(captions);
  for (const t of layout.titles)
    h.append('text')
      .attr('x', t.x)
      .attr('y', 19)
      .attr('text-anchor', t.anchor)
      .attr('class', 'stage-title')
      .text(t.text);
  for (const b of layout.brackets)
    h.append('line')
      .attr('x1', b.x1)
      .attr('x2', b.x2)
      .attr('y1', 28)
      .attr('y2', 28)
      .attr('class', 'stage-bracket');
  for (const c of layout.captions)
    h.append('text')
      .attr('x', c.x)
      .attr('y', 47)
      .attr('text-anchor', 'middle')
      .attr('class', 'stage-caption')
      .text(c.text);
}
