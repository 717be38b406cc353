// Whole runs against the mechanism of keepalive-race.md: who fails, when, with which error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sweepGaps } from './experiments/sweep';
import { FAILURE_KINDS } from './metrics/failureKinds';
import { summarize } from './metrics/summary';
import { CLIENT_POLICIES } from './policies';
import { MAX_QUEUED_REQUESTS, MAX_TRACE_EVENTS, type RunOptions, runOutcomes, runScenario } from './run';
import { DEFAULT_SCENARIO, withDefaults } from './scenario/defaults';
import { PRESET_NAMES, presetScenario } from './scenario/presets';
import type { Scenario } from './scenario/types';
import { scenarioArb } from './tests/arbitraries';
import type { TraceEvent } from './trace/events';
import { explainFailures } from './trace/failures';
import { traceHash } from './trace/hash';

const H11_TEXT = "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE";
const T = 5000; // uvicorn's timeout_keep_alive
const D = 30; // one-way delay, ms
const LOOP = 0.05; // client event-loop latency, ms

/** Two GETs on one client, the second after `gap` ms, with a deterministic network. */
function gapScenario(policy: string, processingMs = 2, idleTimeoutMs = T): Scenario {
  return {
    version: 1,
    name: 'gap',
    seed: 7,
    server: {
      profile: 'uvicorn',
      idleTimeoutMs,
      processing: { kind: 'fixed', ms: processingMs },
      eventLoopDelayMs: 0.05,
    },
    client: { policy, eventLoopDelayMs: LOOP },
    network: { delayMs: D, jitterMs: 0 },
    workload: { kind: 'sequential', gapsMs: [1000], method: 'GET', path: '/' },
    limits: { maxRequests: 100, maxDurationMs: 600_000 },
  };
}

const gaps = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('the seed (issue-96) and its fix', () => {
  it('the seed client fails with h11’s exact error; the fixed client on the same seed does not', () => {
    const buggy = runScenario(presetScenario('issue-96')).summary;
    const fixed = runScenario(presetScenario('issue-96-fixed')).summary;
    expect(buggy.totals.failed).toBeGreaterThan(0);
    for (const r of buggy.requests.filter((q) => q.outcome === 'failed')) {
      expect(r.error).toEqual({ class: 'h11._util.RemoteProtocolError', message: H11_TEXT });
      expect(r.reused).toBe(true);
      expect(r.serverProcessed).toBe(0);
    }
    expect(fixed.totals.byErrorClass['h11._util.RemoteProtocolError']).toBeUndefined();
    // Same world: the same requests arrive at the same times under both policies.
    expect(fixed.requests.map((r) => r.sentAtMs)).toEqual(buggy.requests.map((r) => r.sentAtMs));
    // The fix drops what the seed client reused: more connections, fewer failures.
    expect(fixed.totals.failed).toBeLessThan(buggy.totals.failed);
    expect(fixed.totals.connectionsOpened).toBeGreaterThan(buggy.totals.connectionsOpened);
  });
});

