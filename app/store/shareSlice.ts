/**
 * Imported files become what is on screen. A scenario file is simply opened (it runs in the
 * worker like any scenario). A trace file arrives parsed and indexed by the trace-import worker
 * and is shown as a run of its own (`source: import`, a negative run id so it never meets the
 * simulation worker's numbering); changing a setting afterwards re-runs its scenario whole.
 * Validation happens before any of this: a refused file changes nothing.
 */
import type { Scenario, Summary, TraceEvent, TraceIndex } from '../../sim-core';
import { presetDerivedFrom } from '../../sim-core';
import { runData } from '../worker/run';
import type { SliceCreator } from './types';

export interface ImportedTrace {
  file: string;
  trace: readonly TraceEvent[];
  index: TraceIndex;
  summary: Summary;
  scenario: Scenario;
  scenarioKnown: boolean;
  elapsedMs: number;
}

export interface ShareSlice {
  /** Shows an imported trace (from its start, paused). */
  openImportedRun: (data: ImportedTrace) => void;
  /** Runs an imported scenario file (from its start). */
  openScenarioFile: (scenario: Scenario, file: string) => void;
}

export const createShareSlice: SliceCreator<ShareSlice> = (set, get) => {
  let nextImportId = -1;
  return {
    openImportedRun: (data) => {
      const s = get();
      s.supersedeRun('a trace file was imported');
      if (s.lesson) s.exitLesson();
      const runId = nextImportId--;
      set({
        run: runData({ runId, ...data }, presetDerivedFrom(data.scenario), {
          kind: 'import',
          file: data.file,
          scenarioKnown: data.scenarioKnown,
        }),
        scenario: data.scenario,
        preset: presetDerivedFrom(data.scenario),
        fieldProblems: {},
        runStatus: { status: 'done', runId, elapsedMs: data.elapsedMs },
        selection: null,
        playing: false,
        lastStop: null,
        stopAt: null,
      });
      s.seek(0);
      s.addNotice({
        id: 'import',
        tone: 'info',
        title: `Showing the imported trace ${data.file}`,
        items: [
          `${data.trace.length.toLocaleString('en')} events, ${data.summary.totals.requests} requests (${data.summary.totals.failed} failed).`,
          importedTraceNote(data.trace[0], data.scenarioKnown),
        ],
      });
    },
    openScenarioFile: (scenario, file) => {
      const s = get();
      if (s.lesson) s.exitLesson();
      s.openScenario(scenario, { preset: presetDerivedFrom(scenario), cursor: 'start', selection: null });
      s.addNotice({
        id: 'import',
        tone: 'info',
        title: `Running the imported scenario ${file}`,
        items: [
          `“${scenario.name}”, seed ${scenario.seed}: client ${scenario.client.policy}, server ${scenario.server.profile}.`,
        ],
      });
    },
  };
};

/** What the import notice says about the file's settings: a recording states only what it saw. */
export function importedTraceNote(head: TraceEvent | undefined, scenarioKnown: boolean): string {
  const source = head?.kind === 'run.start' ? head.source : undefined;
  if (source === 'capture')
    return 'A packet capture: it shows what crossed the wire at the capture point and records no settings — the ones shown are the simulator’s defaults, and changing one simulates them. A link cannot carry the file: share the file itself.';
  if (source === 'real')
    return 'A real run, recorded by the sockets and the delay proxy (no machine states): its header names the scenario of its simulated twin, which changing a setting simulates. A link cannot carry the file: share the file itself.';
  return scenarioKnown
    ? 'The file names its scenario: changing a setting re-runs it in the simulator, and the link reproduces it by simulation.'
    : 'The file does not name its scenario (the settings shown are rebuilt from its run.start: client, server, seed). A link cannot carry the file: share the file itself.';
}
