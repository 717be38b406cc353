/**
 * The seed scenario scaled to N requests, timed, then the same load through
 * the plain-TypeScript references, all in one process.
 *
 * Scaling: the preset's workload is kept (same idle, burst and handling
 * distributions), `workload.bursts` is raised and `limits.maxRequests` set.
 * Scenario validation caps `limits.maxDurationMs` at 24 simulated hours, and
 * the seed's idle periods (3.5–7 s between bursts of 1–4 requests) fit about
 * 40,000 requests in that, so N is split into equal segments of at most
 * SEGMENT_MAX requests, run back to back with seeds seed, seed+1, … (each
 * segment is exactly the preset at that seed, truncated). Figures are totals
 * over the segments.
 */
import { executorMode, fallbacks } from '../executor';
import type { TcpEvent } from '../machines/tcpEndpoint';
import { summarize } from '../metrics/summary';
import { runOutcomes, runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { LIMITS } from '../scenario/validate';
import type { TraceEvent } from '../trace/events';
import { traceHash } from '../trace/hash';
import { captureSimulators, countSends } from './hooks';
import { gcExposed, heapUsedMB, measure, measureWithoutGc, type Timing } from './measure';
import {
  type CountReference,
  type KernelReference,
  kernelReference,
  type ReplayComparison,
  recorderReference,
  reducerReference,
  replayComparison,
} from './references';

export const SEGMENT_MAX = 34_000;
/** Requests in the instrumented (send-counting) pass. */
export const COUNT_SAMPLE = 5_000;

export function segmentSizes(requests: number): number[] {
  const n = Math.ceil(requests / SEGMENT_MAX);
  return Array.from({ length: n }, (_, i) => Math.floor(requests / n) + (i < requests % n ? 1 : 0));
}

export function scaledScenario(preset: string, requests: number, seed?: number): Scenario {
  const s = presetScenario(preset, seed);
  if (s.workload.kind === 'sequential') throw new Error(`${preset}: a sequential workload cannot be scaled`);
  if (s.workload.kind === 'poisson') s.workload.count = requests;
  // Enough bursts for the arrivals to reach `requests` (a burst has at least one request).
  else s.workload.bursts = Math.min(LIMITS.bursts[1], requests);
  s.limits.maxRequests = requests;
  s.limits.maxDurationMs = LIMITS.maxDurationMs[1];
  return s;
}

export interface SegmentFigures {
  seed: number;
  requests: number;
  kernelEvents: number;
  traceEvents: number;
  simulatedHours: number;
}

export interface ScenarioFigures {
  preset: string;
  /** What ran the machines (sim-core/executor's mode; with the machines that fell back to XState). */
  engine: string;
  client: string;
  requests: number;
  segments: SegmentFigures[];
  run: Timing;
  kernelEvents: number;
  traceEvents: number;
  /** `state` trace events: machine transitions recorded. */
  stateEvents: number;
  stateByMachine: Record<string, number>;
  outcomes: { ok: number; okAfterRetry: number; failed: number; unfinished: number; connections: number };
  /** summarize() again over the traces, hash included (runScenario summarizes once; its hash is read on demand). */
  summarize: Timing;
  /** The same segments again, outcome-only (runOutcomes: no trace kept, no hash). */
  outcomeRun: Timing;
  /** The same, totals only (`runOutcomes(s, { requests: false })`: no per-request summaries). */
  totalsRun: Timing;
  /** Whether every outcome-only summary equals its full run's (the trace hash aside). */
  outcomeSame: boolean;
  traceHash: Timing;
  /** JSON.stringify of every event alone: the hash's serialisation share. */
  stringify: Timing;
  gcExposed: boolean;
  /** Heap with the run results (traces and summaries) still held. */
  heapWithTracesMB: number;
  /** Heap once they are dropped: the difference is what the results take. */
  heapAfterDropMB: number;
  sends: {
    sampleRequests: number;
    perRequest: number;
    noopPerRequest: number;
    byMachinePerRequest: Record<string, number>;
    noopByMachinePerRequest: Record<string, number>;
    /**
     * Wall µs per send, by machine, in the instrumented pass (the transition and the subscribers
     * that record it), and the share of that pass's wall time spent in the machine's sends.
     */
    usPerSendByMachine: Record<string, number>;
    sendShareByMachine: Record<string, number>;
    /** Actor starts per request, wall µs per start and share of the instrumented pass, by machine. */
    startsByMachinePerRequest: Record<string, number>;
    usPerStartByMachine: Record<string, number>;
    startShareByMachine: Record<string, number>;
    /** Executor microsteps per request, by machine (none counted when XState runs them). */
    microstepsByMachinePerRequest: Record<string, number>;
  };
  refs: {
    kernel: KernelReference;
    recorder: CountReference;
    reducer: CountReference;
    replay: ReplayComparison;
  };
}

function runSegments(preset: string, sizes: readonly number[]) {
  const capture = captureSimulators();
  try {
    const baseSeed = presetScenario(preset).seed;
    const scenarios = sizes.map((n, i) => scaledScenario(preset, n, baseSeed + i));
    const m = measure(() => scenarios.map((s) => runScenario(s)));
    const results = m.value;
    results.forEach((r, i) => {
      const end = r.trace[r.trace.length - 1];
      if (r.summary.totals.requests !== sizes[i] || end?.kind !== 'run.end' || end.reason !== 'done') {
        throw new Error(
          `${preset} segment ${i}: expected ${sizes[i]} requests finished, got ${r.summary.totals.requests} (${end?.kind === 'run.end' ? end.reason : 'no run.end'})`,
        );
      }
    });
    if (capture.sims.length !== results.length) throw new Error('bench: could not capture the simulators');
    // Keep the counts only: a Simulator holds its World (and the trace) through `afterEach`.
    const delivered = capture.sims.map((sim) => sim.delivered);
    capture.sims.length = 0;
    return { timing: { wallMs: m.wallMs, cpuMs: m.cpuMs }, results, delivered, scenarios };
  } finally {
    capture.restore();
  }
}

const perRequest = (m: Map<string, number>, n: number) =>
  Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v / n]));

