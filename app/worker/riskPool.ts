/**
 * The page's pool of risk workers (risk.worker.ts): `navigator.hardwareConcurrency` of them,
 * capped, started lazily. A batch is a list of (input, shard) tasks; idle workers take the next
 * task in order, progress is summed per task, and each shard's result is handed back with its
 * task index, so callers merge by index and the answer does not depend on which worker finished
 * first or how many there were. Cancelling terminates the busy workers (a shard runs
 * synchronously: it cannot read a message) and the pool starts fresh ones for the next batch.
 */
import type { RiskInput, RiskShard, ShardResult } from '../../sim-core';

export interface RiskTask {
  type: 'shard';
  taskId: number;
  input: RiskInput;
  shard: RiskShard;
}

export type RiskWorkerResponse =
  /** How far into its shard the worker is, 0..1. */
  | { type: 'progress'; taskId: number; fraction: number }
  | { type: 'result'; taskId: number; result: ShardResult }
  | { type: 'error'; taskId: number; message: string };

export function isRiskTask(m: unknown): m is RiskTask {
  if (typeof m !== 'object' || m === null) return false;
  const t = m as Partial<RiskTask>;
  return t.type === 'shard' && typeof t.taskId === 'number' && typeof t.input === 'object' && !!t.shard;
}

/** What the pool needs of a Worker (a fake in tests). */
export interface RiskWorkerLike {
  postMessage(message: RiskTask): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<RiskWorkerResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface BatchProgress {
  /** Runs finished, counting the running shards' fractions (a shard's weight is its run count). */
  runsDone: number;
  runsTotal: number;
  tasksDone: number;
  tasksTotal: number;
}

export interface BatchCallbacks {
  onProgress?: (p: BatchProgress) => void;
  /** A task's result, with its index in the batch (results arrive in any order). */
  onResult?: (index: number, result: ShardResult) => void;
}

export interface Batch {
  /** Every task's result, by index; rejects with a message on a worker error. */
  done: Promise<ShardResult[]>;
  cancel: () => void;
}

export class BatchCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BatchCancelled';
  }
}

/** At most this many workers, whatever the machine says (each holds a copy of the engine). */
export const MAX_RISK_WORKERS = 8;

export function defaultPoolSize(): number {
  const n = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(MAX_RISK_WORKERS, n));
}

export function createRiskWorker(): RiskWorkerLike {
  return new Worker(new URL('./risk.worker.ts', import.meta.url), {
    type: 'module',
    name: 'risk',
  }) as unknown as RiskWorkerLike;
}

interface Slot {
  worker: RiskWorkerLike | null;
  busyWith: number | null;
}

export class RiskPool {
  readonly size: number;
  private readonly slots: Slot[];
  private readonly createWorker: () => RiskWorkerLike;
  private current: { cancel: () => void } | null = null;
  private nextTaskId = 1;

  constructor(options: { size?: number; createWorker?: () => RiskWorkerLike } = {}) {
    this.size = Math.max(1, Math.min(MAX_RISK_WORKERS, options.size ?? defaultPoolSize()));
    this.createWorker = options.createWorker ?? createRiskWorker;
    this.slots = Array.from({ length: this.size }, () => ({ worker: null, busyWith: null }));
  }

  /** Runs a batch; a batch still running is cancelled first (one batch at a time). */
  run(tasks: readonly { input: RiskInput; shard: RiskShard }[], callbacks: BatchCallbacks = {}): Batch {
    this.current?.cancel();
    const total = tasks.length;
    const weight = (i: number) => tasks[i]!.shard.toRun - tasks[i]!.shard.fromRun;
    const runsTotal = tasks.reduce((n, t) => n + (t.shard.toRun - t.shard.fromRun), 0);
    const results: (ShardResult | undefined)[] = new Array(total);
    const progress = new Array<number>(total).fill(0);
    const firstId = this.nextTaskId;
    this.nextTaskId += total;
    let next = 0;
    let tasksDone = 0;
    let finished = false;
    let resolve!: (r: ShardResult[]) => void;
    let reject!: (e: Error) => void;
    const done = new Promise<ShardResult[]>((res, rej) => {
      resolve = res;
      reject = rej;
    });

    const report = () => {
      let runsDone = 0;
      for (const p of progress) runsDone += p;
      callbacks.onProgress?.({ runsDone, runsTotal, tasksDone, tasksTotal: total });
    };
    const stop = (error: Error) => {
      if (finished) return;
      finished = true;
      if (this.current === handle) this.current = null;
      // Busy workers are mid-shard and cannot be interrupted: replace them.
      for (const slot of this.slots) {
        if (slot.busyWith === null) continue;
        slot.worker?.terminate();
        slot.worker = null;
        slot.busyWith = null;
      }
      reject(error);
    };
    const feed = (slot: Slot) => {
      if (finished) return;
      if (next >= total) {
        slot.busyWith = null;
        if (tasksDone === total) {
          finished = true;
          if (this.current === handle) this.current = null;
          resolve(results as ShardResult[]);
        }
        return;
      }
      const i = next++;
      const task = tasks[i]!;
      slot.busyWith = i;
      try {
        slot.worker ??= this.start(slot);
        slot.worker.postMessage({ type: 'shard', taskId: firstId + i, input: task.input, shard: task.shard });
      } catch (e) {
        stop(new Error(`the risk worker could not start: ${e instanceof Error ? e.message : String(e)}`));
      }
    };
    const handle = {
      cancel: () => stop(new BatchCancelled()),
      receive: (slot: Slot, m: RiskWorkerResponse) => {
        if (finished) return;
        const i = m.taskId - firstId;
        if (i < 0 || i >= total || slot.busyWith !== i) return;
        if (m.type === 'progress') {
          progress[i] = weight(i) * Math.min(1, Math.max(0, m.fraction));
          report();
        } else if (m.type === 'result') {
          results[i] = m.result;
          progress[i] = weight(i);
          tasksDone++;
          callbacks.onResult?.(i, m.result);
          report();
          feed(slot);
        } else {
          stop(new Error(`a risk worker failed on shard ${i + 1} of ${total}: ${m.message}`));
        }
      },
      fail: (message: string) => stop(new Error(message)),
    };
    this.active = handle;
    this.current = handle;
    report();
    if (total === 0) {
      finished = true;
      this.current = null;
      resolve([]);
    } else {
      for (const slot of this.slots) feed(slot);
    }
    return { done, cancel: handle.cancel };
  }

  /** Cancels the running batch, if any. */
  cancel(): void {
    this.current?.cancel();
  }

  /** Terminates every worker (the page is going away, or a test is done). */
  dispose(): void {
    this.cancel();
    for (const slot of this.slots) {
      slot.worker?.terminate();
      slot.worker = null;
    }
  }

  private active: {
    receive: (slot: Slot, m: RiskWorkerResponse) => void;
    fail: (message: string) => void;
  } | null = null;

  private start(slot: Slot): RiskWorkerLike {
    const w = this.createWorker();
    w.onmessage = (e) => this.active?.receive(slot, e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.active?.fail(`a risk worker stopped: ${e.message || 'it could not be loaded'}`);
    };
    return w;
  }
}
