import { polling } from './scenarios';
import type { Lesson } from './types';

const scenario = polling('lesson-1-anatomy', 'httpx-0.23', [1000, 6000], { delayMs: 20, path: '/orders' });

export const anatomy: Lesson = {
  id: 'anatomy',
  number: 1,
  title: 'Anatomy of a keep-alive connection',
  summary:
    'Handshake, request, response, the server’s idle timer and its close — and what the client’s pool believes.',
  steps: [
    {
      id: 'meet',
      title: 'Two services and a pool',
      text: 'Service A, the client side of the stage, calls service B, the server side, through one shared HTTP client, today’s httpx. B is uvicorn, 20 ms away, with a 5 s keep-alive timeout. The pool is empty, so the first request has to open a connection. Step forward (→) or press play.',
      scenario,
      pause: { at: 'start' },
      focus: 'stage',
    },
    {
      id: 'handshake',
      title: 'The handshake',
      text: 'SYN out, SYN-ACK back, 20 ms each way: the client’s socket on connection #{conn} is ESTABLISHED, and in the same instant it sends the handshake’s last ACK with GET /orders right behind it. The client’s h11 has sent the whole request (DONE) and waits for the server’s reply (SEND_RESPONSE). The server’s socket stays SYN-RECEIVED until that ACK arrives, 20 ms later.',
      scenario,
      pause: {
        at: 'condition',
        condition: {
          kind: 'event',
          match: { kind: 'state', side: 'client', machine: 'tcp', to: 'ESTABLISHED' },
        },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      claims: [
        { conn: 'pause', side: 'client', tcp: 'ESTABLISHED', h11: 'DONE/SEND_RESPONSE' },
        { conn: 'pause', side: 'server', tcp: 'SYN-RECEIVED' },
      ],
    },
    {
      id: 'response',
      title: 'Request, response, back to the pool',
      text: 'GET /orders crossed, the server worked on it for 5 ms and answered 200 OK. h11 took both roles to DONE and start_next_cycle() back to IDLE; the pool put the connection back as idle — reusable. On the server, the keep-alive idle timer started its 5 s countdown when the response left: the shrinking ring.',
      scenario,
      pause: { at: 'condition', condition: { kind: 'event', match: { kind: 'request.end', req: 1 } } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      claims: [
        { req: 'pause', outcome: 'ok' },
        { conn: 1, side: 'client', h11: 'DONE/DONE', by: 'pause' },
        { conn: 1, side: 'client', h11: 'IDLE/IDLE' },
        { conn: 1, pool: 'idle' },
      ],
    },
    {
      id: 'reuse',
      title: 'Reuse',
      text: 'A second later the next request reuses #{conn}: no handshake this time. When its bytes reach the server they cancel the idle timer, which starts again after this response.',
      scenario,
      pause: { at: 'condition', condition: { kind: 'event', match: { kind: 'pool', decision: 'reuse' } } },
      highlight: [{ entity: 'connection', ref: 'pause' }],
    },
    {
      id: 'timer',
      title: 'The server gives up',
      text: 'Five seconds after its last response the idle timer fires and uvicorn closes connection #{conn}: a FIN leaves for the client. uvicorn sends no Keep-Alive header, so the client never learned this 5 s.',
      scenario,
      pause: {
        at: 'condition',
        condition: { kind: 'event', match: { kind: 'timer.fire', side: 'server', timer: 'idle-timer' } },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      focus: 'timeline',
      claims: [{ conn: 'pause', side: 'server', tcp: 'FIN-WAIT-1' }],
    },
    {
      id: 'fin',
      title: 'Belief and reality part',
      text: 'The FIN arrives 20 ms later. The client’s kernel acknowledges it; the socket is now CLOSE-WAIT, with an end-of-file waiting to be read. Nothing tells the pool: its belief still says idle, reusable. The connection is now stale — dead, and the client holds the evidence: a check at checkout would see it. The stage draws it in violet.',
      scenario,
      pause: {
        at: 'condition',
        condition: { kind: 'event', match: { kind: 'segment.deliver', side: 'client', flag: 'FIN' } },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      claims: [
        { conn: 'pause', side: 'client', tcp: 'CLOSE-WAIT' },
        { conn: 'pause', pool: 'idle' },
        { conn: 'pause', interval: 'stale' },
      ],
      question: {
        prompt: 'What does the client’s pool know about this connection now?',
        choices: [
          'That the server closed it: the kernel told it',
          'Nothing: it still believes the connection is idle and reusable',
          'That it is broken: the next write will fail',
        ],
        answer: 1,
        explanation:
          'The FIN changes the socket (CLOSE-WAIT, EOF queued) but no one reads it while the connection sits in the pool. A write would even succeed: TCP only knows the peer sends no more. The pool finds out only if it looks — or when a request fails.',
      },
    },
    {
      id: 'checkout',
      title: 'Looking before reusing',
      text: 'The third request comes after 6 s. Before handing out #{conn}, httpx checks it: idle for longer than its own 5 s keep-alive expiry, so it has expired, and the pool closes it and dials a new connection. (The FIN had arrived a second earlier; httpx also polls each idle socket, but the expiry comes first.) Lesson 2 shows a client that did not look.',
      scenario,
      pause: { at: 'condition', condition: { kind: 'event', match: { kind: 'pool', decision: 'discard' } } },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      claims: [
        { conn: 'pause', dropped: 'expired' },
        { conn: 'pause', side: 'client', tcp: 'CLOSE-WAIT', by: 'pause' },
      ],
    },
  ],
};
