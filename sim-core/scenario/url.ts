/**
 * The share-URL codec: a scenario, its seed, a cursor time and a selection ⇄ a query string.
 *
 * Compact when it can be: `preset=issue-96&seed=96&client.policy=httpx-0.23&t=9977738&sel=req:8`
 * — the preset's name plus one `dotted.path=value` parameter per field that differs from the
 * preset (the same paths validation names, so an error message names the parameter). Anything
 * else (a custom scenario, a changed workload shape) is carried whole as `scenario=<JSON>`.
 *
 * Decoding never throws: every bad parameter becomes a problem naming the parameter and the
 * limit, and the value falls back (to the preset's value, the preset's seed, time zero, no
 * selection, or the fallback preset).
 *
 * Pure string work (no URLSearchParams: sim-core has no DOM or Node types).
 */
import { withDefaults } from './defaults';
import { didYouMean } from './didYouMean';
import { PRESET_NAMES, PRESETS, presetScenario } from './presets';
import type { Scenario } from './types';
import { LIMITS, scenarioProblems } from './validate';

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
}

export interface UrlProblem {
  /** The query parameter, as written in the URL. */
  param: string;
  /** What is wrong and the limit, then what was used instead. */
  message: string;
}

export interface DecodedShare extends ShareState {
  problems: UrlProblem[];
  /** Whether the URL said anything about the scenario (preset, scenario or a field). */
  hasScenario: boolean;
}

/** Parameters the codec owns; others are reported as unknown unless the caller lists them. */
export const SHARE_PARAMS = ['preset', 'seed', 'scenario', 't', 'sel'] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves by dotted path; arrays are leaves (carried as JSON). */
function flatten(v: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, v);
  }
  return out;
}

