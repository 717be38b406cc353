import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES, type RiskInput, SERVER_PROFILES, validateRiskInput } from '../../sim-core';
import { DEFAULT_RISK_INPUT } from './riskSlice';
import { decodeRiskParams, riskQuery } from './riskUrl';
import { testStore } from './testing';
import { openFromUrl, readShareUrl, shareQuery } from './urlSync';

const link = (input: RiskInput) => `?${riskQuery({ riskOpen: true, riskTab: 'explore', riskInput: input })}`;

/** Valid questions: every policy and profile, overrides present or absent, every traffic shape. */
const riskInputs = fc
  .record({
    policy: fc.constantFrom(...CLIENT_POLICIES.map((p) => p.name)),
    profile: fc.constantFrom(...SERVER_PROFILES.map((p) => p.name)),
    expiry: fc.option(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 60_000 })), { nil: undefined }),
    timeout: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
    hint: fc.option(fc.boolean(), { nil: undefined }),
    delay: fc.integer({ min: 0, max: 500 }),
    jitter: fc.integer({ min: 0, max: 50 }),
    traffic: fc.oneof(
      fc.integer({ min: 1, max: 20_000 }).map((m) => ({
        kind: 'sequential' as const,
        gap: { kind: 'exponential' as const, meanMs: m },
      })),
      fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 })).map(([a, b]) => ({
        kind: 'sequential' as const,
        gap: { kind: 'uniform' as const, minMs: a, maxMs: a + b },
      })),
      fc.integer({ min: 1, max: 100 }).map((r) => ({ kind: 'poisson' as const, ratePerSec: r })),
      fc.constant({ kind: 'seed-bursts' as const }),
    ),
    post: fc.constantFrom(0, 0.1, 0.5, 1),
    requests: fc.integer({ min: 1, max: 1_000_000 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map((r): RiskInput => {
    const input: RiskInput = {
      client: { policy: r.policy },
      server: { profile: r.profile },
      network: { delayMs: r.delay, jitterMs: r.jitter },
      traffic: r.traffic,
      postShare: r.post,
      processes: 1,
      requests: r.requests,
      seed: r.seed,
    };
    if (r.expiry !== undefined) input.client.idleExpiryMs = r.expiry;
    if (r.timeout !== undefined) input.server.idleTimeoutMs = r.timeout;
    if (r.hint !== undefined) input.server.keepAliveHint = r.hint;
    return validateRiskInput(input);
  });

describe('the risk explorer in the link', () => {
  it('a question written into a link reads back the same, with no problems', () => {
    fc.assert(
      fc.property(riskInputs, (input) => {
        const back = decodeRiskParams(link(input));
        expect(back.problems).toEqual([]);
        expect(back.open).toBe(true);
        expect(back.input).toEqual(input);
      }),
      { numRuns: 200 },
    );
  });

  it('the default question is `view=risk` alone', () => {
    expect(link(DEFAULT_RISK_INPUT)).toBe('?view=risk');
    expect(decodeRiskParams('?view=risk').input).toEqual(validateRiskInput(DEFAULT_RISK_INPUT));
  });

  it('a bad value is named with its parameter and limit, and that field keeps the default', () => {
    const d = decodeRiskParams(
      '?view=risk&risk.delay=abc&risk.post=3&risk.client=httpx-0.2&risk.requests=400',
    );
    expect(d.input.network.delayMs).toBe(DEFAULT_RISK_INPUT.network.delayMs);
    expect(d.input.postShare).toBe(DEFAULT_RISK_INPUT.postShare);
    expect(d.input.client.policy).toBe(DEFAULT_RISK_INPUT.client.policy);
    expect(d.input.requests).toBe(400);
    const byParam = Object.fromEntries(d.problems.map((p) => [p.param, p.message]));
    expect(byParam['risk.delay']).toMatch(/must be a number/);
    expect(byParam['risk.post']).toMatch(/0\.\.1/);
    expect(byParam['risk.client']).toMatch(/unknown name "httpx-0.2"/);
    expect(decodeRiskParams('?view=risk&risk.traffic=sequential:exp').problems[0]?.message).toMatch(
      /expected sequential:exp:MEAN_MS/,
    );
    expect(decodeRiskParams('?risk.delay=30').problems[0]).toMatchObject({ param: 'view' });
    expect(decodeRiskParams('?view=riks').problems[0]?.message).toMatch(/unknown view "riks"; allowed: risk/);
  });

  it('a link opens the explorer with its question, and the page’s link carries it along', () => {
    const { store } = testStore();
    const decoded = readShareUrl('?preset=issue-96&view=risk&risk.client=http3-0.6&risk.tab=diagnose');
    expect(decoded.problems).toEqual([]);
    openFromUrl(store, decoded);
    const s = store.getState();
    expect(s.riskOpen).toBe(true);
    expect(s.riskTab).toBe('diagnose');
    expect(s.riskInput.client.policy).toBe('http3-0.6');
    expect(shareQuery(s)).toMatch(/&view=risk&risk\.client=http3-0\.6&risk\.tab=diagnose$/);
    s.setRiskOpen(false);
    expect(shareQuery(store.getState())).not.toMatch(/view=risk/);
  });
});
