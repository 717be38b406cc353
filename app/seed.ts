/** Seeds are unsigned 32-bit integers (sim-core's PRNG reads `seed >>> 0`). */
export const MAX_SEED = 0xffff_ffff;

export type SeedParse = { ok: true; seed: number } | { ok: false; message: string };

/** Parses what a person typed into the seed field; the message says what is accepted. */
export function parseSeed(text: string): SeedParse {
  const s = text.trim();
  const range = `a whole number from 0 to ${MAX_SEED}`;
  if (s === '') return { ok: false, message: `Enter a seed: ${range}.` };
  if (!/^\d+$/.test(s)) {
    return { ok: false, message: `Seed must be ${range} (digits only); got “${truncate(s)}”.` };
  }
  const seed = Number(s);
  if (seed > MAX_SEED) return { ok: false, message: `Seed must be at most ${MAX_SEED}; got ${truncate(s)}.` };
  return { ok: true, seed };
}

function truncate(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}
