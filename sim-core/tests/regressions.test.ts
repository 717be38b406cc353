/**
 * Pinned cases that a property test once failed on, each with what was wrong and what now holds.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/events';

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

describe('regressions', () => {
  it('fast-check seed 1851992383: with uvicorn’s leaky timer an EOF failure is a mid-request close, not a crossing', () => {
    // The property "every EOF failure of a checking client is a FIN and a request crossing in
    // flight" failed here: the server's FIN left 1 µs after the request had arrived. Not a model
    // bug: the leaked idle timer closed the connection while the request was being processed. The
    // property now excludes leaky servers; this pins what happens instead.
    const scenario: Scenario = {
      version: 1,
      name: 'property',
      seed: 0,
      server: {
        profile: 'uvicorn',
        idleTimeoutMs: 50,
        leakyIdleTimer: true,
        processing: { kind: 'exponential', meanMs: 1.2332363258357804 },
        eventLoopDelayMs: 0,
      },
      client: { policy: 'httpx-0.23', eventLoopDelayMs: 0, maxConnections: 1 },
      network: { delayMs: 0, jitterMs: 0 },
      workload: { kind: 'poisson', ratePerSec: 6.705348225325442, count: 21, method: 'GET', path: '/p' },
      limits: { maxRequests: 1000, maxDurationMs: 600000 },
    };
    const { trace } = runScenario(scenario);
    const eofs = trace.filter((e): e is Of<'attempt.end'> => e.kind === 'attempt.end' && e.cause === 'eof');
    expect(eofs.length).toBeGreaterThan(0);
    for (const end of eofs) {
      const handled = trace.find((e) => e.kind === 'server.handle' && e.req === end.req && e.seq < end.seq);
      const fin = trace.find(
        (e): e is Of<'segment.send'> =>
          e.kind === 'segment.send' && e.conn === end.conn && e.side === 'server' && e.flag === 'FIN',
      );
      expect(handled, `request ${end.req} reached the application`).toBeDefined();
      expect(fin!.seq).toBeGreaterThan(handled!.seq);
    }
  });
});
