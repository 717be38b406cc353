/**
 * React access to the store. `useApp(selector)` re-renders when the selected value changes — use
 * it for state that changes on user actions (scenario, run, selection, mode). For per-frame state
 * (`cursorUs`, `rateUs`) use `useAppStore()` and a transient `store.subscribe` in an effect.
 */
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
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
