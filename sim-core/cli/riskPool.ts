/**
 * Runs many shards, in this thread (1 worker) or across worker threads: a queue of tasks, each
 * worker taking the next when it finishes one. The results are returned in task order, so what
 * they merge to does not depend on which worker ran what, or how many there were.
 */
import { Worker } from 'node:worker_threads';
import type { RiskShard, ShardResult } from '../risk/types';
import { runShard } from '../run';

const WORKER_URL = new URL('./riskWorker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');

export interface PoolProgress {
  requestsDone: number;
}

export async function runShards(
  shards: readonly RiskShard[],
  workers: number,
  onProgress?: (p: PoolProgress) => void,
): Promise<ShardResult[]> {
  const results: ShardResult[] = new Array(shards.length);
  const doneBy = new Array<number>(shards.length).fill(0);
  const report = () => onProgress?.({ requestsDone: doneBy.reduce((a, b) => a + b, 0) });
  if (workers <= 1) {
    shards.forEach((shard, i) => {
      results[i] = runShard(shard.input, shard, {
        onProgress: (p) => {
          doneBy[i] = p.requestsDone;
          report();
        },
      });
    });
    return results;
  }
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, shards.length) }, () => {
    // The worker is TypeScript. tsx's loader, registered in this thread, does not reach worker
    // threads, and `--import tsx` in execArgv races the worker's own entry on Node 20; so the
    // worker starts as a line of JavaScript that registers tsx (its documented `tsx/esm/api`)
    // and then imports riskWorker.ts.
    return new Worker(
      `import(${JSON.stringify(TSX_API)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); });`,
      { eval: true },
    );
  });
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= shards.length) return resolve();
              const id = next++;
              w.postMessage({ id, shard: shards[id] });
            };
            w.on(
              'message',
              (m: { id: number; requestsDone?: number; result?: ShardResult; error?: string }) => {
                if (m.error !== undefined) return reject(new Error(m.error));
                if (m.result) {
                  results[m.id] = m.result;
                  doneBy[m.id] = m.result.requests;
                  report();
                  give();
                } else if (m.requestsDone !== undefined) {
                  doneBy[m.id] = m.requestsDone;
                  report();
                }
              },
            );
            w.on('error', reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
