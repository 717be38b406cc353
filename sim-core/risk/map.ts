/**
 * A map over one or two parameters: the RiskInput of each cell (x-major: all y for the first x,
 * then the next x), each estimated on the same seeds, so cells differ only by the parameter.
 */
import { ScenarioError } from '../scenario/validate';
import type { MapSpec, RiskInput, VaryParam, VaryParamName } from './types';
import { RISK_LIMITS, validateRiskInput } from './validate';

export const VARY_PARAMS: readonly VaryParamName[] = [
  'clientExpiryMs',
  'serverTimeoutMs',
  'delayMs',
  'meanGapMs',
  'ratePerSec',
];

const fail = (path: string, message: string): never => {
  throw new ScenarioError([{ path, message }]);
};

/** The values of a parameter: from, from + step, … up to `to` (inclusive, to float noise). */
export function varyValues(v: VaryParam, path = 'vary'): number[] {
  if (![v.from, v.to, v.step].every(Number.isFinite)) fail(path, 'from, to and step must be numbers');
  if (v.step <= 0) fail(`${path}.step`, `must be more than 0, got ${v.step}`);
  if (v.to < v.from) fail(`${path}.to`, `must be at least from (${v.from}), got ${v.to}`);
  const n = Math.floor((v.to - v.from) / v.step + 1e-9) + 1;
  if (n > RISK_LIMITS.mapCells[1]) fail(path, `has ${n} values; at most ${RISK_LIMITS.mapCells[1]}`);
  return Array.from({ length: n }, (_, i) => Math.round((v.from + i * v.step) * 1e6) / 1e6);
}

export function withParam(input: RiskInput, param: VaryParamName, value: number): RiskInput {
  const t = input.traffic;
  switch (param) {
    case 'clientExpiryMs':
      return { ...input, client: { ...input.client, idleExpiryMs: value } };
    case 'serverTimeoutMs':
      return { ...input, server: { ...input.server, idleTimeoutMs: value } };
    case 'delayMs':
      return { ...input, network: { ...input.network, delayMs: value } };
    case 'meanGapMs': {
      if (t.kind !== 'sequential') return fail('vary', 'meanGapMs needs sequential traffic');
      const g = t.gap;
      // The gap's mean moves; its shape (fixed, exponential, a uniform's width) stays.
      const gap =
        g.kind === 'fixed'
          ? { kind: 'fixed' as const, ms: value }
          : g.kind === 'uniform'
            ? {
                kind: 'uniform' as const,
                minMs: Math.max(0, value - (g.maxMs - g.minMs) / 2),
                maxMs: value + (g.maxMs - g.minMs) / 2,
              }
            : { kind: 'exponential' as const, meanMs: value };
      return { ...input, traffic: { kind: 'sequential', gap } };
    }
    case 'ratePerSec':
      if (t.kind !== 'poisson') return fail('vary', 'ratePerSec needs poisson traffic');
      return { ...input, traffic: { kind: 'poisson', ratePerSec: value } };
  }
}

/** Every cell's input, validated (a value out of its field's range is named, as for any input). */
export function mapCells(input: RiskInput, spec: MapSpec): RiskInput[] {
  const xs = varyValues(spec.x, 'vary.x');
  const ys = spec.y ? varyValues(spec.y, 'vary.y') : [null];
  if (xs.length * ys.length > RISK_LIMITS.mapCells[1])
    fail('vary', `has ${xs.length} × ${ys.length} cells; at most ${RISK_LIMITS.mapCells[1]}`);
  const out: RiskInput[] = [];
  for (const x of xs) {
    for (const y of ys) {
      let cell = withParam(input, spec.x.param, x);
      if (y !== null && spec.y) cell = withParam(cell, spec.y.param, y);
      out.push(validateRiskInput(cell));
    }
  }
  return out;
}
