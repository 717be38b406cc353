/**
 * React access to the store. `useApp(selector)` re-renders when the selected value changes — use
 * it for state that changes on user actions (scenario, run, selection, mode). For per-frame state
 * (`cursorUs`, `rateUs`) use `useAppStore()` and a transient `store.subscribe` in an effect.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { browserFrames, createRunTier, TierSequencer } from './runTiers';
import type { AppStore } from './store';
import type { AppState } from './types';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore: no <StoreProvider> above this component');
  return store;
}

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

const sequencers = new WeakMap<AppStore, TierSequencer>();

/** One sequencer per store; when the last tier has switched and painted, the re-run benchmark's `rw:rerun-settled`. */
function sequencerOf(store: AppStore): TierSequencer {
  let seq = sequencers.get(store);
  if (!seq) {
    seq = new TierSequencer(browserFrames, () =>
      browserFrames.afterPaint(() => {
        const s = store.getState();
        document.documentElement.dataset.runSettled = String(s.run?.runId ?? '');
        if (s.changeRequestedAt !== null && !seq?.busy) {
          performance.measure('rw:rerun-settled', { start: s.changeRequestedAt, end: performance.now() });
        }
      }),
    );
    sequencers.set(store, seq);
  }
  return seq;
}

/**
 * Below this, `useApp` and `useAppStore` read tier `order`'s store (app/store/runTiers.ts): the
 * store's state, except that a new run arrives at the tier's turn, after the stage has painted.
 * For the panels below the stage; render it from a memoised parent, so that the store's new run
 * does not re-render the subtree before its turn.
 */
export function RunTierProvider({ order, children }: { order: number; children: ReactNode }) {
  const main = useAppStore();
  const [tier] = useState(() => createRunTier(main, order, sequencerOf(main)));
  useEffect(() => tier.connect(), [tier]);
  return <StoreContext.Provider value={tier.store}>{children}</StoreContext.Provider>;
}
