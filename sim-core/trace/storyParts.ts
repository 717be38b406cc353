/**
 * What the stories (requestStory.ts, connectionStory.ts) share: a dated line, the precision its
 * times print with, a cause in plain words, and reading a segment from the index's columns.
 */
import { type ConnFacts, emptyFacts, type SegmentFacts } from './connFacts';
import { connFactsOf, SEGMENT_FLAGS, SIDES, type TraceIndex } from './traceIndex';

export type Tone = 'info' | 'good' | 'bad' | 'warn';
export type EntityRef = { kind: 'conn' | 'req' | 'seg'; id: number };

/** One dated line of a story. */
export interface StoryLine {
  t: number;
  seq: number;
  text: string;
  tone: Tone;
  ref?: EntityRef;
}

/** Collects a story's lines. */
export function lineCollector(lines: StoryLine[]) {
  return (t: number, seq: number, text: string, tone: Tone = 'info', ref?: EntityRef) =>
    lines.push(ref ? { t, seq, text, tone, ref } : { t, seq, text, tone });
}

/**
 * Decimals for a story's times: milliseconds (3) when that keeps its distinct times distinct,
 * else microseconds (6) — a story whose events are microseconds apart prints microseconds.
 */
export function decimalsFor(times: readonly number[]): 3 | 6 {
  const distinct = [...new Set(times.map((t) => Math.round(t)))];
  const printed = new Set(distinct.map((t) => (t / 1_000_000).toFixed(3)));
  return printed.size === distinct.length ? 3 : 6;
}

/** `the idle timer fired` for the server app's `after idle-timer`, and so on. */
export function plainCause(cause: string | null): string | null {
  if (!cause) return null;
  if (cause === 'after idle-timer') return 'its keep-alive idle timer fired';
  if (cause === 'after processing') return 'its response was written';
  if (cause.startsWith('after ')) return `its ${cause.slice(6)} timer fired`;
  if (cause.startsWith('SEGMENT ')) return `a ${cause.slice(8)} segment arrived`;
  if (cause === 'close()') return 'the application called close()';
  if (cause === 'PEER_GONE' || cause === 'peer gone') return 'the peer went away';
  return cause;
}

/** The segment in row `row` of the index's columns. */
export function segmentFacts(index: TraceIndex, row: number): SegmentFacts {
  const s = index.segments;
  return {
    seg: s.seg[row]!,
    row,
    from: SIDES[s.from[row]!]!,
    flag: SEGMENT_FLAGS[s.flag[row]!]!,
    sentAt: s.sentAt[row]!,
    arriveAt: s.arriveAt[row]!,
    delivered: s.deliverSeq[row]! >= 0,
  };
}

/** A connection's facts from the index (none recorded: empty facts). */
export const storyFacts = (index: TraceIndex, conn: number): ConnFacts =>
  connFactsOf(index, conn) ?? emptyFacts(conn);

export const connRef = (conn: number | null): EntityRef | undefined =>
  conn === null ? undefined : { kind: 'conn', id: conn };

/** The trace position of a segment's delivery (its send when it was never delivered). */
export function deliverSeq(index: TraceIndex, row: number): number {
  const d = index.segments.deliverSeq[row]!;
  return d >= 0 ? d : index.segments.sendSeq[row]!;
}
