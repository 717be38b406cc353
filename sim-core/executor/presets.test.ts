// Every preset × every client policy through both engines: XState's own actors and the
// executor must write the same trace (same hash, same length), with no machine falling back.
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_POLICIES } from '../policies';
import { runScenario } from '../run';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import { traceHash } from '../trace/hash';
import { type ExecutorMode, fallbacks, setExecutorMode } from '.';

function hashWith(mode: ExecutorMode, preset: string, policy: string): string {
  setExecutorMode(mode);
  const s = presetScenario(preset as never, 1);
  s.client.policy = policy;
  const { trace } = runScenario(s);
  return `${traceHash(trace)} ${trace.length}`;
}

describe('every preset × every client policy: executor and XState write the same trace', () => {
  afterEach(() => setExecutorMode(null));
  for (const preset of PRESET_NAMES) {
    it(preset, () => {
      const differ: string[] = [];
      for (const policy of CLIENT_POLICIES) {
        const a = hashWith('xstate', preset, policy.name);
        const b = hashWith('executor', preset, policy.name);
        if (a !== b) differ.push(`${policy.name}: xstate ${a}, executor ${b}`);
      }
      expect(differ).toEqual([]);
      expect([...fallbacks()]).toEqual([]);
    });
  }
});
