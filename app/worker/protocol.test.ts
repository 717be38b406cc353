import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../sim-core';
import { applyChanges, describeError, isWorkerCommand } from './protocol';

describe('isWorkerCommand', () => {
  it('accepts load, run, fork and cancel commands', () => {
    expect(isWorkerCommand({ type: 'run', runId: 1, scenario: {} })).toBe(true);
    expect(isWorkerCommand({ type: 'run', runId: 1 })).toBe(true);
    expect(isWorkerCommand({ type: 'load', runId: 1, scenario: {} })).toBe(true);
    expect(isWorkerCommand({ type: 'fork', runId: 1, changes: {} })).toBe(true);
    expect(isWorkerCommand({ type: 'cancel', runId: 1 })).toBe(true);
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'run',
      { type: 'run', runId: 1, scenario: 'x' },
      { type: 'run', runId: 1.5, scenario: {} },
      { type: 'load', runId: 1 },
      { type: 'fork', runId: 1 },
      { type: 'cancel' },
      { type: 'stop', runId: 1 },
    ]) {
      expect(isWorkerCommand(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('applyChanges', () => {
  it('merges sections field by field, replaces the workload, keeps the seed and the input intact', () => {
    const base = presetScenario('issue-96');
    const before = JSON.stringify(base);
    const next = applyChanges(base, {
      client: { policy: 'httpx-0.23' },
      network: { delayMs: 5 },
      workload: { kind: 'sequential', gapsMs: [5000], method: 'GET', path: '/' },
      ...({ seed: 1 } as object),
    });
    expect(next.client).toEqual({ ...base.client, policy: 'httpx-0.23' });
    expect(next.network).toEqual({ delayMs: 5, jitterMs: base.network.jitterMs });
    expect(next.workload).toEqual({ kind: 'sequential', gapsMs: [5000], method: 'GET', path: '/' });
    expect(next.seed).toBe(base.seed);
    expect(next.server).toEqual(base.server);
    expect(JSON.stringify(base)).toBe(before);
  });

  it('removes a field changed to undefined (back to the policy’s or profile’s default)', () => {
    const base = { ...presetScenario('issue-96') };
    base.server = { ...base.server, idleTimeoutMs: 4000 };
    const next = applyChanges(base, { server: { idleTimeoutMs: undefined } });
    expect('idleTimeoutMs' in next.server).toBe(false);
    expect(next.server.profile).toBe('uvicorn');
  });
});

describe('describeError', () => {
  it('keeps the message and a non-generic error name', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeError('plain')).toBe('plain');
  });
});
