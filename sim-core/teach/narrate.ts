/**
 * Narration: the trace told in plain sentences, for the screen-reader live
 * region, the presenter's captions and the recorded transcripts. Only what a
 * learner should notice is told: connections opened, reused, dropped and
 * closed, the server's timer and close, the FIN or RST reaching the client,
 * failures with their cause, retries, and outcomes.
 */
import { buildConnFacts, type ConnFactsTable, factsBefore, factsOf } from '../trace/connFacts';
import { formatDuration } from '../trace/duration';
import type { TraceEvent } from '../trace/events';
import { explainFailures } from '../trace/failures';
import { intervalAt, raceIntervals } from '../trace/raceWindows';
import { clientWords, traceClient } from '../trace/storyParts';

export interface Narration {
  t: number;
  seq: number;
  conn: number | null;
  req: number | null;
  /** `high`: the race itself (a stale reuse, a failure); `normal`: the rest. */
  importance: 'high' | 'normal';
  text: string;
}

/** Ends `text` with a full stop unless it already has one. */
export const fullStop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The narration of a trace (`facts`: its connection facts, from the trace index when at hand). */
export function narrate(
  trace: readonly TraceEvent[],
  facts: ConnFactsTable = buildConnFacts(trace),
): Narration[] {
  const out: Narration[] = [];
  const requests = new Map<number, string>();
  const causes = new Map(explainFailures(trace, facts).map((f) => [f.req, f.sentence]));
  const intervals = raceIntervals(trace, facts);
  /** What this client makes of a FIN, in its own words (an unknown client: the pool is not told). */
  const onFin = clientWords(traceClient(trace))?.onFin ?? 'the pool is not told';
  const say = (
    e: TraceEvent,
    text: string,
    conn: number | null = null,
    req: number | null = null,
    importance: Narration['importance'] = 'normal',
  ) => out.push({ t: e.t, seq: e.seq, conn, req, importance, text });

  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    switch (e.kind) {
      case 'request.start':
        requests.set(e.req, `${e.method} ${e.path}`);
        break;
      case 'pool': {
        const what =
          e.req !== null ? `request ${e.req}${requests.has(e.req) ? ` (${requests.get(e.req)})` : ''}` : '';
        if (e.decision === 'dial')
          say(e, `The client opens connection #${e.conn} for ${what}.`, e.conn, e.req);
        else if (e.decision === 'reuse' && e.conn !== null) {
          const f = factsBefore(factsOf(facts, e.conn), i);
          // Stale (the FIN is here: a check would see it) or in the race window (it will cross the FIN).
          const w = intervalAt(intervals, e.conn, e.t);
          const reality =
            w?.kind === 'stale'
              ? `: it is stale — the server closed it ${formatDuration(e.t - w.serverClosedAt)} ago and its ${w.finArrivedAt === w.evidenceAt ? 'FIN' : 'RST'} reached the client ${formatDuration(e.t - w.evidenceAt!)} ago`
              : w?.kind === 'race-window'
                ? `: it is in its race window — the request will cross the server’s FIN on the wire${f.serverClosedAt !== null ? ` (the server closed it ${formatDuration(e.t - f.serverClosedAt)} ago)` : ''}`
                : f.serverClosedAt !== null
                  ? `; the server closed it ${formatDuration(e.t - f.serverClosedAt)} ago`
                  : f.idleTimerAt !== null
                    ? `; the server's idle timer fires in ${formatDuration(f.idleTimerAt - e.t)}`
                    : '';
          say(
            e,
            `The client reuses connection #${e.conn} for ${what} (${e.detail})${reality}.`,
            e.conn,
            e.req,
            f.serverClosedAt !== null || w ? 'high' : 'normal',
          );
        } else if (e.decision === 'discard')
          say(e, `The client drops connection #${e.conn}: ${e.detail}.`, e.conn, e.req);
        else if (e.decision === 'retry')
          say(e, `The client retries request ${e.req}: ${e.detail}.`, e.conn, e.req, 'high');
        else if (e.decision === 'close')
          say(e, `The client closes connection #${e.conn}: ${e.detail}.`, e.conn, e.req);
        break;
      }
      case 'timer.fire':
        if (e.timer === 'idle-timer' && e.side === 'server') {
          say(e, `The server's idle timer on connection #${e.conn} fires: the server closes it.`, e.conn);
        } else if (e.timer === 'expiry')
          say(e, `The client's own idle timer on connection #${e.conn} fires: the client closes it.`, e.conn);
        break;
      case 'segment.deliver':
        if (e.side === 'client' && e.flag === 'FIN') {
          say(
            e,
            `The server's FIN reaches the client on connection #${e.conn}: the socket is half-closed (CLOSE-WAIT); ${onFin}.`,
            e.conn,
          );
        } else if (e.flag === 'RST')
          say(
            e,
            `An RST reaches the ${e.side} on connection #${e.conn}.`,
            e.conn,
            null,
            e.side === 'client' ? 'high' : 'normal',
          );
        break;
      case 'request.end':
        if (e.outcome === 'failed')
          say(
            e,
            `Request ${e.req} fails with ${fullStop(e.error ? `${e.error.class}: ${e.error.message}` : 'no response')}${
              causes.has(e.req) ? ` ${causes.get(e.req)}` : ''
            }`,
            null,
            e.req,
            'high',
          );
        else
          say(
            e,
            `Request ${e.req} ${e.outcome === 'ok-after-retry' ? 'succeeds after a retry' : 'succeeds'} in ${formatDuration(e.latency)}.`,
            null,
            e.req,
          );
        break;
      default:
        break;
    }
  }
  return out;
}
