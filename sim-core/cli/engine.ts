/** What the commands run once their input is checked; the CLI fuzz test passes a cheaper one. */
import { type Ladder, type LadderOptions, policyLadder } from '../experiments/ladder';
import { type SweepPoint, sweepGaps } from '../experiments/sweep';
import { type RunResult, runScenario } from '../run';
import type { Scenario } from '../scenario/types';

export interface Engine {
  runScenario(scenario: Scenario): RunResult;
  sweepGaps(base: Scenario, gaps: readonly number[]): SweepPoint[];
  policyLadder(options: LadderOptions): Ladder;
}

export const ENGINE: Engine = {
  runScenario: (scenario) => runScenario(scenario),
  sweepGaps: (base, gaps) => sweepGaps(base, gaps),
  policyLadder,
};