describe('idle-gap sweep across the server timeout (one-way delay 30 ms)', () => {
  // The request reaches the server after its close when g > T − 2d − loop; a checking client
  // sees the FIN at checkout when g ≥ T − loop (the FIN left at T and took d to arrive; the
  // client’s idle clock started d + loop after the server’s).
  const lastSafe = T - 2 * D - LOOP;
  const finSeen = T - LOOP;
  const points = gaps(T - 100, T + 100, 2.5);

  it('http3 0.6 fails for every gap past the point where its request arrives after the close', () => {
    for (const p of sweepGaps(gapScenario('http3-0.6'), [...points, 6000, 10_000, 30_000])) {
      if (p.gapMs < lastSafe) expect(p, `gap ${p.gapMs}`).toMatchObject({ outcome: 'ok', reused: true });
      else
        expect(p, `gap ${p.gapMs}`).toMatchObject({
          outcome: 'failed',
          cause: 'eof',
          error: `h11._util.RemoteProtocolError: ${H11_TEXT}`,
        });
    }
  });

  it('httpx 0.23 fails only inside a window about one round trip wide, and dials fresh after it', () => {
    const results = sweepGaps(gapScenario('httpx-0.23'), [...points, 6000, 30_000]);
    const failed = results.filter((p) => p.outcome === 'failed').map((p) => p.gapMs);
    expect(failed.length).toBeGreaterThan(0);
    expect(Math.min(...failed)).toBeGreaterThan(lastSafe);
    expect(Math.max(...failed)).toBeLessThan(finSeen);
    expect(Math.max(...failed) - Math.min(...failed)).toBeLessThanOrEqual(2 * D);
    for (const p of results) {
      if (p.gapMs > lastSafe && p.gapMs < finSeen)
        expect(p, `gap ${p.gapMs}`).toMatchObject({
          outcome: 'failed',
          cause: 'eof',
          error: 'httpx.RemoteProtocolError: Server disconnected without sending a response.',
        });
      else expect(p.outcome, `gap ${p.gapMs}`).toBe('ok');
      if (p.gapMs >= finSeen) expect(p.reused, `gap ${p.gapMs}`).toBe(false);
    }
  });

  it('with a server timeout below the client’s expiry, the readability poll alone closes the window', () => {
    const t = 3000;
    const results = sweepGaps(gapScenario('httpx-0.23', 2, t), gaps(t - 100, t + 100, 2.5));
    for (const p of results) {
      const inWindow = p.gapMs > t - 2 * D - LOOP && p.gapMs < t - LOOP;
      expect(p.outcome, `gap ${p.gapMs}`).toBe(inWindow ? 'failed' : 'ok');
      // Past the window the FIN has arrived: the poll finds it readable and the pool dials.
      if (p.gapMs >= t - LOOP) expect(p.reused, `gap ${p.gapMs}`).toBe(false);
    }
  });

  it('the window moves with the processing time only through the response’s timing, not its width', () => {
    const failed = (processingMs: number) =>
      sweepGaps(gapScenario('httpx-0.23', processingMs), points)
        .filter((p) => p.outcome === 'failed')
        .map((p) => p.gapMs);
    expect(failed(2)).toEqual(failed(40));
  });
});

describe('the reset path (RST instead of EOF)', () => {
  // Server event-loop latency 5 ms: the request sits unread in the socket when the idle timer
  // closes it, so Linux sends RST instead of FIN and the client, still ESTABLISHED, reads ECONNRESET.
  const resetScenario = (policy: string) => {
    const s = gapScenario(policy);
    s.server.eventLoopDelayMs = 5;
    return s;
  };
  const gap = T - 2 * D - LOOP - 5 + 2;

  it('the server answers with RST, never FIN, and today’s httpx reports a ReadError', () => {
    const s = resetScenario('httpx-0.23');
    const [point] = sweepGaps(s, [gap]);
    expect(point).toMatchObject({
      outcome: 'failed',
      cause: 'reset',
      error: 'httpx.ReadError: [Errno 104] Connection reset by peer',
    });
    const { trace } = runScenario({ ...s, workload: { ...s.workload, gapsMs: [gap] } } as Scenario);
    const serverSent = trace
      .filter((e): e is Extract<TraceEvent, { kind: 'segment.send' }> => e.kind === 'segment.send')
      .filter((e) => e.side === 'server')
      .map((e) => e.flag);
    expect(serverSent).toContain('RST');
    expect(serverSent).not.toContain('FIN');
  });

  it('http3 0.6 turns the read error into EOF, so the reset shows h11’s ConnectionClosed error', () => {
    const [point] = sweepGaps(resetScenario('http3-0.6'), [gap]);
    expect(point).toMatchObject({
      outcome: 'failed',
      cause: 'reset',
      error: `h11._util.RemoteProtocolError: ${H11_TEXT}`,
    });
  });
});

describe('polling at exactly the server’s timeout', () => {
  it('every reuse fails for the seed client: its idle clock starts after the server’s', () => {
    const { summary } = runScenario(presetScenario('polling-at-timeout'));
    const reusedFailures = summary.requests.filter((r) => r.reused && r.outcome === 'failed');
    const reused = summary.requests.filter((r) => r.reused);
    expect(reused.length).toBeGreaterThan(0);
    expect(reusedFailures).toEqual(reused);
  });
});

