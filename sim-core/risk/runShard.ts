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
  /** Runs finished. */
  runsDone: number;
  runsTotal: number;
  /** Requests finished: those of the finished runs and those done so far in the current one. */
  requestsDone: number;
  /**
   * The share of the shard done, in [0, 1]: finished runs plus the current run's share of its
   * requests, so a bar moves inside a run of 500 requests too.
   */
  fraction: number;
  /**
   * The counts of the finished runs (for an estimate that tightens as it runs: `mergeShards` of
   * the partials). The same object, updated after each run: copy it (postMessage does) to keep a
   * snapshot.
   */
  partial: ShardResult;
}

export interface ShardOptions {
  onProgress?: (p: ShardProgress) => void;
  /** Polled between runs and inside each; true stops the shard with RunCancelled. */
  shouldCancel?: () => boolean;
}

/** Kernel events between progress reports inside a run: about ten per run of 500 requests. */
const IN_RUN_PROGRESS_EVERY = 250;

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
    const runsDone = run - fromRun;
    const runsTotal = toRun - fromRun;
    const onProgress = options.onProgress;
    const r = runOutcomes(scenarioForRun(input, run), {
      shouldCancel: options.shouldCancel,
      // Inside the run: the requests it has done so far. A run of 500 requests is a few thousand
      // kernel events, fewer than runOutcomes' default 20,000 between reports; its report at the
      // end is superseded by the one after addRun below.
      progressEvery: IN_RUN_PROGRESS_EVERY,
      onProgress: onProgress
        ? (p) => {
            if (p.requestsDone >= p.requestsTotal) return;
            onProgress({
              runsDone,
              runsTotal,
              requestsDone: out.requests + p.requestsDone,
              fraction: (runsDone + p.requestsDone / p.requestsTotal) / runsTotal,
              partial: out,
            });
          }
        : undefined,
    });
    addRun(out, run, seed, r);
    onProgress?.({
      runsDone: runsDone + 1,
      runsTotal,
      requestsDone: out.requests,
      fraction: (runsDone + 1) / runsTotal,
      partial: out,
    });
  }
  return out;
}
