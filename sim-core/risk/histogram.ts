/**
 * Latency percentiles that merge exactly: counts in fixed logarithmic buckets (2 % wide, from
 * 1 µs to ~10^7 ms), so a shard's buckets add to another's and the merged p95/p99 do not depend
 * on how the runs were split. A percentile is its bucket's geometric middle: within ±1 %.
 */
const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);
const MIN_MS = 0.001;
export const LATENCY_BUCKETS = Math.ceil(Math.log(1e7 / MIN_MS) / LOG_RATIO) + 1;

export const emptyBuckets = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);

export function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, 1 + Math.floor(Math.log(ms / MIN_MS) / LOG_RATIO));
}

/** The middle of bucket b, ms (bucket 0 holds everything up to 1 µs). */
function middle(b: number): number {
  if (b === 0) return 0;
  return MIN_MS * RATIO ** (b - 0.5);
}

export function addBuckets(into: number[], from: readonly number[]): void {
  for (let i = 0; i < from.length; i++) into[i]! += from[i]!;
}

/** The p-th percentile (0..100), by nearest rank, rounded to 3 significant digits; null if empty. */
export function bucketPercentile(buckets: readonly number[], p: number): number | null {
  let total = 0;
  for (const c of buckets) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let b = 0; b < buckets.length; b++) {
    seen += buckets[b]!;
    if (seen >= rank) return Number(middle(b).toPrecision(3));
  }
  return null;
}
