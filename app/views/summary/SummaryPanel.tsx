import { useApp } from '../../store/context';
import { SummaryView } from './SummaryView';

/** The whole run's totals (the counters above the stage count up to the cursor instead). */
export function SummaryPanel() {
  const run = useApp((s) => s.run);
  if (!run) return null;
  return <SummaryView summary={run.summary} elapsedMs={run.elapsedMs} />;
}
