import { describe, expect, it } from 'vitest';
import { runScenario, runShard } from '../run';
import { DIAGNOSE_SIGNATURES, diagnose } from './diagnose';
import { mergeShards } from './merge';
import { planShards } from './plan';
import { validateRiskInput } from './validate';

/** The shape of the seed's traceback (encode/httpx#96, uvicorn#377): http3's dispatcher, then h11. */
const SEED_TRACEBACK = `Traceback (most recent call last):
  File "/srv/venv/lib/python3.7/site-packages/http3/client.py", line 365, in post
    timeout=timeout,
  File "/srv/venv/lib/python3.7/site-packages/http3/dispatch/connection_pool.py", line 121, in send
    raise exc
  File "/srv/venv/lib/python3.7/site-packages/http3/dispatch/connection.py", line 59, in send
    response = await self.h11_connection.send(request, timeout=timeout)
  File "/srv/venv/lib/python3.7/site-packages/http3/dispatch/http11.py", line 65, in send
    event = await self._receive_event(timeout)
  File "/srv/venv/lib/python3.7/site-packages/h11/_connection.py", line 439, in next_event
    exc._reraise_as_remote_protocol_error()
h11._util.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE`;

const SAMPLES: [string, string, string][] = [
  ['the seed traceback', SEED_TRACEBACK, 'h11-send-response-http3'],
  [
    'h11 through httpx',
    "httpx.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
    'h11-send-response',
  ],
  [
    'today’s httpx',
    'httpx.RemoteProtocolError: Server disconnected without sending a response.',
    'httpx-server-disconnected',
  ],
  [
    'requests',
    "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
    'python-remote-disconnected',
  ],
  [
    'aiohttp',
    'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected',
    'aiohttp-server-disconnected',
  ],
  [
    'undici',
    'TypeError: fetch failed\n  [cause]: SocketError: other side closed { code: "UND_ERR_SOCKET" }',
    'undici-other-side-closed',
  ],
  [
    'Node http',
    'Error: socket hang up\n    at connResetException (node:internal/errors:787:14) { code: "ECONNRESET" }',
    'node-socket-hang-up',
  ],
  ['Go EOF', 'Post "http://service-b/auth": EOF', 'go-eof'],
  [
    'Go reset',
    'Get "http://service-b/": read tcp 10.0.0.2:51234->10.0.0.3:80: read: connection reset by peer',
    'connection-reset-by-peer',
  ],
  ['Node reset', 'Error: read ECONNRESET\n    at TCP.onStreamRead', 'econnreset'],
];

describe('diagnose', () => {
  for (const [what, text, id] of SAMPLES) {
    it(`recognises ${what}`, () => {
      const d = diagnose(text);
      expect(d.recognised).toBe(true);
      expect(d.signature).toBe(id);
      expect(d.mechanism.length).toBeGreaterThan(20);
      expect(d.alternatives.length).toBeGreaterThan(0);
      expect(validateRiskInput(d.riskInput)).toEqual(d.riskInput);
    });
  }

  it('diagnoses the seed traceback as http3 0.6, stale reuse, opening the seed preset', () => {
    const d = diagnose(SEED_TRACEBACK);
    expect(d.library).toMatch(/http3 0\.5–0\.6/);
    expect(d.mechanism).toMatch(/^stale reuse/);
    expect(d.preset).toBe('issue-96');
    expect(d.riskInput!.client.policy).toBe('http3-0.6');
    expect(d.riskInput!.traffic.kind).toBe('seed-bursts');
  });

  it('tells requests from bare urllib3 by the text', () => {
    expect(diagnose(SAMPLES[3]![1]).library).toMatch(/^requests/);
    expect(
      diagnose("urllib3.exceptions.ProtocolError: ('Connection aborted.', RemoteDisconnected(...))").library,
    ).toMatch(/^urllib3/);
  });

  it('says "not recognised" with the signatures it knows', () => {
    const d = diagnose('KeyError: "user_id"');
    expect(d.recognised).toBe(false);
    expect(d.mechanism).toBe('not recognised');
    expect(d.known).toEqual(DIAGNOSE_SIGNATURES);
    expect(d.known.length).toBeGreaterThanOrEqual(10);
  });

  // The claims checked against the model: what each client's policy reports for the failures the
  // explorer finds is recognised as that client (mechanism: race window or stale reuse).
  for (const [client, method, id] of [
    ['http3-0.6', 'POST', 'h11-send-response'],
    ['httpx-0.23', 'GET', 'httpx-server-disconnected'],
    ['requests', 'GET', 'python-remote-disconnected'],
    ['aiohttp-3.10', 'POST', 'aiohttp-server-disconnected'],
    ['node-agent-20', 'GET', 'node-socket-hang-up'],
    ['go-net-http', 'POST', 'go-eof'],
  ] as const) {
    it(`recognises what the ${client} model reports`, () => {
      const input = validateRiskInput({
        client: { policy: client },
        server: { profile: 'uvicorn' },
        network: { delayMs: 30, jitterMs: 0 },
        traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: 5000 } },
        postShare: method === 'POST' ? 1 : 0,
        processes: 1,
        requests: 3000,
        seed: 3,
      });
      const f = mergeShards(planShards(input, 1).map((s) => runShard(input, s))).firstFailure!;
      expect(f).not.toBeNull();
      const r = runScenario(f.scenario).summary.requests.find((q) => q.id === f.req)!;
      const text = `${r.error!.class}: ${r.error!.message}${r.error!.code ? ` { code: '${r.error!.code}' }` : ''}`;
      const d = diagnose(text);
      expect(d.signature, text).toBe(id);
      expect(d.riskInput!.client.policy === client || id === 'python-remote-disconnected').toBe(true);
    });
  }
});
