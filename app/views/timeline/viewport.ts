/**
 * The visible range as numbers (pure): clamping a wished-for range to the run, the d3-zoom
 * transform that shows it, zooming around a time, and paging to follow the playback cursor.
 * Ranges are [start, end] in µs; the base scale maps the whole run to the plot's width.
 */
import { type ScaleLinear, type ZoomTransform, zoomIdentity } from 'd3';

/** The narrowest time range one can zoom to (µs). */
export const MIN_SPAN_US = 10;

export type Domain = readonly [number, number];

/** `domain` made to fit the run: at least MIN_SPAN_US and at most the run wide, inside [0, endAt]. */
export function clampDomain(domain: Domain, endAt: number): { d0: number; span: number } {
  const span = Math.min(endAt, Math.max(MIN_SPAN_US, domain[1] - domain[0]));
  return { d0: Math.max(0, Math.min(endAt - span, domain[0])), span };
}

/** The zoom transform that shows `domain` (clamped; null: the whole run). */
export function transformFor(
  domain: Domain | null,
  endAt: number,
  base: ScaleLinear<number, number>,
): ZoomTransform {
  if (!domain) return zoomIdentity;
  const { d0, span } = clampDomain(domain, endAt);
  return zoomIdentity.scale(endAt / span).translate(-base(d0), 0);
}

/** The zoom factors allowed: from the whole run to MIN_SPAN_US. */
export const scaleExtentFor = (endAt: number): [number, number] => [1, Math.max(1, endAt / MIN_SPAN_US)];

export const isWhole = (domain: Domain, endAt: number): boolean => domain[0] <= 0 && domain[1] >= endAt;

/** `domain` zoomed by `factor` (2: twice as close) keeping time `around` (default: the centre) in place. */
export function zoomAround(domain: Domain, factor: number, around?: number): [number, number] {
  const [d0, d1] = domain;
  const c = around ?? (d0 + d1) / 2;
  const span = (d1 - d0) / factor;
  const f = (c - d0) / (d1 - d0);
  return [c - f * span, c - f * span + span];
}

/** `domain`'s span centred on time c. */
export function centredOn(domain: Domain, c: number): [number, number] {
  const span = domain[1] - domain[0];
  return [c - span / 2, c + span / 2];
}

/**
 * While playing: the range to page to so that the cursor t is near its left edge, or null when
 * t is in view.
 */
export function followCursor(domain: Domain, t: number): [number, number] | null {
  const [d0, d1] = domain;
  if (t <= d1 && t >= d0) return null;
  const span = d1 - d0;
  return [t - span * 0.1, t + span * 0.9];
}
