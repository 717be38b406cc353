/**
 * Shared store types. The store is one Zustand store made of slices (one file each); every slice
 * sees the whole state (`AppState`) through `get()`, and actions that span slices live in the
 * slice that owns the action's intent.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { UrlSelection } from '../../sim-core';
import type { AnalysisSlice } from './analysisSlice';
import type { BreakpointSlice } from './breakpointSlice';
import type { CompareSlice } from './compareSlice';
import type { DisplaySlice } from './displaySlice';
import type { LessonSlice } from './lessonSlice';
import type { PlaybackSlice } from './playbackSlice';
import type { PreferencesSlice } from './preferencesSlice';
import type { RiskSlice } from './riskSlice';
import type { ScenarioSlice } from './scenarioSlice';
import type { SelectionSlice } from './selectionSlice';
import type { ShareSlice } from './shareSlice';
import type { TraceSlice } from './traceSlice';

/** One finished run as the views show it (made by `runData`, app/worker/run.ts). */
export type { RunData, RunSource } from '../worker/run';

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
  ShareSlice &
  RiskSlice;

/** A slice creator typed against the whole store (with subscribeWithSelector). */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;
