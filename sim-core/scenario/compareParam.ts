/**
 * Compare mode in a link: `compare=client:httpx-0.23,expiry:4000,delay:20,timeout:5000` — compare
 * mode is on, and run B is run A with what is listed (what is not listed is A's):
 * - `client:NAME` the client policy, `server:NAME` the server profile;
 * - `expiry:MS` the client's idle expiry (`expiry:none`: no expiry), `delay:MS` the one-way network
 *   delay, `timeout:MS` the server's idle (keep-alive) timeout — what engineers vary.
 * The encoder lists what B differs by; a B equal to A is written `compare=client:NAME`. Every bad
 * item is named with its field and limit (an unknown key or name gets a "did you mean" and the
 * allowed names) and ignored; a link with no usable item opens without compare mode.
 */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { didYouMean } from './didYouMean';
import { quote } from './text';
import type { Scenario } from './types';
import { LIMITS } from './validate';

/** Run B of compare mode: A's scenario with this client policy and server profile, and overrides. */
export interface UrlCompare {
  client: string;
  server: string;
  /** B's client idle expiry in ms (null: none); absent: the policy's own (or A's override). */
  expiryMs?: number | null;
  /** B's one-way network delay in ms; absent: A's. */
  delayMs?: number;
  /** B's server idle timeout in ms; absent: A's (or the profile's). */
  timeoutMs?: number;
}

const CLIENT_NAMES = CLIENT_POLICIES.map((p) => p.name);
const SERVER_NAMES = SERVER_PROFILES.map((p) => p.name);
const KEYS = ['client', 'server', 'expiry', 'delay', 'timeout'] as const;
type Key = (typeof KEYS)[number];
type NameKey = 'client' | 'server';
type NumberKey = 'expiry' | 'delay' | 'timeout';
const ALLOWED: Readonly<Record<NameKey, readonly string[]>> = { client: CLIENT_NAMES, server: SERVER_NAMES };

/** The numeric overrides: their field in `UrlCompare`, what they are, their limits (the scenario's). */
export const COMPARE_NUMBERS: Readonly<
  Record<
    NumberKey,
    { field: 'expiryMs' | 'delayMs' | 'timeoutMs'; what: string; range: readonly [number, number] }
  >
> = {
  expiry: { field: 'expiryMs', what: 'the client’s idle expiry', range: LIMITS.idleTimeoutMs },
  delay: { field: 'delayMs', what: 'the one-way delay', range: LIMITS.delayMs },
  timeout: { field: 'timeoutMs', what: 'the server’s idle timeout', range: LIMITS.idleTimeoutMs },
};
const NUMBER_KEYS = ['expiry', 'delay', 'timeout'] as const;

/** Items read at most (five are meaningful; the rest of a long value is one problem). */
const MAX_ITEMS = 8;

const isKey = (k: string): k is Key => (KEYS as readonly string[]).includes(k);
const isNameKey = (k: Key): k is NameKey => k === 'client' || k === 'server';
const aValue = (a: Scenario, k: NameKey) => (k === 'client' ? a.client.policy : a.server.profile);

/** A number in `range`, as a link writes it (decimal digits, at most 3 decimals), or null. */
function readMs(value: string, range: readonly [number, number]): number | null {
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(value)) return null;
  const n = Number(value);
  return n >= range[0] && n <= range[1] ? n : null;
}

const inRange = (v: unknown, range: readonly [number, number]) =>
  typeof v === 'number' && Number.isFinite(v) && v >= range[0] && v <= range[1];

/** Whether `c` is a compare mode the link can carry (known names, overrides within their limits). */
export const isUrlCompare = (c: unknown): c is UrlCompare => {
  if (typeof c !== 'object' || c === null) return false;
  const u = c as UrlCompare;
  if (!CLIENT_NAMES.includes(u.client) || !SERVER_NAMES.includes(u.server)) return false;
  if (u.expiryMs !== undefined && u.expiryMs !== null && !inRange(u.expiryMs, LIMITS.idleTimeoutMs))
    return false;
  if (u.delayMs !== undefined && !inRange(u.delayMs, LIMITS.delayMs)) return false;
  if (u.timeoutMs !== undefined && !inRange(u.timeoutMs, LIMITS.idleTimeoutMs)) return false;
  return true;
};

