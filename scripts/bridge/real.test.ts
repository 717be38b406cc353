/**
 * Real and simulated agree (issue 15 §3): Node's http.Agent and undici against Node's
 * http.Server (keepAliveTimeout 1000 ms, hint off) through a 20 ms proxy on 127.0.0.1, each gap
 * on a fresh client, gaps stepping 1 ms across the close; the simulator sweeps the same
 * parameters. Every real lane's outcome must be the simulator's within ±3 ms of its window's
 * bounds (in the simulator's frame: agreement.ts explains the proxy-lateness correction and the
 * per-lane tolerance), with the simulator's exact error — or, within its tolerance of the lower
 * edge, the error the simulator raises there when the server's loop lags by that tolerance
 * (`edgeErrors`). Figures are printed, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { sweepGaps } from '../../sim-core/experiments/sweep';
import { parseTrace } from '../../sim-core/trace/io';
import { CLIENT_STALL_MS, disagreements, edgeErrors, laneViews, realWindow, simWindow } from './agreement';
import { type RealOptions, runReal, twinScenario } from './real';

const DELAY = 20;
const CLOSE = 2000; // keepAliveTimeout 1000 + Node 20's 1000 ms buffer
const gaps = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.round((to - from) / step) + 1 },
    (_, i) => Math.round((from + i * step) * 100) / 100,
  );

const options = (client: string): RealOptions => ({
  client,
  server: 'node-http-20',
  delayMs: DELAY,
  // From 20 ms below the lower edge (close − 2·delay) to 15 ms above the upper one (close).
  gapsMs: gaps(CLOSE - 2 * DELAY - 20, CLOSE + 15, 1),
  idleTimeoutMs: 1000,
  keepAliveHint: false,
  method: 'GET',
  sweep: true,
  maxWaitMs: 40_000,
});

describe('real vs simulated: node-http-20 (keepAliveTimeout 1000, hint off), 20 ms each way', () => {
  it('node-agent-20 and undici-7: the failing-gap interval and the error agree within ±3 ms', async () => {
    // One after the other: two proxies in one process would disturb each other's timing.
    for (const client of ['node-agent-20', 'undici-7']) {
      const run = await runReal(options(client));
      const twin = twinScenario(run.options);
      const sim = sweepGaps(twin, gaps(CLOSE - 2 * DELAY - 20, CLOSE + 15, 0.1));
      const lanes = laneViews(run, CLOSE);
      const tolerance = Math.max(...lanes.map((l) => l.toleranceMs));
      const sw = simWindow(sim)!;
      const window = { ...sw, edgeErrors: edgeErrors(twin, sw, tolerance) };
      const closes = lanes
        .flatMap((l) => (l.serverCloseMs === null ? [] : [l.serverCloseMs]))
        .sort((a, b) => a - b);
      const real = realWindow(lanes);
      const e = run.extraLatencyMs;
      const tol = lanes.map((l) => l.toleranceMs);
      console.log(
        `${client}: at the lower edge with the server's loop ${tolerance.toFixed(1)} ms behind, the simulator also raises ${JSON.stringify(window.edgeErrors)}`,
      );
      console.log(
        `${run.options.client} (${run.versions.client}) × ${run.versions.server}: simulated ${window.fromMs}–${window.toMs} ms "${window.error}"; real ${real ? `${real.fromMs.toFixed(2)}–${real.toMs.toFixed(2)}` : 'none'} ms in the simulator's frame (${lanes.filter((l) => l.outcome === 'failed').length}/${lanes.length} lanes failed); proxy extra latency median ${e.median} ms, p95 ${e.p95} ms, max ${e.max} ms over ${e.segments} segments; lane tolerance ${Math.min(...tol).toFixed(1)}–${Math.max(...tol).toFixed(1)} ms; server closed ${closes[0]?.toFixed(1)}–${closes[closes.length - 1]?.toFixed(1)} ms after its response`,
      );
      expect(lanes.length).toBe(run.options.gapsMs.length);
      // Not vacuous: lanes undisturbed by the client's own loop failed, reused and redialled.
      const calm = lanes.filter((l) => l.clientLateMs <= CLIENT_STALL_MS);
      console.log(
        `${calm.length}/${lanes.length} lanes with the client's gap timer on time (≤ ${CLIENT_STALL_MS} ms late)`,
      );
      expect(real).not.toBeNull();
      expect(calm.some((l) => l.outcome === 'failed')).toBe(true);
      expect(calm.some((l) => l.outcome === 'ok' && l.reused)).toBe(true);
      expect(calm.some((l) => l.outcome === 'ok' && !l.reused)).toBe(true);
      const bad = disagreements(lanes, window);
      for (const b of bad) console.log(`disagreement: ${b.why}`, JSON.stringify(b.lane));
      expect(bad).toEqual([]);
    }
  });

  it('a sequential real run is a trace v1 the importer accepts, source real, with the twin in its header', async () => {
    const run = await runReal({ ...options('node-agent-20'), sweep: false, gapsMs: [100, CLOSE + 150] });
    const { serializeTrace } = await import('../../sim-core/trace/io');
    const parsed = parseTrace(serializeTrace(run.trace, run.twin));
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const start = parsed.trace[0]!;
    expect(start).toMatchObject({
      kind: 'run.start',
      source: 'real',
      client: 'node-agent-20',
      server: 'node-http-20',
    });
    expect(parsed.scenario).toMatchObject({ network: { delayMs: DELAY }, server: { idleTimeoutMs: 1000 } });
    const kinds = new Set(parsed.trace.map((e) => e.kind));
    for (const k of ['state', 'timer.arm', 'pool', 'server.handle'] as const)
      expect(kinds.has(k)).toBe(false);
    const ends = parsed.trace.filter((e) => e.kind === 'request.end');
    expect(ends.map((e) => e.kind === 'request.end' && e.outcome)).toEqual(['ok', 'ok', 'ok']);
    // The third request found the connection closed (its FIN had arrived): a new connection.
    const attempts = parsed.trace.filter((e) => e.kind === 'attempt.start');
    expect(attempts.map((e) => e.kind === 'attempt.start' && [e.conn, e.reused])).toEqual([
      [1, false],
      [1, true],
      [2, false],
    ]);
    const fins = parsed.trace.filter(
      (e) => e.kind === 'segment.send' && e.flag === 'FIN' && e.side === 'server',
    );
    expect(fins.length).toBeGreaterThanOrEqual(1);
  });
});
