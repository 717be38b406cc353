/**
 * The share-URL codec: a scenario, its seed, a cursor time and a selection ⇄ a query string.
 *
 * Compact when it can be: `preset=issue-96&seed=96&client.policy=httpx-0.23&t=9977738&sel=req:8`
 * — the preset's name plus one `dotted.path=value` parameter per field that differs from the
 * preset (the same paths validation names, so an error message names the parameter). Anything
 * else (a custom scenario, a changed workload shape) is carried whole as `scenario=<JSON>`.
 * Compare mode rides along as `compare=client:httpx-0.23` (compareParam.ts): what run B differs by.
 *
 * Decoding never throws: every bad parameter becomes a problem naming the parameter and the
 * limit, and the value falls back (to the preset's value, the preset's seed, time zero, no
 * selection, or the fallback preset).
 *
 * Safe on any query: a name from the URL only ever indexes Maps or own properties, a path segment
 * `__proto__`, `constructor` or `prototype` is refused (so a link cannot reach Object.prototype),
 * JSON values are size-checked before anything recursive touches them, and a bad value is quoted
 * at most ~80 characters. Encoding never writes what decoding refuses.
 *
 * Pure string work (no URLSearchParams: sim-core has no DOM or Node types).
 */
import { jsonBoundsProblem, SCENARIO_BOUNDS } from './bounds';
import { decodeCompare, encodeCompare, encodeCompareFull, type UrlCompare } from './compareParam';
import { withDefaults } from './defaults';
import { didYouMean } from './didYouMean';
import { flatten, formatValue, isPlainObject, overrides, same } from './diff';
import { isPresetName, PRESET_NAMES, presetScenario } from './presets';
import { clip, quote } from './text';
import type { Scenario } from './types';
import { LIMITS, scenarioProblems } from './validate';

// Re-exported so the public entry (sim-core/index.ts) carries them with the codec they share diff.ts with.
export * from './compareParam';
export * from './describe';
export * from './requestCap';

export type SelectionKind = 'conn' | 'req' | 'seg';
export interface UrlSelection {
  kind: SelectionKind;
  id: number;
}

export interface ShareState {
  scenario: Scenario;
  /** The preset the scenario started from (null: a custom scenario). */
  preset: string | null;
  /** Cursor time in µs (null: the start). */
  t: number | null;
  selection: UrlSelection | null;
  /** Compare mode's run B (compareParam.ts); absent or null: compare mode is off. */
  compare?: UrlCompare | null;
}

export interface UrlProblem {
  /** The query parameter, as written in the URL. */
  param: string;
  /** What is wrong and the limit, then what was used instead. */
  message: string;
}

export interface DecodedShare extends ShareState {
  compare: UrlCompare | null;
  problems: UrlProblem[];
  /** Whether the URL said anything about the scenario (preset, scenario or a field). */
  hasScenario: boolean;
}

/** Parameters the codec owns; others are reported as unknown unless the caller lists them. */
export const SHARE_PARAMS = ['preset', 'seed', 'scenario', 'compare', 't', 'sel'] as const;

/** Decoding reads at most this many parameters (a link of the compact form has a dozen or so). */
export const MAX_PARAMS = 200;

/** The latest cursor time a link may carry, µs: the end of the longest run a scenario allows. */
export const MAX_T_US = LIMITS.maxDurationMs[1] * 1000;

/** Largest selection id a link may carry (`sel=req:N`, N of at most 9 digits). */
export const MAX_SELECTION_ID = 999_999_999;

/** Validation problems quoted in the `scenario` parameter's message at most (the rest are counted). */
const LISTED_PROBLEMS = 5;

/** Path segments that would reach an object's prototype: never a field name. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** No scenario field name is longer (the longest, requestsPerConnection, has 21 characters). */
const MAX_SEGMENT_LENGTH = 40;

/** Top-level scenario fields that may be overridden whole (`workload={...}`). */
const SECTIONS = new Set(['server', 'client', 'network', 'workload', 'limits']);

function formatQuery(pairs: [string, string][]): string {
  // Keep `.`, `:`, `/`, `,` readable: they are legal in a query string.
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%2C/g, ',');
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

/** `a=1&b=x%20y` → pairs, in order (a leading `?` is ignored; `+` means space). */
export function parseQuery(query: string): [string, string][] {
  const q = query.startsWith('?') ? query.slice(1) : query;
  if (q === '') return [];
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return q
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      return i === -1 ? [dec(p), ''] : [dec(p.slice(0, i)), dec(p.slice(i + 1))];
    });
}

