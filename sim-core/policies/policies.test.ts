// Each policy's rule against keepalive-race.md and the sources its file names: which gaps fail,
// which are retried, and the exact error the caller sees.
import { describe, expect, it } from 'vitest';
import { type LadderCell, policyLadder } from '../experiments/ladder';
import { gapScenario, sweepGaps } from '../experiments/sweep';
import { runScenario } from '../run';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/events';
import { CLIENT_POLICIES, clientPolicy, SERVER_PROFILES } from '.';

type Fate = 'fails' | 'ok' | 'new' | 'retried';
const fate = (c: LadderCell): Fate =>
  c.failed > 0 ? 'fails' : c.text.startsWith('ok after retry') ? 'retried' : c.text === 'ok' ? 'ok' : 'new';

/**
 * Against uvicorn (5 s, no hint), one-way delay 30 ms: [stale GET, stale POST, race GET, race POST].
 * Rows follow the reference's table: no check → fails every time; a check → fails only in the
 * race window; a check plus a safe retry → GET recovers, POST still fails. undici's 4 s default
 * expiry is below uvicorn's 5 s, so it never meets either.
 */
const EXPECTED: Record<string, [Fate, Fate, Fate, Fate]> = {
  'http3-0.6': ['fails', 'fails', 'fails', 'fails'],
  'httpx-0.6.7': ['fails', 'fails', 'fails', 'fails'],
  'httpx-0.6.8': ['new', 'new', 'fails', 'fails'],
  'httpx-0.8': ['new', 'new', 'fails', 'fails'],
  'httpx-0.9.4': ['new', 'new', 'fails', 'fails'],
  'httpx-0.13': ['new', 'new', 'fails', 'fails'],
  'httpx-0.23': ['new', 'new', 'fails', 'fails'],
  'urllib3-2': ['new', 'new', 'retried', 'fails'],
  requests: ['new', 'new', 'fails', 'fails'],
  'go-net-http': ['new', 'new', 'retried', 'fails'],
  'node-agent-20': ['new', 'new', 'fails', 'fails'],
  'node-fetch-20': ['new', 'new', 'new', 'new'],
  'undici-7': ['new', 'new', 'new', 'new'],
  'aiohttp-3.10': ['new', 'new', 'retried', 'fails'],
};

const H11 = "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE";
const DISCONNECTED =
  "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))";

/** The error a POST gets inside the race window (an EOF before the response). */
const EOF_ERROR: Record<string, string> = {
  'http3-0.6': `h11._util.RemoteProtocolError: ${H11}`,
  'httpx-0.6.7': `h11._util.RemoteProtocolError: ${H11}`,
  'httpx-0.6.8': `h11._util.RemoteProtocolError: ${H11}`,
  'httpx-0.8': `httpx.exceptions.ConnectionClosed: ${H11}`,
  'httpx-0.9.4': `httpx.exceptions.ConnectionClosed: ${H11}`,
  'httpx-0.13': `httpcore.ProtocolError: ${H11}`,
  'httpx-0.23': 'httpx.RemoteProtocolError: Server disconnected without sending a response.',
  'urllib3-2': `urllib3.exceptions.ProtocolError: ${DISCONNECTED}`,
  requests: `requests.exceptions.ConnectionError: ${DISCONNECTED}`,
  'go-net-http': 'Error: Post "http://service-b/r": EOF'.replace('Error', '*url.Error'),
  'node-agent-20': 'Error: socket hang up',
  'aiohttp-3.10': 'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected',
};

