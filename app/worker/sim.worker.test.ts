import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../sim-core/run';
import { presetScenario } from '../../sim-core/scenario/presets';
import type { TraceEvent } from '../../sim-core/trace/events';
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
  await vi.waitUntil(
    () =>
      received.some(
        (m) => m.runId === runId && (m.type === 'done' || m.type === 'error' || m.type === 'cancelled'),
      ),
    { timeout: 20_000, interval: 5 },
  );
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
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
    expect(messages.every((m) => m.runId === 1)).toBe(true);
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