describe('the leaky-idle-timer preset', () => {
  it('fails requests the server was processing (closed mid-request), never by stale reuse', () => {
    const { summary } = runScenario(presetScenario('leaky-idle-timer'));
    const failed = summary.requests.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.error?.message).toBe('Server disconnected without sending a response.');
      expect(r.serverProcessed).toBe(1);
    }
    const fixedServer = presetScenario('leaky-idle-timer');
    fixedServer.server.leakyIdleTimer = false;
    expect(runScenario(fixedServer).summary.totals.failed).toBe(0);
  });
});

describe('limits', () => {
  it('a run that would grow too big stops with reason max-events, before all its requests', () => {
    const s = presetScenario('issue-96');
    const { trace, summary } = runScenario(s, { maxEvents: 1000 });
    expect(trace.at(-1)).toMatchObject({ kind: 'run.end', reason: 'max-events' });
    expect(trace.length).toBeLessThan(1100);
    expect(summary.totals.requests).toBeLessThan(runScenario(s).summary.totals.requests);
  });
});

/** The overload (100,000 GET/s into the default client's pool of 100), `count` requests. */
function overload(count: number, patch: Partial<Scenario> = {}): Scenario {
  const s = structuredClone(DEFAULT_SCENARIO);
  s.workload = { kind: 'poisson', ratePerSec: 100_000, count, method: 'GET', path: '/' };
  s.limits = { maxRequests: 1_000_000, maxDurationMs: 86_400_000 };
  return { ...s, ...patch };
}

/**
 * What holds for any run, however it ended: one run.end, last; each request ends at most once,
 * and only after it started; attempts wait in the pool in arrival order and are served first
 * come first served; never more connections busy than the pool allows.
 */
function checkQueuedRun(trace: readonly TraceEvent[], maxConnections: number) {
  const problems: string[] = [];
  const started = new Set<number>();
  const ended = new Set<number>();
  const queued: number[] = [];
  const servedFromQueue: number[] = [];
  const waiting = new Set<number>();
  let busy = 0;
  let maxBusy = 0;
  trace.forEach((e, i) => {
    if (e.seq !== i) problems.push(`seq ${e.seq} at ${i}`);
    if (e.kind === 'run.end' && i !== trace.length - 1) problems.push(`run.end at ${i}`);
    if (e.kind === 'request.start') started.add(e.req);
    if (e.kind === 'request.end') {
      if (!started.has(e.req) || ended.has(e.req)) problems.push(`request.end ${e.req} at ${i}`);
      ended.add(e.req);
    }
    if (e.kind === 'pool' && e.decision === 'queue') {
      queued.push(e.req!);
      waiting.add(e.req!);
    }
    if (e.kind === 'attempt.start') {
      maxBusy = Math.max(maxBusy, ++busy);
      if (waiting.delete(e.req)) servedFromQueue.push(e.req);
    }
    if (e.kind === 'attempt.end') busy--;
  });
  expect(problems.slice(0, 5)).toEqual([]);
  expect(trace.at(-1)?.kind).toBe('run.end');
  expect(maxBusy).toBeLessThanOrEqual(maxConnections);
  expect(servedFromQueue).toEqual(queued.slice(0, servedFromQueue.length));
  return { started: started.size, ended: ended.size, queued: queued.length, waiting: waiting.size, maxBusy };
}

// Whole runs of a few thousand requests: seconds on a quiet machine, far more on a busy one.
const SLOW = 60_000;

