import { polling, presetWith } from './scenarios';
import type { Lesson } from './types';

/** Today's httpx, 30 ms away from uvicorn (5 s): request 2 after 4.945 s, request 3 after 4.985 s. */
const httpx = polling('lesson-4-window', 'httpx-0.23', [4945, 1000, 4985]);
const goGet = polling('lesson-4-window', 'go-net-http', [4945, 1000, 4985]);
const goPost = polling('lesson-4-window', 'go-net-http', [4945, 1000, 4985], {
  method: 'POST',
  path: '/pay',
});
const duplicate = presetWith('leaky-idle-timer', (s) => {
  s.client = { policy: 'go-net-http', eventLoopDelayMs: 0.05, idempotencyKey: true };
  s.workload = { ...s.workload, method: 'POST', path: '/pay' };
});

export const raceWindow: Lesson = {
  id: 'race-window',
  number: 4,
  title: 'The race no check can close',
  summary:
    'FIN and request cross in flight; the window is about one round trip; retries are safe for GET, not for POST.',
  steps: [
    {
      id: 'setup',
      title: 'Just under the timeout',
      text: 'Today’s httpx, uvicorn 30 ms away with its 5 s keep-alive. The second request comes after 4.945 s of idle — under 5 s, so the connection looks fine, and the check at checkout will find nothing.',
      scenario: httpx,
      pause: { at: 'start' },
      focus: 'timeline',
    },
    {
      id: 'crossing',
      title: 'FIN and request cross',
      text: 'The server’s idle timer fires while request 2 is already on the wire: the request left 25 ms ago, when the connection still looked idle. The FIN travels one way, the request the other. Neither side can see the other’s segment until it arrives. This is the race window: from one trip before the close until the FIN reaches the client, a request sent crosses the FIN.',
      scenario: httpx,
      pause: {
        at: 'condition',
        condition: { kind: 'event', match: { kind: 'timer.fire', side: 'server', timer: 'idle-timer' } },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      focus: 'timeline',
      claims: [
        { conn: 'pause', side: 'server', tcp: 'FIN-WAIT-1' },
        { conn: 'pause', side: 'client', tcp: 'ESTABLISHED', h11: 'DONE/SEND_RESPONSE' },
        { conn: 'pause', pool: 'active' },
        { conn: 'pause', interval: 'race-window' },
        { req: 2, kind: 'race-window' },
      ],
    },
    {
      id: 'eof',
      title: 'Server disconnected',
      text: '{hit} The readability check ran before the FIN had arrived: there was nothing to see. No check at checkout can close this race window, because the close and the request are both in flight.',
      scenario: httpx,
      pause: { at: 'condition', condition: { kind: 'failure' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      focus: 'inspector',
      claims: [
        { req: 'pause', fails: 'RemoteProtocolError' },
        // "about one round trip, 60 ms": the window the request was sent in.
        { req: 'pause', kind: 'race-window', windowMs: [58, 62] },
      ],
      question: {
        prompt: 'With 30 ms one way, over how wide a range of idle gaps does today’s httpx fail here?',
        choices: [
          'None: the check prevents it',
          'About 30 ms',
          'About 60 ms — one round trip',
          'Anything over 5 s',
        ],
        answer: 2,
        explanation:
          'It fails when the request reaches the server after the close (gap > 5 s − 2 × 30 ms) but left before the FIN reached the client (gap < 5 s): about one round trip, 60 ms. Gaps beyond it are caught by the check; `npm run -s sim -- ladder` measures it for every client.',
      },
    },
    {
      id: 'go-get',
      title: 'Retrying a GET',
      text: 'Go’s Transport retries a request that failed on a reused connection, before any response byte, when it is replayable — a GET is. {hit} The caller never sees the race.',
      scenario: goGet,
      pause: { at: 'condition', condition: { kind: 'retry' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      claims: [{ req: 'pause', outcome: 'ok-after-retry' }],
    },
    {
      id: 'go-post',
      title: 'Not retrying a POST',
      text: 'The same race with a POST: Go does not retry it, and the caller gets the error. {hit} Go cannot know whether the server acted on the request: the outcome is indeterminate. RFC 9110 §9.2.2: non-idempotent requests should not be retried automatically unless the client knows they were not applied.',
      scenario: goPost,
      pause: { at: 'condition', condition: { kind: 'failure' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      claims: [
        { req: 'pause', fails: '*url.Error' },
        { req: 'pause', kind: 'race-window' },
      ],
      question: {
        prompt: 'Here the server never saw the POST. Why is not retrying it still the right default?',
        choices: [
          'Because retries are slow',
          'Because the same error also happens after the server processed a request, and the client cannot tell the two apart',
          'Because POST requests cannot be sent twice on one connection',
        ],
        answer: 1,
        explanation:
          'An EOF before the response looks the same whether the server never got the request or processed it and then closed. Retrying the second kind runs the side effect twice — the next step shows one.',
      },
    },
    {
      id: 'duplicate',
      title: 'A duplicate side effect',
      text: 'With an Idempotency-Key header Go treats the POST as replayable and retries it. But this server (uvicorn with its old leaky keep-alive timer) had processed the request before closing mid-request: the retry runs it again. {hit} Unless the server deduplicates by the key, that is a duplicate side effect — counted in the metrics.',
      scenario: duplicate,
      pause: { at: 'condition', condition: { kind: 'retry' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      focus: 'metrics',
      claims: [{ req: 'pause', outcome: 'ok-after-retry' }],
    },
  ],
};
