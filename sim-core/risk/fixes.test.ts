import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES, clientPolicy, SERVER_PROFILES } from '../policies';
import { CLIENT_SETTINGS, SERVER_SETTINGS } from '../policies/settings';
import { runShard } from '../run';
import { candidateFixes, rankFixes } from './fixes';
import { mapCells } from './map';
import { mergeShards } from './merge';
import { planShards } from './plan';
import type { RiskInput } from './types';
import { riskInputProblems, validateRiskInput } from './validate';

const base = (over: Partial<RiskInput> = {}): RiskInput =>
  validateRiskInput({
    client: { policy: 'httpx-0.23' },
    server: { profile: 'uvicorn' },
    network: { delayMs: 30, jitterMs: 0 },
    traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: 5000 } },
    postShare: 0,
    processes: 1,
    requests: 2000,
    seed: 11,
    ...over,
  });
const estimate = (input: RiskInput) => mergeShards(planShards(input, 1).map((s) => runShard(input, s)));

describe('settings data', () => {
  it('covers every client policy and server profile', () => {
    for (const p of CLIENT_POLICIES) expect(CLIENT_SETTINGS[p.name], p.name).toBeDefined();
    for (const p of SERVER_PROFILES) expect(SERVER_SETTINGS[p.name], p.name).toBeDefined();
  });
  it('turns retries on or off only through a policy that has (or lacks) a retry rule', () => {
    for (const [name, doc] of Object.entries(CLIENT_SETTINGS)) {
      if (doc.retriesOn) expect(clientPolicy(doc.retriesOn.policy)!.retry, name).not.toBeNull();
      if (doc.retriesOff) expect(clientPolicy(doc.retriesOff.policy)!.retry, name).toBeNull();
      if (doc.upgrade) expect(clientPolicy(doc.upgrade.policy), name).toBeDefined();
    }
  });
});

describe('fixes', () => {
  it('are measured on the same seeds and ranked by effect', () => {
    const input = base({ client: { policy: 'http3-0.6' } });
    const cands = candidateFixes(input);
    expect(cands.map((c) => c.id)).toEqual(['upgrade', 'upgrade-and-expiry']);
    const now = estimate(input);
    const fixes = rankFixes(
      cands,
      input,
      cands.map((c) => estimate(c.apply(input))),
      now,
    );
    expect(fixes[0]!.id).toBe('upgrade-and-expiry');
    expect(fixes[0]!.estimate.failed).toBe(0);
    expect(fixes[0]!.setting).toContain('httpx.Limits(keepalive_expiry=3.9)');
    // The upgrade alone leaves the race window: httpx 0.23 polls at checkout but cannot see a FIN in flight.
    expect(fixes[1]!.estimate.byCause.raceWindow).toBe(fixes[1]!.estimate.failed);
    expect(fixes[1]!.estimate.failed).toBeGreaterThan(0);
    expect(fixes.every((f) => f.vsBaseline === 'better')).toBe(true);
  });

  it('turning urllib3’s retries on (requests) trades failures for retries, and POSTs are not retried', () => {
    for (const postShare of [0, 1]) {
      const input = base({ client: { policy: 'requests' }, postShare });
      const fix = candidateFixes(input).find((c) => c.id === 'retries-on')!;
      const now = estimate(input);
      const after = estimate(fix.apply(input));
      expect(now.failed).toBeGreaterThan(0);
      if (postShare === 0) {
        expect(after.failed).toBe(0);
        expect(after.retries).toBe(now.failed);
      } else {
        expect(after.failed).toBe(now.failed);
        expect(after.retries).toBe(0);
      }
      expect(after.duplicates).toBe(0);
    }
  });

  it('offer no client expiry where the library has none', () => {
    for (const policy of ['http3-0.6', 'urllib3-2', 'requests']) {
      expect(candidateFixes(base({ client: { policy } })).some((c) => c.id === 'client-expiry')).toBe(false);
    }
  });

  it('the Keep-Alive hint is offered to a client that honours it, from nginx', () => {
    const input = base({
      client: { policy: 'node-agent-20' },
      server: { profile: 'nginx', idleTimeoutMs: 5000 },
    });
    const hint = candidateFixes(input).find((c) => c.id === 'keep-alive-hint')!;
    expect(hint.snippet).toBe('keepalive_timeout 5s 5s;');
    expect(hint.apply(input).server.keepAliveHint).toBe(true);
  });
});

describe('maps and validation', () => {
  it('a map has one validated input per cell, x-major', () => {
    const cells = mapCells(base(), {
      x: { param: 'clientExpiryMs', from: 1000, to: 3000, step: 1000 },
      y: { param: 'delayMs', from: 0, to: 10, step: 5 },
    });
    expect(cells.map((c) => [c.client.idleExpiryMs, c.network.delayMs])).toEqual([
      [1000, 0],
      [1000, 5],
      [1000, 10],
      [2000, 0],
      [2000, 5],
      [2000, 10],
      [3000, 0],
      [3000, 5],
      [3000, 10],
    ]);
    expect(() => mapCells(base(), { x: { param: 'delayMs', from: 0, to: 1000, step: 1 } })).toThrow(
      'vary.x: has 1001 values; at most 400',
    );
    expect(() => mapCells(base(), { x: { param: 'serverTimeoutMs', from: 0, to: 10, step: 5 } })).toThrow(
      'server.idleTimeoutMs: must be in 1..3600000, got 0',
    );
  });

  it('names the first bad field and its limit', () => {
    const good = base();
    expect(riskInputProblems(good)).toEqual([]);
    expect(riskInputProblems({ ...good, postShare: 2 })).toEqual([
      { path: 'postShare', message: 'must be in 0..1, got 2' },
    ]);
    expect(riskInputProblems({ ...good, server: { profile: 'uvicron' } })[0]!.message).toContain(
      'did you mean',
    );
    expect(riskInputProblems({ ...good, client: { policy: 'go-net-http', retries: 'off' } })[0]!.path).toBe(
      'client.retries',
    );
    expect(riskInputProblems({ ...good, extra: 1 })[0]!.path).toBe('risk.extra');
    expect(riskInputProblems(null)[0]!.message).toBe('must be an object, got null');
    expect(
      riskInputProblems({ ...good, traffic: { kind: 'poisson', ratePerSec: 0.01 }, processes: 100 })[0]!
        .message,
    ).toBe('is shared by 100 processes: at least 0.1/s (0.001/s each), got 0.01');
  });
});
