/**
 * validateRiskInput: anything (a URL's JSON, a CLI's flags, a worker message) in, a RiskInput out,
 * or a ScenarioError naming the first bad field and its limit, in one line.
 */
import { CLIENT_POLICIES, clientPolicy, SERVER_PROFILES } from '../policies';
import { CLIENT_SETTINGS } from '../policies/settings';
import { didYouMean } from '../scenario/didYouMean';
import type { Distribution } from '../scenario/types';
import { LIMITS, ScenarioError } from '../scenario/validate';
import type { RiskInput, RiskTraffic } from './types';

export const RISK_LIMITS = {
  /** Requests in one estimate. */
  requests: [1, 10_000_000],
  processes: [1, 1000],
  postShare: [0, 1],
  delayMs: LIMITS.delayMs,
  jitterMs: LIMITS.delayMs,
  idleTimeoutMs: LIMITS.idleTimeoutMs,
  idleExpiryMs: LIMITS.idleTimeoutMs,
  maxConnections: LIMITS.maxConnections,
  gapMs: LIMITS.ms,
  ratePerSec: LIMITS.ratePerSec,
  seed: LIMITS.seed,
  loopDelayMs: LIMITS.loopDelayMs,
  /** Cells of a map (x steps × y steps). */
  mapCells: [1, 400],
  /** Workers (or shards) one estimate is split into. */
  shards: [1, 64],
} as const;

const fail = (path: string, message: string): never => {
  throw new ScenarioError([{ path, message }]);
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fields(v: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (!isObject(v)) return fail(path, `must be an object, got ${v === null ? 'null' : typeof v}`);
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) fail(`${path}.${k}`, `is not a field here (fields: ${known.join(', ')})`);
  }
  return v;
}

function num(v: unknown, path: string, [lo, hi]: readonly [number, number], integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path, `must be a number in ${lo}..${hi}`);
  if (v < lo || v > hi) fail(path, `must be in ${lo}..${hi}, got ${v}`);
  if (integer && !Number.isInteger(v)) fail(path, `must be a whole number, got ${v}`);
  return v;
}

function name(v: unknown, path: string, known: readonly string[]): string {
  if (typeof v !== 'string') return fail(path, `must be a name (one of ${known.join(', ')})`);
  if (!known.includes(v)) fail(path, `unknown name ${JSON.stringify(v.slice(0, 80))}${didYouMean(v, known)}`);
  return v;
}

function gap(v: unknown, path: string): Distribution {
  const o = fields(v, path, ['kind', 'ms', 'minMs', 'maxMs', 'meanMs']);
  switch (o.kind) {
    case 'fixed':
      return { kind: 'fixed', ms: num(o.ms, `${path}.ms`, RISK_LIMITS.gapMs) };
    case 'uniform': {
      const minMs = num(o.minMs, `${path}.minMs`, RISK_LIMITS.gapMs);
      const maxMs = num(o.maxMs, `${path}.maxMs`, RISK_LIMITS.gapMs);
      if (maxMs < minMs) fail(`${path}.maxMs`, `must be at least minMs (${minMs}), got ${maxMs}`);
      return { kind: 'uniform', minMs, maxMs };
    }
    case 'exponential':
      return { kind: 'exponential', meanMs: num(o.meanMs, `${path}.meanMs`, [0.001, RISK_LIMITS.gapMs[1]]) };
    default:
      return fail(`${path}.kind`, 'must be fixed, uniform or exponential');
  }
}

function traffic(v: unknown): RiskTraffic {
  const kind = isObject(v) ? v.kind : undefined;
  if (kind === 'sequential') {
    const o = fields(v, 'traffic', ['kind', 'gap']);
    return { kind, gap: gap(o.gap, 'traffic.gap') };
  }
  if (kind === 'poisson') {
    const o = fields(v, 'traffic', ['kind', 'ratePerSec']);
    return { kind, ratePerSec: num(o.ratePerSec, 'traffic.ratePerSec', RISK_LIMITS.ratePerSec) };
  }
  if (kind === 'seed-bursts') {
    fields(v, 'traffic', ['kind']);
    return { kind };
  }
  return fail('traffic.kind', 'must be sequential, poisson or seed-bursts');
}

const CLIENT_NAMES = CLIENT_POLICIES.map((p) => p.name);
const SERVER_NAMES = SERVER_PROFILES.map((p) => p.name);

