/**
 * Scenario validation: every rejection names the field (as a JSON path) and
 * the allowed range; unknown names get a "did you mean". Nothing here
 * throws anything but ScenarioError, with all problems listed.
 *
 * Safe on any input: sizes are checked first, iteratively (bounds.ts), fields are read as own
 * properties only (a name such as `constructor` or `__proto__` is an unknown name, never
 * Object.prototype's), every list element is checked but only the first few problems of a list
 * are listed, and a bad value is quoted at most ~80 characters. A scenario this accepts is
 * plain JSON: it survives JSON.stringify → JSON.parse unchanged (so a trace file's header
 * re-imports) — hence -0 is refused, and holes in lists are. (Named fields on a list, which only
 * JavaScript can make, are not looked for: that would cost an Object.keys of 100,000 entries.)
 */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { jsonBoundsProblem, SCENARIO_BOUNDS } from './bounds';
import { didYouMean } from './didYouMean';
import { clip, joinPath, QUOTE_MAX, quote } from './text';
import { HTTP_METHODS, type Scenario } from './types';

export interface Problem {
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    this.name = 'ScenarioError';
  }
}

export const LIMITS = {
  seed: [0, 4294967295],
  ms: [0, 3_600_000],
  loopDelayMs: [0, 1000],
  delayMs: [0, 10_000],
  idleTimeoutMs: [1, 3_600_000],
  maxConnections: [1, 10_000],
  requestsPerConnection: [1, 1_000_000],
  gaps: [1, 100_000],
  /** Entries of a sequential workload's `methods` (one per request at most). */
  methods: [0, 100_001],
  ratePerSec: [0.001, 100_000],
  count: [1, 1_000_000],
  bursts: [1, 100_000],
  concurrency: [1, 1000],
  maxRequests: [1, 1_000_000],
  maxDurationMs: [1, 86_400_000],
  sigma: [0, 5],
} as const;

/** Characters at most in the scenario's strings. */
export const STRING_LIMITS = { name: 80, description: 2000, path: 200 } as const;

/**
 * The largest draw of a lognormal distribution, ms. The engine draws z from 32-bit uniforms, so
 * |z| ≤ √(2·32·ln 2) ≈ 6.66 and a draw is at most medianMs·e^(6.66·sigma); beyond 10^12 ms a
 * timer's time in µs (run time + draw) would no longer be an exact integer, and the trace would
 * not re-import.
 */
export const LOGNORMAL_MAX_DRAW_MS = 1e12;
const LOGNORMAL_MAX_Z = Math.sqrt(-2 * Math.log(2 ** -32));

