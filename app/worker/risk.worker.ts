/**
 * A risk-estimate worker: runs sim-core's `runShard` (outcome-only runs, no trace) on one shard at
 * a time for the page's pool (riskPool.ts), posting throttled progress and the shard's mergeable
 * counts. A shard runs synchronously, so cancelling is the pool terminating this worker; nothing
 * here waits for a cancel message.
 */
import { runShard } from '../../sim-core/run';
import { isRiskTask, type RiskWorkerResponse } from './riskPool';

interface WorkerScope {
  postMessage(message: RiskWorkerResponse): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Progress at most this often (ms of wall time): enough for a smooth bar, little traffic. */
const PROGRESS_EVERY_MS = 50;

scope.addEventListener('message', (e) => {
  const task = e.data;
  if (!isRiskTask(task)) {
    scope.postMessage({
      type: 'error',
      taskId: -1,
      message: 'the risk worker got a message it does not know',
    });
    return;
  }
  let last = 0;
  try {
    const result = runShard(task.input, task.shard, {
      onProgress: (p) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS || p.runsDone >= p.runsTotal) return;
        last = now;
        scope.postMessage({ type: 'progress', taskId: task.taskId, fraction: p.fraction });
      },
      shouldCancel: () => false,
    });
    scope.postMessage({ type: 'result', taskId: task.taskId, result });
  } catch (err) {
    scope.postMessage({
      type: 'error',
      taskId: task.taskId,
      message: err instanceof Error ? err.message : String(err),
    });
  }
});
