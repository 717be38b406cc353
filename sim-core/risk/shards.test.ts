import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOutcomes, runScenario, runShard } from '../run';
import { bucketOf, bucketPercentile, emptyBuckets } from './histogram';
import { emptyShardResult, mergeShards, wilson } from './merge';
import { planShards, runCount, runSeed, scenarioForRun } from './plan';
import { addRun } from './runShard';
import type { RiskInput } from './types';
import { validateRiskInput } from './validate';

const estimate = (input: RiskInput, shards: number) => {
  // Run the shards in reverse: the merge must not depend on the order results arrive in.
  const results = planShards(input, shards)
    .reverse()
    .map((s) => runShard(input, s));
  return mergeShards(results);
};

const arbInput: fc.Arbitrary<RiskInput> = fc
  .record({
    client: fc.constantFrom('http3-0.6', 'httpx-0.23', 'urllib3-2', 'node-agent-20', 'aiohttp-3.10'),
    server: fc.constantFrom('uvicorn', 'gunicorn-uvicorn', 'node-http-20'),
    delayMs: fc.integer({ min: 0, max: 40 }),
    jitterMs: fc.integer({ min: 0, max: 5 }),
    traffic: fc.oneof(
      fc.record({
        kind: fc.constant('sequential' as const),
        gap: fc.record({
          kind: fc.constant('exponential' as const),
          meanMs: fc.integer({ min: 500, max: 6000 }),
        }),
      }),
      fc.record({ kind: fc.constant('poisson' as const), ratePerSec: fc.integer({ min: 1, max: 20 }) }),
      fc.constant({ kind: 'seed-bursts' as const }),
    ),
    postShare: fc.constantFrom(0, 0.5, 1),
    requests: fc.integer({ min: 1, max: 1600 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map((r) =>
    validateRiskInput({
      client: { policy: r.client },
      server: { profile: r.server },
      network: { delayMs: r.delayMs, jitterMs: r.jitterMs },
      traffic: r.traffic,
      postShare: r.postShare,
      processes: 1,
      requests: r.requests,
      seed: r.seed,
    }),
  );

describe('shards split by seed', () => {
  it('give the same estimate for 1, 2 and 3 shards', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const one = estimate(input, 1);
        expect(estimate(input, 2)).toEqual(one);
        expect(estimate(input, 3)).toEqual(one);
        expect(one.runs).toBe(runCount(input));
      }),
      { numRuns: 6 },
    );
  });

  it('cover every run once, in order', () => {
    fc.assert(
      fc.property(arbInput, fc.integer({ min: 1, max: 64 }), (input, n) => {
        const shards = planShards(input, n);
        expect(shards[0]!.fromRun).toBe(0);
        expect(shards.at(-1)!.toRun).toBe(runCount(input));
        for (let i = 1; i < shards.length; i++) expect(shards[i]!.fromRun).toBe(shards[i - 1]!.toRun);
        for (const s of shards) expect(s.toRun).toBeGreaterThan(s.fromRun);
      }),
    );
  });

  it('open the first failure as a real run: the same request fails there', () => {
    const input = validateRiskInput({
      client: { policy: 'http3-0.6' },
      server: { profile: 'uvicorn' },
      network: { delayMs: 2, jitterMs: 0.5 },
      traffic: { kind: 'seed-bursts' },
      postShare: 1,
      processes: 1,
      requests: 1000,
      seed: 96,
    });
    const e = estimate(input, 2);
    const f = e.firstFailure!;
    expect(f).not.toBeNull();
    // The run that failed, with its own (hashed) seed, not the Monte Carlo's.
    expect(f.seed).toBe(runSeed(input, f.run));
    expect(f.scenario).toEqual(scenarioForRun(input, f.run));
    expect(f.scenario.seed).toBe(f.seed);
    const r = runScenario(f.scenario).summary.requests.find((q) => q.id === f.req)!;
    expect(r.outcome).toBe('failed');
    expect(r.sentAtMs).toBe(f.tMs);
    // POSTs after idle periods against uvicorn: the seed bug, every failure with EOF.
    expect(e.byOutcome.eof).toBe(e.failed);
  });
});

