/**
 * runScenario: scenario in, trace and summary out. Pure: no I/O, no wall
 * clock; the same scenario (seed included) gives the same trace, byte for
 * byte, in Node and in a browser.
 */
import { Rng } from './kernel/prng';
import { usFromMs } from './kernel/simulator';
import { type Summary, summarize } from './metrics/summary';
import { clientPolicy, serverProfile } from './policies';
import type { Scenario } from './scenario/types';
import { assertValidScenario } from './scenario/validate';
import { TRACE_VERSION, type TraceEvent } from './trace/events';
import { ClientApp, clientExpiryByTimer } from './world/clientApp';
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
  onProgress?: (p: RunProgress) => void;
  /** Polled while running; returning true stops the run with RunCancelled. */
  shouldCancel?: () => boolean;
}

export interface RunResult {
  trace: TraceEvent[];
  summary: Summary;
}

export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}

/** How often (in kernel events) progress is reported and cancellation polled. */
const PROGRESS_EVERY = 20_000;

/**
 * A run stops after this many trace events (the seed scenario writes about 34 per request, so this
 * is some 90,000 of its requests; the benchmark measured ~150 bytes of heap per event): beyond it a
 * trace no longer fits comfortably in a browser tab, which holds it in the worker and on the page.
 * `run.end` then says `max-events` and the app says why the run stopped.
 */
export const MAX_TRACE_EVENTS = 3_000_000;

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  assertValidScenario(scenario);
  const policy = clientPolicy(scenario.client.policy)!;
  const profile = serverProfile(scenario.server.profile)!;
  const world = new World(scenario.seed);
  const rng = new Rng(scenario.seed);
  world.record({
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
  let total: number;
  let done = 0;
  let lastDoneAt = 0;
  const onDone = () => {
    done++;
    lastDoneAt = world.sim.now;
  };
  if (w.kind === 'sequential') {
    total = Math.min(w.gapsMs.length + 1, maxRequests);
    const issue = (i: number, gapMs: number | null) => {
      client.request(i + 1, sequentialMethod(w, i), w.path, gapMs, () => {
        onDone();
        const gap = w.gapsMs[i];
        if (i + 1 < total && gap !== undefined) world.sim.after(usFromMs(gap), () => issue(i + 1, gap));
      });
    };
    world.sim.at(0, () => issue(0, null));
  } else {
    const arrivals = openArrivals(w, rng.stream('workload'), maxRequests);
    total = arrivals.length;
    arrivals.forEach((a, i) => {
      world.sim.at(a.t, () => client.request(i + 1, a.method, a.path, null, onDone));
    });
  }

  // After the last request, keep running long enough to show the server
  // closing the idle connections, then stop (TIME-WAIT would add a minute of nothing).
  const tailUs = usFromMs(
    config.idleTimeoutMs + config.extraCloseDelayMs + 4 * scenario.network.delayMs + 1000,
  );
  const maxUs = usFromMs(scenario.limits.maxDurationMs);
  const maxEvents = options.maxEvents ?? MAX_TRACE_EVENTS;
  let reason: 'done' | 'max-duration' | 'max-events' = 'done';
  let tooBig = false;
  let sinceProgress = 0;
  world.sim.run(maxUs, () => {
    if (++sinceProgress >= PROGRESS_EVERY) {
      sinceProgress = 0;
      if (options.shouldCancel?.()) throw new RunCancelled();
      options.onProgress?.({ t: world.sim.now, requestsDone: done, requestsTotal: total });
    }
    if (world.recorder.events.length >= maxEvents) {
      tooBig = true;
      return true;
    }
    if (done < total) return false;
    const next = world.sim.nextTime();
    return next === undefined || next > lastDoneAt + tailUs;
  });
  if (done < total) reason = tooBig ? 'max-events' : 'max-duration';
  world.record({ kind: 'run.end', reason });
  options.onProgress?.({ t: world.sim.now, requestsDone: done, requestsTotal: total });
  const trace = world.recorder.events;
  return { trace, summary: summarize(trace) };
}
