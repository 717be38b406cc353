/**
 * Scenario validation: the reproductions of issue 10 (§2 names on Object.prototype, §4 limits),
 * each pinned with its exact input.
 */
import { describe, expect, it } from 'vitest';
import { withDefaults } from './defaults';
import { didYouMean } from './didYouMean';
import { presetScenario } from './presets';
import { LISTED_PER_LIST, scenarioProblems } from './validate';

const base = presetScenario('issue-96');
const sequential = (gapsMs: unknown) => ({
  ...base,
  workload: { kind: 'sequential', gapsMs, method: 'GET', path: '/' },
});
const nested = (depth: number) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('scenario validation', () => {
  it('a name on Object.prototype as a workload kind is an unknown value (it threw "keys.includes is not a function")', () => {
    for (const kind of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      expect(scenarioProblems({ ...base, workload: { kind } })).toEqual([
        {
          path: 'workload.kind',
          message: `unknown value "${kind}"; allowed: sequential, poisson, idle-then-burst, service-chain`,
        },
      ]);
    }
  });

  it('reads fields as own properties: an inherited field is missing, a JSON "__proto__" key is unknown', () => {
    const inherited = { ...base, client: Object.create({ policy: 'httpx-0.23', eventLoopDelayMs: 0 }) };
    expect(scenarioProblems(inherited).map((p) => p.path)).toEqual([
      'client.policy',
      'client.eventLoopDelayMs',
    ]);
    const parsed: unknown = JSON.parse(`{"__proto__":{"version":1},"client":{"__proto__":{"policy":"x"}}}`);
    const ps = scenarioProblems(withDefaults(parsed));
    expect(ps).toContainEqual({
      path: 'scenario.__proto__',
      message: expect.stringContaining('unknown field'),
    });
    expect(ps).toContainEqual({
      path: 'client.__proto__',
      message: expect.stringContaining('unknown field'),
    });
    expect(({} as Record<string, unknown>).version).toBeUndefined();
  });

  it('checks every gap, not the first 1,000 ([1,…×1000,"x"] was accepted), listing at most a handful', () => {
    expect(scenarioProblems(sequential([...Array(1000).fill(1), 'x']))).toEqual([
      { path: 'workload.gapsMs[1000]', message: 'must be a number from 0 to 3600000, got "x"' },
    ]);
    const ps = scenarioProblems(sequential(Array(100_000).fill(-1)));
    expect(ps).toHaveLength(LISTED_PER_LIST + 1);
    expect(ps.at(-1)).toEqual({
      path: 'workload.gapsMs',
      message: '99995 more entries with problems (the first 5 are listed)',
    });
    // A hole (only JavaScript makes one) would become null in JSON.
    const holey = [1, 2, 3];
    delete holey[1];
    expect(scenarioProblems(sequential(holey))).toEqual([
      { path: 'workload.gapsMs[1]', message: 'must be a number from 0 to 3600000, got nothing' },
    ]);
    expect(scenarioProblems(sequential(Array(100_001).fill(1)))[0]).toEqual({
      path: 'workload.gapsMs',
      message: 'must have at most 100000 entries, got 100001',
    });
  });

  it('nesting 4,000 or 100,000 deep gets one problem naming the field and the limit, not a stack overflow', () => {
    for (const depth of [17, 4000, 100_000]) {
      const ps = scenarioProblems(sequential([nested(depth)]));
      expect(ps).toHaveLength(1);
      expect(ps[0]!.path).toMatch(/^workload\.gapsMs(\[0\])+$/);
      expect(ps[0]!.message).toBe('is nested more than 16 levels deep; at most 16');
    }
    // Shallow enough: the usual message.
    expect(scenarioProblems(sequential([nested(3)]))).toEqual([
      { path: 'workload.gapsMs[0]', message: 'must be a number from 0 to 3600000, got a list' },
    ]);
  });

  it('a 1 MB name is refused by its length, without quoting it whole or computing a suggestion', () => {
    const huge = 'a'.repeat(1_000_000);
    expect(scenarioProblems({ ...base, client: { ...base.client, policy: huge } })).toEqual([
      { path: 'client.policy', message: 'is a text of 1000000 characters; at most 10000' },
    ]);
    // Under the size limit, still too long for a suggestion: quoted at most 80 characters.
    const long = 'httpx-0.23'.repeat(900);
    const [p] = scenarioProblems({ ...base, client: { ...base.client, policy: long } });
    expect(p!.path).toBe('client.policy');
    expect(p!.message).toMatch(/^unknown value "(httpx-0\.23){8}…" \(9000 characters\); allowed: /);
    expect(p!.message.length).toBeLessThan(400);
    // An unknown key of 1 MB: neither the path nor the message carries it whole.
    const [k] = scenarioProblems({ ...base, network: { ...base.network, [huge]: 1 } });
    expect(k).toEqual({
      path: `network.${'a'.repeat(40)}…`,
      message: 'has a field name of 1000000 characters; at most 10000',
    });
    const [k2] = scenarioProblems({ ...base, network: { ...base.network, ['b'.repeat(5000)]: 1 } });
    expect(k2!.path).toBe(`network.${'b'.repeat(40)}…`);
    expect(k2!.message).toMatch(/^unknown field "b{80}…" \(5000 characters\); allowed: delayMs, jitterMs$/);
  });

  it('still suggests a close name for a short misspelling', () => {
    expect(didYouMean('htpx-0.23', ['httpx-0.23', 'http3-0.6'])).toBe(' (did you mean "httpx-0.23"?)');
    expect(didYouMean('x'.repeat(65), ['x'.repeat(64)])).toBe('');
  });

  it('an empty key gets a clear message on the object, not the path "scenario."', () => {
    expect(scenarioProblems({ ...base, '': 1 })).toEqual([
      {
        path: 'scenario',
        message:
          'a field with an empty name ("") is not allowed; allowed: version, name, description, seed, server, client, network, workload, limits',
      },
    ]);
    expect(scenarioProblems({ ...base, client: { ...base.client, '': 1 } })[0]!.path).toBe('client');
  });

  it('lists at most a handful of unknown fields per object', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`, i]));
    const ps = scenarioProblems({ ...base, limits: { ...base.limits, ...many } });
    expect(ps).toHaveLength(LISTED_PER_LIST + 1);
    expect(ps.at(-1)).toEqual({ path: 'limits', message: '45 more unknown fields (the first 5 are listed)' });
  });

  it('refuses what does not survive JSON: -0 (written as 0)', () => {
    expect(scenarioProblems({ ...base, network: { delayMs: -0, jitterMs: 0 } })).toEqual([
      { path: 'network.delayMs', message: 'must be from 0 to 10000, got -0 (write 0)' },
    ]);
    expect(scenarioProblems({ ...base, limits: { ...base.limits, maxDurationMs: -0 } })).toEqual([
      { path: 'limits.maxDurationMs', message: 'must be from 1 to 86400000, got -0' },
    ]);
  });

  it('refuses a lognormal whose largest draw would make a trace time inexact (the trace did not re-import)', () => {
    const lognormal = (medianMs: number, sigma: number) => ({
      ...base,
      server: { ...base.server, processing: { kind: 'lognormal', medianMs, sigma } },
    });
    expect(scenarioProblems(lognormal(3_600_000, 5))).toEqual([
      {
        path: 'server.processing.sigma',
        message:
          'with medianMs 3600000 must be at most 1.88 (a draw, up to medianMs·e^(6.66·sigma), must stay within 1000000000000 ms), got 5',
      },
    ]);
    expect(scenarioProblems(lognormal(3_600_000, 1.88))).toEqual([]);
    expect(scenarioProblems(lognormal(8, 3.83))).toEqual([]);
    expect(scenarioProblems(lognormal(8, 0.5))).toEqual([]);
  });

  it('quotes a bad value at most ~80 characters everywhere', () => {
    const long = `/${' '.repeat(150)}`;
    const [p] = scenarioProblems({ ...base, workload: { ...base.workload, path: long } });
    expect(p!.message.length).toBeLessThan(160);
    const [n] = scenarioProblems({ ...base, seed: 'z'.repeat(5000) });
    expect(n).toEqual({
      path: 'seed',
      message: `must be a number from 0 to 4294967295, got "${'z'.repeat(40)}…" (5000 characters)`,
    });
    const [f] = scenarioProblems({ ...base, seed: () => 'x'.repeat(1e6) });
    expect(f).toEqual({ path: 'seed', message: 'must be a number from 0 to 4294967295, got a function' });
  });

  it('withDefaults is not recursive: any depth, and own fields only', () => {
    const deep = { network: { delayMs: nested(200_000) } };
    const merged = withDefaults(deep) as { network: { delayMs: unknown; jitterMs: number } };
    expect(merged.network.jitterMs).toBe(base.network.jitterMs);
    expect(scenarioProblems(merged)[0]!.message).toBe('is nested more than 16 levels deep; at most 16');
    const inherited = withDefaults(Object.create({ network: { delayMs: 7 } })) as {
      network: { delayMs: number };
    };
    expect(inherited.network.delayMs).toBe(base.network.delayMs);
  });

  it('never throws, even on a value whose getter throws', () => {
    const trap = {
      ...base,
      get client(): never {
        throw new Error('boom');
      },
    };
    expect(scenarioProblems(trap)).toEqual([{ path: 'scenario', message: 'cannot be read (boom)' }]);
  });
});
