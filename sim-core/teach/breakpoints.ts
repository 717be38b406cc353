/**
 * Conditional breakpoints: where in a trace a condition holds. Playback pauses
 * at the first hit after the cursor; lessons pause at their step's condition.
 * Pure: a condition is data (it goes in URLs and lesson files), a hit is a
 * trace position with the entities it concerns and a plain sentence.
 */
import { buildConnFacts, type ConnFactsTable, factsBefore, factsOf } from '../trace/connFacts';
import { formatDuration } from '../trace/duration';
import type { TraceEvent, TraceKind } from '../trace/events';
import { fullStop, narrate } from './narrate';

export type BreakpointCondition =
  /**
   * A request is written to a connection whose server had already closed it: stale (its FIN had
   * arrived) or in its race window (the FIN still on the wire: they cross).
   */
  | { kind: 'stale-write' }
  /** A pooled connection is handed out within `withinMs` of the server's idle timeout (before or after). */
  | { kind: 'near-timeout'; withinMs: number }
  /** A request ends failed. */
  | { kind: 'failure' }
  /** A request is retried. */
  | { kind: 'retry' }
  /** Any trace event matching every field given (lessons use this for "the server's idle timer fires"). */
  | { kind: 'event'; match: EventMatch };

export interface EventMatch {
  kind: TraceKind;
  side?: 'client' | 'server';
  flag?: string;
  timer?: string;
  decision?: string;
  machine?: string;
  to?: string;
  conn?: number;
  req?: number;
}

export interface BreakpointHit {
  /** Virtual time (µs) and trace position of the event where the condition holds. */
  t: number;
  seq: number;
  conn: number | null;
  req: number | null;
  /** What happened there, in one plain sentence. */
  sentence: string;
}

/** The named conditions the UI offers (lessons may also use `event`). */
export const BREAKPOINT_KINDS = ['stale-write', 'near-timeout', 'failure', 'retry'] as const;

export function describeCondition(c: BreakpointCondition): string {
  switch (c.kind) {
    case 'stale-write':
      return 'a request is written to a connection the server already closed (stale, or crossing its FIN)';
    case 'near-timeout':
      return `a connection is handed out within ${c.withinMs} ms of the server's idle timeout`;
    case 'failure':
      return 'any request fails';
    case 'retry':
      return 'a request is retried';
    case 'event':
      return `a ${c.match.kind} event${Object.entries(c.match)
        .filter(([k]) => k !== 'kind')
        .map(([k, v]) => ` with ${k} ${v}`)
        .join('')}`;
  }
}

/** Problems with a condition read from a URL, a lesson file or a form; empty when it is usable. */
export function conditionProblems(c: unknown): string[] {
  if (typeof c !== 'object' || c === null) return ['a breakpoint must be an object with a "kind"'];
  const o = c as Record<string, unknown>;
  const kinds = [...BREAKPOINT_KINDS, 'event'];
  if (!kinds.includes(o.kind as string)) return [`breakpoint "kind" must be one of ${kinds.join(', ')}`];
  if (o.kind === 'near-timeout') {
    const w = o.withinMs;
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0 || w > 60_000)
      return [
        `breakpoint "withinMs" must be a number of ms above 0 and at most 60000, got ${JSON.stringify(w)}`,
      ];
  }
  if (o.kind === 'event' && (typeof o.match !== 'object' || o.match === null || !('kind' in o.match)))
    return ['breakpoint "match" must be an object with at least a "kind"'];
  return [];
}

function matches(e: TraceEvent, m: EventMatch): boolean {
  const o = e as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(m)) if (o[k] !== v) return false;
  return true;
}

/**
 * Every place in the trace where `c` holds, in trace order (`facts`: the trace's connection
 * facts, from the trace index when at hand).
 */
export function breakpointHits(
  trace: readonly TraceEvent[],
  c: BreakpointCondition,
  facts?: ConnFactsTable,
): BreakpointHit[] {
  const hits: BreakpointHit[] = [];
  /** The connection facts, built on first use when not given. */
  let table = facts;
  const connFacts = (): ConnFactsTable => {
    table ??= buildConnFacts(trace);
    return table;
  };
  /** What connection `id` had been through before trace[i]. */
  const conn = (id: number, i: number) => factsBefore(factsOf(connFacts(), id), i);
  /** Narration by trace position, for `event` hits (built on the first match). */
  let told: Map<number, string> | undefined;
  const hit = (e: TraceEvent, connId: number | null, req: number | null, sentence: string) =>
    hits.push({ t: e.t, seq: e.seq, conn: connId, req, sentence });

  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    switch (c.kind) {
      case 'stale-write':
        if (e.kind === 'attempt.write' && e.ok) {
          const { serverClosedAt: closedAt, finArrivedAt: fin } = conn(e.conn, i);
          // The same line failureKinds draws: FIN arrived at or before the write → stale.
          const finAt = fin ?? (factsOf(connFacts(), e.conn)?.finArrival?.t === e.t ? e.t : null);
          if (closedAt !== null)
            hit(
              e,
              e.conn,
              e.req,
              finAt !== null
                ? `Request ${e.req} is written to stale connection #${e.conn}: the server closed it ${formatDuration(e.t - closedAt)} earlier and its FIN reached the client ${formatDuration(e.t - finAt)} before the write; the write succeeds.`
                : `Request ${e.req} is written to connection #${e.conn}, which the server closed ${formatDuration(e.t - closedAt)} earlier; its FIN is still on the wire, so the request and the FIN cross (the race window); the write succeeds.`,
            );
        }
        break;
      case 'near-timeout':
        if (e.kind === 'pool' && e.decision === 'reuse' && e.conn !== null) {
          const s = conn(e.conn, i);
          const within = c.withinMs * 1000;
          if (s.idleTimerAt !== null && s.idleTimerAt - e.t <= within)
            hit(
              e,
              e.conn,
              e.req,
              `Connection #${e.conn} is handed out to request ${e.req} ${formatDuration(s.idleTimerAt - e.t)} before the server's idle timer fires.`,
            );
          else if (s.idleTimerFiredAt !== null && e.t - s.idleTimerFiredAt <= within)
            hit(
              e,
              e.conn,
              e.req,
              `Connection #${e.conn} is handed out to request ${e.req} ${formatDuration(e.t - s.idleTimerFiredAt)} after the server's idle timer fired.`,
            );
        }
        break;
      case 'failure':
        if (e.kind === 'request.end' && e.outcome === 'failed')
          hit(
            e,
            null,
            e.req,
            `Request ${e.req} fails: ${fullStop(e.error ? `${e.error.class}: ${e.error.message}` : 'no response')}`,
          );
        break;
      case 'retry':
        if (e.kind === 'pool' && e.decision === 'retry')
          hit(e, e.conn, e.req, `Request ${e.req} is retried: ${e.detail}.`);
        break;
      case 'event':
        if (matches(e, c.match)) {
          const o = e as unknown as { conn?: number | null; req?: number | null };
          told ??= new Map(narrate(trace, connFacts()).map((n) => [n.seq, n.text]));
          hit(e, o.conn ?? null, o.req ?? null, told.get(e.seq) ?? `${e.kind} at ${formatDuration(e.t)}.`);
        }
        break;
    }
  }
  return hits;
}

/** The first hit strictly after `afterSeq` (the cursor's last event), or null. */
export function nextHit(hits: readonly BreakpointHit[], afterSeq: number): BreakpointHit | null {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.seq <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  return hits[lo] ?? null;
}
