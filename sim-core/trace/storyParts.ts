/**
 * What the stories (requestStory.ts, connectionStory.ts) share: a dated line, the precision its
 * times print with, a cause in plain words, and reading a segment from the index's columns.
 */
import { clientPolicy } from '../policies';
import type { ErrorContext, ErrorReport } from '../policies/types';
import { type ConnFacts, emptyFacts, type SegmentFacts } from './connFacts';
import type { TraceEvent } from './events';
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

/**
 * How a client names what it does, so the stories speak its words: its library (the policy's
 * source), whether its HTTP/1.1 layer is h11 (http3 and httpx, through httpcore — Go, Node, undici,
 * urllib3 and aiohttp have parsers of their own), and the error it raises when it reads end-of-file
 * where a response should be (the policy's own `errorFor('eof')`).
 */
export interface ClientWords {
  library: string;
  h11: boolean;
  eofError: ErrorReport;
  /** A short note for a connection whose exchange broke: `h11 raised an error`, `Go net/http: EOF`. */
  brokenNote: string;
  /** What the client makes of a FIN arriving on it (after "the socket is half-closed (CLOSE-WAIT)"). */
  onFin: string;
}

const EOF_CONTEXT: ErrorContext = {
  h11Error: null,
  method: 'GET',
  url: 'http://service-b/',
  reused: true,
  errno: null,
  attempt: 1,
  conn: 1,
};

/** The client policy's words; null for a policy this build does not know. */
export function clientWords(policyName: string | null | undefined): ClientWords | null {
  const policy = policyName ? clientPolicy(policyName) : undefined;
  if (!policy) return null;
  const library = policy.source.library;
  const h11 = /^(http3|httpx)\b/.test(library);
  const eofError = policy.errorFor('eof', EOF_CONTEXT);
  // The message's innermost quoted text or last clause is the library's own word for it (`EOF`,
  // `socket hang up`, `Remote end closed connection without response`).
  const quoted = [...eofError.message.matchAll(/'([^']+)'/g)].pop()?.[1];
  const tail = (quoted ?? eofError.message.split(': ').pop()!).replace(/[.)]+$/, '');
  // Go's readLoop, Node's Agent and undici always have a read pending, so they see the EOF; the
  // others read only when a request wants a response, so nothing tells the pool.
  const onFin = policy.detection.eagerReader
    ? `${library}’s reader, always pending on the socket, sees the end-of-file`
    : 'the pool is not told';
  return { library, h11, eofError, brokenNote: h11 ? 'h11 raised an error' : `${library}: ${tail}`, onFin };
}

/** The client policy a trace was recorded with (its run.start), if it says. */
export function traceClient(trace: readonly TraceEvent[]): string | null {
  const first = trace[0];
  return first?.kind === 'run.start' ? first.client : null;
}
