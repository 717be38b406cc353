import { presetScenario } from '../../scenario/presets';
import type { Lesson } from './types';

const scenario = presetScenario('issue-96');

export const issue96: Lesson = {
  id: 'issue-96',
  number: 2,
  title: 'The issue #96 failure',
  summary:
    'The seed client reuses a connection the server closed; the write succeeds; EOF; h11’s exact error.',
  steps: [
    {
      id: 'setup',
      title: 'The report',
      text: 'encode/httpx issue #96, June 2019, when httpx was still called http3. Service A receives bursts of traffic and, for each incoming request, POSTs to service B — uvicorn, 5 s keep-alive — through one shared http3 0.6 client. Between bursts, 3.5 to 7 s of quiet. Under load, some calls fail.',
      scenario,
      pause: { at: 'start' },
      focus: 'stage',
    },
    {
      id: 'stale-write',
      title: 'A write into a closed connection',
      text: '{hit} TCP accepts it: the server’s FIN only said “I will send nothing more”, so the first write after a FIN succeeds. http3 0.6 handed out the most recently used connection without looking at it: a stale connection, whose FIN a check at checkout would have seen.',
      scenario,
      pause: { at: 'condition', condition: { kind: 'stale-write' } },
      highlight: [
        { entity: 'connection', ref: 'pause' },
        { entity: 'request', ref: 'pause' },
      ],
      claims: [
        { conn: 'pause', side: 'client', tcp: 'CLOSE-WAIT' },
        { conn: 'pause', interval: 'stale' },
        { req: 'pause', kind: 'stale-reuse' },
      ],
      question: {
        prompt: 'Why did writing the request succeed, though the server had closed the connection?',
        choices: [
          'The server had not really closed it yet',
          'A FIN only closes the server’s sending side: the client’s kernel still accepts writes',
          'The client retried on a new connection',
        ],
        answer: 1,
        explanation:
          'TCP is two half-connections. After the FIN the client socket is CLOSE-WAIT: it may still send. The bytes travel to a socket the server application has closed, and that kernel answers with RST.',
      },
    },
    {
      id: 'error',
      title: 'h11’s exact error',
      text: 'The FIN was already waiting in the socket, so the very next read returns end-of-file — before the request has even reached the server. h11 turns EOF into a ConnectionClosed event; the server role is still in SEND_RESPONSE, where ConnectionClosed is not allowed, so next_event() raises, and http3 0.6 lets it reach the caller. {hit}',
      scenario,
      pause: { at: 'condition', condition: { kind: 'failure' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      focus: 'inspector',
      claims: [
        { req: 'pause', fails: 'RemoteProtocolError' },
        { req: 'pause', kind: 'stale-reuse' },
        { conn: 2, side: 'client', h11: 'DONE/SEND_RESPONSE', by: 'pause' },
        { conn: 2, side: 'client', h11: 'MUST_CLOSE/ERROR' },
      ],
      question: {
        prompt: 'Did service B process this POST?',
        choices: ['Yes', 'No', 'Service A cannot tell'],
        answer: 2,
        explanation:
          'Here the trace shows it did not: the connection was closed before the request arrived. But service A saw only an EOF, which it would also see if B had processed the request and then died. To the caller the outcome is indeterminate.',
      },
    },
    {
      id: 'rst',
      title: 'The server’s kernel answers RST',
      text: 'Meanwhile the request reaches a socket the server has closed, and the server’s kernel answers with RST (RFC 9112 §9.6). Had the client read after it, Linux would still report end-of-file — a FIN came first — and only a second write would fail, with EPIPE.',
      scenario,
      pause: {
        at: 'condition',
        condition: { kind: 'event', match: { kind: 'segment.send', side: 'server', flag: 'RST' } },
      },
      highlight: [{ entity: 'connection', ref: 'pause' }],
      focus: 'timeline',
      claims: [{ conn: 'pause', side: 'server', tcp: 'CLOSED' }],
    },
    {
      id: 'fixed',
      title: 'The same world, today’s httpx',
      text: 'Same seed, same arrivals and delays; in the comparison, run B is httpx 0.23. Before reusing an idle connection it checks it, and every connection this run would have reused stale has been idle past httpx’s own 5 s: expired, so it opens a new one instead. Step through the failures of this run: in run B each of those requests succeeds.',
      scenario,
      compare: { client: 'httpx-0.23' },
      pause: { at: 'condition', condition: { kind: 'failure' } },
      highlight: [{ entity: 'request', ref: 'pause' }],
      focus: 'compare',
      claims: [
        { req: 'pause', fails: 'RemoteProtocolError' },
        { req: 'pause', kind: 'stale-reuse' },
        { req: 8, outcome: 'ok', run: 'B' },
        { conn: 2, dropped: 'expired', run: 'B' },
      ],
    },
  ],
};