/** The time a link carries: whole µs from 1 to MAX_T_US (later is past the end of any run), else none. */
function encodableTime(t: number | null): number | null {
  if (typeof t !== 'number' || !Number.isFinite(t)) return null;
  const us = Math.min(Math.round(t), MAX_T_US);
  return us > 0 ? us : null;
}

const isSelection = (s: UrlSelection | null): s is UrlSelection =>
  s !== null &&
  (s.kind === 'conn' || s.kind === 'req' || s.kind === 'seg') &&
  Number.isSafeInteger(s.id) &&
  s.id >= 0 &&
  s.id <= MAX_SELECTION_ID;

/** The compact pairs for `scenario` from `preset`, when they read back exactly; else null. */
function compactPairs(scenario: Scenario, preset: string): [string, string][] | null {
  const diff = overrides(presetScenario(preset), scenario);
  if (!diff) return null;
  diff.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const candidate: [string, string][] = [
    ['preset', preset],
    ['seed', String(scenario.seed)],
    ...diff.map(([k, v]): [string, string] => [k, formatValue(v)]),
  ];
  let query: string;
  try {
    query = formatQuery(candidate);
  } catch {
    return null; // a lone surrogate in a string: only the JSON form (which escapes it) carries it
  }
  // Only if it reads back exactly (a string that looks like a number would not, for example).
  const back = decodeShareQuery(query, preset);
  return back.problems.length === 0 && same(back.scenario, scenario) ? candidate : null;
}

/**
 * The link's query for `state`. Compact (`preset=…&field=…`) whenever `state.preset` plus
 * overrides reproduces the scenario exactly, else `scenario=<JSON>`. Never throws.
 */
export function encodeShareQuery(state: ShareState): string {
  const pairs: [string, string][] = [];
  const { scenario, preset } = state;
  const valid = scenarioProblems(scenario).length === 0;
  const compact = valid && isPresetName(preset) ? compactPairs(scenario, preset) : null;
  if (compact) pairs.push(...compact);
  // An invalid scenario is still carried (decoding names its problems), unless it is too big to
  // write at all: then the link opens the fallback.
  else if (valid || jsonBoundsProblem(scenario, SCENARIO_BOUNDS) === null) {
    let json: string | undefined;
    try {
      json = JSON.stringify(scenario);
    } catch {
      json = undefined; // not JSON (a BigInt, say): nothing to carry
    }
    if (json !== undefined) pairs.push(['scenario', json]);
  }
  // What B differs by, beside the scenario the link carries (both names when it carries none:
  // the link then opens the fallback, and B must not change with it).
  const carried = pairs.length > 0;
  const compare = encodeCompare(state.compare, scenario);
  if (compare !== null) pairs.push(['compare', carried ? compare : encodeCompareFull(state.compare)!]);
  const t = encodableTime(state.t);
  if (t !== null) pairs.push(['t', String(t)]);
  if (isSelection(state.selection)) pairs.push(['sel', `${state.selection.kind}:${state.selection.id}`]);
  return formatQuery(pairs);
}

/** Parses a value for a scenario field, guided by the type of the base's value at that path. */
function parseValue(
  raw: string,
  like: unknown,
  param: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = raw.trim();
  if (typeof like === 'number') {
    const n = trimmed === '' ? Number.NaN : Number(trimmed);
    return Number.isFinite(n)
      ? { ok: true, value: n }
      : { ok: false, message: `must be a number, got ${quote(raw)}` };
  }
  if (typeof like === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
    return { ok: false, message: `must be true or false, got ${quote(raw)}` };
  }
  if (typeof like === 'string') return { ok: true, value: raw };
  if (Array.isArray(like) || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return { ok: false, message: `must be JSON such as [5000,5000], got ${quote(raw)}` };
    }
    // Before anything recursive (cloning, comparing) touches it.
    const b = jsonBoundsProblem(value, SCENARIO_BOUNDS, { root: param, top: param });
    if (b) return { ok: false, message: b.path === param ? b.message : `${b.path}: ${b.message}` };
    return { ok: true, value };
  }
  // No base value (an optional field): infer.
  if (trimmed === 'null') return { ok: true, value: null };
  if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return { ok: true, value: Number(trimmed) };
  return { ok: true, value: raw };
}

/** Why `param` cannot name a field (an empty, prototype-reaching or overlong segment), or null. */
function badSegment(param: string): string | null {
  for (const k of param.split('.')) {
    if (k === '') return 'has an empty field name (nothing between two dots, or at an end); ignored';
    if (FORBIDDEN_SEGMENTS.has(k))
      return `cannot name a field "${k}" (it would reach the object's prototype); ignored`;
    if (k.length > MAX_SEGMENT_LENGTH)
      return `unknown field ${quote(k, 40)} (no field name is that long); ignored`;
  }
  return null;
}

