import { describeScenario } from '../../../sim-core';
import { useApp } from '../../store/context';
import { SummaryView } from './SummaryView';

/** The whole run's totals (the counters above the stage count up to the cursor instead). */
export function SummaryPanel() {
  const run = useApp((s) => s.run);
  if (!run) return null;
  // A changed preset is named for what it is (`issue-96 (modified: client httpx-0.23)`), not by
  // the trace's scenario name; an imported trace without its scenario keeps the trace's name.
  const known = !run.source || run.source.scenarioKnown;
  const label = known ? describeScenario(run.scenario).label : run.summary.scenario;
  return <SummaryView summary={run.summary} elapsedMs={run.elapsedMs} label={label} />;
}
