/** Scenario builders the lessons share. Every lesson scenario is a full, valid Scenario. */
import { presetScenario } from '../../scenario/presets';
import type { HttpMethod, Scenario } from '../../scenario/types';

export interface PollOptions {
  server?: string;
  idleTimeoutMs?: number;
  keepAliveHint?: boolean;
  delayMs?: number;
  processingMs?: number;
  method?: HttpMethod;
  path?: string;
  seed?: number;
  client?: Partial<Scenario['client']>;
}

/** One client calling one server: a request, then one more after each idle gap. */
export function polling(name: string, policy: string, gapsMs: number[], o: PollOptions = {}): Scenario {
  return {
    version: 1,
    name,
    seed: o.seed ?? 1,
    server: {
      profile: o.server ?? 'uvicorn',
      ...(o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: o.idleTimeoutMs }),
      ...(o.keepAliveHint === undefined ? {} : { keepAliveHint: o.keepAliveHint }),
      processing: { kind: 'fixed', ms: o.processingMs ?? 5 },
      eventLoopDelayMs: 0.05,
    },
    client: { policy, eventLoopDelayMs: 0.05, ...o.client },
    network: { delayMs: o.delayMs ?? 30, jitterMs: 0 },
    workload: { kind: 'sequential', gapsMs, method: o.method ?? 'GET', path: o.path ?? '/health' },
    limits: { maxRequests: 1000, maxDurationMs: 600_000 },
  };
}

/** A preset with another client policy (same seed, same world). */
export function presetWith(preset: string, changes: (s: Scenario) => void = () => {}): Scenario {
  const s = presetScenario(preset);
  changes(s);
  return s;
}
