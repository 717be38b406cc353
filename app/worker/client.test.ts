import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Scenario, Summary, TraceEvent, TraceIndex } from '../../sim-core';
import { type RunState, SimClient, type WorkerLike } from './client';
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
}

const scenario = { name: 'issue-96', seed: 7 } as Scenario;
const event = (seq: number) => ({ seq, t: seq, kind: 'run.end', reason: 'done' }) as TraceEvent;
const summary = (events: number) => ({ events, traceHash: 'abc' }) as Summary;
const index = (eventCount: number) => ({ eventCount }) as TraceIndex;
const done = (runId: number, n: number, ran: Scenario = scenario) =>
  ({
    type: 'done',
    runId,
    scenario: ran,
    summary: summary(n),
    index: index(n),
    eventCount: n,
    elapsedMs: 1,
  }) as const;

function setup(hardCancelMs = 50) {
  const workers: FakeWorker[] = [];
  const states: RunState[] = [];
  const client = new SimClient({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    onState: (s) => states.push(s),
    hardCancelMs,
  });
  return { client, workers, states, last: () => states[states.length - 1] };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SimClient', () => {
  it('reassembles trace batches and reports done', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    const w = workers[0]!;
    expect(w.sent).toEqual([{ type: 'run', runId, scenario }]);
    expect(last()).toMatchObject({ status: 'running', runId, progress: null });
    w.reply({ type: 'progress', runId, t: 5, requestsDone: 1, requestsTotal: 2 });
    expect(last()).toMatchObject({ status: 'running', progress: { requestsDone: 1, requestsTotal: 2 } });
    w.reply({ type: 'trace-batch', runId, offset: 0, events: [event(0), event(1)] });
    w.reply({ type: 'trace-batch', runId, offset: 2, events: [event(2)] });
    w.reply(done(runId, 3));
    const s = last();
    expect(s?.status).toBe('done');
    expect(s?.status === 'done' && s.trace.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(s?.status === 'done' && s.index.eventCount).toBe(3);
  });

  it('reports an error when batches are missing', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    workers[0]!.reply({ type: 'trace-batch', runId, offset: 0, events: [event(0)] });
    workers[0]!.reply(done(runId, 3));
    expect(last()).toMatchObject({ status: 'error', message: expect.stringMatching(/incomplete trace/) });
  });

  it('reports an index that does not match the trace as an error', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    workers[0]!.reply({ type: 'trace-batch', runId, offset: 0, events: [event(0)] });
    workers[0]!.reply({ ...done(runId, 1), index: index(2) });
    expect(last()).toMatchObject({ status: 'error', message: expect.stringMatching(/index covers 2/) });
  });

  it('reports an out-of-order batch as an error', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    workers[0]!.reply({ type: 'trace-batch', runId, offset: 1000, events: [event(0)] });
    expect(last()).toMatchObject({ status: 'error', message: expect.stringMatching(/out of order/) });
  });

  it('forks the last scenario with the same seed, loading it first into a replaced worker', () => {
    const { client, workers, last } = setup();
    const full = {
      name: 'issue-96',
      seed: 7,
      client: { policy: 'http3-0.6', eventLoopDelayMs: 0 },
    } as Scenario;
    expect(() => client.fork({ client: { policy: 'httpx-0.23' } })).toThrow(/before any run/);
    const first = client.run(full);
    workers[0]!.reply(done(first, 0, full));
    const forked = client.fork({ client: { policy: 'httpx-0.23' } });
    expect(workers[0]!.sent.at(-1)).toEqual({
      type: 'fork',
      runId: forked,
      changes: { client: { policy: 'httpx-0.23' } },
    });
    expect(last()).toMatchObject({ status: 'running', runId: forked, scenario: { seed: 7 } });
    // A second fork while the first computes replaces the worker: the new one is loaded first.
    const again = client.fork({ network: { delayMs: 5 } });
    const w = workers[1]!;
    expect(w.sent).toEqual([
      {
        type: 'load',
        runId: again,
        scenario: { ...full, client: { policy: 'httpx-0.23', eventLoopDelayMs: 0 } },
      },
      { type: 'fork', runId: again, changes: { network: { delayMs: 5 } } },
    ]);
    w.reply({ type: 'loaded', runId: again, scenario: full });
    expect(last()).toMatchObject({ status: 'running', runId: again });
  });

  it('passes on the problems of an invalid scenario', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    const problems = [{ path: 'seed', message: 'must be from 0 to 4294967295, got -1' }];
    workers[0]!.reply({ type: 'error', runId, message: 'seed: …', problems });
    expect(last()).toEqual({ status: 'error', runId, message: 'seed: …', problems });
  });

  it('shows worker errors, including ones that belong to no run', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    workers[0]!.reply({ type: 'error', runId, message: 'scenario.seed: must be an integer' });
    expect(last()).toEqual({
      status: 'error',
      runId,
      message: 'scenario.seed: must be an integer',
      problems: [],
    });
    client.run(scenario);
    workers[0]!.onerror?.({ message: 'SyntaxError: bad chunk', filename: 'w.js', lineno: 3 } as ErrorEvent);
    expect(last()).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/bad chunk \(w\.js:3\)/),
    });
    expect(workers[0]!.terminated).toBe(true);
  });

  it('drops late messages from a superseded run and replaces its worker', () => {
    const { client, workers, states } = setup();
    const first = client.run(scenario);
    const second = client.run(scenario);
    expect(second).not.toBe(first);
    expect(workers[0]!.terminated).toBe(true);
    const before = states.length;
    workers[1]!.reply(done(first, 0));
    expect(states.length).toBe(before);
  });

  it('cancels through the worker when it answers in time', () => {
    const { client, workers, last } = setup();
    const runId = client.run(scenario);
    client.cancel();
    expect(workers[0]!.sent.at(-1)).toEqual({ type: 'cancel', runId });
    workers[0]!.reply({ type: 'cancelled', runId });
    expect(last()).toEqual({ status: 'cancelled', runId });
    expect(workers[0]!.terminated).toBe(false);
  });

  it('terminates a worker that does not answer a cancel, and runs again on a fresh one', () => {
    vi.useFakeTimers();
    const { client, workers, last } = setup(50);
    const runId = client.run(scenario);
    client.cancel();
    vi.advanceTimersByTime(60);
    expect(last()).toEqual({ status: 'cancelled', runId });
    expect(workers[0]!.terminated).toBe(true);
    client.run(scenario);
    expect(workers.length).toBe(2);
  });

  it('terminates the worker on dispose and reports nothing after', () => {
    const { client, workers, states } = setup();
    const runId = client.run(scenario);
    client.dispose();
    expect(workers[0]!.terminated).toBe(true);
    const before = states.length;
    workers[0]!.reply({ type: 'cancelled', runId });
    expect(states.length).toBe(before);
    expect(() => client.run(scenario)).toThrow(/dispose/);
  });

  it('a scenario the worker cannot be sent ends the run in an error, and the next run gets a fresh worker', async () => {
    const { client, workers, states, last } = setup();
    const first = client.run(scenario);
    workers[0]!.reply(done(first, 0));
    workers[0]!.postMessage = () => {
      throw new DOMException('could not be cloned', 'DataCloneError');
    };
    const runId = client.run(scenario);
    // Still running until the caller has the id; then the error, naming the cause.
    expect(last()).toMatchObject({ status: 'running', runId });
    await Promise.resolve();
    expect(last()).toEqual({
      status: 'error',
      runId,
      message: 'the scenario could not be sent to the simulation worker: DataCloneError: could not be cloned',
      problems: [],
    });
    expect(states.filter((s) => s.status === 'error')).toHaveLength(1);
    const again = client.run(scenario);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.at(-1)).toMatchObject({ type: 'run', runId: again });
  });

  it('a worker that cannot be created ends the run in an error', async () => {
    const states: RunState[] = [];
    const client = new SimClient({
      createWorker: () => {
        throw new DOMException('blocked by a Content-Security-Policy', 'SecurityError');
      },
      onState: (s) => states.push(s),
    });
    const runId = client.run(scenario);
    await Promise.resolve();
    expect(states.at(-1)).toEqual({
      status: 'error',
      runId,
      message:
        'the scenario could not be sent to the simulation worker: SecurityError: blocked by a Content-Security-Policy',
      problems: [],
    });
  });
});
