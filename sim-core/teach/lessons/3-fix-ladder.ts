import type { Scenario } from '../../scenario/types';
import { polling } from './scenarios';
import type { Lesson, LessonStep } from './types';

/**
 * A health check against uvicorn (5 s), 30 ms away: short gaps, gaps whose request is sent in the
 * race window (4.95 s, 4.985 s: it crosses the FIN) and gaps that reuse a stale connection (5.5 s,
 * 6 s: the FIN had arrived). Every rung runs this same scenario and seed.
 */
const gaps = [1000, 4950, 1000, 4985, 1000, 5500, 1000, 6000];
const rung = (policy: string): Scenario => polling('lesson-3-ladder', policy, gaps);
const firstFailure = { at: 'condition', condition: { kind: 'failure' } } as const;

function step(
  id: string,
  policy: string,
  before: string,
  title: string,
  text: string,
  extra: Partial<LessonStep> = {},
): LessonStep {
  return {
    id,
    title,
    text,
    scenario: rung(policy),
    compare: { client: before },
    pause: firstFailure,
    highlight: [{ entity: 'request', ref: 'pause' }],
    focus: 'compare',
    ...extra,
  };
}

export const fixLadder: Lesson = {
  id: 'fix-ladder',
  number: 3,
  title: 'What each rung of the fix ladder really changed',
  summary:
    'A retry that never fires, the drop check, a renamed exception, client expiry, today’s check at checkout — on one seed.',
  steps: [
    {
      id: 'baseline',
      title: 'The baseline: http3 0.6',
      text: 'A health check polls uvicorn (5 s keep-alive, 30 ms away) after gaps of 1 s, 4.95 s, 4.985 s, 5.5 s and 6 s. http3 0.6 fails after every gap past about 4.94 s: after 4.95 s and 4.985 s in the race window (the request crosses the FIN on the wire), after 5.5 s and 6 s on a stale connection (the FIN had arrived). {hit}',
      scenario: rung('http3-0.6'),
      pause: firstFailure,
      highlight: [{ entity: 'request', ref: 'pause' }],
      claims: [
        { req: 3, fails: 'RemoteProtocolError' },
        { req: 5, fails: 'RemoteProtocolError', by: 'end' },
        { req: 7, fails: 'RemoteProtocolError', by: 'end' },
        { req: 9, fails: 'RemoteProtocolError', by: 'end' },
        { req: 3, kind: 'race-window' },
        { req: 5, kind: 'race-window' },
        { req: 7, kind: 'stale-reuse' },
        { req: 9, kind: 'stale-reuse' },
      ],
      focus: 'stage',
    },
    step(
      'retry-067',
      'httpx-0.6.7',
      'http3-0.6',
      '0.6.7: a retry that never fires',
      '0.6.7 retries once, on a new connection, when writing the request headers raises a connection reset. But the first write after a FIN succeeds — the failure is an EOF on read — so the same requests fail as before. There is no retry in the trace.',
    ),
    step(
      'drop-check',
      'httpx-0.6.8',
      'httpx-0.6.7',
      '0.6.8: the drop check',
      'httpx 0.6.8 asks the connection it pops whether the event loop has seen its EOF (asyncio’s at_eof()). Stale connections are dropped and a new one dialled: the 5.5 s and 6 s gaps now succeed. The 4.95 s and 4.985 s gaps still fail — when those requests left, the FIN had not arrived: they were sent in the race window.',
      {
        pause: {
          at: 'condition',
          condition: { kind: 'event', match: { kind: 'pool', decision: 'discard' } },
        },
        highlight: [{ entity: 'connection', ref: 'pause' }],
        claims: [
          { conn: 'pause', dropped: 'eof-seen' },
          { req: 7, outcome: 'ok' },
          { req: 9, outcome: 'ok' },
          { req: 3, kind: 'race-window' },
          { req: 5, kind: 'race-window' },
          { req: 7, kind: 'stale-reuse', run: 'B' },
          { req: 9, kind: 'stale-reuse', run: 'B' },
        ],
      },
    ),
    step(
      'renamed',
      'httpx-0.8',
      'httpx-0.6.8',
      '0.8: a new name',
      'PR #524, “Resolves #96”, caught h11’s error and raised httpx’s own: ConnectionClosed when the socket is at EOF, ProtocolError otherwise. Same requests fail, for the same reason, under another name. {hit}',
    ),
    step(
      'expiry',
      'httpx-0.9.4',
      'httpx-0.8',
      '0.9.4: client expiry',
      'httpx 0.9.4 expires idle connections after 5 s, checked when a request is sent, at most once a second. Against a 5 s server it changes nothing: the client’s idle clock starts when it has read the response, one network delay after the server’s, so the server always closes first.',
      {
        question: {
          prompt: 'Why does a 5 s client expiry not help against a 5 s server?',
          choices: [
            'Because the expiry is checked only once a second',
            'Because the client’s idle clock starts later than the server’s, so the server closes first',
            'Because 0.9.4 ignores its own expiry',
          ],
          answer: 1,
          explanation:
            'The server starts counting when it has sent the response; the client when it has read it, a one-way delay (plus event-loop time) later. With equal timeouts the server is always first. A client timeout must be shorter than the server’s by a margin.',
        },
      },
    ),
    step(
      'httpcore',
      'httpx-0.13',
      'httpx-0.9.4',
      '0.13: httpcore, ProtocolError',
      'httpx 0.13 moved onto httpcore 0.9: every idle connection is checked for a drop, ConnectionClosed is gone and the h11 text comes back as ProtocolError. And 0.13.0–0.13.2 had no client expiry at all — httpx forgot to pass keepalive_expiry (fixed in 0.13.3). {hit}',
    ),
    step(
      'today',
      'httpx-0.23',
      'http3-0.6',
      'Today: the check at checkout',
      'Today’s httpcore closes every idle connection that is past its own 5 s expiry or whose raw socket has a FIN waiting to be read. Here the 5.5 s and 6 s gaps are caught by the expiry (the narration says “expired”). Compared with http3 0.6, run B in the comparison, only the requests sent while the FIN was in flight still fail: the race window. {hit} Lesson 4 shows why no check can close it.',
      {
        claims: [
          { req: 'pause', fails: 'RemoteProtocolError' },
          { req: 'pause', kind: 'race-window' },
          { req: 5, fails: 'RemoteProtocolError', by: 'end' },
          { req: 5, kind: 'race-window' },
          { req: 7, outcome: 'ok' },
          { req: 9, outcome: 'ok' },
          { conn: 3, dropped: 'expired', by: 'end' },
          { conn: 4, dropped: 'expired', by: 'end' },
          { req: 7, fails: 'RemoteProtocolError', run: 'B' },
          { req: 7, kind: 'stale-reuse', run: 'B' },
          { req: 9, fails: 'RemoteProtocolError', run: 'B' },
          { req: 9, kind: 'stale-reuse', run: 'B' },
        ],
      },
    ),
  ],
};