export function validateRiskInput(x: unknown): RiskInput {
  const o = fields(x, 'risk', [
    'client',
    'server',
    'network',
    'traffic',
    'postShare',
    'processes',
    'requests',
    'seed',
    'model',
  ]);
  const c = fields(o.client, 'client', ['policy', 'idleExpiryMs', 'retries', 'maxConnections']);
  const policy = name(c.policy, 'client.policy', CLIENT_NAMES);
  const client: RiskInput['client'] = { policy };
  if (c.idleExpiryMs !== undefined)
    client.idleExpiryMs =
      c.idleExpiryMs === null ? null : num(c.idleExpiryMs, 'client.idleExpiryMs', RISK_LIMITS.idleExpiryMs);
  if (c.retries !== undefined) {
    const r = name(c.retries, 'client.retries', ['policy', 'on', 'off']) as 'policy' | 'on' | 'off';
    const doc = CLIENT_SETTINGS[policy];
    const has = clientPolicy(policy)!.retry !== null;
    // 'on'/'off' means a setting the library has; the model runs the policy that has it set.
    if (r === 'on' && !has && !doc?.retriesOn)
      fail(
        'client.retries',
        `${policy} has no setting that retries this failure (${doc?.why ?? 'none known'})`,
      );
    if (r === 'off' && has && !doc?.retriesOff)
      fail('client.retries', `${policy}'s retries cannot be turned off (${doc?.why ?? 'no setting known'})`);
    client.retries = r;
  }
  if (c.maxConnections !== undefined)
    client.maxConnections = num(c.maxConnections, 'client.maxConnections', RISK_LIMITS.maxConnections, true);
  const s = fields(o.server, 'server', ['profile', 'idleTimeoutMs', 'keepAliveHint']);
  const server: RiskInput['server'] = { profile: name(s.profile, 'server.profile', SERVER_NAMES) };
  if (s.idleTimeoutMs !== undefined)
    server.idleTimeoutMs = num(s.idleTimeoutMs, 'server.idleTimeoutMs', RISK_LIMITS.idleTimeoutMs);
  if (s.keepAliveHint !== undefined) {
    if (typeof s.keepAliveHint !== 'boolean') fail('server.keepAliveHint', 'must be true or false');
    server.keepAliveHint = s.keepAliveHint as boolean;
  }
  const n = fields(o.network, 'network', ['delayMs', 'jitterMs']);
  const network = {
    delayMs: num(n.delayMs, 'network.delayMs', RISK_LIMITS.delayMs),
    jitterMs: num(n.jitterMs, 'network.jitterMs', RISK_LIMITS.jitterMs),
  };
  const out: RiskInput = {
    client,
    server,
    network,
    traffic: traffic(o.traffic),
    postShare: num(o.postShare, 'postShare', RISK_LIMITS.postShare),
    processes: num(o.processes, 'processes', RISK_LIMITS.processes, true),
    requests: num(o.requests, 'requests', RISK_LIMITS.requests, true),
    seed: num(o.seed, 'seed', RISK_LIMITS.seed, true),
  };
  // Poisson traffic is shared by the processes: each one's rate must still be a scenario's.
  if (out.traffic.kind === 'poisson' && out.traffic.ratePerSec / out.processes < RISK_LIMITS.ratePerSec[0])
    fail(
      'traffic.ratePerSec',
      `is shared by ${out.processes} processes: at least ${RISK_LIMITS.ratePerSec[0] * out.processes}/s (${RISK_LIMITS.ratePerSec[0]}/s each), got ${out.traffic.ratePerSec}`,
    );
  if (o.model !== undefined) {
    const m = fields(o.model, 'model', ['clientEventLoopDelayMs', 'serverEventLoopDelayMs', 'processingMs']);
    out.model = {};
    if (m.clientEventLoopDelayMs !== undefined)
      out.model.clientEventLoopDelayMs = num(
        m.clientEventLoopDelayMs,
        'model.clientEventLoopDelayMs',
        RISK_LIMITS.loopDelayMs,
      );
    if (m.serverEventLoopDelayMs !== undefined)
      out.model.serverEventLoopDelayMs = num(
        m.serverEventLoopDelayMs,
        'model.serverEventLoopDelayMs',
        RISK_LIMITS.loopDelayMs,
      );
    if (m.processingMs !== undefined) out.model.processingMs = gap(m.processingMs, 'model.processingMs');
  }
  return out;
}

/** The problems of an input (empty when valid): the first bad field, as validateRiskInput names it. */
export function riskInputProblems(x: unknown): { path: string; message: string }[] {
  try {
    validateRiskInput(x);
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems;
    throw e;
  }
}