/**
 * Sets `path` in `target`, walking own properties only (and defining, not assigning, so no setter
 * runs); false when the path runs into a value that is not an object. Paths were checked by
 * badSegment: none reaches a prototype.
 */
function setPath(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let o: Record<string, unknown> = target;
  const define = (obj: Record<string, unknown>, k: string, v: unknown) =>
    Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(o, k) ? o[k] : undefined;
    if (next === undefined) define(o, k, {});
    else if (!isPlainObject(next)) return false;
    o = o[k] as Record<string, unknown>;
  }
  define(o, keys[keys.length - 1]!, value);
  return true;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Whether validation's `problemPath` is about the override at `param`. */
function concerns(problemPath: string, param: string): boolean {
  // Unknown top-level fields are named `scenario.x`; the parameter is `x…`.
  const path = problemPath.startsWith('scenario.') ? problemPath.slice('scenario.'.length) : problemPath;
  return (
    path === param ||
    path.startsWith(`${param}.`) ||
    path.startsWith(`${param}[`) ||
    param.startsWith(`${path}.`)
  );
}

const TIME_RE = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s)?$/;

/** `9977738`, `9977.7ms`, `9.98s` → µs (null when it is not a time; not bounded: see MAX_T_US). */
export function parseTimeParam(raw: string): number | null {
  if (raw.length > 64) return null;
  const m = TIME_RE.exec(raw.trim());
  if (!m) return null;
  const v = Number(m[1]);
  const unit = m[2] ?? 'us';
  const us = unit === 's' ? v * 1e6 : unit === 'ms' ? v * 1e3 : v;
  return Number.isFinite(us) ? Math.round(us) : null;
}