describe('the policy ladder against uvicorn, one-way delay 30 ms', () => {
  const ladder = policyLadder({ server: 'uvicorn', delayMs: 30 });

  it('finds the race window about one round trip wide, ending where the FIN reaches the client', () => {
    expect(ladder.window).not.toBeNull();
    const { fromMs, toMs } = ladder.window!;
    expect(toMs - fromMs).toBeGreaterThan(50);
    expect(toMs - fromMs).toBeLessThanOrEqual(60);
    expect(fromMs).toBeGreaterThan(5000 - 60);
    expect(toMs).toBeLessThan(5000);
  });

  it('covers every client policy', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(CLIENT_POLICIES.map((p) => p.name).sort());
  });

  for (const row of ladder.rows) {
    it(`${row.policy}: stale gap and race window, GET and POST`, () => {
      expect([row.stale.GET, row.stale.POST, row.race.GET, row.race.POST].map(fate)).toEqual(
        EXPECTED[row.policy],
      );
    });
  }

  it('reports each library’s own exception for an EOF before the response', () => {
    const gap = (ladder.window!.fromMs + ladder.window!.toMs) / 2;
    for (const [policy, error] of Object.entries(EOF_ERROR)) {
      const s = ladderScenario(policy);
      const [point] = sweepGaps(s, [gap], 'POST');
      expect(point, policy).toMatchObject({ outcome: 'failed', cause: 'eof', error, indeterminate: true });
    }
  });
});

/** Two requests on one client against `server`, 30 ms one way, no jitter. */
function ladderScenario(
  policy: string,
  server = 'uvicorn',
  overrides: Partial<Scenario['server']> = {},
): Scenario {
  return {
    version: 1,
    name: 'policy',
    seed: 3,
    server: {
      profile: server,
      processing: { kind: 'fixed', ms: 2 },
      eventLoopDelayMs: 0.05,
      ...overrides,
    },
    client: { policy, eventLoopDelayMs: clientPolicy(policy)!.eventLoopDelayMs },
    network: { delayMs: 30, jitterMs: 0 },
    workload: { kind: 'sequential', gapsMs: [0], method: 'GET', path: '/r' },
    limits: { maxRequests: 100, maxDurationMs: 600_000 },
  };
}

const span = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('retries', () => {
  it('httpx 0.6.7 retries only a failed header write, so in the #96 race it never fires', () => {
    const rule = clientPolicy('httpx-0.6.7')!.retry!;
    const ctx = {
      method: 'POST' as const,
      reused: true,
      written: true,
      attempt: 1,
      writeErrno: null,
      idempotencyKey: false,
    };
    expect(rule.decide({ ...ctx, cause: 'write-failed', written: false, writeErrno: 'EPIPE' })).toMatch(
      /NotConnected/,
    );
    expect(rule.decide({ ...ctx, cause: 'eof' })).toBeNull();
    expect(rule.decide({ ...ctx, cause: 'reset' })).toBeNull();
    const { trace } = runScenario({ ...ladderScenario('httpx-0.6.7'), workload: seedLikeBursts() });
    expect(trace.filter((e) => e.kind === 'pool' && e.decision === 'retry')).toEqual([]);
  });

  it('a retried request shows both attempts in the trace, with the reason', () => {
    const s = gapScenario(ladderScenario('go-net-http'), 4970, 'GET');
    const { trace, summary } = runScenario(s);
    const second = summary.requests[1]!;
    expect(second).toMatchObject({ outcome: 'ok-after-retry', attempts: 2, serverProcessed: 1 });
    const attempts = trace.filter(
      (e): e is Extract<TraceEvent, { kind: 'attempt.end' }> => e.kind === 'attempt.end' && e.req === 2,
    );
    expect(attempts.map((a) => [a.attempt, a.ok, a.cause])).toEqual([
      [1, false, 'eof'],
      [2, true, null],
    ]);
    const retry = trace.find((e) => e.kind === 'pool' && e.decision === 'retry');
    expect(retry).toMatchObject({ req: 2, detail: expect.stringMatching(/replayable \(GET\)/) });
  });

  it('Go retries a POST with an Idempotency-Key; when the first attempt had reached the server, that is a duplicate side effect', () => {
    // uvicorn's leaky timer closes connections mid-request: the POST was processed, no response came.
    const s: Scenario = {
      ...ladderScenario('go-net-http', 'uvicorn', {
        leakyIdleTimer: true,
        processing: { kind: 'fixed', ms: 1000 },
      }),
      client: { policy: 'go-net-http', eventLoopDelayMs: 0.01, idempotencyKey: true },
      workload: {
        kind: 'sequential',
        gapsMs: Array.from({ length: 12 }, () => 200),
        method: 'POST',
        path: '/pay',
      },
    };
    const { summary } = runScenario(s);
    const dup = summary.requests.filter((r) => r.serverProcessed > 1);
    expect(dup.length).toBeGreaterThan(0);
    expect(dup.every((r) => r.outcome === 'ok-after-retry')).toBe(true);
    expect(summary.totals.duplicateSideEffects).toBe(dup.length);
    // Without the key the same POSTs fail instead, indeterminate (the server did process them).
    const plain = runScenario({ ...s, client: { ...s.client, idempotencyKey: false } }).summary;
    const failed = plain.requests.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.indeterminate && r.serverProcessed === 1)).toBe(true);
    expect(plain.totals.duplicateSideEffects).toBe(0);
  });
});

