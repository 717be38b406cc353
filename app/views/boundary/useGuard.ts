import { useCallback, useState } from 'react';

/**
 * Wraps callbacks that run outside React's render (store subscriptions, d3 handlers): an
 * exception there is re-thrown during the next render, where the nearest PanelBoundary catches
 * it, instead of escaping into the store's `set` (and stopping every other subscriber).
 */
export function useGuard(): <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void {
  const [, setState] = useState(0);
  return useCallback(
    <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A) => {
        try {
          fn(...args);
        } catch (e) {
          setState(() => {
            throw e;
          });
        }
      },
    [],
  );
}
