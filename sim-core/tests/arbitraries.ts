/** fast-check generators of small, valid scenarios over every policy and workload kind. */
import fc from 'fast-check';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import type { Distribution, HttpMethod, Scenario, Workload } from '../scenario/types';

const method = fc.constantFrom<HttpMethod>('GET', 'POST', 'PUT', 'DELETE');
const ms = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });

const distribution = (maxMs: number): fc.Arbitrary<Distribution> =>
  fc.oneof(
    ms(maxMs).map((v) => ({ kind: 'fixed', ms: v }) as const),
    fc
      .tuple(ms(maxMs), ms(maxMs))
      .map(([a, b]) => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) }) as const),
    fc
      .double({ min: 0.01, max: maxMs, noNaN: true })
      .map((m) => ({ kind: 'exponential', meanMs: m }) as const),
  );

const workload: fc.Arbitrary<Workload> = fc.oneof(
  fc.record({
    kind: fc.constant('sequential' as const),
    gapsMs: fc.array(ms(8000), { minLength: 0, maxLength: 6 }),
    method,
    path: fc.constant('/r'),
  }),
  fc.record({
    kind: fc.constant('poisson' as const),
    ratePerSec: fc.double({ min: 0.2, max: 50, noNaN: true }),
    count: fc.integer({ min: 1, max: 25 }),
    method,
    path: fc.constant('/p'),
  }),
  fc.record({
    kind: fc.constant('idle-then-burst' as const),
    bursts: fc.integer({ min: 1, max: 4 }),
    idleMs: distribution(7000),
    concurrency: fc.integer({ min: 1, max: 4 }),
    method,
    path: fc.constant('/b'),
  }),
  fc.record({
    kind: fc.constant('service-chain' as const),
    bursts: fc.integer({ min: 1, max: 4 }),
    idleMs: distribution(7000),
    burstSize: fc.constant({ min: 1, max: 3 }),
    withinBurstMs: distribution(30),
    handlingMs: distribution(5),
    method,
    path: fc.constant('/auth'),
  }),
);

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  version: fc.constant(1 as const),
  name: fc.constant('property'),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  server: fc.record(
    {
      profile: fc.constantFrom(...SERVER_PROFILES.map((p) => p.name)),
      idleTimeoutMs: fc.double({ min: 50, max: 6000, noNaN: true }),
      keepAliveHint: fc.boolean(),
      requestsPerConnection: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      leakyIdleTimer: fc.boolean(),
      processing: distribution(40),
      eventLoopDelayMs: ms(0.5),
    },
    { requiredKeys: ['profile', 'idleTimeoutMs', 'processing', 'eventLoopDelayMs'] },
  ),
  client: fc.record(
    {
      policy: fc.constantFrom(...CLIENT_POLICIES.map((p) => p.name)),
      eventLoopDelayMs: ms(0.5),
      maxConnections: fc.integer({ min: 1, max: 5 }),
      idempotencyKey: fc.boolean(),
    },
    { requiredKeys: ['policy', 'eventLoopDelayMs', 'maxConnections'] },
  ),
  network: fc.record({ delayMs: ms(40), jitterMs: ms(10) }),
  workload,
  limits: fc.constant({ maxRequests: 1000, maxDurationMs: 600_000 }),
});
