/**
 * Runs `fn` when the page is idle (or within `timeoutMs`); returns a canceller. Where the browser
 * has no `requestIdleCallback` (Safari), a short timeout stands in.
 */
export function whenIdle(fn: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(h);
  }
  const h = setTimeout(fn, 200);
  return () => clearTimeout(h);
}
