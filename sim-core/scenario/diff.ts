/**
 * What changed between two scenarios, leaf by leaf: the share link's `field=value` overrides
 * (url.ts) and the "(modified: …)" label of a changed preset (describe.ts) are both this list.
 */
import { canonicalJson } from './text';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves by dotted path; arrays are leaves (carried as JSON). */
export function flatten(v: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, v);
  }
  return out;
}

export const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** A value as a link writes it: strings bare, anything else as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v as Json);
}

/**
 * The overrides that turn `base` into `to`: one per changed leaf, or the whole object at a path
 * where `to` lacks a field `base` has (`workload={...}` for another workload kind). Null when the
 * top level would have to lose a field (no parameter removes one). `seed` is never listed (a link
 * carries it on its own).
 */
export function overrides(
  base: unknown,
  to: unknown,
  path = '',
  out: [string, unknown][] = [],
): [string, unknown][] | null {
  if (isPlainObject(base) && isPlainObject(to)) {
    // A field present as undefined is absent (JSON drops it).
    if (Object.keys(base).some((k) => !Object.hasOwn(to, k) || to[k] === undefined)) {
      if (path === '') return null;
      out.push([path, to]);
      return out;
    }
    for (const [k, v] of Object.entries(to)) {
      const p = path ? `${path}.${k}` : k;
      if (p === 'seed' || v === undefined) continue;
      if (!Object.hasOwn(base, k)) out.push([p, v]);
      else if (overrides(base[k], v, p, out) === null) return null;
    }
    return out;
  }
  if (!same(base, to)) out.push([path, to]);
  return out;
}
