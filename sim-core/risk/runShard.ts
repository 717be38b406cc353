/**
 * The Monte Carlo's engine: a shard's runs, each an outcome-only run (`runOutcomes`: no trace kept),
 * reduced to counts. Exported through sim-core/run.ts (the engine entry), never the page's index.
 */

import type { FailureKind } from '../metrics/failureKinds';
import type { RequestSummary } from '../metrics/summary';
import { type OutcomeResult, RunCancelled, runOutcomes } from '../run';
import { bucketOf } from './histogram';
import { emptyShardResult } from './merge';
import { runSeed, scenarioForRun } from './plan';
import type { ByCause, ByOutcome, RiskInput, RiskShard, ShardResult } from './types';

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

/** The wire outcome of a failed request's cause. */
function outcomeOf(cause: RequestSummary['cause']): keyof ByOutcome {
  // A FIN read as end of file, or a reset (an RST read, or a write that failed on the socket the
  // RST had killed: EPIPE / ECONNRESET).
  if (cause === 'eof') return 'eof';
  if (cause === 'reset' || cause === 'write-failed') return 'reset';
  if (cause === 'timeout') return 'timeout';
  return 'other';
}

/** A run's totals and failure causes added to a shard's counts. */
function addTotals(into: ShardResult, r: OutcomeResult): void {
  const t = r.summary.totals;
  into.requests += t.requests;
  into.failed += t.failed;
  into.retries += t.retries;
  into.duplicates += t.duplicateSideEffects;
  into.indeterminate += t.indeterminate;
  if (r.summary.endReason !== 'done') into.truncatedRuns++;
  for (const f of r.failures) into.byCause[CAUSE[f.kind]]++;
}

/**
 * What a shard reads of each request, gathered as the requests end (runOutcomes' `onRequestEnd`),
 * so the run keeps no per-request summaries (`requests: false`); added to the counts when the run
 * is over, so a progress report's partial counts hold finished runs only.
 */
class RunRequests {
  private readonly byOutcome: ByOutcome = { eof: 0, reset: 0, timeout: 0, other: 0 };
  private readonly latencies: number[] = [];
  private readonly clean: number[] = [];
  /** The failed request that started first (the lowest id: a run's ids grow with their start). */
  private first: { req: number; tMs: number } | null = null;

  readonly add = (q: Readonly<RequestSummary>): void => {
    if (q.outcome === 'failed') {
      this.byOutcome[outcomeOf(q.cause)]++;
      if (this.first === null || q.id < this.first.req) this.first = { req: q.id, tMs: q.sentAtMs };
    }
    if (q.latencyMs === null) return;
    this.latencies.push(q.latencyMs);
    if (q.outcome === 'ok' && q.attempts === 1) this.clean.push(q.latencyMs);
  };

  addTo(into: ShardResult, run: number, seed: number): void {
    for (const k of Object.keys(this.byOutcome) as (keyof ByOutcome)[])
      into.byOutcome[k] += this.byOutcome[k];
    for (const x of this.latencies) into.latencyBuckets[bucketOf(x)]!++;
    for (const x of this.clean) into.latencyCleanBuckets[bucketOf(x)]!++;
    if (into.firstFailure === null && this.first) into.firstFailure = { run, seed, ...this.first };
  }
}

/**
 * One run's outcome, with its per-request summaries (runOutcomes' default), added to a shard's
 * counts: what runShard computed before it kept no requests. The tests check both agree.
 */
export function addRun(into: ShardResult, run: number, seed: number, r: OutcomeResult): void {
  addTotals(into, r);
  const requests = new RunRequests();
  for (const q of r.summary.requests) requests.add(q);
  requests.addTo(into, run, seed);
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
    const requests = new RunRequests();
    const r = runOutcomes(scenarioForRun(input, run), {
      requests: false,
      onRequestEnd: requests.add,
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
    addTotals(out, r);
    requests.addTo(out, run, seed);
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
