import { describe, expect, it } from 'vitest';
import type { Summary } from '../../sim-core';
import { presetScenario } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import { doneState, testStore } from '../store/testing';
import type { WorkerLike } from './client';
import { scenarioB, startCompareRunner } from './compareRunner';
import type { WorkerCommand, WorkerResponse } from './protocol';

class FakeWorker implements WorkerLike {
  sent: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(m: WorkerCommand) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: WorkerResponse) {
    this.onmessage?.({ data: m } as MessageEvent<WorkerResponse>);
  }
  /** The last run command, answered with the stale-reuse trace as `scenario`'s run. */
  finish() {
    const cmd = this.sent.at(-1);
    if (cmd?.type !== 'run' || !cmd.scenario) throw new Error('no run to finish');
    const trace = STALE_REUSE_TRACE;
    this.reply({ type: 'trace-batch', runId: cmd.runId, offset: 0, events: trace });
    this.reply({
      type: 'done',
      runId: cmd.runId,
      scenario: cmd.scenario,
      summary: { events: trace.length } as Summary,
      index: doneState(cmd.runId, trace, cmd.scenario).index,
      eventCount: trace.length,
      elapsedMs: 3,
    });
  }
}

function setup() {
  const { store } = testStore();
  const a = presetScenario('issue-96');
  store.getState().openScenario(a, { preset: 'issue-96' });
  store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE, a));
  const workers: FakeWorker[] = [];
  const stop = startCompareRunner(store, () => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  });
  return { store, a, workers, stop };
}

describe('compare runner', () => {
  it('runs B (A with another client, same seed) on its own worker and reports it into the compare slot', () => {
    const { store, a, workers, stop } = setup();
    expect(workers).toHaveLength(0); // no worker until compare mode is on
    store.getState().setCompareWith({ client: 'httpx-0.23', server: a.server.profile });
    const b = scenarioB(a, { client: 'httpx-0.23', server: a.server.profile });
    expect(b).toMatchObject({ seed: a.seed, name: a.name, client: { policy: 'httpx-0.23' } });
    expect(b.workload).toEqual(a.workload);
    expect(store.getState().compareScenario).toEqual(b);
    expect(store.getState().compareStatus).toEqual({ status: 'running', runId: 1, progress: null });
    expect(workers[0]!.sent).toEqual([{ type: 'run', runId: 1, scenario: b }]);
    workers[0]!.reply({ type: 'progress', runId: 1, t: 5, requestsDone: 2, requestsTotal: 9 });
    expect(store.getState().compareStatus).toEqual({
      status: 'running',
      runId: 1,
      progress: { t: 5, requestsDone: 2, requestsTotal: 9 },
    });
    workers[0]!.finish();
    expect(store.getState().compareScenario).toEqual(b);
    const c = store.getState().compareStatus;
    expect(c.status).toBe('done');
    if (c.status !== 'done') return;
    expect(c.run).toMatchObject({ runId: 1, scenario: b, preset: 'issue-96', elapsedMs: 3 });
    expect(c.run.trace).toHaveLength(STALE_REUSE_TRACE.length);
    // The main run is untouched.
    expect(store.getState().run?.scenario.client.policy).toBe(a.client.policy);
    stop();
    expect(workers[0]!.terminated).toBe(true);
  });

  it('re-runs B when A changes, reports B’s failure, and turns off with compare mode', () => {
    const { store, a, workers, stop } = setup();
    store.getState().setCompareWith({ client: 'httpx-0.23', server: a.server.profile });
    workers[0]!.finish();
    const a2 = { ...a, seed: 7 };
    store.getState().openScenario(a2, { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(2, STALE_REUSE_TRACE, a2));
    const b2 = scenarioB(a2, { client: 'httpx-0.23', server: a.server.profile });
    const runId = (workers[0]!.sent.at(-1) as { runId: number }).runId;
    expect(store.getState().compareScenario).toEqual(b2);
    expect(store.getState().compareStatus).toEqual({ status: 'running', runId, progress: null });
    expect(workers[0]!.sent.at(-1)).toMatchObject({ type: 'run', scenario: { seed: 7 } });
    workers[0]!.reply({ type: 'error', runId, message: 'boom' });
    expect(store.getState().compareScenario).toEqual(b2);
    expect(store.getState().compareStatus).toEqual({ status: 'error', runId, message: 'boom', problems: [] });
    store.getState().setCompareWith(null);
    expect(store.getState().compareScenario).toBeNull();
    expect(store.getState().compareStatus).toEqual({ status: 'idle' });
    stop();
  });

  it('cancels a running B when compare mode turns off, and stays idle when the cancel is confirmed', () => {
    const { store, a, workers, stop } = setup();
    store.getState().setCompareWith({ client: 'httpx-0.23', server: a.server.profile });
    store.getState().setCompareWith(null);
    expect(workers[0]!.sent.at(-1)).toEqual({ type: 'cancel', runId: 1 });
    workers[0]!.reply({ type: 'cancelled', runId: 1 });
    expect(store.getState().compareStatus).toEqual({ status: 'idle' });
    expect(store.getState().compareScenario).toBeNull();
    stop();
  });

  it('starts once per store', () => {
    const { store, stop } = setup();
    expect(startCompareRunner(store)).toBe(stop);
    stop();
  });
});
