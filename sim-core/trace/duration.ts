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

/**
 * An instant on the run's clock: `5.003 s`, seconds with `decimals` digits grouped in threes after
 * the point so that microseconds stay readable (`5.003 120 s`). `groupWhole` groups the whole
 * seconds too (`2,400.003 s`), as the timeline's axis does.
 */
export function formatInstant(us: number, decimals = 3, options: { groupWhole?: boolean } = {}): string {
  const fixed = (us / 1_000_000).toFixed(decimals);
  const [whole = '', frac = ''] = fixed.split('.');
  const groups = frac.match(/.{1,3}/g) ?? [];
  const w = options.groupWhole ? Number(whole).toLocaleString('en-US') : whole;
  return `${w}${groups.length ? `.${groups.join('\u202f')}` : ''} s`;
}
