/**
 * The current run's trace and its index. Replaced whole when a run finishes (by the scenario
 * slice's `receiveRunState`, or the share slice's `openImportedRun`); never mutated
 * (views may keep references to `run.trace` and `run.index` for as long as `run` is current).
 *
 * Index cheat-sheet (sim-core/trace/traceIndex.ts): `times[seq]` event times; `connections`,
 * `requests` (with attempts) as objects; `segments` as columns (sentAt/arriveAt/flag/from/label);
 * `byConn` / `byReq` event seqs per entity (`eventsOf(rows, id)`); `failures` with a plain cause
 * sentence; `raceWindows`; stage `lanes`; fold `keyframes` (use a TraceFolder to get the world at t).
 */
import type { RunData, SliceCreator } from './types';

export interface TraceSlice {
  /** The run the views show (null before the first run finishes). */
  run: RunData | null;
}

export const createTraceSlice: SliceCreator<TraceSlice> = () => ({
  run: null,
});