/** The overrides' items (`expiry:4000`, `expiry:none`, `delay:20`, `timeout:5000`) of `c`. */
function overrideItems(c: UrlCompare): string[] {
  const items: string[] = [];
  if (c.expiryMs !== undefined) items.push(`expiry:${c.expiryMs === null ? 'none' : c.expiryMs}`);
  if (c.delayMs !== undefined) items.push(`delay:${c.delayMs}`);
  if (c.timeoutMs !== undefined) items.push(`timeout:${c.timeoutMs}`);
  return items;
}

/** `client:httpx-0.23[,server:…][,expiry:…]…` for compare mode `c` beside run A `a` (null: nothing to write). */
export function encodeCompare(c: UrlCompare | null | undefined, a: Scenario): string | null {
  if (!isUrlCompare(c)) return null;
  const names = (['client', 'server'] as const)
    .filter((k) => c[k] !== aValue(a, k))
    .map((k) => `${k}:${c[k]}`);
  const items = [...names, ...overrideItems(c)];
  return items.length > 0 ? items.join(',') : `client:${c.client}`;
}

/** Every item of `c`, whatever run A is (a link that carries no scenario of its own). */
export function encodeCompareFull(c: UrlCompare | null | undefined): string | null {
  if (!isUrlCompare(c)) return null;
  return [`client:${c.client}`, `server:${c.server}`, ...overrideItems(c)].join(',');
}

/** Reads `compare=…` beside run A `a`; every problem is a message for the `compare` parameter. */
export function decodeCompare(raw: string, a: Scenario): { compare: UrlCompare | null; problems: string[] } {
  const problems: string[] = [];
  const form =
    'must be client:NAME, server:NAME, expiry:MS, delay:MS and/or timeout:MS, comma separated, such as client:httpx-0.23';
  const items = raw.trim() === '' ? [] : raw.split(',');
  if (items.length === 0)
    return { compare: null, problems: [`${form}, got ${quote(raw)}; compare mode is off`] };
  if (items.length > MAX_ITEMS)
    problems.push(`has ${items.length} items; at most ${MAX_ITEMS} are read, the rest are ignored`);
  const names: Partial<Record<NameKey, string>> = {};
  const numbers: Partial<Pick<UrlCompare, 'expiryMs' | 'delayMs' | 'timeoutMs'>> = {};
  for (const item of items.slice(0, MAX_ITEMS)) {
    const i = item.indexOf(':');
    const key = (i === -1 ? item : item.slice(0, i)).trim();
    const value = i === -1 ? '' : item.slice(i + 1).trim();
    if (!isKey(key)) {
      problems.push(
        `${quote(item)} is not client:, server:, expiry:, delay: or timeout:${didYouMean(key, KEYS)}; ignored`,
      );
      continue;
    }
    if (isNameKey(key)) {
      const allowed = ALLOWED[key];
      if (!allowed.includes(value)) {
        problems.push(
          `unknown ${key} ${quote(value)}${didYouMean(value, allowed)}; allowed: ${allowed.join(', ')}; ignored`,
        );
        continue;
      }
      names[key] = value;
      continue;
    }
    const { field, what, range } = COMPARE_NUMBERS[key];
    if (key === 'expiry' && value === 'none') {
      numbers.expiryMs = null;
      continue;
    }
    const ms = readMs(value, range);
    if (ms === null) {
      const none = key === 'expiry' ? ' (or none)' : '';
      problems.push(
        `${key} (${what}) must be from ${range[0]} to ${range[1]} ms${none}, got ${quote(value)}; ignored`,
      );
      continue;
    }
    numbers[field] = ms;
  }
  const any =
    names.client !== undefined ||
    names.server !== undefined ||
    NUMBER_KEYS.some((k) => COMPARE_NUMBERS[k].field in numbers);
  if (!any) {
    if (problems.length === 0) problems.push(`${form}, got ${quote(raw)}; compare mode is off`);
    else problems[problems.length - 1] += ' (compare mode is off)';
    return { compare: null, problems };
  }
  return {
    compare: {
      client: names.client ?? a.client.policy,
      server: names.server ?? a.server.profile,
      ...numbers,
    },
    problems,
  };
}
