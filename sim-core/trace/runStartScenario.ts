import { DEFAULT_SCENARIO } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { scenarioProblems } from '../scenario/validate';
import type { TraceEvent } from './events';

const defaults = (): Scenario => JSON.parse(JSON.stringify(DEFAULT_SCENARIO));

/**
 * A trace file without a scenario (an old CLI `--trace`): the views still need one, so it is
 * rebuilt from `run.start` (name, seed, client, server) over the defaults — a guess, which the
 * importer marks as such. When what run.start names is not a valid scenario (a capture names its
 * sides by address), the defaults under the trace's own name and seed: never a preset's name for
 * something no preset produced. Views show a recorded trace's settings as not recorded (recordedRun).
 */
export function scenarioFromRunStart(trace: readonly TraceEvent[]): Scenario {
  const start = trace[0];
  const s = defaults();
  if (start?.kind === 'run.start') {
    s.name = start.scenario;
    s.seed = start.seed;
    s.client = { ...s.client, policy: start.client };
    s.server = { ...s.server, profile: start.server };
  }
  if (scenarioProblems(s).length === 0) return s;
  const fallback = defaults();
  if (start?.kind === 'run.start') {
    fallback.name = s.name;
    fallback.seed = s.seed;
    if (scenarioProblems(fallback).length > 0) return defaults();
  }
  return fallback;
}

/** A trace that recorded the real world (run.start `source` real or capture): what it says it is. */
export interface RecordedRun {
  source: 'real' | 'capture';
  /** A real run: the simulator's client and server names; a capture: the two sides' addresses. */
  client: string;
  server: string;
  /** What produced it (library versions, proxy delay, capture file), or null. */
  detail: string | null;
}

/** The trace's recorded source, or null for a simulated trace (no `source`, or `simulated`). */
export function recordedRun(trace: readonly TraceEvent[]): RecordedRun | null {
  const start = trace[0];
  if (start?.kind !== 'run.start' || (start.source !== 'real' && start.source !== 'capture')) return null;
  return {
    source: start.source,
    client: start.client,
    server: start.server,
    detail: start.sourceDetail ?? null,
  };
}
