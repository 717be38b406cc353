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
import { createCompareSlice } from './compareSlice';
import { createPlaybackSlice } from './playbackSlice';
import { createPreferencesSlice } from './preferencesSlice';
import { createScenarioSlice, type SimPort } from './scenarioSlice';
import { createSelectionSlice } from './selectionSlice';
import { createTraceSlice } from './traceSlice';
import type { AppState } from './types';

export interface StoreDeps {
  sim: SimPort;
}

export function createAppStore(deps: StoreDeps) {
  return createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createScenarioSlice(deps.sim)(...a),
      ...createTraceSlice(...a),
      ...createPlaybackSlice(...a),
      ...createSelectionSlice(...a),
      ...createCompareSlice(...a),
      ...createPreferencesSlice(...a),
      ...createAnalysisSlice(...a),
    })),
  );
}

export type AppStore = ReturnType<typeof createAppStore>;
export type { StoreApi };
