/**
 * SimClient: the page's side of the worker protocol, free of React. It owns one Worker at a
 * time, numbers runs, drops messages from stale runs, reassembles the trace from its batches and
 * reports its lifecycle (a `RunState`, app/worker/run.ts) to one listener. Cancelling a run that is mid-computation (runScenario is
 * synchronous, so the worker reads its messages only between runs) falls back to terminating the
 * worker and starting a fresh one after `hardCancelMs`.
 *
 * `fork(changes)` re-runs the last scenario the worker ran with some settings changed and the
 * same seed. If the worker had to be replaced since (a superseded or hard-cancelled run), the
 * fresh worker is loaded with that scenario first, so a fork never depends on worker lifetime.
 */
import type { Scenario, TraceEvent } from '../../sim-core';
import {
  applyChanges,
  describeError,
  type ScenarioChanges,
  type WorkerCommand,
  type WorkerResponse,
} from './protocol';
import type { RunLifecycle, RunResult } from './run';

/** The SimClient's lifecycle: a running run names its scenario; a done one carries its whole result. */
export type RunState = RunLifecycle<{ scenario: Scenario }, RunResult>;

/** What SimClient needs of a Worker (a real one, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerCommand): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

export interface SimClientOptions {
  createWorker: () => WorkerLike;
  onState: (state: RunState) => void;
  /** How long a cancel may take before the worker is terminated and replaced. */
  hardCancelMs?: number;
}

interface Current {
  runId: number;
  scenario: Scenario;
  trace: TraceEvent[];
}

export class SimClient {
  private worker: WorkerLike | null = null;
  private nextRunId = 1;
  private current: Current | null = null;
  private hardCancelTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** The last scenario sent to run: what a fork starts from. */
  private base: Scenario | null = null;
  /** Whether the current worker has `base` loaded (a replaced worker has not). */
  private workerHasBase = false;

  constructor(private readonly options: SimClientOptions) {}

  run(scenario: Scenario): number {
    return this.start(scenario, { type: 'run', runId: 0, scenario });
  }

  /** Re-runs the last scenario with `changes` (same seed). Throws if nothing ran before. */
  fork(changes: ScenarioChanges): number {
    if (!this.base) throw new Error('SimClient: fork() before any run()');
    return this.start(applyChanges(this.base, changes), { type: 'fork', runId: 0, changes });
  }

  private start(scenario: Scenario, command: Extract<WorkerCommand, { type: 'run' | 'fork' }>): number {
    if (this.disposed) throw new Error(`SimClient: ${command.type}() after dispose()`);
    if (this.current) {
      // A run is still computing: replace the worker rather than queue behind it.
      this.clearHardCancel();
      this.killWorker();
    }
    const runId = this.nextRunId++;
    const base = this.base;
    this.current = { runId, scenario, trace: [] };
    this.emit({ status: 'running', runId, scenario, progress: null });
    try {
      const worker = this.ensureWorker();
      if (command.type === 'fork' && !this.workerHasBase && base) {
        worker.postMessage({ type: 'load', runId, scenario: base });
      }
      worker.postMessage({ ...command, runId });
    } catch (e) {
      // The worker could not start (a policy, a missing chunk) or the scenario could not be
      // structured-cloned. Reported after this call returns, so the caller has recorded the run id.
      const message = `the scenario could not be sent to the simulation worker: ${describeError(e)}`;
      queueMicrotask(() => {
        if (this.current?.runId === runId) this.fail(message);
      });
      return runId;
    }
    this.base = scenario;
    this.workerHasBase = true;
    return runId;
  }

  /** Cancels the current run, if any; the state becomes `cancelled`. */
  cancel(): void {
    const cur = this.current;
    if (!cur || !this.worker) return;
    this.worker.postMessage({ type: 'cancel', runId: cur.runId });
    this.clearHardCancel();
    this.hardCancelTimer = setTimeout(() => {
      this.hardCancelTimer = null;
      if (this.current?.runId !== cur.runId) return;
      this.killWorker();
      this.finish({ status: 'cancelled', runId: cur.runId });
    }, this.options.hardCancelMs ?? 250);
  }

  dispose(): void {
    this.disposed = true;
    this.clearHardCancel();
    this.killWorker();
    this.current = null;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const w = this.options.createWorker();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      const where = e.filename ? ` (${e.filename}:${e.lineno})` : '';
      this.fail(`simulation worker failed: ${e.message || 'could not load or crashed'}${where}`);
    };
    w.onmessageerror = () => this.fail('simulation worker sent a message that could not be read');
    this.worker = w;
    this.workerHasBase = false;
    return w;
  }

  private killWorker(): void {
    if (!this.worker) return;
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.onmessageerror = null;
    this.worker.terminate();
    this.worker = null;
  }

  private receive(m: WorkerResponse): void {
    if (this.disposed) return;
    if (m.type === 'error' && m.runId === null) {
      this.fail(m.message);
      return;
    }
    const cur = this.current;
    if (!cur || m.runId !== cur.runId) return; // a late message from an earlier run
    switch (m.type) {
      case 'loaded':
        break;
      case 'progress':
        this.emit({
          status: 'running',
          runId: cur.runId,
          scenario: cur.scenario,
          progress: { t: m.t, requestsDone: m.requestsDone, requestsTotal: m.requestsTotal },
        });
        break;
      case 'trace-batch':
        if (m.offset !== cur.trace.length) {
          this.fail(`trace batch out of order: offset ${m.offset}, expected ${cur.trace.length}`);
          return;
        }
        for (const e of m.events) cur.trace.push(e);
        break;
      case 'done':
        if (cur.trace.length !== m.eventCount || m.summary.events !== m.eventCount) {
          this.fail(
            `incomplete trace: received ${cur.trace.length} events, worker sent ${m.eventCount}, summary counts ${m.summary.events}`,
          );
          return;
        }
        if (m.index.eventCount !== m.eventCount) {
          this.fail(`trace index covers ${m.index.eventCount} events, the trace has ${m.eventCount}`);
          return;
        }
        this.finish({
          status: 'done',
          runId: cur.runId,
          scenario: m.scenario,
          trace: cur.trace,
          index: m.index,
          summary: m.summary,
          elapsedMs: m.elapsedMs,
        });
        break;
      case 'error':
        this.finish({ status: 'error', runId: cur.runId, message: m.message, problems: m.problems ?? [] });
        break;
      case 'cancelled':
        this.finish({ status: 'cancelled', runId: cur.runId });
        break;
    }
  }

  /** A protocol or worker failure: the worker is not trusted any more and is replaced on the next run. */
  private fail(message: string): void {
    this.killWorker();
    this.finish({ status: 'error', runId: this.current?.runId ?? null, message, problems: [] });
  }

  private finish(state: RunState): void {
    this.clearHardCancel();
    this.current = null;
    this.emit(state);
  }

  private clearHardCancel(): void {
    if (this.hardCancelTimer !== null) clearTimeout(this.hardCancelTimer);
    this.hardCancelTimer = null;
  }

  private emit(state: RunState): void {
    if (!this.disposed) this.options.onState(state);
  }
}