/** µs per item: `ms` total over `count` items, by key. */
const usEach = (ms: Map<string, number>, count: Map<string, number>) =>
  Object.fromEntries([...ms].map(([k, v]) => [k, (1000 * v) / (count.get(k) || 1)]));

const shareOf = (ms: Map<string, number>, totalMs: number) =>
  Object.fromEntries([...ms].map(([k, v]) => [k, v / totalMs]));

/** Totals over the segments' summaries (a separate frame, so nothing here outlives the results). */
function outcomesOf(results: readonly { summary: ReturnType<typeof summarize> }[]) {
  const outcomes = { ok: 0, okAfterRetry: 0, failed: 0, unfinished: 0, connections: 0 };
  for (const r of results) {
    const t = r.summary.totals;
    outcomes.ok += t.ok;
    outcomes.okAfterRetry += t.okAfterRetry;
    outcomes.failed += t.failed;
    outcomes.unfinished += t.unfinished;
    outcomes.connections += t.connectionsOpened;
  }
  return { outcomes, client: `${results[0]!.summary.client}` };
}

/** What an outcome-only run must give as the full run did (run.test.ts checks whole summaries). */
const totalsKey = (s: Omit<ReturnType<typeof summarize>, 'traceHash'>) =>
  JSON.stringify([s.totals, s.events, s.simulatedMs, s.endReason, s.requests.length]);

