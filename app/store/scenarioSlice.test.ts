import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../sim-core';
import { runScenario } from '../../sim-core/testing';
import { doneState, testStore } from './testing';

describe('a run cut at limits.maxRequests', () => {
  it('says so, naming the field and the limit (the engine ends such a run as done)', () => {
    const base = presetScenario('issue-96');
    const scenario = {
      ...base,
      workload: { ...base.workload, bursts: 100 } as typeof base.workload,
      limits: { ...base.limits, maxRequests: 20 },
    };
    const { store } = testStore();
    store.getState().openScenario(scenario, { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(1, runScenario(scenario).trace, scenario));
    const notice = store.getState().notices.find((n) => n.id === 'request-cap');
    expect(notice?.title).toBe('The workload asks for more than 20 requests: its request limit cuts it');
    expect(notice?.items[0]).toMatch(
      /^workload\.bursts asks for 100 bursts of 1 to 4 \(100 to 400 requests\); limits\.maxRequests is 20, so only the first 20 were simulated\./,
    );
    // A run that fits takes the notice away.
    store.getState().openScenario(base, { preset: 'issue-96' });
    store.getState().receiveRunState(doneState(2, runScenario(base).trace, base));
    expect(store.getState().notices.map((n) => n.id)).not.toContain('request-cap');
  });
});
