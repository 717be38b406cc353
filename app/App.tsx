/**
 * The page layout: top bar, scenario bar, then the workspace — the stage panel (counters, stage,
 * transport with the scrub bar, the story of the selected request or the latest failure, legend)
 * and below it a grid of panels (run summary now; timeline, event log, inspector, metrics and
 * compare go there as well).
 */
import { ComparePanel } from './views/compare/ComparePanel';
import { Counters } from './views/counters/Counters';
import { InspectorPanel } from './views/inspector/InspectorPanel';
import { LogPanel } from './views/log/LogPanel';
import { MetricsPanel } from './views/metrics/MetricsPanel';
import { Notices } from './views/notices/Notices';
import { ScenarioBar } from './views/params/ScenarioBar';
import { ShortcutsDialog } from './views/shortcuts/ShortcutsDialog';
import { Legend } from './views/stage/Legend';
import { StageView } from './views/stage/StageView';
import { StoryCard } from './views/story/StoryCard';
import { SummaryPanel } from './views/summary/SummaryPanel';
import { TimelinePanel } from './views/timeline/TimelinePanel';
import { TopBar } from './views/topbar/TopBar';
import { Transport } from './views/transport/Transport';

export function App({ flushUrl }: { flushUrl: () => void }) {
  return (
    <div className="app">
      <TopBar flushUrl={flushUrl} />
      <Notices />
      <ScenarioBar />
      <main className="workspace">
        <section className="stage-panel" aria-label="Stage" data-testid="stage-panel">
          <Counters />
          <StageView />
          <Transport />
          <div className="stage-notes">
            <StoryCard />
            <Legend />
          </div>
        </section>
        <div className="panels">
          <TimelinePanel />
          <LogPanel />
          <InspectorPanel />
          <MetricsPanel />
          <ComparePanel />
          <SummaryPanel />
        </div>
      </main>
      <ShortcutsDialog />
    </div>
  );
}
