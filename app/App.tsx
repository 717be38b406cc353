/**
 * The page layout: top bar, scenario bar, then the workspace — the stage panel (counters, stage,
 * transport, the story of the selected request or latest failure, legend) and below it a grid of
 * panels (run summary now; timeline, event log, inspector and metrics go there too).
 */
import { Notices } from './views/notices/Notices';
import { RunStatusLine } from './views/params/RunStatusLine';
import { ScenarioBar } from './views/params/ScenarioBar';
import { SummaryPanel } from './views/summary/SummaryPanel';
import { TopBar } from './views/topbar/TopBar';

export function App({ flushUrl }: { flushUrl: () => void }) {
  return (
    <div className="app">
      <TopBar flushUrl={flushUrl} />
      <Notices />
      <ScenarioBar />
      <RunStatusLine />
      <main className="workspace">
        <section className="stage-panel" aria-label="Stage" data-testid="stage-panel" />
        <div className="panels">
          <SummaryPanel />
        </div>
      </main>
    </div>
  );
}
