// Whole runs against the mechanism of keepalive-race.md: who fails, when, with which error.
import { describe, expect, it } from 'vitest';
import { sweepGaps } from './experiments/sweep';
import { runScenario } from './run';
import { presetScenario } from './scenario/presets';
import type { Scenario } from './scenario/types';
import type { TraceEvent } from './trace/events';

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
