/**
 * runScenario: scenario in, trace and summary out. Pure: no I/O, no wall
 * clock; the same scenario (seed included) gives the same trace, byte for
 * byte, in Node and in a browser. runOutcomes: the same run, keeping no trace —
 * the summary and why each failure failed, built from the events as they happen.
 */
import {
  MAX_KERNEL_EVENTS,
  MAX_OPEN_CONNECTIONS,
  MAX_QUEUED_REQUESTS,
  MAX_TRACE_EVENTS,
} from './engineLimits';
import { Rng } from './kernel/prng';
import { type StopCheck, usFromMs } from './kernel/simulator';
import { countKinds, type FailedRequest, type FailureKind, FailureTracker } from './metrics/failureKinds';
import { type RequestSummary, type Summary, SummaryBuilder } from './metrics/summary';
import { clientPolicy, serverProfile } from './policies';
import type { Scenario } from './scenario/types';
import { assertValidScenario } from './scenario/validate';
import { type RunEndReason, TRACE_VERSION, type TraceEvent } from './trace/events';
import { traceHash } from './trace/hash';
import { BothSinks } from './trace/recorder';
import { ClientApp, clientExpiryByTimer, type RequestDone } from './world/clientApp';
import { Network } from './world/network';
import { ServerApp, serverConfig } from './world/serverApp';
import { openArrivals, sequentialMethod } from './world/workload';
import { World } from './world/world';

export interface RunProgress {
  /** Virtual time reached, µs. */
  t: number;
  requestsDone: number;
  requestsTotal: number;
}

export interface RunOptions {
  /** Stop after about this many trace events (default MAX_TRACE_EVENTS). */
  maxEvents?: number;
  /** Stop after this many kernel events (default MAX_KERNEL_EVENTS). */
  maxKernelEvents?: number;
  /** Stop when this many request attempts wait for a pool slot (default MAX_QUEUED_REQUESTS). */
  maxQueued?: number;
  /** Stop when this many connections are open at once (default MAX_OPEN_CONNECTIONS). */
  maxOpenConnections?: number;
  onProgress?: (p: RunProgress) => void;
  /** Polled while running; returning true stops the run with RunCancelled. */
  shouldCancel?: () => boolean;
  /** Kernel events between progress reports and cancel polls (default 20,000). */
  progressEvery?: number;
}

export interface OutcomeOptions extends RunOptions {
  /**
   * false: `summary.requests` is empty and each finished request is forgotten once counted (a
   * Monte Carlo that reads only the totals); the totals are the same. Default true.
   */
  requests?: boolean;
  /** Each request as it ends (metrics/summary.ts, SummaryBuilder's `onRequestEnd`). */
  onRequestEnd?: (r: Readonly<RequestSummary>) => void;
}

export interface RunResult {
  trace: TraceEvent[];
  /** Its `traceHash` is computed when first read (a getter), not inside the run. */
  summary: Summary;
}

/** The summary of a run that kept no trace: everything but the trace hash. */
export type OutcomeSummary = Omit<Summary, 'traceHash'>;

export interface OutcomeResult {
  /** Equal to the full run's summary of the same scenario, without `traceHash`. */
  summary: OutcomeSummary;
  /** Each failed request, in the order they ended, with the side of the race it fell on. */
  failures: FailedRequest[];
  byKind: Record<FailureKind, number>;
}

export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}

/** How often (in kernel events) progress is reported and cancellation polled. */
const PROGRESS_EVERY = 20_000;

/** The risk explorer's Monte Carlo engine: a shard of runs, outcome-only, reduced to counts. */
export { runShard, type ShardOptions, type ShardProgress } from './risk/runShard';
export { MAX_KERNEL_EVENTS, MAX_OPEN_CONNECTIONS, MAX_QUEUED_REQUESTS, MAX_TRACE_EVENTS };

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  assertValidScenario(scenario);
  // The summary is built as the events are recorded (what `summarize` does over the trace after).
  const summary = new SummaryBuilder();
  const world = new World(scenario.seed, summary);
  simulate(world, scenario, options);
  const trace = world.trace!.events;
  return { trace, summary: summary.summary(() => traceHash(trace)) };
}

/**
 * The run of `runScenario`, the same in every event and bound, but each event is handed to the
 * summary and the failure classification as it is recorded and then dropped: no trace in memory,
 * no hash; events neither reads are counted, not built (metrics/outcomeReads.ts). For many runs (a Monte Carlo); to see one of them, run it again by seed with the trace.
 */
export function runOutcomes(scenario: Scenario, options: OutcomeOptions = {}): OutcomeResult {
  assertValidScenario(scenario);
  const summary = new SummaryBuilder(options.requests ?? true, options.onRequestEnd);
  const failures = new FailureTracker();
  const world = new World(scenario.seed, new BothSinks(summary, failures), false);
  simulate(world, scenario, options);
  const failed = failures.failures();
  const totals = summary.summary(null);
  // The world built only the events these two read (metrics/outcomeReads.ts) and counted the rest.
  totals.events = world.recorder.count;
  return { summary: totals, failures: failed, byKind: countKinds(failed) };
}

