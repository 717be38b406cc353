/**
 * State of the analysis views (timeline, event log, compare): what the timeline shows, what the
 * log filters, and what run B of compare mode differs by. The timeline's domain changes every
 * frame while zooming: read it with a transient `store.subscribe`, never with `useApp`.
 */
import { EMPTY_LOG_FILTER, type LogFilter, type UrlCompare } from '../../sim-core';
import type { SliceCreator } from './types';

/**
 * What run B of compare mode runs with (the rest of the scenario, seed included, is run A's); the
 * share link carries it as `compare=client:…,server:…` (sim-core/scenario/compareParam.ts).
 */
export type CompareWith = UrlCompare;

export interface AnalysisSlice {
  /** The time range the timeline shows, µs; null: the whole run. */
  timelineDomain: readonly [number, number] | null;
  logFilter: LogFilter;
  /** Compare mode's run B; null: compare mode is off. */
  compareWith: CompareWith | null;
  setTimelineDomain: (domain: readonly [number, number] | null) => void;
  setLogFilter: (changes: Partial<LogFilter>) => void;
  resetLogFilter: () => void;
  setCompareWith: (with_: CompareWith | null) => void;
}

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set, get) => ({
  timelineDomain: null,
  logFilter: EMPTY_LOG_FILTER,
  compareWith: null,
  setTimelineDomain: (timelineDomain) => {
    const prev = get().timelineDomain;
    if (prev === timelineDomain) return;
    if (prev && timelineDomain && prev[0] === timelineDomain[0] && prev[1] === timelineDomain[1]) return;
    set({ timelineDomain });
  },
  setLogFilter: (changes) => set({ logFilter: { ...get().logFilter, ...changes } }),
  resetLogFilter: () => set({ logFilter: EMPTY_LOG_FILTER }),
  setCompareWith: (compareWith) => set({ compareWith }),
});
