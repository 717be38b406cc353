/**
 * fast-check generators of valid scenarios near and at every limit validation sets (unlike
 * arbitraries.ts, whose scenarios are small so they run fast): ends of ranges, the longest
 * strings, 100,000 gaps, lognormals at their largest draw, optional fields absent, present as
 * undefined, or null where null is allowed. Every scenario they give must be valid (the fuzz
 * tests check that too), and presets with overrides.
 */
import fc from 'fast-check';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import { type Distribution, HTTP_METHODS, type Scenario, type Workload } from '../scenario/types';
import { LIMITS, LOGNORMAL_MAX_DRAW_MS, STRING_LIMITS } from '../scenario/validate';

type Range = readonly [number, number];

/** A number in [min, max]: an end, just inside an end, small, or anywhere. */
export function inRange([min, max]: Range, integer = false): fc.Arbitrary<number> {
  if (integer)
    return fc.oneof(
      fc.constantFrom(min, max, Math.min(min + 1, max), Math.max(max - 1, min)),
      fc.integer({ min, max }),
    );
  return fc.oneof(
    fc.constantFrom(min, max),
    fc.double({ min, max: Math.min(max, min + 1), noNaN: true }),
    fc.double({ min: Math.max(min, max - 1), max, noNaN: true }),
    fc.double({ min, max, noNaN: true }),
  );
}

/** An optional field: absent, present as undefined, or a value. */
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const ms = inRange(LIMITS.ms);
const positiveMs = inRange([0.001, LIMITS.ms[1]]);
const Z_MAX = Math.sqrt(-2 * Math.log(2 ** -32));

export const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  ms.map((v) => ({ kind: 'fixed', ms: v }) as const),
  fc
    .tuple(ms, ms)
    .map(([a, b]) => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) }) as const),
  positiveMs.map((meanMs) => ({ kind: 'exponential', meanMs }) as const),
  positiveMs.chain((medianMs) => {
    // Up to the largest sigma validation allows for this median (a draw within 10^12 ms).
    const top = Math.min(LIMITS.sigma[1], Math.log(LOGNORMAL_MAX_DRAW_MS / medianMs) / Z_MAX);
    return inRange([0, Math.floor(top * 1e9) / 1e9]).map(
      (sigma) => ({ kind: 'lognormal', medianMs, sigma }) as const,
    );
  }),
);

const method = fc.constantFrom(...HTTP_METHODS);
/** `/` and printable ASCII, up to the longest path allowed. */
const path = fc
  .string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 199 })
  .map((s) => `/${s}`);
/** Any UTF-16 text (lone surrogates included), up to `max` code units. */
const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: max }).map((s) => s.slice(0, max)),
    fc.constant('x'.repeat(max)),
  );

const gaps = fc.oneof(
  { weight: 40, arbitrary: fc.array(ms, { maxLength: 8 }) },
  // The most gaps a workload may have, and near it.
  {
    weight: 1,
    arbitrary: fc.integer({ min: LIMITS.gaps[1] - 3, max: LIMITS.gaps[1] }).map((n) => Array(n).fill(5000)),
  },
);

export const workloadArb: fc.Arbitrary<Workload> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('sequential' as const),
      gapsMs: gaps,
      method,
      methods: optional(fc.array(method, { maxLength: 10 })),
      path,
    },
    { requiredKeys: ['kind', 'gapsMs', 'method', 'path'] },
  ),
  fc.record({
    kind: fc.constant('poisson' as const),
    ratePerSec: inRange(LIMITS.ratePerSec),
    count: inRange(LIMITS.count, true),
    method,
    path,
  }),
  fc.record({
    kind: fc.constant('idle-then-burst' as const),
    bursts: inRange(LIMITS.bursts, true),
    idleMs: distributionArb,
    concurrency: inRange(LIMITS.concurrency, true),
    method,
    path,
  }),
  fc.record({
    kind: fc.constant('service-chain' as const),
    bursts: inRange(LIMITS.bursts, true),
    idleMs: distributionArb,
    burstSize: fc
      .tuple(inRange(LIMITS.concurrency, true), inRange(LIMITS.concurrency, true))
      .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })),
    withinBurstMs: distributionArb,
    handlingMs: distributionArb,
    method,
    path,
  }),
);

