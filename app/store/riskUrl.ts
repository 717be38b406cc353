/**
 * The risk explorer in the link: `view=risk` opens it, and its question rides along as the fields
 * that differ from the default question (`risk.client=http3-0.6&risk.delay=30&risk.traffic=poisson:20`).
 *
 * | parameter        | field                         | value                                                           |
 * | ---------------- | ----------------------------- | --------------------------------------------------------------- |
 * | `risk.client`    | client.policy                 | a client policy name                                            |
 * | `risk.expiry`    | client.idleExpiryMs           | ms, or `none`                                                   |
 * | `risk.retries`   | client.retries                | `policy`, `on`, `off`                                           |
 * | `risk.pool`      | client.maxConnections         | connections                                                     |
 * | `risk.server`    | server.profile                | a server or load-balancer profile name                          |
 * | `risk.timeout`   | server.idleTimeoutMs          | ms                                                              |
 * | `risk.hint`      | server.keepAliveHint          | `on`, `off`                                                     |
 * | `risk.delay`     | network.delayMs               | one-way ms                                                      |
 * | `risk.jitter`    | network.jitterMs              | ms                                                              |
 * | `risk.traffic`   | traffic                       | `sequential:exp:MEAN`, `sequential:uniform:MIN:MAX`, `sequential:fixed:MS`, `poisson:RATE`, `seed-bursts` |
 * | `risk.post`      | postShare                     | 0..1                                                            |
 * | `risk.processes` | processes                     | count                                                           |
 * | `risk.requests`  | requests                      | count                                                           |
 * | `risk.seed`      | seed                          | integer                                                         |
 * | `risk.tab`       | the open tab                  | `explore`, `diagnose`                                           |
 *
 * Decoding never throws: a value that does not parse, or that validation refuses, becomes a problem
 * naming the parameter and the limit, and that field keeps the default question's value.
 */
import type { RiskInput, RiskTraffic, UrlProblem } from '../../sim-core';
import { parseQuery } from '../../sim-core';
import { checkRiskInput, DEFAULT_RISK_INPUT, RISK_TABS, type RiskTab } from './riskSlice';

export const RISK_PARAM_NAMES = [
  'view',
  'risk.client',
  'risk.expiry',
  'risk.retries',
  'risk.pool',
  'risk.server',
  'risk.timeout',
  'risk.hint',
  'risk.delay',
  'risk.jitter',
  'risk.traffic',
  'risk.post',
  'risk.processes',
  'risk.requests',
  'risk.seed',
  'risk.tab',
] as const;

type Param = (typeof RISK_PARAM_NAMES)[number];

/** Which parameter carries each validated field path (validation problems name the parameter). */
const PARAM_OF_PATH: [prefix: string, param: Param][] = [
  ['client.policy', 'risk.client'],
  ['client.idleExpiryMs', 'risk.expiry'],
  ['client.retries', 'risk.retries'],
  ['client.maxConnections', 'risk.pool'],
  ['server.profile', 'risk.server'],
  ['server.idleTimeoutMs', 'risk.timeout'],
  ['server.keepAliveHint', 'risk.hint'],
  ['network.delayMs', 'risk.delay'],
  ['network.jitterMs', 'risk.jitter'],
  ['traffic', 'risk.traffic'],
  ['postShare', 'risk.post'],
  ['processes', 'risk.processes'],
  ['requests', 'risk.requests'],
  ['seed', 'risk.seed'],
];

export interface RiskLink {
  open: boolean;
  tab: RiskTab;
  input: RiskInput;
  problems: UrlProblem[];
}

