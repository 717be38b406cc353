/**
 * The Monte Carlo against the model's own window boundaries, worked out analytically.
 *
 * One sequential client, exponential idle gaps of mean M, one-way delay d, no jitter, event loops
 * and service time 0. Let the server send response n at time 0. The server's idle timer is armed
 * then and closes the connection at T (the profile's idle timeout plus any extra close delay:
 * `serverCloseMs`). The client reads the response at d, sleeps the gap g, and sends at d + g; the
 * request reaches the server at 2d + g; the server's FIN reaches the client at T + d.
 *
 * - The request fails when it reaches the server after its close: 2d + g > T, i.e. g > T − 2d.
 * - A client that checks at checkout (a readability poll, an eager reader) sees the FIN when it
 *   has arrived before the send: d + g ≥ T + d, i.e. g ≥ T, and dials instead. Its idle expiry E
 *   (httpx 0.23: 5 s, measured from the same read) also drops the connection when g > E; the cases
 *   below have E ≥ T, so it changes nothing.
 *
 * So a request on a reused connection fails with probability q = P(g > T − 2d) = e^(−(T−2d)/M) for
 * the seed client (no check) and q = P(T − 2d < g < T) = e^(−(T−2d)/M) − e^(−T/M) for a checking one.
 * A failed connection is closed, so the next request dials a new one and cannot fail; the others
 * reuse. The requests form a two-state chain (reuse: fails with q; after a failure: never), whose
 * failing fraction is q / (1 + q). Each run's first request also dials, a bias of about 1/500 of
 * the rate, far inside the interval.
 */
import { describe, expect, it } from 'vitest';
import { runShard } from '../run';
import { serverCloseMs } from './fixes';
import { mergeShards } from './merge';
import { planShards } from './plan';
import type { RiskInput } from './types';
import { validateRiskInput } from './validate';

interface Case {
  client: string;
  server: string;
  method: 'GET' | 'POST';
  d: number;
  M: number;
  checking: boolean;
}

const CASES: Case[] = [
  { client: 'http3-0.6', server: 'uvicorn', method: 'GET', d: 30, M: 5000, checking: false },
  { client: 'httpx-0.23', server: 'uvicorn', method: 'GET', d: 30, M: 5000, checking: true },
  { client: 'httpx-0.23', server: 'gunicorn-uvicorn', method: 'GET', d: 20, M: 2000, checking: true },
  // Go's read loop drops a closed idle connection; a POST is not replayable, so it is not retried.
  { client: 'go-net-http', server: 'uvicorn', method: 'POST', d: 100, M: 5000, checking: true },
  { client: 'http3-0.6', server: 'node-http-20', method: 'POST', d: 10, M: 8000, checking: false },
];

const inputOf = (c: Case): RiskInput =>
  validateRiskInput({
    client: { policy: c.client },
    server: { profile: c.server },
    network: { delayMs: c.d, jitterMs: 0 },
    traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: c.M } },
    postShare: c.method === 'POST' ? 1 : 0,
    processes: 1,
    requests: 20_000,
    seed: 7,
    model: { clientEventLoopDelayMs: 0, serverEventLoopDelayMs: 0, processingMs: { kind: 'fixed', ms: 0 } },
  });

describe('the Monte Carlo agrees with the analytic failure rate', () => {
  for (const c of CASES) {
    it(`${c.client} vs ${c.server}, ${c.method}, d = ${c.d} ms, M = ${c.M} ms`, () => {
      const input = inputOf(c);
      const T = serverCloseMs(input).closesAtMs;
      const late = Math.exp(-(T - 2 * c.d) / c.M);
      const q = c.checking ? late - Math.exp(-T / c.M) : late;
      const expectedPerMillion = (q / (1 + q)) * 1e6;
      const e = mergeShards(planShards(input, 1).map((s) => runShard(input, s)));
      expect(e.requests).toBe(20_000);
      expect(e.truncatedRuns).toBe(0);
      expect(e.failed).toBeGreaterThan(0);
      const [lo, hi] = e.ci95PerMillion;
      expect(expectedPerMillion, `estimate ${e.failuresPerMillion} [${lo}, ${hi}]`).toBeGreaterThanOrEqual(
        lo,
      );
      expect(expectedPerMillion, `estimate ${e.failuresPerMillion} [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
      // The side of the race: a checking client fails only in the race window; the seed client
      // mostly on stale connections (g > T), the rest (T − 2d < g < T) in the race window.
      if (c.checking) expect(e.byCause.raceWindow).toBe(e.failed);
      else {
        const staleShare = Math.exp(-T / c.M) / late;
        expect(e.byCause.stale + e.byCause.raceWindow).toBe(e.failed);
        expect(Math.abs(e.byCause.stale / e.failed - staleShare)).toBeLessThan(0.05);
      }
    });
  }
});
