/**
 * Defaults: a scenario file may give only what differs from these. Sections
 * (server, client, network, limits) are merged field by field; a workload is
 * replaced whole.
 */
import { PRESETS } from './presets';
import type { Scenario } from './types';

/** The seed's world (uvicorn, 2 ms one-way, http3 0.6) with one sequential call. */
export const DEFAULT_SCENARIO: Scenario = {
  ...PRESETS['issue-96']!.scenario,
  name: 'custom',
  description: 'A custom scenario.',
  workload: { kind: 'sequential', gapsMs: [1000], method: 'GET', path: '/' },
};

const SECTIONS = ['server', 'client', 'network', 'limits'] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fills what `partial` leaves out from `base`; anything malformed is left for validation to name.
 * Not recursive: it copies `partial`'s own fields and its sections' own fields one level deep
 * (values are shared, not copied), so it is safe on input of any depth.
 */
export function withDefaults(partial: unknown, base: Scenario = DEFAULT_SCENARIO): unknown {
  if (!isObject(partial)) return partial;
  // Spread copies own enumerable fields only, `__proto__` included as a plain field (which
  // validation then names as unknown); nothing is inherited.
  const out: Record<string, unknown> = { ...JSON.parse(JSON.stringify(base)), ...partial };
  for (const key of SECTIONS) {
    const given = Object.hasOwn(partial, key) ? partial[key] : undefined;
    if (isObject(given)) out[key] = { ...(base[key] as object), ...given };
  }
  return out;
}