/** `sequential:exp:4000` and the rest (the CLI's `--traffic` syntax), or an error sentence. */
export function parseTraffic(text: string): RiskTraffic | string {
  const parts = text.trim().split(':');
  const nums = parts.slice(2).map(Number);
  const ok = nums.every((n) => Number.isFinite(n));
  const usage =
    'expected sequential:exp:MEAN_MS, sequential:uniform:MIN_MS:MAX_MS, sequential:fixed:MS, poisson:RATE_PER_S or seed-bursts';
  if (parts[0] === 'seed-bursts' && parts.length === 1) return { kind: 'seed-bursts' };
  if (parts[0] === 'poisson' && parts.length === 2) {
    const rate = Number(parts[1]);
    return Number.isFinite(rate) ? { kind: 'poisson', ratePerSec: rate } : usage;
  }
  if (parts[0] === 'sequential' && ok) {
    if (parts[1] === 'exp' && nums.length === 1)
      return { kind: 'sequential', gap: { kind: 'exponential', meanMs: nums[0]! } };
    if (parts[1] === 'uniform' && nums.length === 2)
      return { kind: 'sequential', gap: { kind: 'uniform', minMs: nums[0]!, maxMs: nums[1]! } };
    if (parts[1] === 'fixed' && nums.length === 1)
      return { kind: 'sequential', gap: { kind: 'fixed', ms: nums[0]! } };
  }
  return usage;
}

export function formatTraffic(t: RiskTraffic): string {
  if (t.kind === 'seed-bursts') return 'seed-bursts';
  if (t.kind === 'poisson') return `poisson:${t.ratePerSec}`;
  const g = t.gap;
  switch (g.kind) {
    case 'exponential':
      return `sequential:exp:${g.meanMs}`;
    case 'uniform':
      return `sequential:uniform:${g.minMs}:${g.maxMs}`;
    case 'fixed':
      return `sequential:fixed:${g.ms}`;
    case 'lognormal':
      return `sequential:lognormal:${g.medianMs}:${g.sigma}`;
  }
}

const onOff = (v: string): boolean | string =>
  v === 'on' || v === 'true' ? true : v === 'off' || v === 'false' ? false : 'must be on or off';

function num(v: string): number | string {
  const n = Number(v.replace(/ms$/, ''));
  return v.trim() !== '' && Number.isFinite(n) ? n : `must be a number, got "${v.slice(0, 40)}"`;
}

/** Sets one field from its parameter; returns an error sentence, or null when it was set. */
function setField(input: RiskInput, param: Param, v: string): string | null {
  const n = () => num(v);
  const put = <T>(value: T | string, apply: (x: T) => void): string | null => {
    if (typeof value === 'string') return value;
    apply(value);
    return null;
  };
  switch (param) {
    case 'risk.client':
      input.client.policy = v;
      return null;
    case 'risk.expiry':
      if (v === 'none') {
        input.client.idleExpiryMs = null;
        return null;
      }
      return put(n(), (x) => {
        input.client.idleExpiryMs = x;
      });
    case 'risk.retries':
      if (v !== 'policy' && v !== 'on' && v !== 'off') return 'must be policy, on or off';
      input.client.retries = v;
      return null;
    case 'risk.pool':
      return put(n(), (x) => {
        input.client.maxConnections = x;
      });
    case 'risk.server':
      input.server.profile = v;
      return null;
    case 'risk.timeout':
      return put(n(), (x) => {
        input.server.idleTimeoutMs = x;
      });
    case 'risk.hint':
      return put(onOff(v), (x) => {
        input.server.keepAliveHint = x;
      });
    case 'risk.delay':
      return put(n(), (x) => {
        input.network.delayMs = x;
      });
    case 'risk.jitter':
      return put(n(), (x) => {
        input.network.jitterMs = x;
      });
    case 'risk.traffic':
      return put(parseTraffic(v), (x) => {
        input.traffic = x;
      });
    case 'risk.post':
      return put(n(), (x) => {
        input.postShare = x;
      });
    case 'risk.processes':
      return put(n(), (x) => {
        input.processes = x;
      });
    case 'risk.requests':
      return put(n(), (x) => {
        input.requests = x;
      });
    case 'risk.seed':
      return put(n(), (x) => {
        input.seed = x;
      });
    default:
      return null;
  }
}

const copy = (i: RiskInput): RiskInput => JSON.parse(JSON.stringify(i));

/** Resets the field at `path` to the default question's value. */
function resetField(input: RiskInput, param: Param): void {
  const d = DEFAULT_RISK_INPUT;
  const v = encodeField(d, param);
  if (v === null) {
    // Absent from the default: an override, removed.
    if (param === 'risk.expiry') delete input.client.idleExpiryMs;
    if (param === 'risk.retries') delete input.client.retries;
    if (param === 'risk.pool') delete input.client.maxConnections;
    if (param === 'risk.timeout') delete input.server.idleTimeoutMs;
    if (param === 'risk.hint') delete input.server.keepAliveHint;
    return;
  }
  setField(input, param, v);
}

