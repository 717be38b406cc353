/** Test helpers: a store with a fake simulation port, and finished runs built from traces. */
import type { Scenario, Summary, TraceEvent } from '../../sim-core';
import { buildTraceIndex, presetScenario, scenarioClientExpiryMs } from '../../sim-core';
import type { RunState } from '../worker/client';
import type { ScenarioChanges } from '../worker/protocol';
import type { StorageLike } from './lessonProgress';
import type { SimPort } from './scenarioSlice';
import { type AppStore, createAppStore } from './store';

export interface FakePort extends SimPort {
  calls: (
    | { type: 'run'; scenario: Scenario }
    | { type: 'fork'; changes: ScenarioChanges; whole: Scenario }
  )[];
  cancelled: number;
}

export function fakePort(): FakePort {
  let next = 1;
  const port: FakePort = {
    calls: [],
    cancelled: 0,
    run: (scenario) => {
      port.calls.push({ type: 'run', scenario });
      return next++;
    },
    fork: (changes, whole) => {
      port.calls.push({ type: 'fork', changes, whole });
      return next++;
    },
    cancel: () => {
      port.cancelled++;
    },
  };
  return port;
}

export function testStore(storage: StorageLike | null = null): { store: AppStore; port: FakePort } {
  const port = fakePort();
  return { store: createAppStore({ sim: port, storage }), port };
}

/** The `done` RunState a worker would report for `trace` run as `scenario`. */
export function doneState(
  runId: number,
  trace: TraceEvent[],
  scenario: Scenario = presetScenario('issue-96'),
) {
  const index = buildTraceIndex(trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) });
  const state: RunState = {
    status: 'done',
    runId,
    scenario,
    trace,
    index,
    summary: { events: trace.length } as Summary,
    elapsedMs: 5,
  };
  return state;
}
