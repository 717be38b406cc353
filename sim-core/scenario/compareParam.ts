/**
 * Compare mode in a link: `compare=client:httpx-0.23` (or `server:node-http-20`, or both, comma
 * separated) — compare mode is on, and run B is run A with what is listed (what is not listed is
 * A's). The encoder lists what B differs by; a B equal to A is written `compare=client:NAME`.
 * Every bad item is named (an unknown key or value gets a "did you mean" and the allowed names)
 * and ignored; a link with no usable item opens without compare mode.
 */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { didYouMean } from './didYouMean';
import { quote } from './text';
import type { Scenario } from './types';

/** Run B of compare mode: A's scenario with this client policy and server profile. */
export interface UrlCompare {
  client: string;
  server: string;
}

const CLIENT_NAMES = CLIENT_POLICIES.map((p) => p.name);
const SERVER_NAMES = SERVER_PROFILES.map((p) => p.name);
const KEYS = ['client', 'server'] as const;
type Key = (typeof KEYS)[number];
const ALLOWED: Readonly<Record<Key, readonly string[]>> = { client: CLIENT_NAMES, server: SERVER_NAMES };

/** Items read at most (two are meaningful; the rest of a long value is one problem). */
const MAX_ITEMS = 8;

const isKey = (k: string): k is Key => k === 'client' || k === 'server';
const aValue = (a: Scenario, k: Key) => (k === 'client' ? a.client.policy : a.server.profile);

/** Whether `c` is a compare mode the link can carry (known names only). */
export const isUrlCompare = (c: unknown): c is UrlCompare =>
  typeof c === 'object' &&
  c !== null &&
  CLIENT_NAMES.includes((c as UrlCompare).client) &&
  SERVER_NAMES.includes((c as UrlCompare).server);

/** `client:httpx-0.23[,server:…]` for compare mode `c` beside run A `a` (null: nothing to write). */
export function encodeCompare(c: UrlCompare | null | undefined, a: Scenario): string | null {
  if (!isUrlCompare(c)) return null;
  const items = KEYS.filter((k) => c[k] !== aValue(a, k)).map((k) => `${k}:${c[k]}`);
  return items.length > 0 ? items.join(',') : `client:${c.client}`;
}

/** Reads `compare=…` beside run A `a`; every problem is a message for the `compare` parameter. */
export function decodeCompare(raw: string, a: Scenario): { compare: UrlCompare | null; problems: string[] } {
  const problems: string[] = [];
  const form = 'must be client:NAME and/or server:NAME, comma separated, such as client:httpx-0.23';
  const items = raw.trim() === '' ? [] : raw.split(',');
  if (items.length === 0)
    return { compare: null, problems: [`${form}, got ${quote(raw)}; compare mode is off`] };
  if (items.length > MAX_ITEMS)
    problems.push(`has ${items.length} items; at most ${MAX_ITEMS} are read, the rest are ignored`);
  const got: Partial<UrlCompare> = {};
  for (const item of items.slice(0, MAX_ITEMS)) {
    const i = item.indexOf(':');
    const key = (i === -1 ? item : item.slice(0, i)).trim();
    const value = i === -1 ? '' : item.slice(i + 1).trim();
    if (!isKey(key)) {
      problems.push(`${quote(item)} is not client:NAME or server:NAME${didYouMean(key, KEYS)}; ignored`);
      continue;
    }
    const allowed = ALLOWED[key];
    if (!allowed.includes(value)) {
      problems.push(
        `unknown ${key} ${quote(value)}${didYouMean(value, allowed)}; allowed: ${allowed.join(', ')}; ignored`,
      );
      continue;
    }
    got[key] = value;
  }
  if (got.client === undefined && got.server === undefined) {
    if (problems.length === 0) problems.push(`${form}, got ${quote(raw)}; compare mode is off`);
    else problems[problems.length - 1] += ' (compare mode is off)';
    return { compare: null, problems };
  }
  return {
    compare: { client: got.client ?? a.client.policy, server: got.server ?? a.server.profile },
    problems,
  };
}
