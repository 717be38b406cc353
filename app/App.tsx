/**
 * The page layout: top bar, scenario bar, then the workspace — the open lesson's step (beside the
 * stage on wide screens, above it otherwise), the stage panel (counters, the stage as a picture or
 * a table, transport with breakpoints and the scrub bar, live narration, the story of the selected
 * request or the latest failure, legend) and below it a grid of panels (timeline, event log,
 * inspector, metrics, compare, summary; a lesson step's focus view comes first). Presenter mode
 * (presenter.css) is one screen: the stage, the transport, and the step's text beside its focus
 * view (or, outside a lesson, the story card beside the captions).
 */
import { type ComponentType, memo } from 'react';
import { lessonById } from '../sim-core';
import { RunTierProvider, useApp } from './store/context';
import { ConnectionTable, StageModeToggle } from './views/a11y-table/ConnectionTable';
import { PanelBoundary } from './views/boundary/PanelBoundary';
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
import { RiskDialog } from './views/risk/RiskDialog';
import { ShareDialog } from './views/share/ShareDialog';
import { ShortcutsDialog } from './views/shortcuts/ShortcutsDialog';
import { Legend } from './views/stage/Legend';
import { StageView } from './views/stage/StageView';
import { StoryCard } from './views/story/StoryCard';
import { SummaryPanel } from './views/summary/SummaryPanel';
import { TimelinePanel } from './views/timeline/TimelinePanel';
import { TopBar } from './views/topbar/TopBar';
import { Transport } from './views/transport/Transport';

/** Name, what a person calls it, whether it spans the grid (`panel-wide`), the view. */
const PANELS = [
  ['timeline', 'the timeline', true, TimelinePanel],
  ['log', 'the event log', false, LogPanel],
  ['inspector', 'the inspector', true, InspectorPanel],
  ['metrics', 'the metrics', true, MetricsPanel],
  ['compare', 'compare mode', true, ComparePanel],
  ['summary', 'the run summary', false, SummaryPanel],
] as const;

/**
 * A panel below the stage, on its tier (store/runTiers.ts): a new run reaches it one frame after
 * the stage, its own task. Memoised (its props never change), so the store's new run does not
 * re-render it before its turn; its boundary resets with the run the panel shows.
 */
const DeferredPanel = memo(function DeferredPanel(props: {
  order: number;
  name: string;
  label: string;
  wide: boolean;
  View: ComponentType;
}) {
  return (
    <RunTierProvider order={props.order}>
      <TierPanel {...props} />
    </RunTierProvider>
  );
});

function TierPanel({
  name,
  label,
  wide,
  View,
}: {
  name: string;
  label: string;
  wide: boolean;
  View: ComponentType;
}) {
  const runId = useApp((s) => s.run?.runId ?? null);
  return (
    <PanelBoundary name={name} label={label} wide={wide} resetKey={runId}>
      <View />
    </PanelBoundary>
  );
}

/**
 * The transport and scrub bar, on the first tier: the scrub bar redraws its whole run (density
 * bars, marks, axis) for a new run, a frame after the stage shows it.
 */
const DeferredTransport = memo(function DeferredTransport() {
  return (
    <RunTierProvider order={0}>
      <Transport />
    </RunTierProvider>
  );
});

export function App({ flushUrl }: { flushUrl: () => void }) {
  usePresenterRootClass();
  const presenter = useApp((s) => s.presenter);
  const inLesson = useApp((s) => s.lesson !== null);
  const focus = useApp((s) =>
    s.lesson ? (lessonById(s.lesson.id)?.steps[s.lesson.step]?.focus ?? null) : null,
  );
  const stageMode = useApp((s) => s.stageMode);
  // Each panel has its own error boundary; a new run gives a failed panel another try.
  const runId = useApp((s) => s.run?.runId ?? null);
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
        <PanelBoundary name="lesson" label="the lesson" variant="inline" resetKey={runId}>
          <LessonPanel />
        </PanelBoundary>
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
          <PanelBoundary name="stage" label="the stage" variant="inline" resetKey={runId}>
            {stageMode === 'table' ? <ConnectionTable /> : <StageView />}
          </PanelBoundary>
          <DeferredTransport />
          <LiveNarration />
          <div className="stage-notes">
            <PanelBoundary name="story" label="the story card" variant="inline" resetKey={runId}>
              <StoryCard />
            </PanelBoundary>
            <Legend />
          </div>
        </section>
        {/* In presenter mode the step's focus view sits in a fixed share of the screen and may
            scroll there: a named region the keyboard can reach. */}
        <div
          className="panels"
          {...(presenter ? { tabIndex: 0, role: 'region', 'aria-label': 'The step’s focus view' } : {})}
        >
          {PANELS.map(([name, label, wide, Panel], i) => (
            <div key={name} data-panel={name} data-lesson-focus={focus === name ? 'true' : undefined}>
              <DeferredPanel order={i + 1} name={name} label={label} wide={wide} View={Panel} />
            </div>
          ))}
        </div>
      </main>
      <ShortcutsDialog />
      <PanelBoundary name="lesson-picker" label="the lesson list" variant="inline">
        <LessonPicker />
      </PanelBoundary>
      <ShareDialog />
      <PanelBoundary name="risk" label="the risk explorer" variant="inline">
        <RiskDialog />
      </PanelBoundary>
      <BlankScreen />
    </div>
  );
}
