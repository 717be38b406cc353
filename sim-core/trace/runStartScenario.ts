import { DEFAULT_SCENARIO } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { scenarioProblems } from '../scenario/validate';
import type { TraceEvent } from './events';

const defaults = (): Scenario => JSON.parse(JSON.stringify(DEFAULT_SCENARIO));

/**
 * A trace file without a scenario (an old CLI `--trace`): the views still need one, so it is
 * rebuilt from `run.start` (name, seed, client, server) over the defaults — a guess, which the
 * importer marks as such. The defaults alone when what run.start names is not a valid scenario.
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
  return scenarioProblems(s).length === 0 ? s : defaults();
}
