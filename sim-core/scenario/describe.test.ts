import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioArb } from '../tests/arbitraries';
import { describeScenario, exportedScenario, withPresetIdentity } from './describe';
import { PRESET_NAMES, presetDerivedFrom, presetScenario } from './presets';
import { decodeShareQuery, encodeShareQuery } from './url';
import { STRING_LIMITS, scenarioProblems } from './validate';

const issue96 = presetScenario('issue-96');
const withClient = (policy: string) => ({ ...issue96, client: { ...issue96.client, policy } });

describe('describeScenario', () => {
  it('a preset is its name, at any seed', () => {
    for (const name of PRESET_NAMES) {
      const d = describeScenario(presetScenario(name, 12345));
      expect(d).toMatchObject({ preset: name, changes: [], label: name, note: null, name });
      expect(d.description).toBe(presetScenario(name).description);
      expect(exportedScenario(presetScenario(name, 3))).toEqual(presetScenario(name, 3));
    }
  });

  it('a changed preset says so: label, exported name and description', () => {
    const s = withClient('httpx-0.23');
    const d = describeScenario(s);
    expect(d.preset).toBe('issue-96');
    expect(d.label).toBe('issue-96 (modified: client httpx-0.23)');
    expect(d.name).toBe(d.label);
    expect(d.note).toBe('modified: client httpx-0.23');
    expect(d.description).toMatch(
      /^Preset issue-96, modified: client httpx-0\.23 \(the preset has http3-0\.6\)\. The preset: /,
    );
    const two = describeScenario({ ...s, network: { ...s.network, delayMs: 30 } });
    expect(two.label).toBe('issue-96 (modified: client httpx-0.23, network.delayMs 30)');
    const other = describeScenario({ ...s, workload: presetScenario('polling-at-timeout').workload });
    expect(other.label).toBe('issue-96 (modified: client httpx-0.23, workload sequential)');
  });

  it('many changes fit the name limit, counted', () => {
    const s = withClient('go-net-http');
    s.server = { ...s.server, profile: 'node-http-20', idleTimeoutMs: 4321, eventLoopDelayMs: 0.25 };
    s.network = { delayMs: 31, jitterMs: 1.5 };
    s.limits = { maxRequests: 500, maxDurationMs: 600_000 };
    const d = describeScenario(s);
    expect(d.changes).toHaveLength(8);
    expect(d.name.length).toBeLessThanOrEqual(STRING_LIMITS.name);
    expect(d.name).toMatch(/^issue-96 \(modified: client go-net-http, .*, \+\d+ more\)$/);
    expect(scenarioProblems(exportedScenario(s))).toEqual([]);
  });

  it('a custom scenario keeps its own name', () => {
    const mine = { ...withClient('httpx-0.23'), name: 'mine', description: 'my own' };
    expect(describeScenario(mine)).toMatchObject({
      preset: null,
      label: 'mine',
      name: 'mine',
      description: 'my own',
    });
  });

  it('round trip: an exported file is derived from its preset, imports back as the scenario, links compactly', () => {
    const s = { ...withClient('httpx-0.23'), seed: 7 };
    const file = JSON.parse(JSON.stringify(exportedScenario(s)));
    expect(file.name).toBe('issue-96 (modified: client httpx-0.23)');
    expect(scenarioProblems(file)).toEqual([]);
    expect(presetDerivedFrom(file)).toBe('issue-96');
    // Described the same way (name and description are not changes).
    expect(describeScenario(file).label).toBe('issue-96 (modified: client httpx-0.23)');
    expect(withPresetIdentity(file)).toEqual(s);
    expect(
      encodeShareQuery({ scenario: withPresetIdentity(file), preset: 'issue-96', t: null, selection: null }),
    ).toBe('preset=issue-96&seed=7&client.policy=httpx-0.23');
    // Without the identity restored, the link is still compact from the preset the name names.
    const q = encodeShareQuery({ scenario: file, preset: presetDerivedFrom(file), t: null, selection: null });
    expect(q.startsWith('preset=issue-96&seed=7&')).toBe(true);
    expect(decodeShareQuery(q, 'issue-96').scenario).toEqual(file);
  });

  it('a name or description written by hand is kept on import', () => {
    const file = exportedScenario(withClient('httpx-0.23'));
    expect(withPresetIdentity({ ...file, description: 'mine' })).toEqual({ ...file, description: 'mine' });
    // A field changed after export, the name not: kept (the label says what differs today).
    const edited = { ...file, network: { ...file.network, delayMs: 30 } };
    expect(withPresetIdentity(edited)).toEqual(edited);
    expect(describeScenario(edited).label).toBe('issue-96 (modified: client httpx-0.23, network.delayMs 30)');
  });

  it('any valid scenario: exported stays valid, JSON-safe, and comes back', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const e = exportedScenario(s);
        expect(scenarioProblems(e)).toEqual([]);
        const back = withPresetIdentity(JSON.parse(JSON.stringify(e)));
        if (
          describeScenario(s).changes.length > 0 &&
          s.name === presetScenario(describeScenario(s).preset!).name
        )
          expect(back).toEqual(
            JSON.parse(JSON.stringify({ ...s, description: presetScenario(s.name).description })),
          );
      }),
      { numRuns: 200 },
    );
  });
});
