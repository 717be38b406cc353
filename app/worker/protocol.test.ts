import { describe, expect, it } from 'vitest';
import { describeError, isWorkerCommand } from './protocol';

describe('isWorkerCommand', () => {
  it('accepts run and cancel commands', () => {
    expect(isWorkerCommand({ type: 'run', runId: 1, scenario: {} })).toBe(true);
    expect(isWorkerCommand({ type: 'cancel', runId: 1 })).toBe(true);
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'run',
      { type: 'run', runId: 1 },
      { type: 'run', runId: 1.5, scenario: {} },
      { type: 'cancel' },
      { type: 'stop', runId: 1 },
    ]) {
      expect(isWorkerCommand(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('describeError', () => {
  it('keeps the message and a non-generic error name', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeError('plain')).toBe('plain');
  });
});
