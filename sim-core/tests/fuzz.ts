/**
 * One convention for the seeded fuzz tests (`*.fuzz.test.ts`, beside the surface they attack).
 *
 * Each surface has a fixed seed (derived from its name, so adding a surface never shifts another's
 * cases) and a default number of cases that `npm test` runs. `npm run fuzz -- --runs N` sets
 * FUZZ_RUNS and runs only the fuzz files, N cases per surface. A failing case prints its seed and
 * path: pin the input it found as a named regression test in the same file.
 */
import type fc from 'fast-check';

/** FNV-1a 32 of the surface name: a stable seed per surface. */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

export function fuzzRunsOverride(): number | null {
  const raw = process.env.FUZZ_RUNS;
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`FUZZ_RUNS must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

/** fast-check parameters for one surface: its seed and its number of cases. */
export function fuzzParams<T>(surface: string, defaultRuns: number): fc.Parameters<T> {
  return { seed: seedOf(surface), numRuns: fuzzRunsOverride() ?? defaultRuns, endOnFailure: true };
}

/**
 * A vitest timeout that grows with the number of cases: a hang guard, never a speed check.
 * `msPerCase` is measured on an idle 2-core machine; a CI machine shared with other jobs ran a
 * fuzz file 8× slower than that (trace import: 51 s against a 40 s limit), so the guard allows
 * 25× and never less than vitest's 120 s default here.
 */
export function fuzzTimeout(defaultRuns: number, msPerCase: number): number {
  const runs = fuzzRunsOverride() ?? defaultRuns;
  return Math.max(120_000, Math.ceil(runs * msPerCase * 25));
}

/** Every name `Object.prototype` has, plus the path segments that reach it. */
export const PROTOTYPE_NAMES: readonly string[] = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'constructor', 'prototype']),
];
