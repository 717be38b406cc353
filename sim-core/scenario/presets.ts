/**
 * Named scenarios. They are data shared by the CLI, the unit tests, the e2e
 * tests and the app's preset menu.
 */
import { canonicalJson, quote } from './text';
import type { Scenario } from './types';

export interface Preset {
  name: string;
  title: string;
  description: string;
  scenario: Scenario;
}

/**
 * The seed (encode/httpx#96): service A receives bursts of traffic separated
 * by idle periods around uvicorn's 5 s keep-alive timeout, and for each
 * incoming request POSTs to service B through one shared http3 0.6 client.
 */
const issue96: Scenario = {
  version: 1,
  name: 'issue-96',
  description:
    'Service A calls uvicorn service B through one shared http3 0.6 client; bursts of POSTs after idle periods near the 5 s keep-alive timeout.',
  seed: 96,
  server: {
    profile: 'uvicorn',
    processing: { kind: 'lognormal', medianMs: 8, sigma: 0.5 },
    eventLoopDelayMs: 0.05,
  },
  client: { policy: 'http3-0.6', eventLoopDelayMs: 0.05 },
  network: { delayMs: 2, jitterMs: 0.5 },
  workload: {
    kind: 'service-chain',
    bursts: 40,
    idleMs: { kind: 'uniform', minMs: 3500, maxMs: 7000 },
    burstSize: { min: 1, max: 4 },
    withinBurstMs: { kind: 'exponential', meanMs: 15 },
    handlingMs: { kind: 'uniform', minMs: 1, maxMs: 4 },
    method: 'POST',
    path: '/auth',
  },
  limits: { maxRequests: 10_000, maxDurationMs: 3_600_000 },
};

const issue96Fixed: Scenario = {
  ...issue96,
  name: 'issue-96-fixed',
  description:
    'The same seed and workload with today’s httpx (0.23+): idle connections found readable or expired are dropped.',
  client: { policy: 'httpx-0.23', eventLoopDelayMs: 0.05 },
};

const pollingAtTimeout: Scenario = {
  version: 1,
  name: 'polling-at-timeout',
  description:
    'A health check that sleeps exactly the server’s 5 s keep-alive timeout between calls (http3 0.6): the client’s idle clock starts after the server’s, so every reuse meets a closed connection.',
  seed: 1,
  server: { profile: 'uvicorn', processing: { kind: 'fixed', ms: 2 }, eventLoopDelayMs: 0.05 },
  client: { policy: 'http3-0.6', eventLoopDelayMs: 0.05 },
  network: { delayMs: 1, jitterMs: 0.2 },
  workload: {
    kind: 'sequential',
    gapsMs: Array.from({ length: 30 }, () => 5000),
    method: 'GET',
    path: '/health',
  },
  limits: { maxRequests: 10_000, maxDurationMs: 3_600_000 },
};

/**
 * The second cause in the #96 thread: uvicorn's keep-alive timer bugs (#824, #1637, httptools)
 * closed connections during a request. Slow requests back to back on one connection: the timer
 * leaked after the first response fires 5 s later, mid-request — today's httpx reports the same
 * "Server disconnected" error, with no stale connection involved.
 */
const leakyIdleTimer: Scenario = {
  version: 1,
  name: 'leaky-idle-timer',
  description:
    'uvicorn with its old keep-alive timer bug (httptools, before 0.12.3): a leaked idle timer closes a busy connection mid-request; httpx 0.23 sees “Server disconnected” without any stale reuse.',
  seed: 824,
  server: {
    profile: 'uvicorn',
    leakyIdleTimer: true,
    processing: { kind: 'lognormal', medianMs: 600, sigma: 0.4 },
    eventLoopDelayMs: 0.05,
  },
  client: { policy: 'httpx-0.23', eventLoopDelayMs: 0.05 },
  network: { delayMs: 2, jitterMs: 0.5 },
  workload: {
    kind: 'sequential',
    gapsMs: Array.from({ length: 40 }, () => 150),
    method: 'GET',
    path: '/report',
  },
  limits: { maxRequests: 10_000, maxDurationMs: 3_600_000 },
};

/**
 * A null-prototype table: `PRESETS[name]` for a name from input (`constructor`, `__proto__`,
 * `toString`) is undefined, never Object.prototype's. Still, test names with isPresetName.
 */
export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, Preset>, {
    'issue-96': {
      name: 'issue-96',
      title: 'httpx#96: stale keep-alive reuse (http3 0.6)',
      description: issue96.description!,
      scenario: issue96,
    },
    'issue-96-fixed': {
      name: 'issue-96-fixed',
      title: 'httpx#96 with today’s httpx',
      description: issue96Fixed.description!,
      scenario: issue96Fixed,
    },
    'polling-at-timeout': {
      name: 'polling-at-timeout',
      title: 'Polling at exactly the server’s timeout',
      description: pollingAtTimeout.description!,
      scenario: pollingAtTimeout,
    },
    'leaky-idle-timer': {
      name: 'leaky-idle-timer',
      title: 'uvicorn’s leaky keep-alive timer (#824)',
      description: leakyIdleTimer.description!,
      scenario: leakyIdleTimer,
    },
  }),
);

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS);

/** Whether `name` is a preset (an own property of PRESETS: `constructor` is not). */
export const isPresetName = (name: unknown): name is PresetName =>
  typeof name === 'string' && Object.hasOwn(PRESETS, name);

/** A deep copy of a preset's scenario, optionally with another seed. */
export function presetScenario(name: string, seed?: number): Scenario {
  if (!isPresetName(name)) throw new Error(`unknown preset ${quote(String(name))}`);
  const preset = PRESETS[name]!;
  const scenario = JSON.parse(JSON.stringify(preset.scenario)) as Scenario;
  if (seed !== undefined) scenario.seed = seed;
  return scenario;
}

/** What a changed preset's name adds after the preset's (describe.ts): `issue-96 (modified: …)`. */
export const MODIFIED_MARK = ' (modified';

/** The preset a name names: itself, or the part before `MODIFIED_MARK` (null: no preset). */
export function presetOfName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const text: string = name;
  if (isPresetName(name)) return name;
  const i = text.indexOf(MODIFIED_MARK);
  const base = i > 0 ? text.slice(0, i) : null;
  return isPresetName(base) ? base : null;
}

/**
 * The preset a scenario is, or was derived from (for the compact link `preset=…&field=…`): the
 * preset it equals (seed included), else the preset its `name` names — `issue-96`, or the name an
 * export gives a changed preset, `issue-96 (modified: client httpx-0.23)` — (own property only: a
 * name such as `constructor` is no preset), else null. Call it on a valid scenario (bounded size).
 */
export function presetDerivedFrom(scenario: Scenario): string | null {
  const c = canonicalJson(scenario);
  for (const name of PRESET_NAMES) if (canonicalJson(PRESETS[name]!.scenario) === c) return name;
  return presetOfName((scenario as { name?: unknown }).name);
}
