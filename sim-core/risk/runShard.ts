/**
 * The Monte Carlo's engine: a shard's runs, each an outcome-only run (`runOutcomes`: no trace kept),
 * reduced to counts. Exported through sim-core/run.ts (the engine entry), never the page's index.
 */

import type { FailureKind } from '../metrics/failureKinds';
import { type OutcomeResult, RunCancelled, runOutcomes } from '../run';
import { bucketOf } from './histogram';
import { emptyShardResult } from './merge';
import { runSeed, scenarioForRun } from './plan';
import type { ByCause, RiskInput, RiskShard, ShardResult } from './types';

export interface ShardProgress {
  runsDone: number;
  runsTotal: number;
  requestsDone: number;
  /**
   * The counts so far (for an estimate that tightens as it runs: `mergeShards` of the partials).
   * The same object, updated after each run: copy it (postMessage does) to keep a snapshot.
   */
  partial: ShardResult;
}

export interface ShardOptions {
  onProgress?: (p: ShardProgress) => void;
  /** Polled between runs and inside each; true stops the shard with RunCancelled. */
  shouldCancel?: () => boolean;
}

const CAUSE: Record<FailureKind, keyof ByCause> = {
  'stale-reuse': 'stale',
  'race-window': 'raceWindow',
  'closed-mid-request': 'serverClosedMidRequest',
  timeout: 'other',
  other: 'other',
};

/** One run's outcome added to a shard's counts. */
export function addRun(into: ShardResult, run: number, seed: number, r: OutcomeResult): void {
  const t = r.summary.totals;
  into.requests += t.requests;
  into.failed += t.failed;
  into.retries += t.retries;
  into.duplicates += t.duplicateSideEffects;
  into.indeterminate += t.indeterminate;
  if (r.summary.endReason !== 'done') into.truncatedRuns++;
  for (const f of r.failures) into.byCause[CAUSE[f.kind]]++;
  for (const q of r.summary.requests) {
    if (q.outcome === 'failed') {
      // The wire outcome: a FIN read as end of file, or a reset (an RST read, or a write that
      // failed on the socket the RST had killed: EPIPE / ECONNRESET).
      if (q.cause === 'eof') into.byOutcome.eof++;
      else if (q.cause === 'reset' || q.cause === 'write-failed') into.byOutcome.reset++;
      else if (q.cause === 'timeout') into.byOutcome.timeout++;
      else into.byOutcome.other++;
      if (into.firstFailure === null) into.firstFailure = { run, seed, req: q.id, tMs: q.sentAtMs };
    }
    if (q.latencyMs === null) continue;
    into.latencyBuckets[bucketOf(q.latencyMs)]!++;
    if (q.outcome === 'ok' && q.attempts === 1) into.latencyCleanBuckets[bucketOf(q.latencyMs)]!++;
  }
}

/** The shard's runs for `input` (the shard's own input when planned by planShards). */
export function runShard(input: RiskInput, shard: RiskShard, options: ShardOptions = {}): ShardResult {
  const { fromRun, toRun } = shard;
  const out = emptyShardResult(input, fromRun, toRun);
  for (let run = fromRun; run < toRun; run++) {
    if (options.shouldCancel?.()) throw new RunCancelled();
    const seed = runSeed(input, run);
    const r = runOutcomes(scenarioForRun(input, seed), { shouldCancel: options.shouldCancel });
    addRun(out, run, seed, r);
    options.onProgress?.({
      runsDone: run - fromRun + 1,
      runsTotal: toRun - fromRun,
      requestsDone: out.requests,
      partial: out,
    });
  }
  return out;
}
