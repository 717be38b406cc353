/**
 * How a RiskInput becomes runs: run i is one scenario with seed `runSeed(input, i)` (the input's
 * seed and i mixed by a 32-bit hash, so nearby seeds are independent replicates), a fixed share of
 * the requests, and nothing else that depends on how the work is split. Shards are ranges of runs,
 * so any split runs exactly the same scenarios, and the merged counts are the same.
 */

import { replicateSeed, Stream } from '../kernel/prng';
import { clientPolicy } from '../policies';
import { CLIENT_SETTINGS } from '../policies/settings';
import { PRESETS } from '../scenario/presets';
import type { Distribution, HttpMethod, Scenario, Workload } from '../scenario/types';
import type { RiskInput, RiskShard } from './types';

const SEED = PRESETS['issue-96']!.scenario;
/** A run's simulated time at most (the scenario limit is 24 h; runs are sized to half of it). */
const RUN_MAX_MS = 86_400_000;
const RUN_TARGET_MS = RUN_MAX_MS / 2;
/** Requests in one run at most: a run is the unit of work a shard cannot split. */
export const REQUESTS_PER_RUN = 500;
/** The seed's shape: bursts of 1–4 calls after idle periods (issue-96's workload). */
const SEED_BURSTS_PER_RUN = 40;
const SEED_REQUESTS_PER_BURST = 2.5;

export function meanMs(d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    case 'exponential':
      return d.meanMs;
    case 'lognormal':
      return d.medianMs * Math.exp((d.sigma * d.sigma) / 2);
  }
}

/** Requests each full run has (the last run may have fewer). */
export function requestsPerRun(input: RiskInput): number {
  const t = input.traffic;
  if (t.kind === 'seed-bursts') return Math.round(SEED_BURSTS_PER_RUN * SEED_REQUESTS_PER_BURST);
  // Each run stays well inside its duration limit: the expected time of its requests, halved.
  const perRequestMs =
    t.kind === 'sequential'
      ? meanMs(t.gap) + 4 * (input.network.delayMs + input.network.jitterMs) + 50
      : (1000 * input.processes) / t.ratePerSec;
  return Math.max(1, Math.min(REQUESTS_PER_RUN, Math.floor(RUN_TARGET_MS / perRequestMs)));
}

/** Runs in the whole Monte Carlo. */
export function runCount(input: RiskInput): number {
  return Math.ceil(input.requests / requestsPerRun(input));
}

/**
 * Run `run`'s seed: the input's seed and the run's index through a 32-bit hash (kernel/prng.ts).
 * With `seed + run`, seeds N and N+1 would share all runs but one and give nearly the same estimate.
 */
export const runSeed = (input: RiskInput, run: number): number => replicateSeed(input.seed, run);

/** The client policy the run uses: retries 'on'/'off' run the policy that has the setting. */
export function effectivePolicy(input: RiskInput): string {
  const doc = CLIENT_SETTINGS[input.client.policy];
  const has = clientPolicy(input.client.policy)?.retry != null;
  if (input.client.retries === 'on' && !has && doc?.retriesOn) return doc.retriesOn.policy;
  if (input.client.retries === 'off' && has && doc?.retriesOff) return doc.retriesOff.policy;
  return input.client.policy;
}

function method(s: Stream, postShare: number): HttpMethod {
  return s.uniform() < postShare ? 'POST' : 'GET';
}

function drawGap(s: Stream, d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * s.uniform();
    case 'exponential':
      // Rounded to the µs the kernel keeps; capped at the scenario's gap limit.
      return Math.min(3_600_000, Math.round(s.exponential(d.meanMs) * 1000) / 1000);
    case 'lognormal':
      return Math.min(3_600_000, Math.round(d.medianMs * Math.exp(d.sigma * s.normal()) * 1000) / 1000);
  }
}

/**
 * The scenario of run `run` (the one a map cell or a failure opens on the stage, same seed). Its
 * draws (gaps, methods) come from a stream of this run's seed, not from the run's own streams,
 * so they are the same under every client policy: a fix is measured on the same traffic.
 */
export function scenarioForRun(input: RiskInput, run: number): Scenario {
  const seed = runSeed(input, run);
  const per = requestsPerRun(input);
  const total = runCount(input);
  const count = run < total ? Math.min(per, input.requests - run * per) : per;
  const s = new Stream(seed, 'risk');
  const t = input.traffic;
  let workload: Workload;
  if (t.kind === 'sequential') {
    // At least one gap (a scenario needs one); limits.maxRequests keeps a one-request run at one.
    const gapsMs = Array.from({ length: Math.max(1, count - 1) }, () => drawGap(s, t.gap));
    const methods = Array.from({ length: count }, () => method(s, input.postShare));
    workload = { kind: 'sequential', gapsMs, method: methods[0]!, methods, path: '/' };
  } else if (t.kind === 'poisson') {
    // One method per run (an open workload has one); the share holds over runs.
    workload = {
      kind: 'poisson',
      ratePerSec: t.ratePerSec / input.processes,
      count,
      method: method(s, input.postShare),
      path: '/',
    };
  } else {
    const w = SEED.workload as Extract<Workload, { kind: 'service-chain' }>;
    workload = { ...w, bursts: SEED_BURSTS_PER_RUN, method: method(s, input.postShare) };
  }
  const m = input.model ?? {};
  const client: Scenario['client'] = {
    policy: effectivePolicy(input),
    eventLoopDelayMs: m.clientEventLoopDelayMs ?? SEED.client.eventLoopDelayMs,
  };
  if (input.client.idleExpiryMs !== undefined) client.idleExpiryMs = input.client.idleExpiryMs;
  if (input.client.maxConnections !== undefined) client.maxConnections = input.client.maxConnections;
  const server: Scenario['server'] = {
    profile: input.server.profile,
    processing: m.processingMs ?? SEED.server.processing,
    eventLoopDelayMs: m.serverEventLoopDelayMs ?? SEED.server.eventLoopDelayMs,
  };
  if (input.server.idleTimeoutMs !== undefined) server.idleTimeoutMs = input.server.idleTimeoutMs;
  if (input.server.keepAliveHint !== undefined) server.keepAliveHint = input.server.keepAliveHint;
  return {
    version: 1,
    name: 'risk-run',
    description: `Risk explorer run ${run} of ${total} (seed ${seed}).`,
    seed,
    server,
    client,
    network: { ...input.network },
    workload,
    limits: { maxRequests: t.kind === 'seed-bursts' ? 1000 : count, maxDurationMs: RUN_MAX_MS },
  };
}

/**
 * `count` shards of consecutive runs, as even as runs allow (fewer when there are fewer runs). By
 * seed, never by timing: which runs a shard gets depends only on the input and `count`.
 */
export function planShards(input: RiskInput, count: number): RiskShard[] {
  const runs = runCount(input);
  const n = Math.max(1, Math.min(Math.floor(count), runs));
  return Array.from({ length: n }, (_, index) => ({
    index,
    input,
    fromRun: Math.floor((runs * index) / n),
    toRun: Math.floor((runs * (index + 1)) / n),
  }));
}