export function benchScenario(preset: string, requests: number): ScenarioFigures {
  const sizes = segmentSizes(requests);
  const { timing, results, delivered, scenarios } = runSegments(preset, sizes);
  const traces: TraceEvent[][] = results.map((r) => r.trace);

  const segments: SegmentFigures[] = results.map((r, i) => ({
    seed: scenarios[i]!.seed,
    requests: sizes[i]!,
    kernelEvents: delivered[i]!,
    traceEvents: r.trace.length,
    simulatedHours: r.summary.simulatedMs / 3_600_000,
  }));
  const stateByMachine: Record<string, number> = {};
  let stateEvents = 0;
  for (const trace of traces) {
    for (const e of trace) {
      if (e.kind !== 'state') continue;
      stateEvents++;
      stateByMachine[e.machine] = (stateByMachine[e.machine] ?? 0) + 1;
    }
  }
  const { outcomes, client } = outcomesOf(results);
  const heapWithTracesMB = heapUsedMB();
  const fullTotals = results.map((r) => totalsKey(r.summary));
  // The results hold the summaries (their per-request arrays); keep only the traces from here on.
  results.length = 0;

  const hash = measure(() => traces.map((t) => traceHash(t)));
  const stringify = measure(() => {
    let chars = 0;
    for (const trace of traces) for (const e of trace) chars += JSON.stringify(e).length;
    return chars;
  });
  const summ = measure(() => traces.map((t) => summarize(t).totals.requests));

  const kernelEvents = segments.reduce((n, s) => n + s.kernelEvents, 0);
  const traceEvents = segments.reduce((n, s) => n + s.traceEvents, 0);
  traces.length = 0;
  const heapAfterDropMB = heapUsedMB();

  // Outcome-only, with the traces dropped (so its GC does not walk them).
  const outcome = measure(() => scenarios.map((sc) => totalsKey(runOutcomes(sc).summary)));
  const totalsOnly = measure(() =>
    scenarios.map((sc) => JSON.stringify(runOutcomes(sc, { requests: false }).summary.totals)),
  );
  const outcomeSame =
    outcome.value.every((k, i) => k === fullTotals[i]) &&
    totalsOnly.value.every((k, i) => k === JSON.stringify(JSON.parse(fullTotals[i]!)[0]));

  // Instrumented pass: XState sends per request, and the TCP streams to replay.
  const sampleRequests = Math.min(requests, COUNT_SAMPLE);
  const counter = countSends();
  let streams: TcpEvent[][];
  let byMachine: Map<string, number>;
  let noopByMachine: Map<string, number>;
  let msByMachine: Map<string, number>;
  let startsByMachine: Map<string, number>;
  let startMsByMachine: Map<string, number>;
  let microstepsByMachine: Map<string, number>;
  let instrumentedMs: number;
  try {
    // Warm the patched prototypes up first, so the timed pass is not the JIT's first look at them.
    runScenario(scaledScenario(preset, Math.min(sampleRequests, 500), scenarios[0]!.seed));
    counter.reset();
    instrumentedMs = measure(() =>
      runScenario(scaledScenario(preset, sampleRequests, scenarios[0]!.seed)),
    ).wallMs;
    streams = counter.counts.tcpStreams;
    byMachine = counter.counts.byMachine;
    noopByMachine = counter.counts.noopByMachine;
    msByMachine = counter.counts.msByMachine;
    startsByMachine = counter.counts.startsByMachine;
    startMsByMachine = counter.counts.startMsByMachine;
    microstepsByMachine = counter.counts.microstepsByMachine;
  } finally {
    counter.restore();
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const sendsPerRequest = sum(byMachine) / sampleRequests;

  const refs = {
    kernel: kernelReference(segments),
    recorder: recorderReference(traceEvents),
    reducer: reducerReference(streams, Math.round(sendsPerRequest * requests)),
    replay: replayComparison(streams),
  };

  const fell = [...fallbacks().keys()];
  const engine = `${executorMode()}${fell.length ? ` (on XState: ${fell.join(', ')})` : ''}`;
  return {
    preset,
    engine,
    client,
    requests,
    segments,
    run: timing,
    kernelEvents,
    traceEvents,
    stateEvents,
    stateByMachine,
    outcomes,
    summarize: { wallMs: summ.wallMs, cpuMs: summ.cpuMs },
    outcomeRun: { wallMs: outcome.wallMs, cpuMs: outcome.cpuMs },
    totalsRun: { wallMs: totalsOnly.wallMs, cpuMs: totalsOnly.cpuMs },
    outcomeSame,
    traceHash: { wallMs: hash.wallMs, cpuMs: hash.cpuMs },
    stringify: { wallMs: stringify.wallMs, cpuMs: stringify.cpuMs },
    gcExposed: gcExposed(),
    heapWithTracesMB,
    heapAfterDropMB,
    sends: {
      sampleRequests,
      perRequest: sendsPerRequest,
      noopPerRequest: sum(noopByMachine) / sampleRequests,
      byMachinePerRequest: perRequest(byMachine, sampleRequests),
      noopByMachinePerRequest: perRequest(noopByMachine, sampleRequests),
      usPerSendByMachine: usEach(msByMachine, byMachine),
      sendShareByMachine: shareOf(msByMachine, instrumentedMs),
      startsByMachinePerRequest: perRequest(startsByMachine, sampleRequests),
      usPerStartByMachine: usEach(startMsByMachine, startsByMachine),
      startShareByMachine: shareOf(startMsByMachine, instrumentedMs),
      microstepsByMachinePerRequest: perRequest(microstepsByMachine, sampleRequests),
    },
    refs,
  };
}

/** Outcome-only runs in a process that runs nothing else (section 1's "own process" rows). */
export interface OutcomeProcessFigures {
  preset: string;
  requests: number;
  /** The first pass over the segments: the JIT compiles the engine meanwhile (a fresh worker). */
  first: Timing;
  /** The same segments again, straight after: a worker that has run before. */
  again: Timing;
  /** CPU ms of each segment (a run of its own) in the first pass, then in the second. */
  firstPerRunCpuMs: number[];
  againPerRunCpuMs: number[];
  /** Both passes gave the same totals, event counts and ends. */
  same: boolean;
}

/**
 * The risk explorer's workers (app/worker/risk.worker.ts, the CLI's risk pool) run outcome-only
 * runs and nothing else, back to back, many per worker. So these are timed in a child that runs
 * only them: once as its first work, then again. Neither pass is preceded by a forced `gc()`
 * (`measure` forces one): nothing forces one in a worker, and the run after a forced full
 * collection measured up to 50 % slower per segment while the engine warmed up again (issue-96-fixed,
 * 34,000-request segments: 0.98 s after `gc()`, 0.65 s without, alternating passes).
 */
export function outcomeProcess(preset: string, requests: number): OutcomeProcessFigures {
  const sizes = segmentSizes(requests);
  const baseSeed = presetScenario(preset).seed;
  const scenarios = sizes.map((n, i) => scaledScenario(preset, n, baseSeed + i));
  // Each segment timed on its own, back to back: where in the pass the warm-up goes.
  const pass = () => {
    const runs = scenarios.map((s) => measureWithoutGc(() => totalsKey(runOutcomes(s).summary)));
    const sum = (k: 'wallMs' | 'cpuMs') => runs.reduce((n, r) => n + r[k], 0);
    return { wallMs: sum('wallMs'), cpuMs: sum('cpuMs'), runs };
  };
  const first = pass();
  const again = pass();
  return {
    preset,
    requests,
    first: { wallMs: first.wallMs, cpuMs: first.cpuMs },
    again: { wallMs: again.wallMs, cpuMs: again.cpuMs },
    firstPerRunCpuMs: first.runs.map((r) => r.cpuMs),
    againPerRunCpuMs: again.runs.map((r) => r.cpuMs),
    same: first.runs.every((r, i) => r.value === again.runs[i]!.value),
  };
}