describe('limits bound the work of an overloaded run', () => {
  it(
    'an overloaded Poisson run queues in order and finishes every request',
    () => {
      const { trace, summary } = runScenario(overload(1500));
      const facts = checkQueuedRun(trace, 100);
      expect(facts.maxBusy).toBe(100);
      expect(facts.queued).toBeGreaterThan(1000);
      expect(facts.waiting).toBe(0);
      expect(facts.ended).toBe(1500);
      expect(summary.endReason).toBe('done');
      expect(summary.totals.ok).toBe(1500);
    },
    SLOW,
  );

  it(
    'stops with max-queued when that many attempts wait for a slot',
    () => {
      const { trace, summary } = runScenario(overload(1500), { maxQueued: 500 });
      const facts = checkQueuedRun(trace, 100);
      expect(trace.at(-1)).toMatchObject({ kind: 'run.end', reason: 'max-queued' });
      expect(summary.endReason).toBe('max-queued');
      expect(facts.waiting).toBe(500);
      expect(facts.started).toBeLessThan(1500);
      expect(summary.totals.unfinished).toBeGreaterThanOrEqual(500);
    },
    SLOW,
  );

  it(
    'stops with max-kernel-events when the kernel has delivered that many',
    () => {
      const { trace, summary } = runScenario(overload(1500), { maxKernelEvents: 2000 });
      checkQueuedRun(trace, 100);
      expect(summary.endReason).toBe('max-kernel-events');
      expect(summary.totals.unfinished).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'stops with max-connections when that many are open, TIME-WAIT included',
    () => {
      // Every response closes its connection: the client's ends wait out TIME-WAIT (60 s).
      const s = overload(3000);
      s.workload = { kind: 'poisson', ratePerSec: 200, count: 3000, method: 'GET', path: '/' };
      s.server.requestsPerConnection = 1;
      const { trace, summary } = runScenario(s, { maxOpenConnections: 300 });
      checkQueuedRun(trace, 100);
      expect(summary.endReason).toBe('max-connections');
      // Open at the end, from the trace alone: connections with an endpoint not in CLOSED.
      const state = new Map<string, string>();
      for (const e of trace)
        if (e.kind === 'state' && e.machine === 'tcp') state.set(`${e.conn}/${e.side}`, e.to);
      const open = new Set([...state].filter(([, to]) => to !== 'CLOSED').map(([k]) => k.split('/')[0]));
      expect(open.size).toBe(300);
      expect(summary.totals.connectionsOpened).toBeGreaterThanOrEqual(300);
      expect(summary.totals.unfinished).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'a bound reached after the last request only cuts the tail: the run is done',
    () => {
      const s = overload(200);
      const full = runScenario(s).trace;
      const lastEnd = full.map((e) => e.kind).lastIndexOf('request.end');
      const { trace, summary } = runScenario(s, { maxEvents: lastEnd + 2 });
      expect(trace.length).toBeLessThan(full.length - 1);
      expect(summary.endReason).toBe('done');
      expect(summary.totals.ok).toBe(200);
    },
    SLOW,
  );

  // The scenario, as the CLI fills it in: it used to run for minutes at ~1 GB.
  it('the issue’s million-request scenario stops with max-queued, well inside the trace bound', () => {
    const s = withDefaults({
      workload: { kind: 'poisson', ratePerSec: 100000, count: 1000000, method: 'GET', path: '/' },
      limits: { maxRequests: 1000000, maxDurationMs: 86400000 },
    }) as Scenario;
    const { trace, summary } = runScenario(s);
    const facts = checkQueuedRun(trace, 100);
    expect(summary.endReason).toBe('max-queued');
    expect(facts.waiting).toBe(MAX_QUEUED_REQUESTS);
    expect(trace.length).toBeLessThan(MAX_TRACE_EVENTS);
  }, 120_000);
});

/**
 * The outcome-only run against the full run of the same scenario: the same summary (but the
 * hash) as the full run and as `summarize` over its trace, and for each failed request the same
 * times as trace/failures.ts reads from the trace.
 */
function expectSameOutcomes(s: Scenario, options: RunOptions = {}) {
  const full = runScenario(s, options);
  const fast = runOutcomes(structuredClone(s), options);
  const { traceHash: hash, ...summary } = full.summary;
  expect(hash).toBe(traceHash(full.trace));
  // The run builds its summary as it records; summarize reads the finished trace.
  const { traceHash: again, ...fromTrace } = summarize(full.trace);
  expect(again).toBe(hash);
  expect(summary).toEqual(fromTrace);
  expect(fast.summary).toEqual(summary);
  expect(
    fast.failures.map(({ req, attempt, conn, reused, cause, times }) => ({
      req,
      attempt,
      conn,
      reused,
      cause,
      times,
    })),
  ).toEqual(
    explainFailures(full.trace).map(({ req, attempt, conn, reused, cause, times }) => ({
      req,
      attempt,
      conn,
      reused,
      cause,
      times,
    })),
  );
  // The same requests failed. Failures are listed in the order they ended (checked against the
  // trace above), which concurrent requests can make differ from the summary's id order.
  expect(fast.failures.map((f) => f.req).sort((a, b) => a - b)).toEqual(
    summary.requests.filter((r) => r.outcome === 'failed').map((r) => r.id),
  );
  expect(Object.values(fast.byKind).reduce((a, b) => a + b, 0)).toBe(summary.totals.failed);
  return fast;
}

/** Property cases: PROPERTY_RUNS overrides (as in tests/properties.test.ts). */
const OUTCOME_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

describe('outcome-only runs (runOutcomes)', () => {
  it(
    'give the full run’s summary and failure times for random scenarios, seeds, policies and bounds',
    () => {
      const bounds = fc.option(
        fc.record({ maxEvents: fc.integer({ min: 1, max: 400 }) }, { requiredKeys: [] }),
        { nil: undefined },
      );
      fc.assert(
        fc.property(
          scenarioArb,
          fc.constantFrom(...CLIENT_POLICIES.map((p) => p.name)),
          bounds,
          (scenario, policy, options) => {
            expectSameOutcomes({ ...scenario, client: { ...scenario.client, policy } }, options ?? {});
          },
        ),
        { numRuns: OUTCOME_RUNS },
      );
    },
    SLOW,
  );

  it('regression (fast-check seed 1094922341): two concurrent requests that fail out of id order', () => {
    const scenario: Scenario = {
      version: 1,
      name: 'property',
      seed: 982949452,
      server: {
        profile: 'uvicorn',
        idleTimeoutMs: 50,
        processing: { kind: 'uniform', minMs: 0, maxMs: 0 },
        eventLoopDelayMs: 0,
      },
      client: { policy: 'http3-0.6', eventLoopDelayMs: 0, maxConnections: 2 },
      network: { delayMs: 0.0005, jitterMs: 0 },
      workload: {
        kind: 'service-chain',
        bursts: 2,
        idleMs: { kind: 'uniform', minMs: 0, maxMs: 1930.775400302987 },
        burstSize: { min: 1, max: 3 },
        withinBurstMs: { kind: 'uniform', minMs: 0, maxMs: 0 },
        handlingMs: { kind: 'fixed', ms: 0 },
        method: 'GET',
        path: '/auth',
      },
      limits: { maxRequests: 1000, maxDurationMs: 600000 },
    };
    const fast = expectSameOutcomes(scenario);
    // What made it a regression: the failures ended in another order than their ids.
    expect(fast.failures.map((f) => f.req)).toEqual([4, 3]);
  });

  it(
    'give the full run’s summary for every preset, with its own client and with every client',
    () => {
      for (const name of PRESET_NAMES) {
        expectSameOutcomes(presetScenario(name));
        for (const p of CLIENT_POLICIES) {
          const s = presetScenario(name);
          expectSameOutcomes({ ...s, seed: s.seed + 1, client: { ...s.client, policy: p.name } });
        }
      }
    },
    SLOW,
  );

  it('tell the race apart: stale reuse, the window, a server closing mid-request', () => {
    // The seed client reuses whatever the pool holds, FIN or not: every failure is stale reuse.
    const seed = runOutcomes(presetScenario('issue-96'));
    expect(seed.summary.totals.failed).toBeGreaterThan(0);
    expect(seed.byKind['stale-reuse']).toBe(seed.summary.totals.failed);
    expect(Object.keys(seed.byKind)).toEqual(FAILURE_KINDS);
    // Today's httpx checks at checkout, so what fails left before the FIN arrived: the window.
    const window = runOutcomes({
      ...gapScenario('httpx-0.23'),
      workload: { ...gapScenario('httpx-0.23').workload, gapsMs: [T - D] },
    } as Scenario);
    expect(window.failures.map((f) => f.kind)).toEqual(['race-window']);
    // Polling at the timeout: both sides of the FIN.
    const polling = runOutcomes(presetScenario('polling-at-timeout'));
    expect(polling.byKind['stale-reuse']).toBeGreaterThan(0);
    expect(polling.byKind['race-window']).toBeGreaterThan(0);
    // uvicorn's leaky idle timer closes connections with a request being processed.
    const leaky = runOutcomes(presetScenario('leaky-idle-timer'));
    expect(leaky.summary.totals.failed).toBeGreaterThan(0);
    expect(leaky.byKind['closed-mid-request']).toBe(leaky.summary.totals.failed);
  });

  it(
    'an overloaded run ends on the same bound with the same totals',
    () => {
      expectSameOutcomes(overload(1500), { maxQueued: 500 });
    },
    SLOW,
  );
});
