import { describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES } from '../tests/fuzz';
import { isPresetName, PRESET_NAMES, PRESETS, presetDerivedFrom, presetScenario } from './presets';
import { scenarioProblems } from './validate';

describe('presets', () => {
  it('every preset is valid and named by its key', () => {
    for (const name of PRESET_NAMES) {
      expect(scenarioProblems(PRESETS[name]!.scenario)).toEqual([]);
      expect(PRESETS[name]!.name).toBe(name);
      expect(PRESETS[name]!.scenario.name).toBe(name);
    }
  });

  it('a name on Object.prototype is no preset (PRESETS["constructor"] was truthy)', () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(isPresetName(name)).toBe(false);
      expect(PRESETS[name]).toBeUndefined();
      expect(() => presetScenario(name)).toThrow(`unknown preset "${name}"`);
    }
    expect(isPresetName(42)).toBe(false);
  });

  it('presetDerivedFrom: the preset the scenario equals, else the one its name names, else none', () => {
    expect(presetDerivedFrom(presetScenario('polling-at-timeout'))).toBe('polling-at-timeout');
    // An imported trace of issue-96 run with another client: still derived from issue-96.
    const changed = presetScenario('issue-96');
    changed.client = { ...changed.client, policy: 'httpx-0.23' };
    changed.seed = 7;
    expect(presetDerivedFrom(changed)).toBe('issue-96');
    // Equal to issue-96-fixed in every field but the name: by its name.
    const renamed = { ...presetScenario('issue-96-fixed'), name: 'issue-96' };
    expect(presetDerivedFrom(renamed)).toBe('issue-96');
    // Exactly a preset, whatever its key order.
    const p = presetScenario('leaky-idle-timer');
    const reordered = Object.fromEntries(Object.entries(p).reverse()) as typeof p;
    expect(presetDerivedFrom(reordered)).toBe('leaky-idle-timer');
    expect(presetDerivedFrom({ ...changed, name: 'mine' })).toBeNull();
    // The name an export gives a changed preset (describe.ts) still names it.
    expect(presetDerivedFrom({ ...changed, name: 'issue-96 (modified: client httpx-0.23)' })).toBe(
      'issue-96',
    );
    expect(presetDerivedFrom({ ...changed, name: 'nope (modified: client httpx-0.23)' })).toBeNull();
    expect(presetDerivedFrom({ ...changed, name: ' (modified: x)' })).toBeNull();
    for (const name of PROTOTYPE_NAMES)
      expect(presetDerivedFrom({ ...changed, name: `${name} (modified: x)` })).toBeNull();
    for (const name of PROTOTYPE_NAMES) expect(presetDerivedFrom({ ...changed, name })).toBeNull();
  });
});
