/**
 * Runs compare mode's run B: the current run's scenario (same seed, same workload, same network)
 * with another client policy and/or server profile, on a second simulation worker so that the
 * main run is never interrupted. Reports run B's lifecycle (a `RunLifecycle`, like the main
 * run's) through the store's compare slice; re-runs B whenever the main run changes (a fork, a new
 * seed) while compare mode is on. No change to the worker protocol: a second SimClient speaks the
 * same one.
 */
import type { Scenario } from '../../sim-core';
import type { CompareWith } from '../store/analysisSlice';
import type { AppStore } from '../store/store';
import { SimClient, type WorkerLike } from './client';
import { applyChanges } from './protocol';
import { runData } from './run';
import { createSimWorker } from './simBridge';

/**
 * Run A's scenario with B's client and server and B's overrides — the client's idle expiry, the
 * one-way delay, the server's idle timeout — (everything else, seed included, unchanged).
 */
export function scenarioB(a: Scenario, b: CompareWith): Scenario {
  return applyChanges(a, {
    name: a.name,
    client: { policy: b.client, ...(b.expiryMs !== undefined ? { idleExpiryMs: b.expiryMs } : {}) },
    server: { profile: b.server, ...(b.timeoutMs !== undefined ? { idleTimeoutMs: b.timeoutMs } : {}) },
    ...(b.delayMs !== undefined ? { network: { delayMs: b.delayMs } } : {}),
  });
}

const runners = new WeakMap<AppStore, () => void>();

/** Starts the compare runner for a store (once); returns a function that stops it. */
export function startCompareRunner(
  store: AppStore,
  createWorker: () => WorkerLike = createSimWorker,
): () => void {
  const existing = runners.get(store);
  if (existing) return existing;
  let client: SimClient | null = null;
  let pending: { runId: number; scenario: Scenario } | null = null;

  const ensureClient = () => {
    client ??= new SimClient({
      createWorker,
      onState: (state) => {
        if (!pending || ('runId' in state && state.runId !== pending.runId)) return;
        const { scenario } = pending;
        const s = store.getState();
        switch (state.status) {
          case 'running':
            s.setCompare(scenario, { status: 'running', runId: state.runId, progress: state.progress });
            return;
          case 'done':
            pending = null;
            s.setCompare(scenario, {
              status: 'done',
              runId: state.runId,
              run: runData(state, s.run?.preset ?? null),
            });
            return;
          case 'error':
            pending = null;
            s.setCompare(scenario, {
              status: 'error',
              runId: state.runId,
              message: state.message,
              problems: state.problems,
            });
            return;
          case 'cancelled':
            pending = null;
            s.setCompare(scenario, { status: 'cancelled', runId: state.runId });
            return;
        }
      },
    });
    return client;
  };

  const start = () => {
    const s = store.getState();
    const a = s.run;
    const b = s.compareWith;
    if (!b) {
      if (pending) client?.cancel();
      pending = null;
      if (s.compareStatus.status !== 'idle') s.clearCompare();
      return;
    }
    if (!a) return;
    const scenario = scenarioB(a.scenario, b);
    const runId = ensureClient().run(scenario);
    pending = { runId, scenario };
    s.setCompare(scenario, { status: 'running', runId, progress: null });
  };

  // fireImmediately: compare mode already on when the runner starts (a shared link with
  // compare=…, a lesson link to a compare step: set before the panel mounts) runs B now.
  const unsubscribe = store.subscribe((s) => [s.run?.runId ?? null, s.compareWith] as const, start, {
    equalityFn: (x, y) => x[0] === y[0] && x[1] === y[1],
    fireImmediately: true,
  });
  const stop = () => {
    unsubscribe();
    client?.dispose();
    client = null;
    runners.delete(store);
  };
  runners.set(store, stop);
  return stop;
}