/** JSON with object keys sorted, so equal data compares equal whatever the key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    isPlainObject(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v as Json);
}

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

/** The overrides that turn `base` into `scenario`, or null when a path would have to be removed. */
function overrides(base: Scenario, scenario: Scenario): [string, unknown][] | null {
  const from = flatten(base);
  const to = flatten(scenario);
  for (const path of from.keys()) if (!to.has(path)) return null;
  const out: [string, unknown][] = [];
  for (const [path, v] of to) {
    if (path === 'seed') continue;
    if (!from.has(path) || !same(from.get(path), v)) out.push([path, v]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

export function encodeShareQuery(state: ShareState): string {
  const pairs: [string, string][] = [];
  const { scenario, preset } = state;
  let compact = false;
  if (preset !== null && PRESETS[preset]) {
    const diff = overrides(presetScenario(preset), scenario);
    if (diff) {
      const candidate: [string, string][] = [
        ['preset', preset],
        ['seed', String(scenario.seed)],
        ...diff.map(([k, v]): [string, string] => [k, formatValue(v)]),
      ];
      // Only if it reads back exactly (a string that looks like a number would not, for example).
      const back = decodeShareQuery(formatQuery(candidate), preset);
      if (back.problems.length === 0 && same(back.scenario, scenario)) {
        pairs.push(...candidate);
        compact = true;
      }
    }
  }
  if (!compact) pairs.push(['scenario', JSON.stringify(scenario)]);
  if (state.t !== null && state.t > 0) pairs.push(['t', String(Math.round(state.t))]);
  if (state.selection) pairs.push(['sel', `${state.selection.kind}:${state.selection.id}`]);
  return formatQuery(pairs);
}

/** Parses a value for a scenario field, guided by the type of the base's value at that path. */
function parseValue(
  raw: string,
  like: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = raw.trim();
  if (typeof like === 'number') {
    const n = trimmed === '' ? Number.NaN : Number(trimmed);
    return Number.isFinite(n)
      ? { ok: true, value: n }
      : { ok: false, message: `must be a number, got "${raw}"` };
  }
  if (typeof like === 'boolean') {
    if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
    return { ok: false, message: `must be true or false, got "${raw}"` };
  }
  if (typeof like === 'string') return { ok: true, value: raw };
  if (Array.isArray(like) || trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return { ok: true, value: JSON.parse(trimmed) };
    } catch {
      return { ok: false, message: `must be JSON such as [5000,5000], got "${raw}"` };
    }
  }
  // No base value (an optional field): infer.
  if (trimmed === 'null') return { ok: true, value: null };
  if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return { ok: true, value: Number(trimmed) };
  return { ok: true, value: raw };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let o: Record<string, unknown> = target;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (next === undefined) o[k] = {};
    else if (!isPlainObject(next)) return false;
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
  return true;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Whether validation's `problemPath` is about the override at `param`. */
const concerns = (problemPath: string, param: string) =>
  problemPath === param ||
  problemPath.startsWith(`${param}.`) ||
  problemPath.startsWith(`${param}[`) ||
  param.startsWith(`${problemPath}.`);

const TIME_RE = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s)?$/;

/** `9977738`, `9977.7ms`, `9.98s` → µs. */
export function parseTimeParam(raw: string): number | null {
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
  const pairs = parseQuery(query);
  const get = (k: string) => {
    let v: string | undefined;
    for (const [key, val] of pairs) if (key === k) v = val; // the last one wins
    return v;
  };
  const fallback = PRESETS[fallbackPreset] ? fallbackPreset : PRESET_NAMES[0]!;

  // 1. The base: a whole scenario, or a preset.
  let preset: string | null = fallback;
  const presetParam = get('preset');
  if (presetParam !== undefined) {
    if (PRESETS[presetParam]) preset = presetParam;
    else
      problems.push({
        param: 'preset',
        message: `unknown preset "${presetParam}"${didYouMean(presetParam, PRESET_NAMES)}; allowed: ${PRESET_NAMES.join(', ')}. Opened ${fallback} instead.`,
      });
  }
  let base: Scenario = presetScenario(preset!);
  const scenarioParam = get('scenario');
  if (scenarioParam !== undefined) {
    let parsed: unknown;
    let bad: string | null = null;
    try {
      const raw: unknown = JSON.parse(scenarioParam);
      // A complete scenario is taken as it is; a partial one (hand-written) gets the defaults.
      parsed = scenarioProblems(raw).length === 0 ? raw : withDefaults(raw);
    } catch (e) {
      bad = `is not valid JSON (${(e as Error).message})`;
    }
    if (bad === null) {
      const ps = scenarioProblems(parsed);
      if (ps.length === 0) {
        base = parsed as Scenario;
        preset = presetParam !== undefined && PRESETS[presetParam] ? presetParam : null;
      } else bad = ps.map((p) => `${p.path}: ${p.message}`).join('; ');
    }
    if (bad !== null) {
      problems.push({ param: 'scenario', message: `${bad}. Opened ${preset} instead.` });
    }
  }

  // 2. Field overrides, each validated; a rejected one falls back to the base's value.
  const baseFlat = flatten(base);
  const candidates: { param: string; value: unknown; raw: string }[] = [];
  const ignore = new Set([...SHARE_PARAMS, ...(options.ignore ?? [])]);
  const seen = new Set<string>();
  for (const [key, raw] of pairs) {
    if (ignore.has(key) || key.startsWith('utm_')) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!key.includes('.') && !baseFlat.has(key)) {
      problems.push({
        param: key,
        message: `unknown parameter (ignored); known: ${SHARE_PARAMS.join(', ')}, or a scenario field such as network.delayMs`,
      });
      continue;
    }
    const value = parseValue(get(key)!, baseFlat.get(key));
    if (!value.ok) {
      problems.push({ param: key, message: `${value.message}; using ${formatValue(baseFlat.get(key))}` });
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
      problems.push({ param: c.param, message: 'is not a field of this scenario (ignored)' });
    }
    for (const p of ps) {
      const culprits = accepted.filter((c) => concerns(p.path, c.param));
      // A problem no single override explains (two fields in conflict): reject every override.
      const blamed = culprits.length > 0 ? culprits : accepted;
      for (const c of blamed) {
        if (rejected.has(c.param)) continue;
        rejected.add(c.param);
        const was = baseFlat.has(c.param) ? `; using ${formatValue(baseFlat.get(c.param))}` : ' (ignored)';
        const where = p.path === c.param ? '' : `${p.path}: `;
        problems.push({ param: c.param, message: `${where}${p.message}${was}` });
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
    if (/^\d+$/.test(s) && Number(s) <= max) scenario = { ...scenario, seed: Number(s) };
    else
      problems.push({
        param: 'seed',
        message: `must be a whole number from ${min} to ${max}, got "${seedParam}"; using ${scenario.seed}`,
      });
  }
  let t: number | null = null;
  const tParam = get('t');
  if (tParam !== undefined) {
    t = parseTimeParam(tParam);
    if (t === null)
      problems.push({
        param: 't',
        message: `must be a time of at least 0 such as 9977738 (µs), 9977.7ms or 9.98s, got "${tParam}"; starting at 0`,
      });
  }
  let selection: UrlSelection | null = null;
  const selParam = get('sel');
  if (selParam !== undefined) {
    const m = /^(conn|req|seg):(\d{1,9})$/.exec(selParam.trim());
    if (m) selection = { kind: m[1] as SelectionKind, id: Number(m[2]) };
    else
      problems.push({
        param: 'sel',
        message: `must be conn:N, req:N or seg:N (N a whole number), got "${selParam}"; nothing selected`,
      });
  }

  const hasScenario = pairs.some(
    ([k]) => k === 'preset' || k === 'scenario' || k === 'seed' || k.includes('.'),
  );
  return { scenario, preset, t, selection, problems, hasScenario };
}