describe('Keep-Alive hints (node-http-20 advertises timeout=5 and really closes at 6 s)', () => {
  const gaps = span(3000, 7000, 50);

  it('a Node Agent or undici client with the hint on never reaches the real close', () => {
    for (const policy of ['node-agent-20', 'undici-7', 'node-fetch-20']) {
      const points = sweepGaps(ladderScenario(policy, 'node-http-20'), gaps);
      expect(
        points.filter((p) => p.outcome !== 'ok'),
        policy,
      ).toEqual([]);
      const hintMs = policy === 'node-agent-20' ? 4000 : 3000;
      for (const p of points) expect(p.reused, `${policy} gap ${p.gapMs}`).toBe(p.gapMs < hintMs);
    }
  });

  it('with the hint off and a server timeout below their own, both race the close like any checking client', () => {
    // keepAliveTimeout 3 s closes at 4 s; without the hint the Agent keeps its 5 s and undici its 4 s.
    for (const policy of ['node-agent-20', 'node-fetch-20']) {
      const off = ladderScenario(policy, 'node-http-20', { idleTimeoutMs: 3000, keepAliveHint: false });
      const failed = sweepGaps(off, span(3900, 4000, 1)).filter((p) => p.outcome === 'failed');
      expect(failed.length, policy).toBeGreaterThan(0);
      const on = ladderScenario(policy, 'node-http-20', { idleTimeoutMs: 3000 });
      expect(
        sweepGaps(on, span(3900, 4000, 1)).filter((p) => p.outcome === 'failed'),
        policy,
      ).toEqual([]);
    }
  });

  it('with the hint off and the default timeout, their own expiry (5 s, 4 s) still beats the real close at 6 s', () => {
    for (const policy of ['node-agent-20', 'undici-7']) {
      const off = ladderScenario(policy, 'node-http-20', { keepAliveHint: false });
      expect(
        sweepGaps(off, gaps).filter((p) => p.outcome !== 'ok'),
        policy,
      ).toEqual([]);
    }
  });

  it('undici with a hint of 1 s never reuses a connection', () => {
    const s = ladderScenario('undici-7', 'node-http-20', { idleTimeoutMs: 1000 });
    const points = sweepGaps(s, [0, 10, 100, 500]);
    expect(points.map((p) => [p.outcome, p.reused])).toEqual(Array(4).fill(['ok', false]));
    const { trace } = runScenario(gapScenario(s, 10));
    expect(trace.find((e) => e.kind === 'pool' && e.decision === 'close')).toMatchObject({
      detail: 'Keep-Alive hint too short to reuse',
    });
  });

  it('Apache sends its hint only to requests that asked for keep-alive', () => {
    const hints = (policy: string) => {
      const { trace } = runScenario(gapScenario(ladderScenario(policy, 'apache-2.4'), 100));
      return trace
        .filter((e) => e.kind === 'pool' && e.decision === 'release')
        .map((e) => (e as { detail: string }).detail);
    };
    // requests sends Connection: keep-alive: it learns timeout=5 (but does not use it); httpx does not.
    expect(
      runScenario(gapScenario(ladderScenario('node-agent-20', 'apache-2.4'), 100)).summary.totals.failed,
    ).toBe(0);
    expect(hints('node-agent-20')[0]).toMatch(/expires after 4000 ms/);
    expect(hints('node-fetch-20')[0]).toMatch(/expires after 3000 ms/);
    expect(hints('httpx-0.23')[0]).toMatch(/expires after 5000 ms/);
  });
});

