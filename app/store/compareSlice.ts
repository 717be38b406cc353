/**
 * The compare slot (issue 5's compare mode): a second run of the same seed and workload with
 * another policy or profile, shown beside the current one. The slot holds the run and its state;
 * starting the second simulation is the compare view's job (a second SimClient, so the main run's
 * worker is never interrupted), which reports through these actions.
 */
import type { Scenario } from '../../sim-core/scenario/types';
import type { RunData, SliceCreator } from './types';

export type CompareState =
  | { status: 'off' }
  | { status: 'running'; scenario: Scenario }
  | { status: 'ready'; run: RunData }
  | { status: 'error'; scenario: Scenario; message: string };

export interface CompareSlice {
  compare: CompareState;
  setCompare: (compare: CompareState) => void;
  clearCompare: () => void;
}

export const createCompareSlice: SliceCreator<CompareSlice> = (set) => ({
  compare: { status: 'off' },
  setCompare: (compare) => set({ compare }),
  clearCompare: () => set({ compare: { status: 'off' } }),
});
