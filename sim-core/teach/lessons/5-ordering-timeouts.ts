import { polling } from './scenarios';
import type { Lesson } from './types';

const shorterClient = polling('lesson-5-shorter-client', 'httpx-0.23', [4500, 4950, 4985], {
  client: { idleExpiryMs: 4000 },
});
const nodeHint = polling('lesson-5-node-hint', 'node-agent-20', [3900, 4500, 5950], {
  server: 'node-http-20',
});
const nodeNoHint = polling('lesson-5-node-no-hint', 'node-agent-20', [3950, 3960, 3970, 3980, 3990], {
  server: 'node-http-20',
  idleTimeoutMs: 3000,
  keepAliveHint: false,
});
const undiciShort = polling('lesson-5-undici', 'undici-7', [100, 100], {
  server: 'node-http-20',
  idleTimeoutMs: 1000,
});

export const orderingTimeouts: Lesson = {
  id: 'ordering-timeouts',
  number: 5,
  title: 'Ordering timeouts',
  summary: 'Client below server, the Keep-Alive: timeout hint, and what Node’s Agent and undici do with it.',
  steps: [
    {
      id: 'shorter-client',
      title: 'Client below server',
      text: 'The configuration fix: give the client an idle limit below the server’s. Here httpx expires idle connections after 4 s against uvicorn’s 5 s, so it always drops a connection before the server can close it — even after gaps of 4.95 s and 4.985 s, which failed in lesson 4. {hit}',
      scenario: shorterClient,
      pause: { at: 'condition', condition: { kind: 'event', match: { kind: 'pool', decision: 'discard' } } },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      claims: [
        { conn: 'pause', dropped: 'expired' },
        { conn: 'pause', side: 'server', tcp: 'ESTABLISHED' },
      ],
    },
    {
      id: 'node-hint',
      title: 'The Keep-Alive hint',
      text: 'Node’s http.Server says `Keep-Alive: timeout=5` — and really closes after 6 s. Node’s Agent takes the hint minus 1 s as its own idle timeout, 4 s, and closes the connection itself when its timer fires. The client is always first.',
      scenario: nodeHint,
      pause: {
        at: 'condition',
        condition: { kind: 'event', match: { kind: 'timer.fire', side: 'client', timer: 'expiry' } },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      focus: 'timeline',
      claims: [
        { conn: 'pause', dropped: 'expired' },
        { conn: 'pause', side: 'server', tcp: 'ESTABLISHED' },
      ],
    },
    {
      id: 'no-hint',
      title: 'Without the hint',
      text: 'If the handler sets `Connection: keep-alive` itself, Node sends no hint. The Agent keeps its own 5 s, but this server (keepAliveTimeout 3 s) really closes at 4 s: the Agent meets the close like any client. {hit} Node’s Agent has no check before writing and no retry.',
      scenario: nodeNoHint,
      pause: { at: 'condition', condition: { kind: 'failure' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      claims: [
        { req: 'pause', fails: 'Error' },
        // The trace: the request left before the FIN reached the client (failureKinds: race-window).
        { req: 'pause', kind: 'race-window' },
      ],
      question: {
        prompt:
          'Node’s Agent drops an idle socket once it has seen its FIN. Why could it still write into this one?',
        choices: [
          'It ignores closed sockets on purpose',
          'The FIN had not reached the client when it wrote: the request and the FIN crossed on the wire',
          'The server never sent a FIN',
        ],
        answer: 1,
        explanation:
          'When the request left, the server had closed but its FIN was still on the wire: the request was sent in the race window, where no check can see anything. Even a FIN that has arrived can be missed: the Agent removes a free socket when its `close` event runs, which needs the event loop to read the FIN, and reuse and write happen in one `process.nextTick`, which never yields to I/O. undici 7.28+ waits one turn before writing on an idle socket, so a FIN that has arrived is seen first.',
      },
    },
    {
      id: 'undici',
      title: 'A hint too short to use',
      text: 'undici subtracts 2 s from the hint. With `Keep-Alive: timeout=1` that leaves nothing, so it does not reuse the connection at all: each request opens a new one. {hit}',
      scenario: undiciShort,
      pause: { at: 'condition', condition: { kind: 'event', match: { kind: 'pool', decision: 'close' } } },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      question: {
        prompt:
          'A load balancer with a 60 s idle timeout forwards to backends. What should the backends’ keep-alive timeout be?',
        choices: ['Shorter than 60 s', 'Exactly 60 s', 'Longer than 60 s, with a margin'],
        answer: 2,
        explanation:
          'Each hop’s client side must give up before the next hop’s server side: client < proxy < origin. AWS says the same for its ALB: the backend’s keep-alive must be longer than the ALB’s idle timeout, or the ALB meets closed connections and answers 502.',
      },
    },
  ],
};
