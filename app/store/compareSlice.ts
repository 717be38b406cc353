/**
 * Run B of compare mode (issue 5): a second run of the same seed and workload with another policy
 * or profile, shown beside the current one. Compare mode itself is `compareWith` (the analysis
 * slice; null: off); this slice holds run B's scenario and its `RunLifecycle` — `idle` while
 * compare mode is off, like the main run before its first run. Starting the second simulation is
 * `worker/compareRunner.ts`'s job (a second SimClient, so the main run's worker is never
 * interrupted), which reports through these actions.
 */
import type { Scenario } from '../../sim-core';
import type { RunLifecycle } from '../worker/run';
import type { RunData, SliceCreator } from './types';

/** Run B's lifecycle: `done` carries run B (made by `runData`). */
export type CompareStatus = RunLifecycle<object, { run: RunData }>;

export interface CompareSlice {
  /** Run B's scenario — run A's with `compareWith`'s client and server; null while `compareStatus` is idle. */
  compareScenario: Scenario | null;
  compareStatus: CompareStatus;
  /** Run B of `scenario` has reached `status` (both set together, so they never disagree). */
  setCompare: (scenario: Scenario, status: Exclude<CompareStatus, { status: 'idle' }>) => void;
  /** No run B (compare mode turned off). */
  clearCompare: () => void;
}

export const createCompareSlice: SliceCreator<CompareSlice> = (set) => ({
  compareScenario: null,
  compareStatus: { status: 'idle' },
  setCompare: (compareScenario, compareStatus) => set({ compareScenario, compareStatus }),
  clearCompare: () => set({ compareScenario: null, compareStatus: { status: 'idle' } }),
});
