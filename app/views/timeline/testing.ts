/**
 * For the timeline's unit tests: the hand-written stale-reuse trace's model (one connection,
 * request 1 ok, request 2 failing in the race window; sim-core/trace/fixtures/staleReuse.ts) and
 * a frame over a chosen range on a 1,000 px plot.
 */
import { scaleLinear } from 'd3';
import { buildTraceIndex } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import type { Selection as AppSelection } from '../../store/types';
import type { Frame, PathSink, RectSink } from './layers/frame';
import { GUTTER, ROW_H, type TimelineModel, timelineModel } from './model';

export const PLOT_W = 1000;

export const staleReuseModel = (): TimelineModel =>
  timelineModel(STALE_REUSE_TRACE, buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 }));

/** The visible range [d0, d1] on a PLOT_W-wide plot. */
export const viewScale = (d0: number, d1: number) => scaleLinear().domain([d0, d1]).range([0, PLOT_W]);

export function testFrame(
  m: TimelineModel,
  d0: number,
  d1: number,
  more: { hovered?: AppSelection | null; selection?: AppSelection | null; scrollTop?: number } = {},
): Frame {
  const x = viewScale(d0, d1);
  return {
    m,
    xOf: (t) => GUTTER + x(t),
    d0,
    d1,
    scrollTop: more.scrollTop ?? 0,
    r0: 0,
    r1: m.rows.length - 1,
    width: GUTTER + PLOT_W + 8,
    plotW: PLOT_W,
    viewH: ROW_H * m.rows.length,
    endAt: m.endAt,
    selection: more.selection ?? null,
    hovered: more.hovered ?? null,
  };
}

export type Fill =
  | { color: string; x: number; y: number; w: number; h: number }
  | { color: string; points: [number, number][] };

/** A RectSink that keeps what it was given. */
export function recordingSink(): RectSink & { fills: Fill[] } {
  const fills: Fill[] = [];
  return {
    fills,
    rect: (color, x, y, w, h) => fills.push({ color, x, y, w, h }),
    poly: (color, points) => fills.push({ color, points }),
  };
}

/** A PathSink that keeps its commands as strings (`M 92 52`, `L 192 84`, `Z`). */
export function recordingPath(): PathSink & { ops: string[] } {
  const ops: string[] = [];
  return {
    ops,
    moveTo: (x, y) => ops.push(`M ${x} ${y}`),
    lineTo: (x, y) => ops.push(`L ${x} ${y}`),
    closePath: () => ops.push('Z'),
  };
}
