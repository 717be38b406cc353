import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../tests/arbitraries';
import { PROTOTYPE_NAMES } from '../tests/fuzz';
import { presetDerivedFrom, presetScenario } from './presets';
import { decodeShareQuery, encodeShareQuery, MAX_T_US, parseQuery, parseTimeParam } from './url';

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

  it('?preset=constructor (also __proto__, toString) opens the fallback with a problem (it threw)', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const d = decodeShareQuery(`preset=${name}`, 'issue-96');
      expect(d.problems).toEqual([
        {
          param: 'preset',
          message: `unknown preset "${name}"; allowed: issue-96, issue-96-fixed, polling-at-timeout, leaky-idle-timer. Opened issue-96 instead.`,
        },
      ]);
      expect(d.scenario).toEqual(issue96);
      expect(decodeShareQuery('', name).preset).toBe('issue-96');
    }
  });

  it('a link cannot reach Object.prototype: __proto__, constructor, prototype segments are refused by name', () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    const objectToString = Object.prototype.toString;
    for (const query of [
      '__proto__.polluted=1',
      'client.__proto__.x=1',
      '__proto__.toString=x',
      '__proto__.dangerouslySetInnerHTML.__html=x',
      'constructor.prototype.polluted=1',
      'client.constructor.prototype.polluted=1',
      'workload.prototype=1',
    ]) {
      const d = decodeShareQuery(`preset=issue-96&${query}`, 'issue-96');
      const param = query.slice(0, query.indexOf('='));
      const segment = ['__proto__', 'constructor', 'prototype'].find((s) => param.split('.').includes(s));
      expect(d.problems).toEqual([
        {
          param,
          message: `cannot name a field "${segment}" (it would reach the object's prototype); ignored`,
        },
      ]);
      expect(d.scenario).toEqual(issue96);
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
    expect(Object.prototype.toString).toBe(objectToString);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Other names on Object.prototype are unknown fields.
    const d = decodeShareQuery('preset=issue-96&client.toString=x&client.hasOwnProperty.x=1', 'issue-96');
    expect(d.problems.map((p) => [p.param, p.message.split(';')[0]])).toEqual([
      ['client.toString', 'unknown field'],
      ['client.hasOwnProperty.x', 'client.hasOwnProperty: unknown field'],
    ]);
  });

  it('an empty name segment gets a clear message (the path was "scenario.")', () => {
    for (const key of ['.x', 'client.', 'client..policy']) {
      expect(decodeShareQuery(`${key}=1`, 'issue-96').problems).toEqual([
        { param: key, message: 'has an empty field name (nothing between two dots, or at an end); ignored' },
      ]);
    }
    expect(decodeShareQuery('=1', 'issue-96').problems).toEqual([
      { param: '(no name)', message: 'a parameter with an empty name (ignored)' },
    ]);
  });

  it('t is bounded by the longest run, and encode never writes a t that decode refuses (t=1e+29 was written)', () => {
    const d = decodeShareQuery('t=99999999999999999999999s', 'issue-96');
    expect(d.t).toBeNull();
    expect(d.problems).toEqual([
      {
        param: 't',
        message:
          'must be at most 86400000000 µs (24 h, the longest run), got "99999999999999999999999s"; starting at 0',
      },
    ]);
    expect(decodeShareQuery(`t=${MAX_T_US}`, 'issue-96')).toMatchObject({ t: MAX_T_US, problems: [] });
    // Fuzz case (url.decode, after 10,782 cases): t=0 decodes as 0, and encoding it leaves it out.
    expect(decodeShareQuery('t=0', 'issue-96')).toMatchObject({ t: 0, problems: [] });
    expect(encodeShareQuery({ scenario: issue96, preset: 'issue-96', t: 0, selection: null })).toBe(
      'preset=issue-96&seed=96',
    );
    const state = { scenario: issue96, preset: 'issue-96', selection: null };
    expect(encodeShareQuery({ ...state, t: 1e29 })).toBe(`preset=issue-96&seed=96&t=${MAX_T_US}`);
    expect(encodeShareQuery({ ...state, t: Number.NaN })).toBe('preset=issue-96&seed=96');
    expect(encodeShareQuery({ ...state, t: -5 })).toBe('preset=issue-96&seed=96');
    expect(encodeShareQuery({ ...state, t: null, selection: { kind: 'req', id: 1e12 } })).toBe(
      'preset=issue-96&seed=96',
    );
  });

  it('quotes at most ~80 characters of a bad value or an unknown name, and clips the parameter', () => {
    const huge = 'k'.repeat(1_000_000);
    const d = decodeShareQuery(
      `${huge}=1&client.${huge}=2&client.policy=${'p'.repeat(1_000_000)}&network.delayMs=${'9'.repeat(5000)}x&seed=${huge}`,
      'issue-96',
    );
    for (const p of d.problems) {
      expect(p.param.length).toBeLessThanOrEqual(120);
      expect(p.message.length).toBeLessThanOrEqual(400);
    }
    expect(d.problems.map((p) => p.param)).toEqual([
      `${'k'.repeat(80)}… (1000000 characters)`,
      `client.${'k'.repeat(73)}… (1000007 characters)`,
      'network.delayMs',
      'client.policy',
      'seed',
    ]);
    expect(d.problems[1]!.message).toBe(
      `unknown field "${'k'.repeat(40)}…" (1000000 characters) (no field name is that long); ignored`,
    );
    expect(d.problems[3]!.message).toBe('is a text of 1000000 characters; at most 10000; using http3-0.6');
    expect(d.scenario).toEqual(issue96);
  });

  it('a scenario nested 100,000 deep in a link is one problem naming the field and the limit', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const json = `{"workload":{"kind":"sequential","method":"GET","path":"/","gapsMs":[${deep}]}}`;
    const d = decodeShareQuery(`scenario=${encodeURIComponent(json)}`, 'issue-96');
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.message).toMatch(
      /^workload\.gapsMs(\[0\])+: is nested more than 16 levels deep; at most 16\. Opened issue-96 instead\.$/,
    );
    const field = decodeShareQuery(`preset=polling-at-timeout&workload.gapsMs=[${deep}]`, 'issue-96');
    expect(field.problems[0]!.param).toBe('workload.gapsMs');
    expect(field.problems[0]!.message).toContain('is nested more than 16 levels deep; at most 16');
    expect(field.scenario).toEqual(presetScenario('polling-at-timeout'));
  });

  it('encode never throws: an invalid scenario is carried for decode to name, one too big to write is left out', () => {
    const bad = { ...issue96, network: { delayMs: -1, jitterMs: 0 } };
    const q = encodeShareQuery({ scenario: bad, preset: 'issue-96', t: null, selection: null });
    expect(q.startsWith('scenario=')).toBe(true);
    expect(decodeShareQuery(q, 'issue-96').problems[0]!.message).toContain(
      'network.delayMs: must be from 0 to 10000, got -1',
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const tooDeep = { ...issue96, network: { delayMs: deep, jitterMs: 0 } } as unknown as typeof issue96;
    expect(encodeShareQuery({ scenario: tooDeep, preset: 'issue-96', t: 5, selection: null })).toBe('t=5');
    const big = { ...issue96, seed: 10n } as unknown as typeof issue96;
    expect(encodeShareQuery({ scenario: big, preset: null, t: null, selection: null })).toBe('');
  });

  it('an imported trace of a preset with a changed client links compactly (presetDerivedFrom)', () => {
    // What a trace file's header gives back: the preset, client changed, name and description kept.
    const imported = JSON.parse(
      JSON.stringify({ ...issue96, client: { ...issue96.client, policy: 'httpx-0.23' } }),
    );
    const preset = presetDerivedFrom(imported);
    expect(preset).toBe('issue-96');
    const q = encodeShareQuery({ scenario: imported, preset, t: null, selection: null });
    expect(q).toBe('preset=issue-96&seed=96&client.policy=httpx-0.23');
    expect(decodeShareQuery(q, 'polling-at-timeout')).toMatchObject({
      scenario: imported,
      preset: 'issue-96',
      problems: [],
    });
  });

  it('writes a whole section or object when a field of the preset is gone (another workload kind, a distribution)', () => {
    const leaky = presetScenario('leaky-idle-timer');
    const { leakyIdleTimer: _, ...server } = leaky.server;
    const cases = [
      { ...leaky, server },
      {
        ...issue96,
        workload: { kind: 'sequential' as const, gapsMs: [5000, 10], method: 'GET' as const, path: '/x' },
      },
      { ...issue96, server: { ...issue96.server, processing: { kind: 'fixed' as const, ms: 3 } } },
    ];
    const expected = [
      /^preset=leaky-idle-timer&seed=824&server=\{.*\}$/,
      /^preset=issue-96&seed=96&workload=\{.*\}$/,
      /^preset=issue-96&seed=96&server\.processing=\{.*\}$/,
    ];
    cases.forEach((scenario, i) => {
      const preset = presetDerivedFrom(scenario)!;
      const q = encodeShareQuery({ scenario, preset, t: null, selection: null });
      expect(decodeURIComponent(q)).toMatch(expected[i]!);
      const back = decodeShareQuery(q, 'issue-96');
      expect(back.problems).toEqual([]);
      expect(back.scenario).toEqual(scenario);
      expect(back.preset).toBe(preset);
    });
    // Without the description a preset has, only the whole JSON reproduces it.
    const { description: __, ...bare } = issue96;
    expect(encodeShareQuery({ scenario: bare, preset: 'issue-96', t: null, selection: null })).toMatch(
      /^scenario=/,
    );
  });

  it('never throws and leaves Object.prototype alone for a prototype name anywhere in the query', () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    for (const name of PROTOTYPE_NAMES) {
      const n = encodeURIComponent(name);
      decodeShareQuery(`${n}=${n}&${n}.${n}=${n}&preset=${n}&sel=${n}&t=${n}&scenario=${n}`, name);
    }
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
  });
});

