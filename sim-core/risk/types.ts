/**
 * The risk explorer's API: what an engineer asks ("will my stack hit this, how often, and what
 * change removes it?") as a `RiskInput`, and the answer the Monte Carlo gives as a `RiskEstimate`.
 * Plain JSON throughout (inputs and results cross worker boundaries and go into URLs and files).
 */
import type { Distribution, Scenario } from '../scenario/types';

/** Retries as the policy has them, forced on (the library's retry for idempotent methods) or off. */
export type RetriesMode = 'policy' | 'on' | 'off';

export interface RiskClient {
  /** A client policy name (`httpx-0.23`, …). */
  policy: string;
  /** Overrides the policy's idle expiry (null = none). */
  idleExpiryMs?: number | null;
  retries?: RetriesMode;
  /** Overrides the pool size. */
  maxConnections?: number;
}

export interface RiskServer {
  /** A server or load-balancer profile name (`uvicorn`, `aws-alb`, …). */
  profile: string;
  /** Overrides the profile's idle (keep-alive) timeout. */
  idleTimeoutMs?: number;
  /** Overrides whether the profile sends a `Keep-Alive: timeout=N` hint. */
  keepAliveHint?: boolean;
}

export type RiskTraffic =
  /** One program per process: request, read the response, sleep a gap drawn from `gap`, repeat. */
  | { kind: 'sequential'; gap: Distribution }
  /** Independent arrivals at `ratePerSec` in total, shared evenly by the processes. */
  | { kind: 'poisson'; ratePerSec: number }
  /** The seed's shape (encode/httpx#96): bursts of calls after idle periods near 5 s. */
  | { kind: 'seed-bursts' };

export interface RiskInput {
  client: RiskClient;
  server: RiskServer;
  /** One-way delay and jitter (ms), as in a scenario. */
  network: { delayMs: number; jitterMs: number };
  traffic: RiskTraffic;
  /** Share of requests that are POST (the rest GET), 0..1. */
  postShare: number;
  /** Client processes sharing the server, each with its own pool. */
  processes: number;
  /**
   * Requests to simulate in total (the Monte Carlo's size). Seed bursts run whole copies of the
   * seed's 40 bursts (about 100 requests each, 1–4 per burst), so the estimate's count is near it.
   */
  requests: number;
  /** The Monte Carlo's seed; run i uses `runSeed(input, i)`, this seed and i mixed by a 32-bit hash. */
  seed: number;
  /**
   * Model details, at the seed scenario's values unless given (issue-96: event loops 0.05 ms,
   * service time lognormal, median 8 ms): the analytic test sets the loops to 0.
   */
  model?: { clientEventLoopDelayMs?: number; serverEventLoopDelayMs?: number; processingMs?: Distribution };
}

/** How the failures split by the side of the race they fell on (metrics/failureKinds.ts). */
export interface ByCause {
  /** The FIN (or RST) had reached the client before the request left. */
  stale: number;
  /** The request left before the FIN arrived and reached the server after its close. */
  raceWindow: number;
  /** The request reached the server, which closed without responding. */
  serverClosedMidRequest: number;
  /** Timeouts and anything with no server close seen. */
  other: number;
}

/** How the failures looked on the wire and in the socket API. */
export interface ByOutcome {
  /** The connection ended with a FIN (the library saw end of file). */
  eof: number;
  /** An RST (ECONNRESET), or a write that failed on the dead socket. */
  reset: number;
  timeout: number;
  other: number;
}

export interface LatencyFigures {
  p95: number | null;
  p99: number | null;
}

/** The first failure of the Monte Carlo (lowest run, then earliest request): open it on the stage. */
export interface FirstFailure {
  /** The run's index in the Monte Carlo, and its seed (`runSeed(input, run)`). */
  run: number;
  seed: number;
  /** The scenario of that run, as `scenarioForRun(input, run)` gives it (a real run). */
  scenario: Scenario;
  req: number;
  /** When the failed request was sent, ms. */
  tMs: number;
}

