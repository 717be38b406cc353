/**
 * The simulation worker: runs sim-core's `runScenario` off the main thread and streams the
 * result back as WorkerResponse messages (see protocol.ts). This is the only place in app/ that
 * imports sim-core/run; the page only sees scenarios, trace events and summaries.
 */
import { RunCancelled, runScenario } from '../../sim-core/run';
import { describeError, isWorkerCommand, TRACE_BATCH_SIZE, type WorkerResponse } from './protocol';

/** The slice of DedicatedWorkerGlobalScope used here (the project compiles with the DOM lib). */
interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (e: PromiseRejectionEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Progress messages are throttled to about one per animation frame. */
const PROGRESS_EVERY_MS = 16;

const cancelled = new Set<number>();

function post(message: WorkerResponse): void {
  scope.postMessage(message);
}

function execute(runId: number, scenario: Parameters<typeof runScenario>[0]): void {
  if (cancelled.has(runId)) {
    cancelled.delete(runId);
    post({ type: 'cancelled', runId });
    return;
  }
  const started = performance.now();
  let lastProgress = 0;
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
    for (let offset = 0; offset < trace.length; offset += TRACE_BATCH_SIZE) {
      post({ type: 'trace-batch', runId, offset, events: trace.slice(offset, offset + TRACE_BATCH_SIZE) });
    }
    post({ type: 'done', runId, summary, eventCount: trace.length, elapsedMs: performance.now() - started });
  } catch (e) {
    if (e instanceof RunCancelled) post({ type: 'cancelled', runId });
    else post({ type: 'error', runId, message: describeError(e) });
  } finally {
    cancelled.delete(runId);
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
  if (command.type === 'cancel') {
    cancelled.add(command.runId);
    return;
  }
  // Start on the next task, so that a `cancel` posted right after this `run` is seen first.
  const { runId, scenario } = command;
  setTimeout(() => execute(runId, scenario), 0);
});

scope.addEventListener('error', (e) => {
  post({ type: 'error', runId: null, message: `simulation worker: ${e.message}` });
});
scope.addEventListener('unhandledrejection', (e) => {
  post({ type: 'error', runId: null, message: `simulation worker: ${describeError(e.reason)}` });
});