describe('server keep-alive timer bugs (uvicorn #824 / #1637)', () => {
  it('a leaky idle timer closes a connection mid-request: the same client error, without any stale reuse', () => {
    // Each request takes 1 s, 200 ms apart: the timer leaked after the first response fires 5 s
    // later, in the middle of the fifth request.
    const s: Scenario = {
      ...ladderScenario('httpx-0.23', 'uvicorn', {
        leakyIdleTimer: true,
        processing: { kind: 'fixed', ms: 1000 },
      }),
      workload: {
        kind: 'sequential',
        gapsMs: Array.from({ length: 8 }, () => 200),
        method: 'GET',
        path: '/r',
      },
    };
    const { summary } = runScenario(s);
    const failed = summary.requests.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.error).toEqual({
        class: 'httpx.RemoteProtocolError',
        message: 'Server disconnected without sending a response.',
      });
      // The server read and handled the request: it was not sent into a closed connection.
      expect(r.serverProcessed).toBe(1);
    }
    const healthy = runScenario({ ...s, server: { ...s.server, leakyIdleTimer: false } }).summary;
    expect(healthy.totals.failed).toBe(0);
  });
});

describe('every server profile', () => {
  it('serves a request and closes the idle connection at its own timeout', () => {
    for (const profile of SERVER_PROFILES) {
      const s = ladderScenario('http3-0.6', profile.name);
      const run = gapScenario(s, 10);
      // Long enough to see the close (Envoy's is an hour, the default limit's length).
      const maxDurationMs = Math.max(run.limits.maxDurationMs, 2 * (profile.idleTimeoutMs + 60_000));
      const { trace, summary } = runScenario({ ...run, limits: { ...run.limits, maxDurationMs } });
      expect(summary.totals.failed, profile.name).toBe(0);
      // The server's own close: its socket leaves ESTABLISHED (FIN, RST, or a silent drop).
      const close = trace.find(
        (e) =>
          e.kind === 'state' &&
          e.side === 'server' &&
          e.machine === 'tcp' &&
          e.from === 'ESTABLISHED' &&
          e.to !== 'CLOSE-WAIT',
      )!;
      const lastResponse = trace
        .filter((e) => e.kind === 'segment.send' && e.side === 'server' && e.flag === 'DATA')
        .at(-1)!;
      const closeAfter = profile.idleTimeoutMs + profile.extraCloseDelayMs;
      expect((close.t - lastResponse.t) / 1000, profile.name).toBe(closeAfter);
      const sentAtClose = trace
        .filter((e) => e.kind === 'segment.send' && e.side === 'server' && e.t === close.t)
        .map((e) => (e as { flag: string }).flag);
      const expected = { fin: ['FIN'], rst: ['RST'], 'silent-drop': [] }[profile.closeMode ?? 'fin'];
      expect(sentAtClose, profile.name).toEqual(expected);
    }
  });
});

/** A bursty open workload like the seed's, small. */
function seedLikeBursts(): Scenario['workload'] {
  return {
    kind: 'service-chain',
    bursts: 30,
    idleMs: { kind: 'uniform', minMs: 3500, maxMs: 7000 },
    burstSize: { min: 1, max: 4 },
    withinBurstMs: { kind: 'exponential', meanMs: 15 },
    handlingMs: { kind: 'uniform', minMs: 1, maxMs: 4 },
    method: 'POST',
    path: '/auth',
  };
}
