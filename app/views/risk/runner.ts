/**
 * Runs the explorer's computations on the risk worker pool (app/worker/riskPool.ts) and reports
 * their lifecycles to the store's risk slice: the estimate, the map (every cell's shards in one
 * batch) and the fixes (each candidate's counterfactual input on the same seeds). One pool per
 * store, one batch at a time: starting one cancels the other (its lifecycle says "cancelled").
 *
 * Determinism: the shard plan depends on the input only (never on the worker count), and results
 * are merged in shard order, whatever order they arrive in — so the same input and seed give the
 * same estimate with 1 worker or 8. A partial estimate (shards still running) merges the shards
 * in so far, in index order.
 */
import {
  candidateFixes,
  type Fix,
  type MapSpec,
  mapCells,
  mergeShards,
  planShards,
  type RiskEstimate,
  type RiskInput,
  type RiskShard,
  rankFixes,
  type ShardResult,
  varyValues,
} from '../../../sim-core';
import type { RiskCell, RiskMapResult, RiskRun } from '../../store/riskSlice';
import type { AppStore } from '../../store/store';
import { BatchCancelled, RiskPool, type RiskWorkerLike } from '../../worker/riskPool';

/** Shards per estimate: a function of the input alone, so the answer is the same on any machine. */
export function shardCount(input: RiskInput): number {
  return Math.max(1, Math.min(32, Math.ceil(input.requests / 1000)));
}

/** Requests per map cell (each cell is a smaller Monte Carlo than the estimate). */
export function cellRequests(input: RiskInput): number {
  return Math.max(1000, Math.min(input.requests, 3000));
}

const pools = new WeakMap<AppStore, RiskPool>();

export function riskPool(store: AppStore, createWorker?: () => RiskWorkerLike): RiskPool {
  let pool = pools.get(store);
  if (!pool) {
    pool = new RiskPool(createWorker ? { createWorker } : {});
    pools.set(store, pool);
  }
  return pool;
}

const now = () => performance.now();

/** The merge of the results in so far, in shard order (null before the first). */
function mergeSoFar(results: (ShardResult | undefined)[]): RiskEstimate | null {
  const inSoFar = results.filter((r): r is ShardResult => r !== undefined);
  return inSoFar.length === 0 ? null : mergeShards(inSoFar);
}

interface Plan<T> {
  tasks: { input: RiskInput; shard: RiskShard }[];
  /** The result from the shards in so far (undefined = not in yet), by task index. */
  partial: (results: (ShardResult | undefined)[]) => T | null;
  final: (results: ShardResult[]) => T;
}