function simulate(world: World, scenario: Scenario, options: RunOptions): void {
  const policy = clientPolicy(scenario.client.policy)!;
  const profile = serverProfile(scenario.server.profile)!;
  const rng = new Rng(scenario.seed);
  world.record({
    seq: 0,
    t: 0,
    kind: 'run.start',
    version: TRACE_VERSION,
    scenario: scenario.name,
    seed: scenario.seed,
    client: policy.name,
    server: profile.name,
    variants: {
      belief: clientExpiryByTimer(policy, scenario.client) ? 'timed' : 'untimed',
      server: scenario.server.leakyIdleTimer ? 'leaky' : 'correct',
    },
  });
  const network = new Network(world, scenario.network);
  const config = serverConfig(profile, scenario.server);
  const server = new ServerApp(world, config, scenario.server);
  const client = new ClientApp(world, network, policy, scenario.client, server, rng.stream('client'));

  const w = scenario.workload;
  const maxRequests = scenario.limits.maxRequests;
  // After the last request, keep running long enough to show the server
  // closing the idle connections, then stop (TIME-WAIT would add a minute of nothing).
  const tailUs = usFromMs(
    config.idleTimeoutMs + config.extraCloseDelayMs + 4 * scenario.network.delayMs + 1000,
  );
  const driver = new RunDriver(world, client, options, tailUs);
  if (w.kind === 'sequential') {
    const total = Math.min(w.gapsMs.length + 1, maxRequests);
    driver.total = total;
    const issue = (i: number, gapMs: number | null) => {
      client.request(i + 1, sequentialMethod(w, i), w.path, gapMs, {
        requestDone: () => {
          driver.requestDone();
          const gap = w.gapsMs[i];
          if (i + 1 < total && gap !== undefined) world.sim.after(usFromMs(gap), () => issue(i + 1, gap));
        },
      });
    };
    world.sim.at(0, () => issue(0, null));
  } else {
    const arrivals = openArrivals(w, rng.stream('workload'), maxRequests);
    const total = arrivals.length;
    driver.total = total;
    // Each arrival is scheduled when the previous one happens, in the place in the kernel's order
    // it would have had if all were scheduled now: the same run, with one pending arrival in
    // memory instead of up to a million.
    const first = world.sim.reserve(total);
    const arrive = (i: number) => {
      if (i + 1 < total) world.sim.atReserved(first + i + 1, arrivals[i + 1]!, () => arrive(i + 1));
      client.request(i + 1, w.method, w.path, null, driver);
    };
    if (total > 0) world.sim.atReserved(first, arrivals[0]!, () => arrive(0));
  }

  world.sim.run(usFromMs(scenario.limits.maxDurationMs), driver);
  const { done, total, stoppedBy } = driver;
  // A bound reached in the tail, after the last request, cuts only the tail: the run is done.
  const reason: RunEndReason = done < total ? (stoppedBy ?? 'max-duration') : 'done';
  world.record({ seq: 0, t: 0, kind: 'run.end', reason });
  options.onProgress?.({ t: world.sim.now, requestsDone: done, requestsTotal: total });
}

/**
 * What drives a run to its end: its requests done, and what the kernel asks after every event — a bound
 * reached, cancelled, or done with the tail after the last request. A class, not closures made
 * in `simulate`: V8 compiled the first run's closures into the kernel's loop and the client, and
 * threw that code away again in the next run (trace/recorder.ts `EventSink`).
 */
class RunDriver implements RequestDone, StopCheck {
  /** Requests in the workload (set once the workload is scheduled). */
  total = 0;
  done = 0;
  /** The first engine bound reached, if one stopped the run. */
  stoppedBy: RunEndReason | null = null;
  /** Virtual time (µs): NaN at its first store so that V8 keeps a double (kernel/simulator.ts `current`). */
  private lastDoneAt = Number.NaN;
  private sinceProgress = 0;
  private readonly progressEvery: number;
  private readonly maxEvents: number;
  private readonly maxKernelEvents: number;
  private readonly maxQueued: number;
  private readonly maxOpen: number;

  constructor(
    private readonly world: World,
    private readonly client: ClientApp,
    private readonly options: RunOptions,
    private readonly tailUs: number,
  ) {
    this.lastDoneAt = 0;
    this.progressEvery = options.progressEvery ?? PROGRESS_EVERY;
    this.maxEvents = options.maxEvents ?? MAX_TRACE_EVENTS;
    this.maxKernelEvents = options.maxKernelEvents ?? MAX_KERNEL_EVENTS;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_REQUESTS;
    this.maxOpen = options.maxOpenConnections ?? MAX_OPEN_CONNECTIONS;
  }

  requestDone(): void {
    this.done++;
    this.lastDoneAt = this.world.sim.now;
  }

  shouldStop(): boolean {
    const sim = this.world.sim;
    if (++this.sinceProgress >= this.progressEvery) {
      this.sinceProgress = 0;
      if (this.options.shouldCancel?.()) throw new RunCancelled();
      this.options.onProgress?.({ t: sim.now, requestsDone: this.done, requestsTotal: this.total });
    }
    this.stoppedBy = this.bound();
    if (this.stoppedBy) return true;
    if (this.done < this.total) return false;
    const next = sim.nextTime();
    return next === undefined || next > this.lastDoneAt + this.tailUs;
  }

  /** The first engine bound reached, checked after every kernel event. */
  private bound(): RunEndReason | null {
    if (this.world.recorder.count >= this.maxEvents) return 'max-events';
    if (this.world.sim.delivered >= this.maxKernelEvents) return 'max-kernel-events';
    if (this.client.waitingAttempts >= this.maxQueued) return 'max-queued';
    if (this.client.openConnections >= this.maxOpen) return 'max-connections';
    return null;
  }
}
