/**
 * The page layout: top bar, scenario bar, then the workspace — the open lesson's step (beside the
 * stage on wide screens, above it otherwise), the stage panel (counters, the stage as a picture or
 * a table, transport with breakpoints and the scrub bar, live narration, the story of the selected
 * request or the latest failure, legend) and below it a grid of panels (timeline, event log,
 * inspector, metrics, compare, summary; a lesson step's focus view comes first). Presenter mode
 * (presenter.css) keeps the stage, the narration and the step counter.
 */
import { lessonById } from '../sim-core/teach/lessons';
import { useApp } from './store/context';
import { ConnectionTable, StageModeToggle } from './views/a11y-table/ConnectionTable';
import { ComparePanel } from './views/compare/ComparePanel';
import { Counters } from './views/counters/Counters';
import { InspectorPanel } from './views/inspector/InspectorPanel';
import { LessonPanel } from './views/lesson/LessonPanel';
import { LessonPicker } from './views/lesson/LessonPicker';
import { LogPanel } from './views/log/LogPanel';
import { MetricsPanel } from './views/metrics/MetricsPanel';
import { LiveNarration } from './views/narration/LiveNarration';
import { Notices } from './views/notices/Notices';
import { ScenarioBar } from './views/params/ScenarioBar';
import { BlankScreen, PresenterBar, usePresenterRootClass } from './views/presenter/Presenter';
import { ShareDialog } from './views/share/ShareDialog';
import { ShortcutsDialog } from './views/shortcuts/ShortcutsDialog';
import { Legend } from './views/stage/Legend';
import { StageView } from './views/stage/StageView';
import { StoryCard } from './views/story/StoryCard';
import { SummaryPanel } from './views/summary/SummaryPanel';
import { TimelinePanel } from './views/timeline/TimelinePanel';
import { TopBar } from './views/topbar/TopBar';
import { Transport } from './views/transport/Transport';

const PANELS = [
  ['timeline', TimelinePanel],
  ['log', LogPanel],
  ['inspector', InspectorPanel],
  ['metrics', MetricsPanel],
  ['compare', ComparePanel],
  ['summary', SummaryPanel],
] as const;

export function App({ flushUrl }: { flushUrl: () => void }) {
  usePresenterRootClass();
  const presenter = useApp((s) => s.presenter);
  const inLesson = useApp((s) => s.lesson !== null);
  const focus = useApp((s) =>
    s.lesson ? (lessonById(s.lesson.id)?.steps[s.lesson.step]?.focus ?? null) : null,
  );
  const stageMode = useApp((s) => s.stageMode);
  return (
    <div className={`app${presenter ? ' presenter' : ''}${inLesson ? ' in-lesson' : ''}`}>
      <a className="skip-link" href="#stage-panel">
        Skip to the stage
      </a>
      <PresenterBar />
      <TopBar flushUrl={flushUrl} />
      <Notices />
      <ScenarioBar />
      <main className={`workspace${inLesson ? ' with-lesson' : ''}`}>
        <LessonPanel />
        <section
          className="stage-panel"
          id="stage-panel"
          aria-label="Stage"
          data-testid="stage-panel"
          tabIndex={-1}
        >
          <div className="stage-top">
            <Counters />
            <StageModeToggle />
          </div>
          {stageMode === 'table' ? <ConnectionTable /> : <StageView />}
          <Transport />
          <LiveNarration />
          <div className="stage-notes">
            <StoryCard />
            <Legend />
          </div>
        </section>
        <div className="panels">
          {PANELS.map(([name, Panel]) => (
            <div key={name} data-panel={name} data-lesson-focus={focus === name ? 'true' : undefined}>
              <Panel />
            </div>
          ))}
        </div>
      </main>
      <ShortcutsDialog />
      <LessonPicker />
      <ShareDialog />
      <BlankScreen />
    </div>
  );
}
