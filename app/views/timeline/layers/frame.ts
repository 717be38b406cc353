/**
 * What every canvas layer of one frame is drawn from: the model, the visible range and its
 * pixel mapping, the scroll position and the rows in view, plus the per-row level-of-detail
 * state and the label list the layers fill in (layers/labels.ts places them last).
 *
 * Layers write fills into a `RectSink` and lines into `PathSink`s (Path2D satisfies it), so
 * their geometry is a pure function of the frame: tests pass recording sinks.
 */
import { STATE_LANES } from '../../../../sim-core';
import type { Selection as AppSelection } from '../../../store/types';
import type { TimelineModel } from '../model';

export interface Frame {
  m: TimelineModel;
  /** Time (µs) → canvas x (CSS pixels, the gutter included). */
  xOf: (t: number) => number;
  d0: number;
  d1: number;
  scrollTop: number;
  /** First and last row in view. */
  r0: number;
  r1: number;
  /** Canvas width, plot width and visible height (CSS pixels). */
  width: number;
  plotW: number;
  viewH: number;
  /** The run's end (µs): unfinished attempts run to it. */
  endAt: number;
  selection: AppSelection | null;
  hovered: AppSelection | null;
}

/** Fills by colour (layers/paint.ts's FillBatch batches them into one path per colour). */
export interface RectSink {
  rect(color: string, x: number, y: number, w: number, h: number): void;
  poly(color: string, points: [number, number][]): void;
}

/** The part of Path2D the layers use. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
}

/** Per row: the last pixel column drawn in each lane, so sub-pixel marks are drawn once per column. */
export interface RowPixels {
  lane: Float64Array;
  timer: Float64Array;
  fail: number;
  wireStart: number;
  wireEnd: number;
}

export const newRowPixels = (): RowPixels => ({
  lane: new Float64Array(STATE_LANES.length).fill(-1),
  timer: new Float64Array(2).fill(-1),
  fail: -1,
  wireStart: -1,
  wireEnd: -1,
});

/** A text label a layer would like drawn (left out if it overlaps one placed before it). */
export interface Label {
  x: number;
  y: number;
  text: string;
  color: string;
  center?: boolean;
  max: number;
}
