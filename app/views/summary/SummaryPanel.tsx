import { describeScenario, recordedRun } from '../../../sim-core';
import { useApp } from '../../store/context';
import { SummaryView } from './SummaryView';

/** The whole run's totals (the counters above the stage count up to the cursor instead). */
export function SummaryPanel() {
  const run = useApp((s) => s.run);
  if (!run) return null;
  // A changed preset says so (`issue-96, seed 7 (modified: client httpx-0.23)`), not only the
  // trace's scenario name; an imported trace without its scenario has nothing to compare.
  const known = !run.source || run.source.scenarioKnown;
  const note = known ? describeScenario(run.scenario).note : null;
  return (
    <SummaryView
      summary={run.summary}
      elapsedMs={run.elapsedMs}
      note={note}
      recorded={recordedRun(run.trace)}
    />
  );
}
