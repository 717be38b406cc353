/**
 * Fuzzing the share-URL codec: decoding any query never throws, never touches
 * Object.prototype, always gives a valid scenario, and names the parameter of every problem in a
 * short message; what it gives re-encodes to a query that decodes with no problems to the same
 * state; and every valid scenario (near the limits, or a preset with overrides) round-trips
 * through encode → decode, compactly when it comes from a preset.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { fuzzParams, fuzzTimeout, PROTOTYPE_NAMES } from '../tests/fuzz';
import { limitScenarioArb, presetWithOverridesArb } from '../tests/scenarioArbitraries';
import { PRESET_NAMES, presetScenario } from './presets';
import {
  type DecodedShare,
  decodeShareQuery,
  encodeShareQuery,
  MAX_SELECTION_ID,
  MAX_T_US,
  SHARE_PARAMS,
  type UrlCompare,
  type UrlSelection,
} from './url';
import { scenarioProblems } from './validate';

const PROTOTYPE_BEFORE = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_BEFORE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.toString.call([])).toBe('[object Array]');
}

/** Decodes, and checks what every decode must give whatever the query. */
function decodeChecked(query: string, fallback = 'issue-96'): DecodedShare {
  const d = decodeShareQuery(query, fallback);
  expectPrototypeUntouched();
  expect(scenarioProblems(d.scenario)).toEqual([]);
  expect(d.preset === null || PRESET_NAMES.includes(d.preset)).toBe(true);
  if (d.t !== null) expect(Number.isSafeInteger(d.t) && d.t >= 0 && d.t <= MAX_T_US).toBe(true);
  if (d.selection) expect(d.selection.id).toBeLessThanOrEqual(MAX_SELECTION_ID);
  if (d.compare) {
    expect(CLIENT_POLICIES.some((p) => p.name === d.compare!.client)).toBe(true);
    expect(SERVER_PROFILES.some((p) => p.name === d.compare!.server)).toBe(true);
  }
  for (const p of d.problems) {
    expect(p.param.length).toBeGreaterThan(0);
    expect(p.param.length).toBeLessThanOrEqual(120);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThanOrEqual(3000);
    expect(p.message).not.toContain('\n');
  }
  return d;
}

/** What a decode gave encodes to a query that decodes to the same, with no problems. */
function expectReencodes(d: DecodedShare): void {
  const q = encodeShareQuery(d);
  const back = decodeChecked(q);
  expect(back.problems).toEqual([]);
  expect(back.scenario).toEqual(d.scenario);
  // t=0 decodes as 0 (a lesson link's "at the start", not "at the step's pause"); a share link
  // leaves the start out.
  expect(back.t).toBe(d.t === 0 ? null : d.t);
  expect(back.selection).toEqual(d.selection);
  expect(back.compare).toEqual(d.compare);
}

/** Scenario field paths of the presets (`network.delayMs`, `workload.idleMs.kind`, …). */
function fieldPaths(v: unknown, prefix = ''): string[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [prefix];
  return Object.entries(v).flatMap(([k, x]) => fieldPaths(x, prefix ? `${prefix}.${k}` : k));
}
const FIELDS = [...new Set(PRESET_NAMES.flatMap((p) => fieldPaths(presetScenario(p))))];
const HUGE = 'h'.repeat(100_000);

