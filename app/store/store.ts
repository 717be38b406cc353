/**
 * The app store: one Zustand (vanilla) store assembled from slices, with subscribeWithSelector so
 * that per-frame views can subscribe to exactly what they draw:
 *
 *   const unsubscribe = store.subscribe((s) => s.cursorUs, (t) => draw(t));
 *
 * React components use `useApp(selector)` (app/store/context.tsx) for state that changes on user
 * actions only. See app/README.md for the slices and the rules.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnalysisSlice } from './analysisSlice';
import { createBreakpointSlice } from './breakpointSlice';
import { createCompareSlice } from './compareSlice';
import { createDisplaySlice } from './displaySlice';
import type { StorageLike } from './lessonProgress';
import { createLessonSlice } from './lessonSlice';
import { createPlaybackSlice } from './playbackSlice';
import { createPreferencesSlice } from './preferencesSlice';
import { createRiskSlice } from './riskSlice';
import { createScenarioSlice, type SimPort } from './scenarioSlice';
import { createSelectionSlice } from './selectionSlice';
import { createShareSlice } from './shareSlice';
import { createTraceSlice } from './traceSlice';
import type { AppState } from './types';

export interface StoreDeps {
  sim: SimPort;
  /** Where lesson progress and viewer preferences persist (localStorage in the page; none in tests). */
  storage?: StorageLike | null;
}

export function createAppStore(deps: StoreDeps) {
  return createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createScenarioSlice(deps.sim)(...a),
      ...createTraceSlice(...a),
      ...createPlaybackSlice(...a),
      ...createSelectionSlice(...a),
      ...createCompareSlice(...a),
      ...createPreferencesSlice(deps.storage ?? null)(...a),
      ...createAnalysisSlice(...a),
      ...createBreakpointSlice(...a),
      ...createLessonSlice(deps.storage ?? null)(...a),
      ...createDisplaySlice(...a),
      ...createShareSlice(...a),
      ...createRiskSlice(...a),
    })),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;
export type { StoreApi };
