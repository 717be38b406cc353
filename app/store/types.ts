/**
 * Shared store types. The store is one Zustand store made of slices (one file each); every slice
 * sees the whole state (`AppState`) through `get()`, and actions that span slices live in the
 * slice that owns the action's intent.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Summary } from '../../sim-core/metrics/summary';
import type { Scenario } from '../../sim-core/scenario/types';
import type { UrlSelection } from '../../sim-core/scenario/url';
import type { TraceEvent } from '../../sim-core/trace/events';
import type { TraceIndex } from '../../sim-core/trace/traceIndex';
import type { AnalysisSlice } from './analysisSlice';
import type { BreakpointSlice } from './breakpointSlice';
import type { CompareSlice } from './compareSlice';
import type { DisplaySlice } from './displaySlice';
import type { LessonSlice } from './lessonSlice';
import type { PlaybackSlice } from './playbackSlice';
import type { PreferencesSlice } from './preferencesSlice';
import type { ScenarioSlice } from './scenarioSlice';
import type { SelectionSlice } from './selectionSlice';
import type { ShareSlice } from './shareSlice';
import type { TraceSlice } from './traceSlice';

/** One finished run: the scenario that ran, its whole trace and the worker-built index. */
export interface RunData {
  runId: number;
  scenario: Scenario;
  /** The preset the scenario came from (null: custom). */
  preset: string | null;
  trace: readonly TraceEvent[];
  index: TraceIndex;
  summary: Summary;
  /** Simulation + indexing time in the worker. */
  elapsedMs: number;
  /** Where the trace came from when the simulator did not just compute it (an imported file). */
  source?: RunSource;
}

/** An imported trace file: its name, and whether the file named the scenario that produced it. */
export interface RunSource {
  kind: 'import';
  file: string;
  scenarioKnown: boolean;
}

/** What is selected: a connection (`conn`), a request (`req`) or a segment (`seg`), by id. */
export type Selection = UrlSelection;

export type AppState = ScenarioSlice &
  TraceSlice &
  PlaybackSlice &
  SelectionSlice &
  CompareSlice &
  PreferencesSlice &
  AnalysisSlice &
  BreakpointSlice &
  LessonSlice &
  DisplaySlice &
  ShareSlice;

/** A slice creator typed against the whole store (with subscribeWithSelector). */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;