/** Problems listed per list (and unknown fields per object); the rest are counted. */
export const LISTED_PER_LIST = 5;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** An own, enumerable property (never one inherited from Object.prototype). */
function own(v: unknown, key: string): unknown {
  if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
  return Object.prototype.propertyIsEnumerable.call(v, key) ? (v as Obj)[key] : undefined;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return quote(v, 40);
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${clip(String(v), 40)}n`;
  if (Object.is(v, -0)) return '-0';
  return clip(String(v), 40);
}

function numberProblem(v: unknown, [min, max]: readonly [number, number], integer: boolean): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return `must be a number from ${min} to ${max}, got ${describeValue(v)}`;
  if (integer && !Number.isInteger(v)) return `must be a whole number from ${min} to ${max}, got ${v}`;
  if (v < min || v > max) return `must be from ${min} to ${max}, got ${describeValue(v)}`;
  // JSON writes -0 as 0: refused so that what is accepted survives a round trip unchanged.
  if (Object.is(v, -0)) return `must be from ${min} to ${max}, got -0 (write 0)`;
  return null;
}

function oneOfProblem(v: unknown, allowed: readonly string[]): string | null {
  if (typeof v !== 'string') return `must be one of ${allowed.join(', ')}, got ${describeValue(v)}`;
  if (allowed.includes(v)) return null;
  return `unknown value ${quote(v)}${didYouMean(v, allowed)}; allowed: ${allowed.join(', ')}`;
}

class Checker {
  readonly problems: Problem[] = [];

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /**
   * The own, enumerable `keys` of `v` in a null-prototype copy (so reading a missing field gives
   * undefined, never an inherited value); every other key is an unknown field.
   */
  object(v: unknown, path: string, keys: readonly string[], unknownPrefix = path): Obj | null {
    if (!isObject(v) || Array.isArray(v)) {
      this.fail(path, `must be an object, got ${describeValue(v)}`);
      return null;
    }
    const out: Obj = Object.create(null);
    let unknown = 0;
    for (const k of Object.keys(v)) {
      if (keys.includes(k)) {
        out[k] = (v as Obj)[k];
        continue;
      }
      if (++unknown > LISTED_PER_LIST) continue;
      const allowed = `allowed: ${keys.join(', ')}`;
      if (k === '') this.fail(path, `a field with an empty name ("") is not allowed; ${allowed}`);
      else
        this.fail(
          joinPath(unknownPrefix, k),
          `unknown field${k.length > 40 ? ` ${quote(k)}` : ''}${didYouMean(k, keys)}; ${allowed}`,
        );
    }
    if (unknown > LISTED_PER_LIST)
      this.fail(
        path,
        `${unknown - LISTED_PER_LIST} more unknown fields (the first ${LISTED_PER_LIST} are listed)`,
      );
    return out;
  }

  number(v: unknown, path: string, range: readonly [number, number], integer = false): void {
    const m = numberProblem(v, range, integer);
    if (m) this.fail(path, m);
  }

  optionalNumber(v: unknown, path: string, range: readonly [number, number], integer = false): void {
    if (v !== undefined) this.number(v, path, range, integer);
  }

  boolean(v: unknown, path: string): void {
    if (v !== undefined && typeof v !== 'boolean')
      this.fail(path, `must be true or false, got ${describeValue(v)}`);
  }

  oneOf(v: unknown, path: string, allowed: readonly string[]): void {
    const m = oneOfProblem(v, allowed);
    if (m) this.fail(path, m);
  }

  string(v: unknown, path: string, maxLength: number, pattern?: { re: RegExp; hint: string }): void {
    if (typeof v !== 'string') this.fail(path, `must be a string, got ${describeValue(v)}`);
    else if (v.length > maxLength)
      this.fail(path, `must be at most ${maxLength} characters, got ${v.length}`);
    else if (pattern && !pattern.re.test(v))
      this.fail(path, `${pattern.hint}, got ${quote(v, Math.min(QUOTE_MAX, 60))}`);
  }

  /** Every element checked (holes included); the first few problems listed, the rest counted. */
  list(
    v: unknown,
    path: string,
    what: string,
    [, max]: readonly [number, number],
    check: (x: unknown) => string | null,
  ): void {
    if (!Array.isArray(v)) {
      this.fail(path, `must be a list of ${what}, got ${describeValue(v)}`);
      return;
    }
    if (v.length > max) {
      this.fail(path, `must have at most ${max} entries, got ${v.length}`);
      return;
    }
    let bad = 0;
    for (let i = 0; i < v.length; i++) {
      const m = check(i in v ? v[i] : undefined);
      if (m && ++bad <= LISTED_PER_LIST) this.fail(`${path}[${i}]`, m);
    }
    if (bad > LISTED_PER_LIST)
      this.fail(
        path,
        `${bad - LISTED_PER_LIST} more entries with problems (the first ${LISTED_PER_LIST} are listed)`,
      );
  }

  distribution(v: unknown, path: string): void {
    const kinds = ['fixed', 'uniform', 'exponential', 'lognormal'];
    if (!isObject(v) || Array.isArray(v)) {
      this.fail(path, `must be a distribution object like {"kind":"fixed","ms":5}, got ${describeValue(v)}`);
      return;
    }
    const kind = own(v, 'kind');
    this.oneOf(kind, `${path}.kind`, kinds);
    const ms = LIMITS.ms;
    switch (kind) {
      case 'fixed': {
        const o = this.object(v, path, ['kind', 'ms']);
        if (o) this.number(o.ms, `${path}.ms`, ms);
        break;
      }
      case 'uniform': {
        const o = this.object(v, path, ['kind', 'minMs', 'maxMs']);
        if (!o) break;
        this.number(o.minMs, `${path}.minMs`, ms);
        this.number(o.maxMs, `${path}.maxMs`, ms);
        if (typeof o.minMs === 'number' && typeof o.maxMs === 'number' && o.minMs > o.maxMs) {
          this.fail(`${path}.maxMs`, `must be at least minMs (${o.minMs}), got ${o.maxMs}`);
        }
        break;
      }
      case 'exponential': {
        const o = this.object(v, path, ['kind', 'meanMs']);
        if (o) this.number(o.meanMs, `${path}.meanMs`, [0.001, ms[1]]);
        break;
      }
      case 'lognormal': {
        const o = this.object(v, path, ['kind', 'medianMs', 'sigma']);
        if (!o) break;
        const before = this.problems.length;
        this.number(o.medianMs, `${path}.medianMs`, [0.001, ms[1]]);
        this.number(o.sigma, `${path}.sigma`, LIMITS.sigma);
        if (this.problems.length > before) break;
        const median = o.medianMs as number;
        const sigma = o.sigma as number;
        if (median * Math.exp(sigma * LOGNORMAL_MAX_Z) > LOGNORMAL_MAX_DRAW_MS) {
          const maxSigma =
            Math.floor((Math.log(LOGNORMAL_MAX_DRAW_MS / median) / LOGNORMAL_MAX_Z) * 100) / 100;
          this.fail(
            `${path}.sigma`,
            `with medianMs ${median} must be at most ${maxSigma} (a draw, up to medianMs·e^(6.66·sigma), must stay within ${LOGNORMAL_MAX_DRAW_MS} ms), got ${sigma}`,
          );
        }
        break;
      }
    }
  }
}

const PATH = { re: /^\/[\x21-\x7e]*$/, hint: 'must start with "/" and contain no spaces' };

const WORKLOAD_KINDS = ['sequential', 'poisson', 'idle-then-burst', 'service-chain'] as const;
const COMMON_WORKLOAD_KEYS = ['kind', 'method', 'path'];
/** The fields of each workload kind (a Map: a kind such as `constructor` finds nothing). */
const WORKLOAD_KEYS = new Map<string, readonly string[]>([
  ['sequential', [...COMMON_WORKLOAD_KEYS, 'gapsMs', 'methods']],
  ['poisson', [...COMMON_WORKLOAD_KEYS, 'ratePerSec', 'count']],
  ['idle-then-burst', [...COMMON_WORKLOAD_KEYS, 'bursts', 'idleMs', 'concurrency']],
  [
    'service-chain',
    [...COMMON_WORKLOAD_KEYS, 'bursts', 'idleMs', 'burstSize', 'withinBurstMs', 'handlingMs'],
  ],
]);

function checkWorkload(c: Checker, v: unknown): void {
  if (!isObject(v) || Array.isArray(v)) {
    c.fail(
      'workload',
      `must be an object with "kind" (${WORKLOAD_KINDS.join(', ')}), got ${describeValue(v)}`,
    );
    return;
  }
  const kind = own(v, 'kind');
  c.oneOf(kind, 'workload.kind', WORKLOAD_KINDS);
  const allowed = typeof kind === 'string' ? WORKLOAD_KEYS.get(kind) : undefined;
  if (!allowed) return;
  const o = c.object(v, 'workload', allowed)!;
  c.oneOf(o.method, 'workload.method', HTTP_METHODS);
  c.string(o.path, 'workload.path', STRING_LIMITS.path, PATH);
  switch (kind) {
    case 'sequential': {
      c.list(o.gapsMs, 'workload.gapsMs', 'idle gaps in ms', LIMITS.gaps, (g) =>
        numberProblem(g, LIMITS.ms, false),
      );
      if (o.methods !== undefined)
        c.list(o.methods, 'workload.methods', 'methods', LIMITS.methods, (m) =>
          oneOfProblem(m, HTTP_METHODS),
        );
      break;
    }
    case 'poisson':
      c.number(o.ratePerSec, 'workload.ratePerSec', LIMITS.ratePerSec);
      c.number(o.count, 'workload.count', LIMITS.count, true);
      break;
    case 'idle-then-burst':
      c.number(o.bursts, 'workload.bursts', LIMITS.bursts, true);
      c.distribution(o.idleMs, 'workload.idleMs');
      c.number(o.concurrency, 'workload.concurrency', LIMITS.concurrency, true);
      break;
    case 'service-chain': {
      c.number(o.bursts, 'workload.bursts', LIMITS.bursts, true);
      c.distribution(o.idleMs, 'workload.idleMs');
      c.distribution(o.withinBurstMs, 'workload.withinBurstMs');
      c.distribution(o.handlingMs, 'workload.handlingMs');
      const b = c.object(o.burstSize, 'workload.burstSize', ['min', 'max']);
      if (b) {
        c.number(b.min, 'workload.burstSize.min', LIMITS.concurrency, true);
        c.number(b.max, 'workload.burstSize.max', LIMITS.concurrency, true);
        if (typeof b.min === 'number' && typeof b.max === 'number' && b.max < b.min) {
          c.fail('workload.burstSize.max', `must be at least burstSize.min (${b.min}), got ${b.max}`);
        }
      }
      break;
    }
  }
}

const SERVER_PROFILE_NAMES = SERVER_PROFILES.map((p) => p.name);
const CLIENT_POLICY_NAMES = CLIENT_POLICIES.map((p) => p.name);

/** All problems with a scenario (empty when it is valid). Never throws. */
export function scenarioProblems(v: unknown): Problem[] {
  try {
    return check(v);
  } catch (e) {
    // Only a value that is not JSON gets here (a getter or a proxy that throws).
    return [{ path: 'scenario', message: `cannot be read (${clip(errorText(e))})` }];
  }
}

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unprintable error';
  }
}

function check(v: unknown): Problem[] {
  // Sizes first, without recursion: a value nested 100,000 deep gets one problem, not a stack overflow.
  const bounds = jsonBoundsProblem(v, SCENARIO_BOUNDS, { top: 'scenario' });
  if (bounds) return [bounds];
  const c = new Checker();
  const root = c.object(
    v,
    'scenario',
    ['version', 'name', 'description', 'seed', 'server', 'client', 'network', 'workload', 'limits'],
    'scenario',
  );
  if (!root) return c.problems;
  if (root.version !== 1)
    c.fail('version', `must be 1 (the only scenario format), got ${describeValue(root.version)}`);
  c.string(root.name, 'name', STRING_LIMITS.name);
  if (root.description !== undefined) c.string(root.description, 'description', STRING_LIMITS.description);
  c.number(root.seed, 'seed', LIMITS.seed, true);

  const server = c.object(root.server, 'server', [
    'profile',
    'idleTimeoutMs',
    'keepAliveHint',
    'requestsPerConnection',
    'leakyIdleTimer',
    'processing',
    'eventLoopDelayMs',
  ]);
  if (server) {
    c.oneOf(server.profile, 'server.profile', SERVER_PROFILE_NAMES);
    c.optionalNumber(server.idleTimeoutMs, 'server.idleTimeoutMs', LIMITS.idleTimeoutMs);
    c.boolean(server.keepAliveHint, 'server.keepAliveHint');
    c.boolean(server.leakyIdleTimer, 'server.leakyIdleTimer');
    if (server.requestsPerConnection !== null) {
      c.optionalNumber(
        server.requestsPerConnection,
        'server.requestsPerConnection',
        LIMITS.requestsPerConnection,
        true,
      );
    }
    c.distribution(server.processing, 'server.processing');
    c.number(server.eventLoopDelayMs, 'server.eventLoopDelayMs', LIMITS.loopDelayMs);
  }

  const client = c.object(root.client, 'client', [
    'policy',
    'eventLoopDelayMs',
    'idleExpiryMs',
    'maxConnections',
    'idempotencyKey',
  ]);
  if (client) {
    c.oneOf(client.policy, 'client.policy', CLIENT_POLICY_NAMES);
    c.number(client.eventLoopDelayMs, 'client.eventLoopDelayMs', LIMITS.loopDelayMs);
    if (client.idleExpiryMs !== null)
      c.optionalNumber(client.idleExpiryMs, 'client.idleExpiryMs', LIMITS.idleTimeoutMs);
    c.optionalNumber(client.maxConnections, 'client.maxConnections', LIMITS.maxConnections, true);
    c.boolean(client.idempotencyKey, 'client.idempotencyKey');
  }

  const network = c.object(root.network, 'network', ['delayMs', 'jitterMs']);
  if (network) {
    c.number(network.delayMs, 'network.delayMs', LIMITS.delayMs);
    c.number(network.jitterMs, 'network.jitterMs', LIMITS.delayMs);
  }

  checkWorkload(c, root.workload);

  const limits = c.object(root.limits, 'limits', ['maxRequests', 'maxDurationMs']);
  if (limits) {
    c.number(limits.maxRequests, 'limits.maxRequests', LIMITS.maxRequests, true);
    c.number(limits.maxDurationMs, 'limits.maxDurationMs', LIMITS.maxDurationMs);
  }
  return c.problems;
}

export function assertValidScenario(v: unknown): asserts v is Scenario {
  const problems = scenarioProblems(v);
  if (problems.length > 0) throw new ScenarioError(problems);
}
