/**
 * The simulation worker: runs sim-core's `runScenario` off the main thread, indexes the trace
 * (buildTraceIndex) and streams both back as WorkerResponse messages (see protocol.ts). This is
 * the only place in app/ that imports sim-core/run; the page only sees scenarios, trace events,
 * the index and summaries.
 */

import type { Scenario } from '../../sim-core';
import {
  buildTraceIndex,
  indexTransferables,
  ScenarioError,
  scenarioClientExpiryMs,
  scenarioProblems,
} from '../../sim-core';
import { RunCancelled, runScenario } from '../../sim-core/run';
import {
  applyChanges,
  describeError,
  isWorkerCommand,
  TRACE_BATCH_SIZE,
  type WorkerCommand,
  type WorkerResponse,
} from './protocol';

/** The slice of DedicatedWorkerGlobalScope used here (the project compiles with the DOM lib). */
interface WorkerScope {
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (e: PromiseRejectionEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

/**
 * Progress messages: none in a run's first 120 ms (a re-run of a preset is over by then; each
 * message re-renders the status line and repaints the page, main-thread work that competes with
 * this worker on a small machine), then at most one per 100 ms, and always the last.
 */
const FIRST_PROGRESS_MS = 120;
const PROGRESS_EVERY_MS = 100;

const cancelled = new Set<number>();
/** The scenario `run` (without one) and `fork` start from. */
let loaded: Scenario | null = null;

function post(message: WorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Validates and loads; posts an error naming the fields and returns null when invalid. */
function load(runId: number, scenario: unknown): Scenario | null {
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) {
    post({ type: 'error', runId, message: new ScenarioError(problems).message, problems });
    return null;
  }
  loaded = scenario as Scenario;
  return loaded;
}

function execute(runId: number, scenario: Scenario): void {
  if (cancelled.has(runId)) {
    cancelled.delete(runId);
    post({ type: 'cancelled', runId });
    return;
  }
  const started = performance.now();
  let lastProgress = started + FIRST_PROGRESS_MS - PROGRESS_EVERY_MS;
  try {
    const { trace, summary } = runScenario(scenario, {
      onProgress: (p) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_EVERY_MS && p.requestsDone < p.requestsTotal) return;
        lastProgress = now;
        post({
          type: 'progress',
          runId,
          t: p.t,
          requestsDone: p.requestsDone,
          requestsTotal: p.requestsTotal,
        });
      },
      shouldCancel: () => cancelled.has(runId),
    });
    const index = buildTraceIndex(trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) });
    for (let offset = 0; offset < trace.length; offset += TRACE_BATCH_SIZE) {
      post({ type: 'trace-batch', runId, offset, events: trace.slice(offset, offset + TRACE_BATCH_SIZE) });
    }
    post(
      {
        type: 'done',
        runId,
        scenario,
        summary,
        index,
        eventCount: trace.length,
        elapsedMs: performance.now() - started,
      },
      indexTransferables(index),
    );
  } catch (e) {
    if (e instanceof RunCancelled) post({ type: 'cancelled', runId });
    else post({ type: 'error', runId, message: describeError(e) });
  } finally {
    cancelled.delete(runId);
  }
}

function handle(command: WorkerCommand): void {
  switch (command.type) {
    case 'cancel':
      cancelled.add(command.runId);
      return;
    case 'load': {
      const s = load(command.runId, command.scenario);
      if (s) post({ type: 'loaded', runId: command.runId, scenario: s });
      return;
    }
    case 'run':
    case 'fork': {
      const { runId } = command;
      let scenario: Scenario | null;
      if (command.type === 'fork' || command.scenario === undefined) {
        if (!loaded) {
          post({ type: 'error', runId, message: `simulation worker: nothing loaded to ${command.type}` });
          return;
        }
        scenario = load(runId, command.type === 'fork' ? applyChanges(loaded, command.changes) : loaded);
      } else {
        scenario = load(runId, command.scenario);
      }
      // Start on the next task, so that a `cancel` posted right after this command is seen first.
      if (scenario) setTimeout(() => execute(runId, scenario), 0);
      return;
    }
  }
}

scope.addEventListener('message', (e) => {
  const command = e.data;
  if (!isWorkerCommand(command)) {
    post({
      type: 'error',
      runId: null,
      message: `simulation worker: malformed command ${JSON.stringify(command)}`,
    });
    return;
  }
  handle(command);
});

scope.addEventListener('error', (e) => {
  post({ type: 'error', runId: null, message: `simulation worker: ${e.message}` });
});
scope.addEventListener('unhandledrejection', (e) => {
  post({ type: 'error', runId: null, message: `simulation worker: ${describeError(e.reason)}` });
});