describe('compare mode in the link', () => {
  it('writes what run B differs by, and reads it back as compare mode on', () => {
    const q = encodeShareQuery({
      scenario: issue96,
      preset: 'issue-96',
      t: null,
      selection: null,
      compare: { client: 'httpx-0.23', server: 'uvicorn' },
    });
    expect(q).toBe('preset=issue-96&seed=96&compare=client:httpx-0.23');
    const back = decodeShareQuery(q, 'issue-96');
    expect(back.problems).toEqual([]);
    expect(back.compare).toEqual({ client: 'httpx-0.23', server: 'uvicorn' });
    const both = { client: 'go-net-http', server: 'node-http-20' };
    const q2 = encodeShareQuery({
      scenario: issue96,
      preset: 'issue-96',
      t: 5,
      selection: null,
      compare: both,
    });
    expect(q2).toBe('preset=issue-96&seed=96&compare=client:go-net-http,server:node-http-20&t=5');
    expect(decodeShareQuery(q2, 'issue-96').compare).toEqual(both);
    // B equal to A is still compare mode on; no compare: nothing written, compare mode off.
    const same = { client: 'http3-0.6', server: 'uvicorn' };
    const q3 = encodeShareQuery({
      scenario: issue96,
      preset: 'issue-96',
      t: null,
      selection: null,
      compare: same,
    });
    expect(q3).toBe('preset=issue-96&seed=96&compare=client:http3-0.6');
    expect(decodeShareQuery(q3, 'issue-96').compare).toEqual(same);
    expect(encodeShareQuery({ scenario: issue96, preset: 'issue-96', t: null, selection: null })).toBe(
      'preset=issue-96&seed=96',
    );
    expect(decodeShareQuery('preset=issue-96', 'issue-96').compare).toBeNull();
    // What B lacks is A's, whatever A's link says.
    const d = decodeShareQuery('preset=issue-96-fixed&compare=server:node-http-20', 'issue-96');
    expect(d.compare).toEqual({ client: 'httpx-0.23', server: 'node-http-20' });
  });

  it('names every bad item, with the allowed names, and ignores it', () => {
    const d = decodeShareQuery('preset=issue-96&compare=client:htpx-0.23,server:node-http-20', 'issue-96');
    expect(d.compare).toEqual({ client: 'http3-0.6', server: 'node-http-20' });
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.param).toBe('compare');
    expect(d.problems[0]!.message).toMatch(
      /^unknown client "htpx-0\.23" \(did you mean "httpx-0\.23"\?\); allowed: .*httpx-0\.23.*; ignored$/,
    );
    const off = decodeShareQuery('preset=issue-96&compare=sever:uvicorn', 'issue-96');
    expect(off.compare).toBeNull();
    expect(off.problems[0]!.message).toMatch(
      /^"sever:uvicorn" is not client:, server:, expiry:, delay: or timeout: \(did you mean "server"\?\); ignored \(compare mode is off\)$/,
    );
    for (const bad of ['', 'on', 'client:constructor', '__proto__:x', `client:${'x'.repeat(5000)}`]) {
      const b = decodeShareQuery(`preset=issue-96&compare=${bad}`, 'issue-96');
      expect(b.compare, bad).toBeNull();
      expect(b.problems.length, bad).toBeGreaterThan(0);
      for (const p of b.problems) expect(p.message.length, bad).toBeLessThan(400);
      expect(b.problems[b.problems.length - 1]!.message, bad).toMatch(/compare mode is off\)?$/);
    }
    const many = decodeShareQuery(`compare=${Array(20).fill('client:httpx-0.23').join(',')}`, 'issue-96');
    expect(many.compare).toEqual({ client: 'httpx-0.23', server: 'uvicorn' });
    expect(many.problems.map((p) => p.message)).toEqual([
      'has 20 items; at most 8 are read, the rest are ignored',
    ]);
  });
});