/** A valid scenario anywhere within validation's limits. */
export const limitScenarioArb: fc.Arbitrary<Scenario> = fc.record(
  {
    version: fc.constant(1 as const),
    name: text(STRING_LIMITS.name),
    description: optional(text(STRING_LIMITS.description)),
    seed: inRange(LIMITS.seed, true),
    server: fc.record(
      {
        profile: fc.constantFrom(...SERVER_PROFILES.map((p) => p.name)),
        idleTimeoutMs: optional(inRange(LIMITS.idleTimeoutMs)),
        keepAliveHint: optional(fc.boolean()),
        requestsPerConnection: optional(
          fc.option(inRange(LIMITS.requestsPerConnection, true), { nil: null }),
        ),
        leakyIdleTimer: optional(fc.boolean()),
        processing: distributionArb,
        eventLoopDelayMs: inRange(LIMITS.loopDelayMs),
      },
      { requiredKeys: ['profile', 'processing', 'eventLoopDelayMs'] },
    ),
    client: fc.record(
      {
        policy: fc.constantFrom(...CLIENT_POLICIES.map((p) => p.name)),
        eventLoopDelayMs: inRange(LIMITS.loopDelayMs),
        idleExpiryMs: optional(fc.option(inRange(LIMITS.idleTimeoutMs), { nil: null })),
        maxConnections: optional(inRange(LIMITS.maxConnections, true)),
        idempotencyKey: optional(fc.boolean()),
      },
      { requiredKeys: ['policy', 'eventLoopDelayMs'] },
    ),
    network: fc.record({ delayMs: inRange(LIMITS.delayMs), jitterMs: inRange(LIMITS.delayMs) }),
    workload: workloadArb,
    limits: fc.record({
      maxRequests: inRange(LIMITS.maxRequests, true),
      maxDurationMs: inRange(LIMITS.maxDurationMs),
    }),
  },
  { requiredKeys: ['version', 'name', 'seed', 'server', 'client', 'network', 'workload', 'limits'] },
) as fc.Arbitrary<Scenario>;

/**
 * A preset with some of its sections, fields or its name changed to valid values (the
 * scenarios a user makes by editing a preset), with the preset's name.
 */
export const presetWithOverridesArb: fc.Arbitrary<{ preset: string; scenario: Scenario }> = fc
  .tuple(fc.constantFrom(...PRESET_NAMES), limitScenarioArb, fc.array(fc.nat(12), { maxLength: 4 }))
  .map(([preset, other, picks]) => {
    const s = presetScenario(preset);
    const o = other as unknown as Record<string, Record<string, unknown>>;
    const t = s as unknown as Record<string, Record<string, unknown>>;
    for (const pick of picks) {
      switch (pick) {
        case 0:
          s.seed = other.seed;
          break;
        case 1:
          s.client.policy = other.client.policy;
          break;
        case 2:
          s.server.profile = other.server.profile;
          break;
        case 3:
          s.network = other.network;
          break;
        case 4:
          s.limits = other.limits;
          break;
        case 5:
          s.workload = other.workload;
          break;
        case 6:
          s.server = other.server;
          break;
        case 7:
          s.client = other.client;
          break;
        case 8:
          s.name = other.name;
          break;
        case 9:
          if (other.description === undefined) delete s.description;
          else s.description = other.description;
          break;
        case 10:
          t.server!.processing = o.server!.processing;
          break;
        case 11:
          if (other.server.idleTimeoutMs !== undefined) s.server.idleTimeoutMs = other.server.idleTimeoutMs;
          break;
        default:
          if (other.client.idleExpiryMs !== undefined) s.client.idleExpiryMs = other.client.idleExpiryMs;
      }
    }
    return { preset, scenario: s };
  });

/** The scenario with small limits, so that running it is quick whatever its workload. */
export function withSmallLimits(s: Scenario, maxRequests = 20): Scenario {
  return {
    ...s,
    limits: {
      maxRequests: Math.min(s.limits.maxRequests, maxRequests),
      maxDurationMs: s.limits.maxDurationMs,
    },
  };
}