describe('a shard keeps no per-request summaries', () => {
  it('and counts exactly what the per-request summaries give', () => {
    let withFailures = 0;
    fc.assert(
      fc.property(arbInput, (input) => {
        const runs = runCount(input);
        const reference = emptyShardResult(input, 0, runs);
        for (let run = 0; run < runs; run++)
          addRun(reference, run, runSeed(input, run), runOutcomes(scenarioForRun(input, run)));
        const shard = runShard(input, planShards(input, 1)[0]!);
        expect(JSON.stringify(shard)).toBe(JSON.stringify(reference));
        if (shard.failed > 0) withFailures++;
        expect(JSON.stringify(mergeShards([shard]))).toBe(JSON.stringify(mergeShards([reference])));
      }),
      { numRuns: 25 },
    );
    // The cases that matter (wire outcomes, the first failure) were among them.
    expect(withFailures).toBeGreaterThan(0);
  });
});

describe('run seeds', () => {
  it('of nearby seeds are independent: seeds N and N+1 share no run', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const next = { ...input, seed: (input.seed + 1) >>> 0 };
        const a = new Set(Array.from({ length: 200 }, (_, i) => runSeed(input, i)));
        expect(a.size).toBe(200);
        for (let i = 0; i < 200; i++) expect(a.has(runSeed(next, i))).toBe(false);
      }),
    );
  });
});

describe('progress', () => {
  const input = validateRiskInput({
    client: { policy: 'httpx-0.23' },
    server: { profile: 'uvicorn' },
    network: { delayMs: 30, jitterMs: 0 },
    traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: 5000 } },
    postShare: 0,
    processes: 1,
    requests: 1000,
    seed: 3,
  });
  it('moves inside the first run, only forwards, and leaves the result as it was', () => {
    const shard = planShards(input, 1)[0]!;
    const seen: { runsDone: number; requestsDone: number; fraction: number }[] = [];
    const withProgress = runShard(input, shard, {
      onProgress: (p) =>
        seen.push({ runsDone: p.runsDone, requestsDone: p.requestsDone, fraction: p.fraction }),
    });
    expect(withProgress).toEqual(runShard(input, shard));
    // A report before the first run (500 requests) ends, with requests done inside it.
    expect(seen[0]!.runsDone).toBe(0);
    expect(seen[0]!.requestsDone).toBeGreaterThan(0);
    expect(seen[0]!.fraction).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
      expect(seen[i]!.requestsDone).toBeGreaterThanOrEqual(seen[i - 1]!.requestsDone);
    }
    expect(seen.at(-1)).toEqual({ runsDone: 2, requestsDone: withProgress.requests, fraction: 1 });
  });
});

describe('wilson', () => {
  it('holds the rate and stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e7 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const k = Math.floor(n * share);
          const [lo, hi] = wilson(k, n);
          expect(lo).toBeGreaterThanOrEqual(0);
          expect(hi).toBeLessThanOrEqual(1);
          expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
          expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
        },
      ),
    );
  });
  it('gives a real upper bound with no failures (about 3/n, the rule of three)', () => {
    const [lo, hi] = wilson(0, 20_000);
    expect(lo).toBe(0);
    expect(hi * 20_000).toBeGreaterThan(3);
    expect(hi * 20_000).toBeLessThan(4);
  });
});

describe('latency buckets', () => {
  it('give percentiles within 2 % of the exact ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (xs) => {
          const b = emptyBuckets();
          for (const x of xs) b[bucketOf(x)]!++;
          const sorted = [...xs].sort((a, c) => a - c);
          for (const p of [50, 95, 99]) {
            const exact = sorted[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
            expect(Math.abs(bucketPercentile(b, p)! / exact - 1)).toBeLessThan(0.02);
          }
        },
      ),
    );
  });
});

describe('cancelling a shard', () => {
  it('stops before the next run with RunCancelled', () => {
    const input = validateRiskInput({
      client: { policy: 'httpx-0.23' },
      server: { profile: 'uvicorn' },
      network: { delayMs: 2, jitterMs: 0 },
      traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: 1000 } },
      postShare: 0,
      processes: 1,
      requests: 5000,
      seed: 1,
    });
    let runs = 0;
    const shard = planShards(input, 1)[0]!;
    const onProgress = (p: { runsDone: number }) => {
      runs = p.runsDone;
    };
    expect(() => runShard(input, shard, { onProgress, shouldCancel: () => runs >= 2 })).toThrow(
      'run cancelled',
    );
    expect(runs).toBe(2);
  });
});