const segmentArb = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(
    '',
    'client',
    'server',
    'workload',
    'policy',
    'idleMs',
    'kind',
    'gapsMs',
    'x',
    'k'.repeat(1000),
  ),
  fc.string({ maxLength: 6 }),
);
const keyArb = fc.oneof(
  fc.constantFrom(
    ...SHARE_PARAMS,
    ...FIELDS,
    'server',
    'client',
    'network',
    'workload',
    'limits',
    'utm_source',
  ),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.array(segmentArb, { minLength: 1, maxLength: 4 }).map((segs) => segs.join('.')),
  fc.constant(HUGE),
);
const numberText = fc.oneof(
  fc.constantFrom(
    '-0',
    '0',
    '-1',
    'NaN',
    'Infinity',
    '1e+29',
    '1e-7',
    '9007199254740993',
    '4294967296',
    ' 5 ',
    '',
  ),
  fc.double().map(String),
  fc.integer().map(String),
);
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    `${'['.repeat(5000)}1${']'.repeat(5000)}`,
    `[${Array(5000).fill('1').join(',')}]`,
    '{"kind":"fixed","ms":1}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '[5000,',
  ),
  fc.constantFrom(...PRESET_NAMES).map((p) => JSON.stringify({ ...presetScenario(p), __proto__: null })),
);
const valueArb = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...PRESET_NAMES, ...CLIENT_POLICIES.map((p) => p.name)),
  fc.constantFrom(
    '99999999999999999999999s',
    '9.98s',
    '9977.7ms',
    '1e3',
    'req:5',
    'conn:9999999999',
    'seg:0',
    'true',
    'null',
    'client:httpx-0.23',
    'server:node-http-20,client:go-net-http',
    'client:httpx',
    'client:',
    'server:constructor',
    '__proto__:x',
    ',,,,,,,,,,,',
    'client:httpx-0.23,client:nope,server',
  ),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('client', 'server', 'x', '__proto__', ''),
        fc.constantFrom(
          ...CLIENT_POLICIES.map((p) => p.name),
          ...SERVER_PROFILES.map((p) => p.name),
          'nope',
          '',
        ),
      ),
      { maxLength: 4 },
    )
    .map((items) => items.map(([k, v]) => `${k}:${v}`).join(',')),
  numberText,
  jsonText,
  fc.string({ maxLength: 20 }),
  fc.constant(HUGE),
);
const encodeArb = fc.constantFrom<(s: string) => string>(
  (s) => s,
  encodeURIComponent,
  (s) => s.replace(/&/g, '%26').replace(/=/g, '%3D'),
  (s) => `${s}%`, // a bad escape
);
const queryArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(keyArb, valueArb, encodeArb, encodeArb), { maxLength: 8 })
    .map((pairs) => pairs.map(([k, v, ek, ev]) => `${ek(k)}=${ev(v)}`).join('&')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const selectionArb: fc.Arbitrary<UrlSelection | null> = fc.option(
  fc.record({
    kind: fc.constantFrom('conn' as const, 'req' as const, 'seg' as const),
    id: fc.oneof(fc.constantFrom(0, MAX_SELECTION_ID), fc.integer({ min: 0, max: MAX_SELECTION_ID })),
  }),
  { nil: null },
);
const compareArb: fc.Arbitrary<UrlCompare | null> = fc.option(
  fc.record({
    client: fc.constantFrom(...CLIENT_POLICIES.map((p) => p.name)),
    server: fc.constantFrom(...SERVER_PROFILES.map((p) => p.name)),
  }),
  { nil: null },
);
const tArb = fc.option(fc.oneof(fc.constantFrom(1, MAX_T_US), fc.integer({ min: 1, max: MAX_T_US })), {
  nil: null,
});

/** A string with a lone surrogate cannot be written as a URL field (only the JSON form escapes it). */
const wellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('share URL fuzz', () => {
  it(
    'any query: never throws, Object.prototype untouched, a valid scenario, problems name their parameter; the result re-encodes',
    () => {
      fc.assert(
        fc.property(
          queryArb,
          fc.constantFrom(...PRESET_NAMES, 'constructor', '__proto__', ''),
          (query, fallback) => {
            const d = decodeChecked(query, fallback);
            expectReencodes(d);
          },
        ),
        fuzzParams('url.decode', 3000),
      );
    },
    fuzzTimeout(3000, 4),
  );

  it(
    'every valid scenario near the limits, with a time and a selection, round-trips',
    () => {
      fc.assert(
        fc.property(
          limitScenarioArb,
          fc.constantFrom<string | null>(null, ...PRESET_NAMES),
          tArb,
          selectionArb,
          compareArb,
          (scenario, preset, t, selection, compare) => {
            const q = encodeShareQuery({ scenario, preset, t, selection, compare });
            const back = decodeChecked(q);
            expect(back.problems).toEqual([]);
            expect(back.scenario).toEqual(scenario);
            expect(back.t).toBe(t);
            expect(back.selection).toEqual(selection);
            expect(back.compare).toEqual(compare);
          },
        ),
        fuzzParams('url.roundtrip', 1500),
      );
    },
    fuzzTimeout(1500, 8),
  );

  it(
    'a preset with overrides round-trips, as preset=…&field=… whenever the preset’s fields are all kept',
    () => {
      fc.assert(
        fc.property(presetWithOverridesArb, tArb, ({ preset, scenario }, t) => {
          const q = encodeShareQuery({ scenario, preset, t, selection: null });
          const back = decodeChecked(q);
          expect(back.problems).toEqual([]);
          expect(back.scenario).toEqual(scenario);
          // Every preset has a description, and no parameter removes a field.
          const expressible =
            scenario.description !== undefined &&
            wellFormed(scenario.name) &&
            wellFormed(scenario.description);
          expect(q.startsWith(`preset=${preset}&`)).toBe(expressible);
          if (!expressible) expect(q.startsWith('scenario=')).toBe(true);
          expect(back.preset).toBe(expressible ? preset : null);
        }),
        fuzzParams('url.preset-overrides', 1500),
      );
    },
    fuzzTimeout(1500, 6),
  );

  it('every name on Object.prototype as a key segment and as a value: ignored with a problem naming the parameter', () => {
    let cases = 0;
    for (const name of PROTOTYPE_NAMES) {
      const asKey = [
        name,
        `${name}.polluted`,
        `client.${name}`,
        `client.${name}.x`,
        `workload.${name}`,
        `${name}.toString`,
      ];
      for (const key of asKey) {
        for (const value of ['1', name, '{"polluted":1}']) {
          const d = decodeChecked(`preset=issue-96&${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
          expect(d.problems.map((p) => p.param)).toEqual([key]);
          expect(d.scenario).toEqual(presetScenario('issue-96'));
          cases++;
        }
      }
      for (const param of [
        'preset',
        'client.policy',
        'server.profile',
        'workload.kind',
        'workload.method',
        't',
        'sel',
        'seed',
      ]) {
        const d = decodeChecked(`preset=issue-96&${param}=${encodeURIComponent(name)}`);
        expect(d.problems.map((p) => p.param)).toContain(param);
        expect(d.scenario).toEqual(presetScenario('issue-96'));
        cases++;
      }
      const json = `{"${name}":{"polluted":1},"client":{"${name}":{"polluted":1}},"workload":{"kind":"${name}"}}`;
      const d = decodeChecked(`scenario=${encodeURIComponent(json)}`);
      expect(d.problems.map((p) => p.param)).toEqual(['scenario']);
      cases++;
    }
    expect(cases).toBe(PROTOTYPE_NAMES.length * (6 * 3 + 8 + 1));
  });
});