export interface RiskEstimate {
  requests: number;
  failed: number;
  failuresPerMillion: number;
  /** Wilson 95 % interval of the failure rate, per million. */
  ci95PerMillion: [number, number];
  byCause: ByCause;
  byOutcome: ByOutcome;
  /** Retry attempts made. */
  retries: number;
  /** Requests the server application handled more than once (a duplicated side effect). */
  duplicates: number;
  /** Failed requests that may have reached the application (the caller cannot tell). */
  indeterminate: number;
  /** Latency of finished requests, failures and retries included. */
  latencyMs: LatencyFigures;
  /** Latency of the requests that succeeded at the first attempt (without failures and retries). */
  latencyCleanMs: LatencyFigures;
  /** Runs (seeds) simulated. */
  runs: number;
  /** Runs that ended on an engine bound before all their requests finished. */
  truncatedRuns: number;
  firstFailure: FirstFailure | null;
}

/** A slice of the Monte Carlo's runs, [fromRun, toRun): shards never split a run. */
export interface RiskShard {
  index: number;
  input: RiskInput;
  fromRun: number;
  toRun: number;
}

/**
 * What a shard measured, as counts (never rates), so that merging the shards of any split gives
 * the same estimate as one shard over all runs. Latencies go into fixed histogram buckets.
 */
export interface ShardResult {
  /** The input the shard ran (the merge opens the first failure's scenario from it). */
  input: RiskInput;
  fromRun: number;
  toRun: number;
  requests: number;
  failed: number;
  byCause: ByCause;
  byOutcome: ByOutcome;
  retries: number;
  duplicates: number;
  indeterminate: number;
  truncatedRuns: number;
  /** Counts per latency bucket (risk/histogram.ts), all finished requests. */
  latencyBuckets: number[];
  /** Counts per latency bucket, requests that succeeded at the first attempt. */
  latencyCleanBuckets: number[];
  /** The first failure in this shard's runs: its run index, request and send time. */
  firstFailure: { run: number; seed: number; req: number; tMs: number } | null;
}

/** A candidate change to the stack, before it is measured. */
export interface FixCandidate {
  id: string;
  /** What changes, in plain words ("client idle expiry 4 s, below the server's 5 s"). */
  change: string;
  /** The setting in the library's own words (`httpx.Limits(keepalive_expiry=4)`). */
  setting: string;
  /** A config snippet that makes the change. */
  snippet: string;
  /** Where the setting is documented (URL or doc name). */
  source: string;
  apply(input: RiskInput): RiskInput;
}

/** A fix measured: the counterfactual run on the same seeds. */
export interface Fix {
  id: string;
  change: string;
  setting: string;
  snippet: string;
  source: string;
  /** The input with the change applied (open it in the explorer or on the stage). */
  input: RiskInput;
  estimate: RiskEstimate;
  /** Duplicated side effects under the change (POSTs a retry sent twice). */
  duplicates: number;
  /** Against the stack as it is, by the 95 % intervals (overlapping intervals: no measurable change). */
  vsBaseline?: 'better' | 'worse' | 'no measurable change';
}

export type VaryParamName = 'clientExpiryMs' | 'serverTimeoutMs' | 'delayMs' | 'meanGapMs' | 'ratePerSec';

export interface VaryParam {
  param: VaryParamName;
  from: number;
  to: number;
  step: number;
}

/** A map: one parameter (a line) or two (a heatmap, x by y). */
export interface MapSpec {
  x: VaryParam;
  y?: VaryParam;
}

/** What a pasted error points to. */
export interface Diagnosis {
  recognised: boolean;
  /** The signature that matched (its id), null when none did. */
  signature: string | null;
  /** The library, with its version range when the text tells (`http3 0.6.x`). */
  library: string | null;
  /** The mechanism it points to, in a sentence. */
  mechanism: string;
  /** What else the same text could mean. */
  alternatives: string[];
  /** A preset to open on the stage, when one fits. */
  preset: string | null;
  /** A risk input to open in the explorer, when one fits. */
  riskInput: RiskInput | null;
  /** The signatures known, so an unrecognised text can say what it looks for. */
  known: string[];
}
