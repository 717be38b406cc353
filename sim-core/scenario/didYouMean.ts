/** Levenshtein distance, for "did you mean" hints on misspelt names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Suggestions are computed only for input up to this long: a misspelling is short, and the
 * distance costs length × length (a 1 MB name took seconds).
 */
export const SUGGEST_MAX_LENGTH = 64;

/** ` (did you mean "x"?)` when a known name is close enough, else ''. */
export function didYouMean(input: string, known: readonly string[]): string {
  if (input.length > SUGGEST_MAX_LENGTH) return '';
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  const lower = input.toLowerCase();
  for (const k of known) {
    // The distance is at least the difference in length: skip what cannot be close.
    if (Math.abs(k.length - input.length) > Math.max(2, Math.floor(k.length / 3))) continue;
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}
