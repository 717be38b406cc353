/**
 * Fuzzing scenario validation and run: validation never throws and names a path for every
 * problem, whatever the input (arbitrary values, mutated valid scenarios, names on
 * Object.prototype at every key and enum position, huge strings, deep nesting, boundary
 * numbers); what it accepts runs, and round-trips through JSON and through a trace file
 * (serializeTrace → parseTrace) unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { fuzzParams, fuzzTimeout, PROTOTYPE_NAMES } from '../tests/fuzz';
import { limitScenarioArb, withSmallLimits } from '../tests/scenarioArbitraries';
import { parseTrace, serializeTrace } from '../trace/io';
import { withDefaults } from './defaults';
import { PRESET_NAMES, presetScenario } from './presets';
import type { Scenario } from './types';
import { type Problem, scenarioProblems } from './validate';

const PROTOTYPE_BEFORE = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_BEFORE);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Validation's answer, checked for shape: a short path and a short one-line message each. */
function problemsOf(v: unknown): Problem[] {
  const ps = scenarioProblems(v);
  expect(Array.isArray(ps)).toBe(true);
  expect(ps.length).toBeLessThanOrEqual(120);
  for (const p of ps) {
    expect(typeof p.path).toBe('string');
    expect(p.path.length).toBeGreaterThan(0);
    expect(p.path.length).toBeLessThanOrEqual(200);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThanOrEqual(600);
    expect(p.message).not.toContain('\n');
  }
  return ps;
}

/** A valid scenario survives JSON unchanged (so a trace file's header re-imports as it was). */
function expectJsonRoundTrip(s: Scenario): void {
  const json: unknown = JSON.parse(JSON.stringify(s));
  expect(scenarioProblems(json)).toEqual([]);
  expect(json).toEqual(s);
}

/** A valid scenario runs (with small limits), and its trace file re-imports with the same scenario. */
function expectRunsAndRoundTrips(s: Scenario): void {
  expectJsonRoundTrip(s);
  const small = withSmallLimits(s, 8);
  const { trace } = runScenario(small, { maxEvents: 1500 });
  const text = serializeTrace(trace, small);
  // The header's scenario, exactly as the importer reads it.
  const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { scenario: unknown };
  expect(scenarioProblems(header.scenario)).toEqual([]);
  expect(header.scenario).toEqual(small);
  const back = parseTrace(text);
  expect(back.ok ? [] : back.problems).toEqual([]);
  if (back.ok) expect(back.scenario).toEqual(small);
}

const HUGE = 'a'.repeat(1_000_000);
const nest = (n: number, wrap: (x: unknown) => unknown) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
};
const DEEP_LIST = nest(5000, (x) => [x]);
const DEEP_OBJECT = nest(5000, (x) => ({ kind: x }));
/**
 * The huge and deep values, by name: generated as `{ special: name }` and put in place by
 * mutate, so that a failing case prints its name, not 1 MB (or a stack overflow).
 */
const SPECIAL: Record<string, unknown> = { HUGE, DEEP_LIST, DEEP_OBJECT };
interface Special {
  special: keyof typeof SPECIAL;
}
const specialArb = fc.constantFrom(...Object.keys(SPECIAL)).map((special): Special => ({ special }));
const isSpecial = (v: unknown): v is Special =>
  typeof v === 'object' &&
  v !== null &&
  Object.keys(v).length === 1 &&
  Object.hasOwn(v, 'special') &&
  Object.hasOwn(SPECIAL, (v as Special).special);
const resolve = (v: unknown) => (isSpecial(v) ? SPECIAL[v.special] : v);

const BOUNDARY_NUMBERS = [
  -0,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  -1,
  0.001,
  0.000999,
  1,
  0.5,
  1000.0000001,
  3_600_000,
  3_600_000.0000005,
  4294967295,
  4294967296,
  86_400_000,
  1e21,
  1e-7,
];

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...BOUNDARY_NUMBERS),
  specialArb,
  fc.constantFrom(undefined, null, [], {}, '', ' ', true),
  fc.anything({
    maxDepth: 2,
    withNullPrototype: true,
    withSparseArray: true,
    withBoxedValues: true,
    withBigInt: true,
  }),
);

const keyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom('', 'kind', 'ms', 'minMs', 'policy', 'gapsMs', 'x.y', 'k'.repeat(100_000)),
  fc.string({ maxLength: 12 }),
);

type Mutation = { op: 'set' | 'add' | 'delete'; at: number; key: string; value: unknown };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set' as const, 'add' as const, 'delete' as const),
  at: fc.nat(),
  key: keyArb,
  value: valueArb,
});

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Every container and leaf slot of a JSON value (a long list contributes its first and last slots). */
function slots(root: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown, depth = 0) => {
    if (depth > 6) return;
    if (Array.isArray(v)) {
      const idx = v.length <= 6 ? v.keys() : [0, 1, v.length - 1].values();
      for (const i of idx) {
        out.push({ parent: v, key: i });
        walk(v[i], depth + 1);
      }
    } else if (isPlain(v)) {
      for (const k of Object.keys(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        walk((v as Record<string, unknown>)[k], depth + 1);
      }
    }
  };
  walk(root);
  return out;
}

const define = (o: object, k: string | number, value: unknown) =>
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });

