import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../tests/arbitraries';
import { presetScenario } from './presets';
import { decodeShareQuery, encodeShareQuery, parseQuery, parseTimeParam } from './url';

const issue96 = presetScenario('issue-96');

describe('share URL codec', () => {
  it('writes a preset with its changed fields compactly, and reads it back', () => {
    const scenario = {
      ...issue96,
      client: { ...issue96.client, policy: 'httpx-0.23' },
      server: { ...issue96.server, idleTimeoutMs: 4000 },
    };
    const q = encodeShareQuery({
      scenario,
      preset: 'issue-96',
      t: 9_977_738,
      selection: { kind: 'req', id: 8 },
    });
    expect(q).toBe(
      'preset=issue-96&seed=96&client.policy=httpx-0.23&server.idleTimeoutMs=4000&t=9977738&sel=req:8',
    );
    const back = decodeShareQuery(q, 'issue-96');
    expect(back.problems).toEqual([]);
    expect(back.scenario).toEqual(scenario);
    expect(back).toMatchObject({ preset: 'issue-96', t: 9_977_738, selection: { kind: 'req', id: 8 } });
  });

  it('opens ?preset=NAME at time zero with the preset’s seed', () => {
    const d = decodeShareQuery('?preset=polling-at-timeout', 'issue-96');
    expect(d.problems).toEqual([]);
    expect(d.scenario).toEqual(presetScenario('polling-at-timeout'));
    expect(d).toMatchObject({ preset: 'polling-at-timeout', t: null, selection: null, hasScenario: true });
    expect(decodeShareQuery('', 'issue-96')).toMatchObject({ preset: 'issue-96', hasScenario: false });
  });

  it('carries a scenario that is not a preset plus overrides as JSON', () => {
    const custom = {
      ...issue96,
      name: 'mine',
      workload: { kind: 'sequential' as const, gapsMs: [5000], method: 'GET' as const, path: '/x' },
    };
    const q = encodeShareQuery({ scenario: custom, preset: null, t: null, selection: null });
    expect(q.startsWith('scenario=')).toBe(true);
    const back = decodeShareQuery(q, 'issue-96');
    expect(back.problems).toEqual([]);
    expect(back.scenario).toEqual(custom);
    expect(back.preset).toBeNull();
  });

  it('names the parameter and the limit for bad values, and falls back to the preset’s value', () => {
    const d = decodeShareQuery(
      'preset=issue-96&network.delayMs=99999&network.jitterMs=abc&seed=-1&t=soon&sel=conn&network.dealyMs=3&colour=red',
      'issue-96',
    );
    const byParam = Object.fromEntries(d.problems.map((p) => [p.param, p.message]));
    expect(byParam['network.delayMs']).toBe('must be from 0 to 10000, got 99999; using 2');
    expect(byParam['network.jitterMs']).toBe('must be a number, got "abc"; using 0.5');
    expect(byParam.seed).toBe('must be a whole number from 0 to 4294967295, got "-1"; using 96');
    expect(byParam.t).toContain('must be a time of at least 0');
    expect(byParam.sel).toContain('must be conn:N, req:N or seg:N');
    expect(byParam['network.dealyMs']).toContain('unknown field (did you mean "delayMs"?)');
    expect(byParam.colour).toContain('unknown parameter');
    expect(d.scenario).toEqual(issue96);
    expect(d.t).toBeNull();
    expect(d.selection).toBeNull();
  });

  it('rejects an unknown preset or a broken scenario with a clear message and opens the fallback', () => {
    const p = decodeShareQuery('preset=isue-96', 'issue-96');
    expect(p.problems).toEqual([
      {
        param: 'preset',
        message: expect.stringContaining('unknown preset "isue-96" (did you mean "issue-96"?)'),
      },
    ]);
    expect(p.scenario).toEqual(issue96);
    const s = decodeShareQuery(`scenario=${encodeURIComponent('{"seed": "x"')}`, 'issue-96');
    expect(s.problems[0]!.param).toBe('scenario');
    expect(s.problems[0]!.message).toContain('not valid JSON');
    const v = decodeShareQuery(`scenario=${encodeURIComponent('{"network":{"delayMs":-1}}')}`, 'issue-96');
    expect(v.problems[0]!.message).toContain('network.delayMs: must be from 0 to 10000, got -1');
  });

  it('blames the overrides in a cross-field conflict and keeps the preset’s values', () => {
    const d = decodeShareQuery('preset=issue-96&workload.idleMs.minMs=9000', 'issue-96');
    expect(d.problems.map((p) => p.param)).toEqual(['workload.idleMs.minMs']);
    expect(d.problems[0]!.message).toContain('workload.idleMs.maxMs: must be at least minMs (9000)');
    expect(d.scenario).toEqual(issue96);
  });

  it('reads times in µs, ms or s', () => {
    expect(parseTimeParam('9977738')).toBe(9_977_738);
    expect(parseTimeParam('9977.7ms')).toBe(9_977_700);
    expect(parseTimeParam('9.98s')).toBe(9_980_000);
    expect(parseTimeParam('-1')).toBeNull();
    expect(parseTimeParam('1e3')).toBeNull();
  });

  it('parses queries with escapes, pluses and repeated keys', () => {
    expect(parseQuery('?a=1&b=x%20y+z&a=2&c')).toEqual([
      ['a', '1'],
      ['b', 'x y z'],
      ['a', '2'],
      ['c', ''],
    ]);
  });

  it('round-trips any valid scenario, time and selection (compact or whole)', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.option(fc.integer({ min: 1, max: 1e10 }), { nil: null }),
        fc.option(
          fc.record({
            kind: fc.constantFrom('conn' as const, 'req' as const, 'seg' as const),
            id: fc.integer({ min: 0, max: 1e6 }),
          }),
          { nil: null },
        ),
        fc.constantFrom('issue-96', 'polling-at-timeout', null),
        (scenario, t, selection, preset) => {
          const back = decodeShareQuery(encodeShareQuery({ scenario, preset, t, selection }), 'issue-96');
          expect(back.problems).toEqual([]);
          expect(back.scenario).toEqual(scenario);
          expect(back.t).toBe(t);
          expect(back.selection).toEqual(selection);
        },
      ),
      { numRuns: 150 },
    );
  });
});
