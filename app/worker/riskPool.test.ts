import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyShardResult, mergeShards, planShards, type RiskInput, type ShardResult } from '../../sim-core';
import { DEFAULT_RISK_INPUT } from '../store/riskSlice';
import {
  BatchCancelled,
  RiskPool,
  type RiskTask,
  type RiskWorkerLike,
  type RiskWorkerResponse,
} from './riskPool';

/** A shard's counts as a function of its runs only (what runShard is: same runs, same counts). */
function fakeResult(input: RiskInput, fromRun: number, toRun: number): ShardResult {
  const r = emptyShardResult(input, fromRun, toRun);
  for (let run = fromRun; run < toRun; run++) {
    r.requests += 500;
    r.failed += run % 3;
    r.byCause.raceWindow += run % 3;
    r.byOutcome.eof += run % 3;
    if (run % 3 > 0) r.firstFailure ??= { run, seed: input.seed + run, req: 7 + run, tMs: run };
  }
  return r;
}

/** Fake workers that hold tasks until the test finishes them, in whatever order it likes. */
function fakeWorkers() {
  const held: { worker: FakeWorker; task: RiskTask }[] = [];
  let terminated = 0;
  class FakeWorker implements RiskWorkerLike {
    onmessage: ((e: MessageEvent<RiskWorkerResponse>) => void) | null = null;
    onerror: ((e: ErrorEvent) => void) | null = null;
    dead = false;
    postMessage(task: RiskTask) {
      held.push({ worker: this, task });
    }
    terminate() {
      this.dead = true;
      terminated++;
    }
    reply(m: RiskWorkerResponse) {
      if (!this.dead) this.onmessage?.({ data: m } as MessageEvent<RiskWorkerResponse>);
    }
  }
  /** Finishes the held task at position `i` (or fails it). */
  const finish = (i: number, fail = false) => {
    const [h] = held.splice(i, 1);
    const { task } = h!;
    h!.worker.reply({ type: 'progress', taskId: task.taskId, fraction: 0.5 });
    h!.worker.reply(
      fail
        ? { type: 'error', taskId: task.taskId, message: 'boom' }
        : {
            type: 'result',
            taskId: task.taskId,
            result: fakeResult(task.input, task.shard.fromRun, task.shard.toRun),
          },
    );
  };
  return { create: () => new FakeWorker(), held, finish, terminated: () => terminated };
}

const input: RiskInput = { ...DEFAULT_RISK_INPUT, requests: 12_000 };

describe('RiskPool', () => {
  it('the merged estimate is the same whatever the pool size and the order shards finish in', async () => {
    const shards = planShards(input, 12);
    const expected = mergeShards(shards.map((s) => fakeResult(input, s.fromRun, s.toRun)));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.infiniteStream(fc.nat()), async (size, picks) => {
        const w = fakeWorkers();
        const pool = new RiskPool({ size, createWorker: w.create });
        const arrivals: number[] = [];
        const batch = pool.run(
          shards.map((shard) => ({ input, shard })),
          { onResult: (i) => arrivals.push(i) },
        );
        // Never more tasks at once than workers.
        const it = picks[Symbol.iterator]();
        while (w.held.length > 0) {
          expect(w.held.length).toBeLessThanOrEqual(size);
          w.finish(it.next().value! % w.held.length);
        }
        const results = await batch.done;
        expect(arrivals.sort((a, b) => a - b)).toEqual(shards.map((s) => s.index));
        expect(mergeShards(results)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reports progress in runs, counting a running shard’s fraction', () => {
    const w = fakeWorkers();
    const pool = new RiskPool({ size: 2, createWorker: w.create });
    const shards = planShards(input, 4);
    const seen: number[] = [];
    pool.run(
      shards.map((shard) => ({ input, shard })),
      { onProgress: (p) => seen.push(p.runsDone / p.runsTotal) },
    );
    w.finish(0);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBeCloseTo(0.25);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('cancel terminates the busy workers and rejects with BatchCancelled; the next batch runs', async () => {
    const w = fakeWorkers();
    const pool = new RiskPool({ size: 2, createWorker: w.create });
    const tasks = planShards(input, 6).map((shard) => ({ input, shard }));
    const first = pool.run(tasks);
    w.finish(0);
    first.cancel();
    await expect(first.done).rejects.toBeInstanceOf(BatchCancelled);
    expect(w.terminated()).toBe(2);
    w.held.length = 0;
    const second = pool.run(tasks.slice(0, 2));
    while (w.held.length > 0) w.finish(0);
    await expect(second.done).resolves.toHaveLength(2);
  });

  it('a new batch cancels the one running; a worker error rejects naming the shard', async () => {
    const w = fakeWorkers();
    const pool = new RiskPool({ size: 1, createWorker: w.create });
    const tasks = planShards(input, 3).map((shard) => ({ input, shard }));
    const a = pool.run(tasks);
    const b = pool.run(tasks);
    await expect(a.done).rejects.toBeInstanceOf(BatchCancelled);
    w.held.splice(0, 1); // a's task, on the terminated worker
    w.finish(0, true);
    await expect(b.done).rejects.toThrow('a risk worker failed on shard 1 of 3: boom');
  });
});
