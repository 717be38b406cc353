import { describe, expect, it } from 'vitest';
import { runScenario } from '../testing';
import { presetScenario } from './presets';
import { requestCap, workloadRequests } from './requestCap';
import type { Scenario } from './types';

const issue96 = presetScenario('issue-96');
const withBursts = (bursts: number, maxRequests = 10_000): Scenario => ({
  ...issue96,
  workload: { ...issue96.workload, bursts } as Scenario['workload'],
  limits: { ...issue96.limits, maxRequests },
});

describe('requestCap', () => {
  it('a link asking for 100,000 bursts is cut at 10,000 requests: the field and the limit', () => {
    const cap = requestCap(withBursts(100_000), 10_000);
    expect(cap).toEqual({
      title: 'The workload asks for more than 10,000 requests: its request limit cuts it',
      detail:
        'workload.bursts asks for 100,000 bursts of 1 to 4 (100,000 to 400,000 requests); limits.maxRequests is 10,000, so only the first 10,000 were simulated. A higher limits.maxRequests (at most 1,000,000) simulates more.',
    });
  });

  it('the engine does simulate exactly maxRequests then: the count the check reads', () => {
    const s = withBursts(30, 20);
    const r = runScenario(s);
    expect(r.summary.totals.requests).toBe(20);
    expect(requestCap(s, r.summary.totals.requests)?.detail).toMatch(
      /^workload\.bursts asks for 30 bursts of 1 to 4 \(30 to 120 requests\); limits\.maxRequests is 20/,
    );
  });

  it('a drawn burst size that may exceed the limit: "up to"', () => {
    expect(requestCap(withBursts(10, 20), 20)?.detail).toMatch(
      /^workload\.bursts asks for 10 bursts of 1 to 4 \(up to 40 requests\)/,
    );
  });

  it('said even when another limit stopped the run first (the time limit, at 700 bursts or so)', () => {
    expect(requestCap(withBursts(100_000), 1_800)?.detail).toMatch(
      /\(100,000 to 400,000 requests\); limits\.maxRequests is 10,000, so at most the first 10,000 are simulated\./,
    );
  });

  it('nothing to say when the workload fits, or the run stopped before the limit', () => {
    expect(requestCap(issue96, 97)).toBeNull();
    expect(requestCap(withBursts(10, 20), 19)).toBeNull();
    expect(requestCap(withBursts(10, 10_000), 10_000)).toBeNull();
  });

  it('each workload kind names its field', () => {
    const seq = presetScenario('polling-at-timeout');
    expect(workloadRequests(seq.workload)).toMatchObject({ min: 30 + 1, max: 31, field: 'workload.gapsMs' });
    const capped = { ...seq, limits: { ...seq.limits, maxRequests: 5 } };
    expect(requestCap(capped, 5)?.detail).toMatch(/^workload\.gapsMs asks for 30 gaps \(31 requests\)/);
    const poisson = {
      ...seq,
      workload: { kind: 'poisson', ratePerSec: 10, count: 50_000, method: 'GET', path: '/' },
    } as Scenario;
    expect(requestCap(poisson, 10_000)?.detail).toMatch(
      /^workload\.count asks for 50,000 arrivals \(50,000 requests\)/,
    );
    const burst = {
      ...seq,
      workload: {
        kind: 'idle-then-burst',
        bursts: 200,
        idleMs: { kind: 'fixed', ms: 100 },
        concurrency: 100,
        method: 'GET',
        path: '/',
      },
    } as Scenario;
    expect(requestCap(burst, 10_000)?.detail).toMatch(
      /^workload\.bursts asks for 200 bursts of 100 \(20,000 requests\)/,
    );
  });
});
