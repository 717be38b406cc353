// An outcome-only run builds only the events outcomeReads names: the two readers must not need the rest.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES } from '../policies';
import { runScenario } from '../run';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import { scenarioArb } from '../tests/arbitraries';
import type { TraceEvent } from '../trace/events';
import { FailureTracker } from './failureKinds';
import { outcomeReads } from './outcomeReads';
import { SummaryBuilder } from './summary';

/** The summary (without its hash) and the failures both readers make of `events`. */
function read(events: readonly TraceEvent[]) {
  const summary = new SummaryBuilder();
  const failures = new FailureTracker();
  for (const e of events) {
    summary.add(e, e.t);
    failures.add(e, e.t);
  }
  const { events: _count, ...rest } = summary.summary(null);
  return { summary: rest, failures: failures.failures() };
}

function expectSameReading(trace: readonly TraceEvent[]) {
  const kept = trace.filter(outcomeReads);
  // Something is left out, and something is kept, or the check says nothing.
  expect(kept.length).toBeLessThan(trace.length);
  expect(kept.length).toBeGreaterThan(2);
  expect(read(kept)).toEqual(read(trace));
}

describe('outcomeReads', () => {
  it('leaves out only events neither the summary nor the failure tracker needs: every preset × client', () => {
    for (const preset of PRESET_NAMES) {
      for (const policy of CLIENT_POLICIES) {
        const s = presetScenario(preset, 1);
        s.client.policy = policy.name;
        expectSameReading(runScenario(s).trace);
      }
    }
  });

  it('the same on random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expectSameReading(runScenario(s).trace);
      }),
      { numRuns: 60 },
    );
  });
});