export function decodeRiskParams(search: string): RiskLink {
  const pairs = parseQuery(search);
  const get = (k: string) => {
    let v: string | undefined;
    for (const [key, val] of pairs) if (key === k) v = val;
    return v;
  };
  const problems: UrlProblem[] = [];
  const view = get('view');
  const open = view === 'risk';
  if (view !== undefined && !open)
    problems.push({ param: 'view', message: `unknown view "${view.slice(0, 40)}"; allowed: risk` });
  const input = copy(DEFAULT_RISK_INPUT);
  const given = new Set<Param>();
  for (const param of RISK_PARAM_NAMES) {
    if (param === 'view' || param === 'risk.tab') continue;
    const v = get(param);
    if (v === undefined) continue;
    given.add(param);
    const problem = setField(input, param, v);
    if (problem) {
      problems.push({ param, message: `${problem}; using the default` });
      resetField(input, param);
    }
  }
  // Validation names one problem at a time: each goes on the parameter that carries the field,
  // which falls back; then the rest is checked again.
  let checked = checkRiskInput(input);
  for (let round = 0; !checked.ok && round < PARAM_OF_PATH.length; round++) {
    for (const [path, message] of Object.entries(checked.problems)) {
      const param = PARAM_OF_PATH.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'view';
      problems.push({ param, message: `${path} ${message}; using the default` });
      resetField(input, param);
    }
    checked = checkRiskInput(input);
  }
  const tabParam = get('risk.tab');
  let tab: RiskTab = 'explore';
  if (tabParam !== undefined) {
    if ((RISK_TABS as readonly string[]).includes(tabParam)) tab = tabParam as RiskTab;
    else problems.push({ param: 'risk.tab', message: `must be one of ${RISK_TABS.join(', ')}` });
  }
  if (!open && given.size > 0)
    problems.push({ param: 'view', message: 'risk.… parameters mean nothing without view=risk; ignored' });
  return { open, tab, input: checked.ok ? checked.input : copy(DEFAULT_RISK_INPUT), problems };
}

/** The parameter's value for `input` (null: the field is absent). */
function encodeField(input: RiskInput, param: Param): string | null {
  switch (param) {
    case 'risk.client':
      return input.client.policy;
    case 'risk.expiry':
      return input.client.idleExpiryMs === undefined
        ? null
        : input.client.idleExpiryMs === null
          ? 'none'
          : String(input.client.idleExpiryMs);
    case 'risk.retries':
      return input.client.retries ?? null;
    case 'risk.pool':
      return input.client.maxConnections === undefined ? null : String(input.client.maxConnections);
    case 'risk.server':
      return input.server.profile;
    case 'risk.timeout':
      return input.server.idleTimeoutMs === undefined ? null : String(input.server.idleTimeoutMs);
    case 'risk.hint':
      return input.server.keepAliveHint === undefined ? null : input.server.keepAliveHint ? 'on' : 'off';
    case 'risk.delay':
      return String(input.network.delayMs);
    case 'risk.jitter':
      return String(input.network.jitterMs);
    case 'risk.traffic':
      return formatTraffic(input.traffic);
    case 'risk.post':
      return String(input.postShare);
    case 'risk.processes':
      return String(input.processes);
    case 'risk.requests':
      return String(input.requests);
    case 'risk.seed':
      return String(input.seed);
    default:
      return null;
  }
}

/** `view=risk&…` for an open explorer (the fields that differ from the default), '' when closed. */
export function riskQuery(s: { riskOpen: boolean; riskTab: RiskTab; riskInput: RiskInput }): string {
  if (!s.riskOpen) return '';
  let q = 'view=risk';
  for (const param of RISK_PARAM_NAMES) {
    if (param === 'view' || param === 'risk.tab') continue;
    const v = encodeField(s.riskInput, param);
    if (v !== null && v !== encodeField(DEFAULT_RISK_INPUT, param)) q += `&${param}=${encodeURIComponent(v)}`;
  }
  if (s.riskTab !== 'explore') q += `&risk.tab=${s.riskTab}`;
  return q;
}
