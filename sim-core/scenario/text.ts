/**
 * Quoting input in messages: a bad value or an unknown name is shown clipped, so a 5 MB string
 * gives a one-line message, and a path built from input keys stays short.
 */

/** At most this many characters of a value are quoted in a message. */
export const QUOTE_MAX = 80;

/** `s` cut to `max` characters with `…` and its length when longer. */
export function clip(s: string, max = QUOTE_MAX): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** `"s"`, clipped. */
export const quote = (s: string, max = QUOTE_MAX): string =>
  s.length <= max ? `"${s}"` : `"${s.slice(0, max)}…" (${s.length} characters)`;

/** A key as a path segment: `.key`, or `[""]` for an empty key, clipped to 40 characters. */
export function keySegment(key: string): string {
  if (key === '') return '[""]';
  return key.length <= 40 ? `.${key}` : `.${key.slice(0, 40)}…`;
}

/** `parent.key` (or `key` at the top, where `parent` is ''). */
export function joinPath(parent: string, key: string): string {
  const seg = keySegment(key);
  if (parent !== '') return `${parent}${seg}`;
  return seg.startsWith('.') ? seg.slice(1) : seg;
}

/** Paths longer than this are cut (a deeply nested value would otherwise name a 10 kB path). */
export const PATH_MAX = 160;

export const clipPath = (path: string): string =>
  path.length <= PATH_MAX ? path : `${path.slice(0, PATH_MAX)}…`;

/**
 * JSON with object keys sorted, so equal data compares equal whatever the key order. Recursive
 * (JSON.stringify): for validated or size-checked values only (bounds.ts).
 */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}
