/**
 * One run, from the page's side: where it is in its life (`RunLifecycle`), what a finished
 * simulation produced (`RunResult`) and the run the views show (`RunData`, made only by
 * `runData`). The SimClient reports a lifecycle carrying the result; the store keeps a lifecycle
 * without it (the result becomes `run`); compare mode keeps run B's.
 */
import type { Problem, Scenario, Summary, TraceEvent, TraceIndex } from '../../sim-core';
import type { RunProgress } from './protocol';

/**
 * The life of one run: nothing yet, computing, done, failed (with the scenario's field problems,
 * if that was why) or cancelled. `Running` and `Done` are what the holder keeps beside the
 * status: the SimClient the scenario and the whole result, the store only what its status line
 * shows.
 */
export type RunLifecycle<Running extends object = object, Done extends object = object> =
  | { status: 'idle' }
  | ({ status: 'running'; runId: number; progress: RunProgress | null } & Running)
  | ({ status: 'done'; runId: number } & Done)
  | { status: 'error'; runId: number | null; message: string; problems: Problem[] }
  | { status: 'cancelled'; runId: number };

/** What a finished simulation produced: the scenario that ran, its whole trace and the worker-built index. */
export interface RunResult {
  runId: number;
  scenario: Scenario;
  trace: readonly TraceEvent[];
  index: TraceIndex;
  summary: Summary;
  /** Simulation + indexing time in the worker. */
  elapsedMs: number;
}

/** An imported trace file: its name, and whether the file named the scenario that produced it. */
export interface RunSource {
  kind: 'import';
  file: string;
  scenarioKnown: boolean;
}

/** One finished run as the views show it: a result, the preset it came from, where it came from. */
export interface RunData extends RunResult {
  /** The preset the scenario came from (null: custom). */
  preset: string | null;
  /** Where the trace came from when the simulator did not just compute it (an imported file). */
  source?: RunSource;
}

/** The one constructor of `RunData` (the store's run, compare's run B, an imported trace). */
export function runData(result: RunResult, preset: string | null, source?: RunSource): RunData {
  const run: RunData = {
    runId: result.runId,
    scenario: result.scenario,
    preset,
    trace: result.trace,
    index: result.index,
    summary: result.summary,
    elapsedMs: result.elapsedMs,
  };
  if (source) run.source = source;
  return run;
}
