/**
 * Time-axis ticks and labels in the unit the zoom calls for: seconds for a whole run, ms for a
 * burst, µs for a race. When the labels would need more digits than they can show (zoomed to
 * microseconds 40 minutes into a run) they become offsets from a base time printed once.
 */
import { scaleLinear } from 'd3';
import { formatInstant } from '../../../sim-core';

export type TimeUnit = 's' | 'ms' | 'µs';

const UNIT_US: Record<TimeUnit, number> = { s: 1_000_000, ms: 1000, µs: 1 };

export interface AxisTicks {
  /** Tick positions, µs. */
  values: number[];
  labels: string[];
  unit: TimeUnit;
  /** Set when labels are offsets from this time (µs), e.g. `+20 µs` after `5.003 120 s`. */
  base: number | null;
  /** The base, printed (`5.003 120 s`), or null. */
  baseLabel: string | null;
  step: number;
}

/** The unit for a tick step (µs): the largest unit in which the step is at least 0.1 (`0.5 ms`, not `500 µs`). */
export function unitFor(stepUs: number): TimeUnit {
  if (stepUs >= 100_000) return 's';
  if (stepUs >= 100) return 'ms';
  return 'µs';
}

function decimalsFor(stepUs: number, unit: TimeUnit): number {
  const step = stepUs / UNIT_US[unit];
  return Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
}

const grouped = (n: number, decimals: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Labels longer than this many characters switch to base + offset. */
const MAX_LABEL_CHARS = 9;

/** Ticks for the domain [d0, d1] (µs), about `count` of them. */
export function axisTicks(d0: number, d1: number, count: number): AxisTicks {
  const scale = scaleLinear().domain([d0, d1]);
  const values = scale.ticks(Math.max(2, count));
  const step = values.length > 1 ? values[1]! - values[0]! : Math.max(1, d1 - d0);
  const unit = unitFor(step);
  const decimals = decimalsFor(step, unit);
  const plain = values.map((v) => `${grouped(v / UNIT_US[unit], decimals)} ${unit}`);
  const tooLong = plain.some((l) => l.length - unit.length - 1 > MAX_LABEL_CHARS);
  if (!tooLong) return { values, labels: plain, unit, base: null, baseLabel: null, step };
  // Offsets from a round base at or before the first tick.
  const span = step * 10;
  const base = Math.floor((values[0] ?? d0) / span) * span;
  const labels = values.map((v) => `+${grouped((v - base) / UNIT_US[unit], decimals)} ${unit}`);
  return { values, labels, unit, base, baseLabel: formatBase(base, step), step };
}

/** A base time printed to the precision of the ticks: `5.003 120 s`. */
export function formatBase(us: number, stepUs: number): string {
  // Whole groups of three: milliseconds or microseconds.
  const needed = Math.max(0, Math.min(6, Math.ceil(-Math.log10(stepUs / 1_000_000) - 1e-9)));
  return formatInstant(us, Math.ceil(needed / 3) * 3, { groupWhole: true });
}

/** A span of time in the unit that suits it: `2.5 s`, `380 ms`, `12 µs`. */
export function formatSpan(us: number): string {
  const unit: TimeUnit = us >= 1_000_000 ? 's' : us >= 1000 ? 'ms' : 'µs';
  const v = us / UNIT_US[unit];
  return `${Number(v.toPrecision(3)).toLocaleString('en-US')} ${unit}`;
}
