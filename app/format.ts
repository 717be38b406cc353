/** Display helpers: one place for how numbers look on the page. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** `12.3 ms`, `1,234.5 ms`, or an em dash for "no value". */
export function formatMs(ms: number | null): string {
  return ms === null ? '—' : `${oneDecimal.format(ms)} ms`;
}

/** Virtual µs → `9.977738 s`: µs precision, the unit the trace uses (the cursor, a moment to the µs). */
export function formatCursor(us: number): string {
  return `${(us / 1_000_000).toFixed(6)} s`;
}

/** Virtual µs → `12.345 s`. */
export function formatSimSeconds(us: number): string {
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** A connection id as shown everywhere: `#3`. */
export function formatConn(id: number | null): string {
  return id === null ? '—' : `#${id}`;
}
