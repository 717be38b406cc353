/** Human durations for derived explanations: `420 µs`, `3 ms`, `12.3 ms`, `1.25 s` (3 significant digits). */
export function formatDuration(us: number): string {
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${sig3(us / 1_000_000)} s`;
  if (abs >= 1000) return `${sig3(us / 1000)} ms`;
  return `${sig3(us)} µs`;
}

function sig3(v: number): string {
  return String(Number(v.toPrecision(3)));
}