/** Runs a plan and reports it through `report`; resolves when it ends (done, cancelled or failed). */
async function runPlan<T>(
  store: AppStore,
  makePlan: () => Plan<T>,
  report: (run: RiskRun<T>) => void,
): Promise<void> {
  const pool = riskPool(store);
  let plan: Plan<T>;
  try {
    plan = makePlan();
  } catch (e) {
    report({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  // Filled (not sparse): `some`/`every` skip holes, and a hole is a shard not in yet.
  const results: (ShardResult | undefined)[] = Array.from({ length: plan.tasks.length }, () => undefined);
  const started = now();
  let last: T | null = null;
  const runsTotal = plan.tasks.reduce((n, t) => n + (t.shard.toRun - t.shard.fromRun), 0);
  report({ status: 'running', runsDone: 0, runsTotal, partial: null, workers: pool.size });
  const batch = pool.run(plan.tasks, {
    onResult: (i, r) => {
      results[i] = r;
      last = plan.partial(results);
    },
    onProgress: (p) =>
      report({ status: 'running', runsDone: p.runsDone, runsTotal, partial: last, workers: pool.size }),
  });
  try {
    const all = await batch.done;
    report({ status: 'done', result: plan.final(all), elapsedMs: now() - started, workers: pool.size });
  } catch (e) {
    if (e instanceof BatchCancelled) report({ status: 'cancelled', partial: last });
    else report({ status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

export function estimatePlan(input: RiskInput): Plan<RiskEstimate> {
  const shards = planShards(input, shardCount(input));
  return {
    tasks: shards.map((shard) => ({ input, shard })),
    partial: mergeSoFar,
    final: (results) => mergeShards(results),
  };
}

export function startEstimate(store: AppStore): Promise<void> {
  const input = store.getState().riskInput;
  return runPlan(
    store,
    () => estimatePlan(input),
    (run) => {
      if (store.getState().riskInput === input) store.getState().setRiskEstimate(run);
    },
  );
}

/** The map: every cell a smaller Monte Carlo on the same seeds, its shards after the cells before. */
export function mapPlan(input: RiskInput, spec: MapSpec): Plan<RiskMapResult> {
  const base = { ...input, requests: cellRequests(input) };
  // mapCells is x-major: every y of the first x, then the next x.
  const inputs = mapCells(base, spec);
  const xs = varyValues(spec.x);
  const ys = spec.y ? varyValues(spec.y) : [null];
  const cells = inputs.map((cellInput, i) => ({
    x: xs[Math.floor(i / ys.length)]!,
    y: ys[i % ys.length] ?? null,
    input: cellInput,
  }));
  const perCell = cells.map((c) => planShards(c.input, Math.max(1, Math.ceil(c.input.requests / 2500))));
  const tasks = perCell.flatMap((shards, i) => shards.map((shard) => ({ input: cells[i]!.input, shard })));
  const offsets: number[] = [];
  let o = 0;
  for (const shards of perCell) {
    offsets.push(o);
    o += shards.length;
  }
  const assemble = (results: (ShardResult | undefined)[]): RiskMapResult => ({
    spec,
    cells: cells.map((c, i): RiskCell => {
      const mine = results.slice(offsets[i]!, offsets[i]! + perCell[i]!.length);
      const complete = mine.length === perCell[i]!.length && mine.every((r) => r !== undefined);
      return {
        x: c.x,
        y: c.y,
        input: c.input,
        estimate: complete ? mergeShards(mine as ShardResult[]) : null,
      };
    }),
  });
  return { tasks, partial: assemble, final: assemble };
}

export function startMap(store: AppStore): Promise<void> {
  const { riskInput: input, riskMapSpec: spec } = store.getState();
  return runPlan(
    store,
    () => mapPlan(input, spec),
    (run) => {
      const s = store.getState();
      if (s.riskInput === input && s.riskMapSpec === spec) s.setRiskMap(run);
    },
  );
}

export function fixesPlan(input: RiskInput): Plan<Fix[]> {
  const candidates = candidateFixes(input);
  const inputs = candidates.map((c) => c.apply(input));
  const perFix = inputs.map((i) => planShards(i, shardCount(i)));
  const tasks = perFix.flatMap((shards, i) => shards.map((shard) => ({ input: inputs[i]!, shard })));
  // The candidates measured so far, ranked (sim-core's rankFixes: by the interval's upper bound,
  // then duplicates, then retries).
  const assemble = (results: (ShardResult | undefined)[]): Fix[] => {
    const measured: typeof candidates = [];
    const estimates: RiskEstimate[] = [];
    let o = 0;
    candidates.forEach((c, i) => {
      const mine = results.slice(o, o + perFix[i]!.length);
      o += perFix[i]!.length;
      if (mine.length < perFix[i]!.length || mine.some((r) => r === undefined)) return;
      measured.push(c);
      estimates.push(mergeShards(mine as ShardResult[]));
    });
    return rankFixes(measured, input, estimates);
  };
  return { tasks, partial: assemble, final: assemble };
}

export function startFixes(store: AppStore): Promise<void> {
  const input = store.getState().riskInput;
  return runPlan(
    store,
    () => fixesPlan(input),
    (run) => {
      if (store.getState().riskInput === input) store.getState().setRiskFixes(run);
    },
  );
}

export function cancelRisk(store: AppStore): void {
  riskPool(store).cancel();
}

/**
 * What "Estimate" does: the estimate, then the fixes on the same seeds, then the map — one after
 * the other on the pool, each streaming into its own part of the panel. Cancel stops the chain.
 */
export async function startAll(store: AppStore): Promise<void> {
  const input = store.getState().riskInput;
  await startEstimate(store);
  const same = () => store.getState().riskInput === input;
  if (!same() || store.getState().riskEstimate.status !== 'done') return;
  await startFixes(store);
  if (!same() || store.getState().riskFixes.status !== 'done') return;
  await startMap(store);
}