export function decodeShareQuery(
  query: string,
  fallbackPreset: string,
  options: { ignore?: readonly string[] } = {},
): DecodedShare {
  const problems: UrlProblem[] = [];
  let pairs = parseQuery(query);
  if (pairs.length > MAX_PARAMS) {
    problems.push({
      param: clip(pairs[MAX_PARAMS]![0]),
      message: `the link has ${pairs.length} parameters; at most ${MAX_PARAMS} are read, the rest are ignored`,
    });
    pairs = pairs.slice(0, MAX_PARAMS);
  }
  const last = new Map<string, string>(); // the last one wins
  for (const [key, val] of pairs) last.set(key, val);
  const get = (k: string) => last.get(k);
  const fallback = isPresetName(fallbackPreset) ? fallbackPreset : PRESET_NAMES[0]!;

  // 1. The base: a whole scenario, or a preset.
  let preset: string | null = fallback;
  const presetParam = get('preset');
  const presetOk = isPresetName(presetParam);
  if (presetParam !== undefined) {
    if (presetOk) preset = presetParam;
    else
      problems.push({
        param: 'preset',
        message: `unknown preset ${quote(presetParam)}${didYouMean(presetParam, PRESET_NAMES)}; allowed: ${PRESET_NAMES.join(', ')}. Opened ${fallback} instead.`,
      });
  }
  let base: Scenario = presetScenario(preset);
  const scenarioParam = get('scenario');
  if (scenarioParam !== undefined) {
    let parsed: unknown;
    let bad: string | null = null;
    try {
      const raw: unknown = JSON.parse(scenarioParam);
      // A complete scenario is taken as it is; a partial one (hand-written) gets the defaults.
      // (scenarioProblems checks sizes first and withDefaults is not recursive: both are safe on any depth.)
      parsed = scenarioProblems(raw).length === 0 ? raw : withDefaults(raw);
    } catch (e) {
      bad = `is not valid JSON (${clip((e as Error).message)})`;
    }
    if (bad === null) {
      const ps = scenarioProblems(parsed);
      if (ps.length === 0) {
        base = parsed as Scenario;
        preset = presetOk ? presetParam : null;
      } else {
        const listed = ps.slice(0, LISTED_PROBLEMS).map((p) => `${p.path}: ${p.message}`);
        if (ps.length > LISTED_PROBLEMS) listed.push(`${ps.length - LISTED_PROBLEMS} more problems`);
        bad = listed.join('; ');
      }
    }
    if (bad !== null) {
      problems.push({ param: 'scenario', message: `${bad}. Opened ${preset} instead.` });
    }
  }

  // 2. Field overrides, each validated; a rejected one falls back to the base's value.
  const baseFlat = flatten(base);
  const was = (param: string) =>
    baseFlat.has(param) ? `; using ${clip(formatValue(baseFlat.get(param)))}` : ' (ignored)';
  const candidates: { param: string; value: unknown; raw: string }[] = [];
  const ignore = new Set<string>([...SHARE_PARAMS, ...(options.ignore ?? [])]);
  for (const [key, raw] of last) {
    if (ignore.has(key) || key.startsWith('utm_')) continue;
    if (key === '') {
      problems.push({ param: '(no name)', message: 'a parameter with an empty name (ignored)' });
      continue;
    }
    const param = clip(key);
    if (!key.includes('.') && !baseFlat.has(key) && !SECTIONS.has(key)) {
      problems.push({
        param,
        message: `unknown parameter (ignored); known: ${SHARE_PARAMS.join(', ')}, or a scenario field such as network.delayMs`,
      });
      continue;
    }
    const segment = badSegment(key);
    if (segment) {
      problems.push({ param, message: segment });
      continue;
    }
    const value = parseValue(raw, baseFlat.get(key), key);
    if (!value.ok) {
      problems.push({ param, message: `${value.message}${was(key)}` });
      continue;
    }
    candidates.push({ param: key, value: value.value, raw });
  }
  let accepted = candidates;
  let scenario = base;
  for (let round = 0; round < 3; round++) {
    const merged = clone(base) as unknown as Record<string, unknown>;
    const unsettable = accepted.filter((c) => !setPath(merged, c.param, c.value));
    const ps = scenarioProblems(merged);
    const rejected = new Set(unsettable.map((c) => c.param));
    for (const c of unsettable) {
      problems.push({ param: clip(c.param), message: 'is not a field of this scenario (ignored)' });
    }
    for (const p of ps) {
      const culprits = accepted.filter((c) => concerns(p.path, c.param));
      // A problem no single override explains (two fields in conflict): reject every override.
      const blamed = culprits.length > 0 ? culprits : accepted;
      for (const c of blamed) {
        if (rejected.has(c.param)) continue;
        rejected.add(c.param);
        const where = p.path === c.param ? '' : `${p.path}: `;
        problems.push({ param: clip(c.param), message: `${where}${p.message}${was(c.param)}` });
      }
    }
    if (rejected.size === 0) {
      scenario = merged as unknown as Scenario;
      break;
    }
    accepted = accepted.filter((c) => !rejected.has(c.param));
    if (accepted.length === 0) break;
  }

  // 3. Seed, time, selection.
  const seedParam = get('seed');
  if (seedParam !== undefined) {
    const s = seedParam.trim();
    const [min, max] = LIMITS.seed;
    if (/^\d{1,10}$/.test(s) && Number(s) <= max) scenario = { ...scenario, seed: Number(s) };
    else
      problems.push({
        param: 'seed',
        message: `must be a whole number from ${min} to ${max}, got ${quote(seedParam)}; using ${scenario.seed}`,
      });
  }
  let t: number | null = null;
  const tParam = get('t');
  if (tParam !== undefined) {
    const us = parseTimeParam(tParam);
    if (us === null)
      problems.push({
        param: 't',
        message: `must be a time of at least 0 such as 9977738 (µs), 9977.7ms or 9.98s, got ${quote(tParam)}; starting at 0`,
      });
    else if (us > MAX_T_US)
      problems.push({
        param: 't',
        message: `must be at most ${MAX_T_US} µs (${LIMITS.maxDurationMs[1] / 3_600_000} h, the longest run), got ${quote(tParam)}; starting at 0`,
      });
    else t = us;
  }
  let selection: UrlSelection | null = null;
  const selParam = get('sel');
  if (selParam !== undefined) {
    const m = /^(conn|req|seg):(\d{1,9})$/.exec(selParam.trim());
    if (m) selection = { kind: m[1] as SelectionKind, id: Number(m[2]) };
    else
      problems.push({
        param: 'sel',
        message: `must be conn:N, req:N or seg:N (N a whole number of at most 9 digits), got ${quote(selParam)}; nothing selected`,
      });
  }

  let compare: UrlCompare | null = null;
  const compareParam = get('compare');
  if (compareParam !== undefined) {
    const c = decodeCompare(compareParam, scenario);
    compare = c.compare;
    for (const message of c.problems) problems.push({ param: 'compare', message });
  }

  const hasScenario = pairs.some(
    ([k]) => k === 'preset' || k === 'scenario' || k === 'seed' || k.includes('.') || SECTIONS.has(k),
  );
  return { scenario, preset, t, selection, compare, problems, hasScenario };
}
