/** Counts to an estimate: shards add up, then one Wilson interval over all of them. */
import { addBuckets, bucketPercentile, emptyBuckets } from './histogram';
import { scenarioForRun } from './plan';
import type { ByCause, ByOutcome, RiskEstimate, RiskInput, ShardResult } from './types';

/**
 * Wilson score interval for k successes in n trials, as [lo, hi] proportions. Better than the
 * normal approximation at rates near 0 (most of this explorer's answers): it never goes below 0
 * and gives a real upper bound when k = 0.
 */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export const emptyByCause = (): ByCause => ({ stale: 0, raceWindow: 0, serverClosedMidRequest: 0, other: 0 });
export const emptyByOutcome = (): ByOutcome => ({ eof: 0, reset: 0, timeout: 0, other: 0 });

export function emptyShardResult(input: RiskInput, fromRun: number, toRun: number): ShardResult {
  return {
    input,
    fromRun,
    toRun,
    requests: 0,
    failed: 0,
    byCause: emptyByCause(),
    byOutcome: emptyByOutcome(),
    retries: 0,
    duplicates: 0,
    indeterminate: 0,
    truncatedRuns: 0,
    latencyBuckets: emptyBuckets(),
    latencyCleanBuckets: emptyBuckets(),
    firstFailure: null,
  };
}

const perMillion = (x: number) => Math.round(x * 1e6 * 100) / 100;

/** The estimate of shards' results (any order, any split of the same runs: the same estimate). */
export function mergeShards(results: readonly ShardResult[]): RiskEstimate {
  if (results.length === 0) throw new Error('mergeShards: no shard results');
  const sorted = [...results].sort((a, b) => a.fromRun - b.fromRun);
  const input = sorted[0]!.input;
  const all = emptyShardResult(input, sorted[0]?.fromRun ?? 0, sorted.at(-1)?.toRun ?? 0);
  for (const r of sorted) {
    all.requests += r.requests;
    all.failed += r.failed;
    for (const k of Object.keys(all.byCause) as (keyof ByCause)[]) all.byCause[k] += r.byCause[k];
    for (const k of Object.keys(all.byOutcome) as (keyof ByOutcome)[]) all.byOutcome[k] += r.byOutcome[k];
    all.retries += r.retries;
    all.duplicates += r.duplicates;
    all.indeterminate += r.indeterminate;
    all.truncatedRuns += r.truncatedRuns;
    addBuckets(all.latencyBuckets, r.latencyBuckets);
    addBuckets(all.latencyCleanBuckets, r.latencyCleanBuckets);
    // The lowest run's first failure (shards are sorted by run).
    all.firstFailure ??= r.firstFailure;
  }
  const [lo, hi] = wilson(all.failed, all.requests);
  const f = all.firstFailure;
  return {
    requests: all.requests,
    failed: all.failed,
    failuresPerMillion: perMillion(all.requests === 0 ? 0 : all.failed / all.requests),
    ci95PerMillion: [perMillion(lo), perMillion(hi)],
    byCause: all.byCause,
    byOutcome: all.byOutcome,
    retries: all.retries,
    duplicates: all.duplicates,
    indeterminate: all.indeterminate,
    latencyMs: {
      p95: bucketPercentile(all.latencyBuckets, 95),
      p99: bucketPercentile(all.latencyBuckets, 99),
    },
    latencyCleanMs: {
      p95: bucketPercentile(all.latencyCleanBuckets, 95),
      p99: bucketPercentile(all.latencyCleanBuckets, 99),
    },
    runs: sorted.reduce((n, r) => n + (r.toRun - r.fromRun), 0),
    truncatedRuns: all.truncatedRuns,
    firstFailure: f
      ? { run: f.run, seed: f.seed, scenario: scenarioForRun(input, f.run), req: f.req, tMs: f.tMs }
      : null,
  };
}