function mutate(s: Scenario, mutations: Mutation[]): unknown {
  const root = structuredClone(s) as unknown as Record<string, unknown>;
  for (const m of mutations) {
    const all = slots(root);
    // Objects only: a named field on a list is something only JavaScript makes (JSON cannot).
    const containers = [
      root,
      ...all.map((x) => (x.parent as Record<string | number, unknown>)[x.key]).filter(isPlain),
    ] as object[];
    const value = resolve(m.value);
    if (m.op === 'add') define(containers[m.at % containers.length]!, m.key, value);
    else if (all.length > 0) {
      const { parent, key } = all[m.at % all.length]!;
      if (m.op === 'delete') delete (parent as Record<string | number, unknown>)[key];
      else define(parent, key, value);
    }
  }
  return root;
}

describe('scenario validation fuzz', () => {
  it(
    'the near-limit generator gives valid scenarios, which survive JSON and withDefaults unchanged',
    () => {
      fc.assert(
        fc.property(limitScenarioArb, fc.constantFrom(...PRESET_NAMES), (s, preset) => {
          expect(problemsOf(s)).toEqual([]);
          expectJsonRoundTrip(s);
          // Defaults only fill what is missing: a valid scenario stays valid, and so do sections
          // of one on a preset's defaults.
          const defaults = presetScenario(preset);
          expect(scenarioProblems(withDefaults(s, defaults))).toEqual([]);
          expect(scenarioProblems(withDefaults({ client: s.client, limits: s.limits }, defaults))).toEqual(
            [],
          );
        }),
        fuzzParams('scenario.valid-json', 2000),
      );
    },
    fuzzTimeout(2000, 3),
  );

  it(
    'every valid scenario runs, and its trace file re-imports with the same scenario',
    () => {
      fc.assert(
        fc.property(limitScenarioArb, expectRunsAndRoundTrips),
        fuzzParams('scenario.valid-run', 300),
      );
    },
    fuzzTimeout(300, 40),
  );

  it(
    'arbitrary values: never throws, every problem names a path',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue({ maxDepth: 6 }),
            fc.anything({
              maxDepth: 4,
              withNullPrototype: true,
              withSparseArray: true,
              withBoxedValues: true,
              withBigInt: true,
              withDate: true,
              withMap: true,
              withSet: true,
              withTypedArray: true,
              withObjectString: true,
            }),
            valueArb,
          ),
          (generated) => {
            const v = resolve(generated);
            const ps = problemsOf(v);
            if (ps.length === 0) expectRunsAndRoundTrips(v as Scenario);
            expectPrototypeUntouched();
          },
        ),
        fuzzParams('scenario.arbitrary', 3000),
      );
    },
    fuzzTimeout(3000, 2),
  );

  it(
    'mutated valid scenarios: never throws, problems name a path; what is still valid runs and round-trips',
    () => {
      fc.assert(
        fc.property(
          limitScenarioArb,
          fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
          (s, mutations) => {
            const v = mutate(s, mutations);
            const ps = problemsOf(v);
            if (ps.length === 0) expectRunsAndRoundTrips(v as Scenario);
            expectPrototypeUntouched();
          },
        ),
        fuzzParams('scenario.mutated', 2000),
      );
    },
    fuzzTimeout(2000, 15),
  );

  it('a name on Object.prototype at every key and enum position is unknown, named by its path', () => {
    const chain = presetScenario('issue-96');
    const sequential: Scenario = {
      ...presetScenario('polling-at-timeout'),
      workload: { kind: 'sequential', gapsMs: [5], method: 'GET', methods: ['GET'], path: '/' },
    };
    type Slot = (string | number)[];
    /** The container at `slot` in `o`. */
    const at = (o: unknown, slot: Slot) =>
      slot.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], o) as Record<
        string | number,
        unknown
      >;
    const enums: [Scenario, Slot, string | number, string][] = [
      [chain, ['workload'], 'kind', 'workload.kind'],
      [chain, ['workload'], 'method', 'workload.method'],
      [chain, ['client'], 'policy', 'client.policy'],
      [chain, ['server'], 'profile', 'server.profile'],
      [chain, ['server', 'processing'], 'kind', 'server.processing.kind'],
      [chain, ['workload', 'idleMs'], 'kind', 'workload.idleMs.kind'],
      [sequential, ['workload', 'methods'], 0, 'workload.methods[0]'],
    ];
    const containers: [Scenario, Slot, string][] = [
      [chain, [], 'scenario'],
      [chain, ['server'], 'server'],
      [chain, ['server', 'processing'], 'server.processing'],
      [chain, ['client'], 'client'],
      [chain, ['network'], 'network'],
      [chain, ['limits'], 'limits'],
      [chain, ['workload'], 'workload'],
      [chain, ['workload', 'idleMs'], 'workload.idleMs'],
      [chain, ['workload', 'burstSize'], 'workload.burstSize'],
      [sequential, ['workload'], 'workload'],
    ];
    let cases = 0;
    for (const name of PROTOTYPE_NAMES) {
      for (const [base, slot, key, path] of enums) {
        const s = structuredClone(base);
        at(s, slot)[key] = name;
        expect(problemsOf(s).map((p) => p.path)).toContain(path);
        cases++;
      }
      for (const [base, slot, path] of containers) {
        for (const value of [1, {}, name]) {
          const s = structuredClone(base);
          define(at(s, slot), name, value);
          expect(problemsOf(s)).toContainEqual({
            path: `${path}.${name}`,
            message: expect.stringContaining('unknown field'),
          });
          cases++;
        }
      }
      // Values read from JSON text, where `__proto__` is an own key.
      const parsed: unknown = JSON.parse(`{"workload":{"kind":"${name}"},"${name}":{"polluted":1}}`);
      expect(problemsOf(parsed).length).toBeGreaterThan(0);
    }
    expect(cases).toBe(PROTOTYPE_NAMES.length * (enums.length + containers.length * 3));
    expectPrototypeUntouched();
  });
});
