/**
 * A worker thread of `sim risk --workers N`: runs the shards it is sent (runShard, the same code as
 * in the main thread) and posts back their counts. Loaded by riskPool.ts through tsx's loader,
 * which worker threads inherit from the parent's execArgv.
 */
import { parentPort } from 'node:worker_threads';
import type { RiskShard } from '../risk/types';
import { runShard } from '../run';

export interface WorkerTask {
  id: number;
  shard: RiskShard;
}

parentPort?.on('message', (task: WorkerTask) => {
  try {
    const result = runShard(task.shard.input, task.shard, {
      onProgress: (p) => parentPort!.postMessage({ id: task.id, requestsDone: p.requestsDone }),
    });
    parentPort!.postMessage({ id: task.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? e.message : String(e) });
  }
});
