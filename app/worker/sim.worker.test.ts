import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceEvent } from '../../sim-core';
import { presetScenario } from '../../sim-core';
import { runScenario } from '../../sim-core/testing';
import { TRACE_BATCH_SIZE, type WorkerCommand, type WorkerResponse } from './protocol';

// Runs the real worker module in Node with a stand-in for the worker's global scope.
type Listener = (e: { data: unknown }) => void;
const listeners: Listener[] = [];
const received: WorkerResponse[] = [];
const scope = {
  postMessage: (m: WorkerResponse) => received.push(structuredClone(m)),
  addEventListener: (type: string, l: Listener) => {
    if (type === 'message') listeners.push(l);
  },
};

beforeAll(async () => {
  vi.stubGlobal('self', scope);
  await import('./sim.worker');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

/** Sends commands and resolves with the responses up to the one that ends `runId`. */
async function exchange(commands: unknown[], runId: number | null): Promise<WorkerResponse[]> {
  received.length = 0;
  for (const c of commands) for (const l of listeners) l({ data: c });
  const ends = ['done', 'error', 'cancelled', 'loaded'];
  await vi.waitUntil(() => received.some((m) => m.runId === runId && ends.includes(m.type)), {
    timeout: 110_000,
    interval: 5,
  });
  return [...received];
}

describe('sim.worker', () => {
  it('streams the trace in contiguous batches of at most 1000, then the summary, as runScenario gives them', async () => {
    const scenario = presetScenario('issue-96', 7);
    const run: WorkerCommand = { type: 'run', runId: 1, scenario };
    const messages = await exchange([run], 1);
    const direct = runScenario(presetScenario('issue-96', 7));

    const batches = messages.filter((m) => m.type === 'trace-batch');
    expect(batches.length).toBe(Math.ceil(direct.trace.length / TRACE_BATCH_SIZE));
    const trace: TraceEvent[] = [];
    for (const b of batches) {
      expect(b.offset).toBe(trace.length);
      expect(b.events.length).toBeLessThanOrEqual(TRACE_BATCH_SIZE);
      trace.push(...b.events);
    }
    expect(trace).toEqual(direct.trace);

    const last = messages[messages.length - 1];
    expect(last?.type).toBe('done');
    if (last?.type !== 'done') return;
    expect(last.eventCount).toBe(direct.trace.length);
    expect(last.summary).toEqual(direct.summary);
    expect(last.index.eventCount).toBe(direct.trace.length);
    expect(last.index.failures.length).toBe(direct.summary.totals.failed);
    expect(last.scenario).toEqual(scenario);
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
    expect(messages.every((m) => m.runId === 1)).toBe(true);
  });

  it('forks the loaded scenario with the same seed, and gives the same trace as running it whole', async () => {
    const scenario = presetScenario('issue-96', 7);
    await exchange(
      [
        { type: 'load', runId: 10, scenario },
        { type: 'run', runId: 11 },
      ],
      11,
    );
    const messages = await exchange(
      [{ type: 'fork', runId: 12, changes: { client: { policy: 'httpx-0.23' } } }],
      12,
    );
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    const fixed = presetScenario('issue-96-fixed', 7);
    expect(done.scenario).toEqual({ ...scenario, client: fixed.client });
    expect(done.summary).toEqual(runScenario({ ...scenario, client: fixed.client }).summary);
  });

  it('answers a fork whose changes are invalid with the problems, and keeps the loaded scenario', async () => {
    const bad = await exchange([{ type: 'fork', runId: 13, changes: { network: { delayMs: -5 } } }], 13);
    expect(bad.at(-1)).toMatchObject({
      type: 'error',
      runId: 13,
      problems: [{ path: 'network.delayMs', message: 'must be from 0 to 10000, got -5' }],
    });
    const ok = await exchange([{ type: 'run', runId: 14 }], 14);
    expect(ok.at(-1)).toMatchObject({ type: 'done', runId: 14 });
  });

  it('loads a scenario without running it, and refuses an invalid one', async () => {
    const scenario = presetScenario('polling-at-timeout');
    const ok = await exchange([{ type: 'load', runId: 15, scenario }], 15);
    expect(ok).toEqual([{ type: 'loaded', runId: 15, scenario }]);
    const bad = await exchange([{ type: 'load', runId: 16, scenario: { ...scenario, seed: 1.5 } }], 16);
    expect(bad).toEqual([
      {
        type: 'error',
        runId: 16,
        message: 'seed: must be a whole number from 0 to 4294967295, got 1.5',
        problems: [{ path: 'seed', message: 'must be a whole number from 0 to 4294967295, got 1.5' }],
      },
    ]);
  });

  it('answers an invalid scenario with an error message, not silence', async () => {
    const scenario = { ...presetScenario('issue-96', 7), seed: -1 };
    const messages = await exchange([{ type: 'run', runId: 2, scenario }], 2);
    const last = messages[messages.length - 1];
    expect(last).toMatchObject({ type: 'error', runId: 2 });
    expect(last?.type === 'error' && last.message).toMatch(/seed/);
  });

  it('cancels a run whose cancel arrives before it starts', async () => {
    const scenario = presetScenario('issue-96', 7);
    const messages = await exchange(
      [
        { type: 'run', runId: 3, scenario },
        { type: 'cancel', runId: 3 },
      ],
      3,
    );
    expect(messages).toEqual([{ type: 'cancelled', runId: 3 }]);
  });

  it('reports a malformed command as an error belonging to no run', async () => {
    const messages = await exchange([{ type: 'run', runId: 'x' }], null);
    expect(messages).toEqual([
      { type: 'error', runId: null, message: expect.stringMatching(/malformed command/) },
    ]);
  });
});
