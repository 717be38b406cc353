/**
 * Scenario validation: every rejection names the field (as a JSON path) and
 * the allowed range; unknown names get a "did you mean". Nothing here
 * throws anything but ScenarioError, with all problems listed.
 */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { didYouMean } from './didYouMean';
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
  ratePerSec: [0.001, 100_000],
  count: [1, 1_000_000],
  bursts: [1, 100_000],
  concurrency: [1, 1000],
  maxRequests: [1, 1_000_000],
  maxDurationMs: [1, 86_400_000],
  sigma: [0, 5],
} as const;

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: Problem[] = [];

  fail(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(v: unknown, path: string, keys: readonly string[]): Obj | null {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.fail(path, `must be an object, got ${describeValue(v)}`);
      return null;
    }
    for (const k of Object.keys(v)) {
      if (!keys.includes(k))
        this.fail(`${path}.${k}`, `unknown field${didYouMean(k, keys)}; allowed: ${keys.join(', ')}`);
    }
    return v as Obj;
  }

  number(v: unknown, path: string, [min, max]: readonly [number, number], integer = false): void {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(path, `must be a number from ${min} to ${max}, got ${describeValue(v)}`);
    } else if (integer && !Number.isInteger(v)) {
      this.fail(path, `must be a whole number from ${min} to ${max}, got ${v}`);
    } else if (v < min || v > max) {
      this.fail(path, `must be from ${min} to ${max}${integer ? '' : ''}, got ${v}`);
    }
  }

  optionalNumber(v: unknown, path: string, range: readonly [number, number], integer = false): void {
    if (v !== undefined) this.number(v, path, range, integer);
  }

  oneOf(v: unknown, path: string, allowed: readonly string[]): void {
    if (typeof v !== 'string') {
      this.fail(path, `must be one of ${allowed.join(', ')}, got ${describeValue(v)}`);
    } else if (!allowed.includes(v)) {
      this.fail(path, `unknown value "${v}"${didYouMean(v, allowed)}; allowed: ${allowed.join(', ')}`);
    }
  }

  string(v: unknown, path: string, maxLength: number, pattern?: { re: RegExp; hint: string }): void {
    if (typeof v !== 'string') this.fail(path, `must be a string, got ${describeValue(v)}`);
    else if (v.length > maxLength)
      this.fail(path, `must be at most ${maxLength} characters, got ${v.length}`);
    else if (pattern && !pattern.re.test(v)) this.fail(path, pattern.hint);
  }

  distribution(v: unknown, path: string): void {
    const kinds = ['fixed', 'uniform', 'exponential', 'lognormal'];
    if (typeof v !== 'object' || v === null) {
      this.fail(path, `must be a distribution object like {"kind":"fixed","ms":5}, got ${describeValue(v)}`);
      return;
    }
    const kind = (v as Obj).kind;
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
        this.number(o.medianMs, `${path}.medianMs`, [0.001, ms[1]]);
        this.number(o.sigma, `${path}.sigma`, LIMITS.sigma);
        break;
      }
    }
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const PATH = { re: /^\/[\x21-\x7e]*$/, hint: 'must start with "/" and contain no spaces' };

function checkWorkload(c: Checker, v: unknown): void {
  const kinds = ['sequential', 'poisson', 'idle-then-burst', 'service-chain'];
  if (typeof v !== 'object' || v === null) {
    c.fail('workload', `must be an object with "kind" (${kinds.join(', ')}), got ${describeValue(v)}`);
    return;
  }
  const kind = (v as Obj).kind;
  c.oneOf(kind, 'workload.kind', kinds);
  const common = ['kind', 'method', 'path'];
  const keys: Record<string, string[]> = {
    sequential: [...common, 'gapsMs', 'methods'],
    poisson: [...common, 'ratePerSec', 'count'],
    'idle-then-burst': [...common, 'bursts', 'idleMs', 'concurrency'],
    'service-chain': [...common, 'bursts', 'idleMs', 'burstSize', 'withinBurstMs', 'handlingMs'],
  };
  const allowed = keys[kind as string];
  if (!allowed) return;
  const o = c.object(v, 'workload', allowed)!;
  c.oneOf(o.method, 'workload.method', HTTP_METHODS);
  c.string(o.path, 'workload.path', 200, PATH);
  switch (kind) {
    case 'sequential': {
      if (!Array.isArray(o.gapsMs)) {
        c.fail('workload.gapsMs', `must be a list of idle gaps in ms, got ${describeValue(o.gapsMs)}`);
      } else {
        if (o.gapsMs.length > LIMITS.gaps[1]) {
          c.fail('workload.gapsMs', `must have at most ${LIMITS.gaps[1]} gaps, got ${o.gapsMs.length}`);
        }
        o.gapsMs.slice(0, 1000).forEach((g, i) => {
          c.number(g, `workload.gapsMs[${i}]`, LIMITS.ms);
        });
      }
      if (o.methods !== undefined) {
        if (!Array.isArray(o.methods))
          c.fail('workload.methods', `must be a list of methods, got ${describeValue(o.methods)}`);
        else
          o.methods.forEach((m, i) => {
            c.oneOf(m, `workload.methods[${i}]`, HTTP_METHODS);
          });
      }
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

/** All problems with a scenario (empty when it is valid). */
export function scenarioProblems(v: unknown): Problem[] {
  const c = new Checker();
  const root = c.object(v, 'scenario', [
    'version',
    'name',
    'description',
    'seed',
    'server',
    'client',
    'network',
    'workload',
    'limits',
  ]);
  if (!root) return c.problems;
  if (root.version !== 1)
    c.fail('version', `must be 1 (the only scenario format), got ${describeValue(root.version)}`);
  c.string(root.name, 'name', 80);
  if (root.description !== undefined) c.string(root.description, 'description', 2000);
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
    c.oneOf(
      server.profile,
      'server.profile',
      SERVER_PROFILES.map((p) => p.name),
    );
    c.optionalNumber(server.idleTimeoutMs, 'server.idleTimeoutMs', LIMITS.idleTimeoutMs);
    for (const flag of ['keepAliveHint', 'leakyIdleTimer'] as const) {
      if (server[flag] !== undefined && typeof server[flag] !== 'boolean')
        c.fail(`server.${flag}`, `must be true or false, got ${describeValue(server[flag])}`);
    }
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
    c.oneOf(
      client.policy,
      'client.policy',
      CLIENT_POLICIES.map((p) => p.name),
    );
    c.number(client.eventLoopDelayMs, 'client.eventLoopDelayMs', LIMITS.loopDelayMs);
    if (client.idleExpiryMs !== null)
      c.optionalNumber(client.idleExpiryMs, 'client.idleExpiryMs', LIMITS.idleTimeoutMs);
    c.optionalNumber(client.maxConnections, 'client.maxConnections', LIMITS.maxConnections, true);
    if (client.idempotencyKey !== undefined && typeof client.idempotencyKey !== 'boolean')
      c.fail('client.idempotencyKey', `must be true or false, got ${describeValue(client.idempotencyKey)}`);
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
