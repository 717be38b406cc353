/**
 * Scenario & seed, and the run that computes them. Opening a scenario (a preset, a seed, a shared
 * URL) starts a run; changing one setting forks the current scenario (same seed). Either way the
 * views keep showing the previous run until the new one is done, then switch with the cursor kept
 * where it was (clamped to the new run) — so "what if the client were fixed?" is one click at the
 * same moment.
 *
 * Runs happen in the simulation worker behind `SimPort` (app/worker/simBridge.ts); this slice only
 * sends commands and receives RunStates, so it is testable with a fake port.
 */

import type { Scenario, TraceEvent } from '../../sim-core';
import {
  connectionInfo,
  explainRunEnd,
  PRESETS,
  type Problem,
  presetScenario,
  requestCap,
  requestInfo,
  scenarioProblems,
} from '../../sim-core';
import { formatCursor } from '../format';
import type { RunState } from '../worker/client';
import { applyChanges, type ScenarioChanges } from '../worker/protocol';
import { type RunData, type RunLifecycle, runData } from '../worker/run';
import type { AppState, Selection, SliceCreator } from './types';

/** The page's handle on the simulation worker. */
export interface SimPort {
  run: (scenario: Scenario) => number;
  /** Re-runs the last scenario with `changes`; `whole` is the result, for a port that must run it whole. */
  fork: (changes: ScenarioChanges, whole: Scenario) => number;
  cancel: () => void;
}

/**
 * The run being computed or last computed, as the status line shows it: whether it is a re-run
 * (a fork, the cursor kept) and how long the worker took. Its result, once done, is `run`.
 */
export type RunStatus = RunLifecycle<{ fork: boolean }, { elapsedMs: number }>;

/** Why a run ended before its workload did (its `run.end` reason), as a notice; null if it finished. */
export function stoppedEarly(
  trace: readonly TraceEvent[],
  scenario: Scenario,
): Pick<Notice, 'title' | 'items'> | null {
  const end = trace[trace.length - 1];
  if (end?.kind !== 'run.end') return null;
  const stop = explainRunEnd(end.reason, {
    atUs: end.t,
    traceEvents: trace.length,
    maxDurationMs: scenario.limits.maxDurationMs,
  });
  return stop ? { title: stop.title, items: [stop.detail] } : null;
}

/** A message for the person, e.g. URL parameters that were ignored and why. */
export interface Notice {
  id: string;
  tone: 'info' | 'warning' | 'error';
  title: string;
  items: string[];
}

/** Where the cursor goes when the run finishes: kept, or a time (from a shared URL). */
export type CursorPlan = 'keep' | 'start' | number;

export interface OpenOptions {
  preset: string | null;
  cursor?: CursorPlan;
  /** Select this when the run is done ('keep': keep the current selection if it still exists). */
  selection?: Selection | null | 'keep';
  /** Called once the run is on screen (not if it fails or another run replaces it): a lesson step places its pause. */
  onDone?: (run: RunData) => void;
  /** Called instead when the run fails, is cancelled, or another run replaces it before it is done. */
  onFail?: (why: string) => void;
}

export interface ScenarioSlice {
  /** The preset the scenario comes from (null: custom). */
  preset: string | null;
  /** The scenario being run or shown (what the parameter panel edits). */
  scenario: Scenario;
  runStatus: RunStatus;
  /** Problems with the scenario the panel asked for, by field path (`network.delayMs`). */
  fieldProblems: Record<string, string>;
  notices: Notice[];
  /** Wall-clock time (performance.now) of the last request for a run, for the re-run benchmark. */
  changeRequestedAt: number | null;

  openScenario: (scenario: Scenario, options: OpenOptions) => void;
  /** Fork: the current scenario with `changes`, same seed, cursor kept. */
  changeScenario: (changes: ScenarioChanges) => void;
  choosePreset: (name: string) => void;
  setSeed: (seed: number) => void;
  cancelRun: () => void;
  /**
   * Forgets the run being computed (it is cancelled, and its result — should it still arrive —
   * will not replace what is on screen): something else, an imported trace, takes its place.
   */
  supersedeRun: (why: string) => void;
  /** The SimClient's state changes (wired by simBridge). */
  receiveRunState: (state: RunState) => void;
  addNotice: (notice: Notice) => void;
  dismissNotice: (id: string) => void;
  clearFieldProblems: () => void;
}

export const DEFAULT_PRESET = Object.hasOwn(PRESETS, 'issue-96') ? 'issue-96' : Object.keys(PRESETS)[0]!;

interface Pending {
  runId: number;
  cursor: CursorPlan;
  selection: Selection | null | 'keep';
  preset: string | null;
  onDone?: (run: RunData) => void;
  onFail?: (why: string) => void;
}

const now = () => (typeof performance === 'undefined' ? 0 : performance.now());

function problemsByPath(problems: readonly Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.path] ??= p.message;
  return out;
}

function selectionExists(run: RunData, sel: Selection): boolean {
  const index = run.index;
  switch (sel.kind) {
    case 'conn':
      return connectionInfo(index, sel.id) !== undefined;
    case 'req':
      return requestInfo(index, sel.id) !== undefined;
    case 'seg':
      return sel.id < index.segments.rowOfSeg.length && index.segments.rowOfSeg[sel.id]! >= 0;
  }
}

export const createScenarioSlice =
  (sim: SimPort): SliceCreator<ScenarioSlice> =>
  (set, get) => {
    /** The plan for the run being computed (applied when it is done). */
    let pending: Pending | null = null;
    /** The plan while the port is starting a run (its 'running' state arrives before the id). */
    let starting: Omit<Pending, 'runId'> | null = null;
    /** Runs superseded by something that is not a run (an import): their late states are ignored. */
    const ignored = new Set<number>();

    const start = (scenario: Scenario, options: OpenOptions, runId: () => number) => {
      const problems = scenarioProblems(scenario);
      if (problems.length > 0) {
        set({ fieldProblems: problemsByPath(problems) });
        return;
      }
      set({ scenario, preset: options.preset, fieldProblems: {}, changeRequestedAt: now() });
      starting = {
        cursor: options.cursor ?? 'start',
        selection: options.selection === undefined ? 'keep' : options.selection,
        preset: options.preset,
        ...(options.onDone ? { onDone: options.onDone } : {}),
        ...(options.onFail ? { onFail: options.onFail } : {}),
      };
      const replaced = pending;
      try {
        pending = { runId: runId(), ...starting };
      } finally {
        starting = null;
      }
      replaced?.onFail?.('another run was started before it finished');
    };

    /** The pending plan for `runId`, taken (so its callbacks run at most once). */
    const takePending = (runId: number | null) => {
      if (pending === null || (runId !== null && pending.runId !== runId)) return null;
      const p = pending;
      pending = null;
      return p;
    };

    const finish = (state: Extract<RunState, { status: 'done' }>) => {
      if (ignored.delete(state.runId)) return;
      const plan = pending?.runId === state.runId ? pending : null;
      pending = null;
      const s: AppState = get();
      const run = runData(state, plan?.preset ?? s.preset);
      const endAt = run.index.endAt;
      const cursor = plan?.cursor ?? 'keep';
      let t = cursor === 'keep' ? s.cursorUs : cursor === 'start' ? 0 : cursor;
      if (typeof cursor === 'number' && cursor > endAt) {
        get().addNotice({
          id: 'cursor',
          tone: 'warning',
          title: 'The shared moment is outside this run',
          items: [`t=${cursor} is after the run’s end (${formatCursor(endAt)}): showing the end.`],
        });
      }
      t = Math.min(endAt, Math.max(0, t));
      const stopped = stoppedEarly(run.trace, run.scenario);
      if (stopped) get().addNotice({ id: 'stopped-early', tone: 'warning', ...stopped });
      else get().dismissNotice('stopped-early');
      // A workload asking for more than limits.maxRequests ends as `done` after the first
      // maxRequests (a link with workload.bursts=100000): say so, as a time limit is said.
      const cap = requestCap(run.scenario, run.index.requests.length);
      if (cap) get().addNotice({ id: 'request-cap', tone: 'warning', title: cap.title, items: [cap.detail] });
      else get().dismissNotice('request-cap');
      let selection = plan?.selection === 'keep' || !plan ? s.selection : plan.selection;
      if (selection && !selectionExists(run, selection)) {
        if (plan && plan.selection !== 'keep') {
          get().addNotice({
            id: 'selection',
            tone: 'warning',
            title: 'The shared selection is not in this run',
            items: [`sel=${selection.kind}:${selection.id} does not exist here: nothing is selected.`],
          });
        }
        selection = null;
      }
      set({
        run,
        scenario: state.scenario,
        runStatus: { status: 'done', runId: state.runId, elapsedMs: state.elapsedMs },
        cursorUs: t,
        selection,
        playing: s.playing && t < endAt,
        // Stops and hits belong to the run they were found in.
        lastStop: null,
        stopAt: null,
      });
      // Re-derive the rate shown at the (possibly new) cursor.
      get().seek(t);
      plan?.onDone?.(run);
    };

    return {
      preset: DEFAULT_PRESET,
      scenario: presetScenario(DEFAULT_PRESET),
      runStatus: { status: 'idle' },
      fieldProblems: {},
      notices: [],
      changeRequestedAt: null,

      openScenario: (scenario, options) => start(scenario, options, () => sim.run(scenario)),

      changeScenario: (changes) => {
        const s = get();
        const next = applyChanges(s.scenario, changes);
        // An imported trace was never run by the worker: re-run its scenario whole instead of forking.
        const canFork = (s.run !== null && s.run.source === undefined) || s.runStatus.status === 'running';
        start(next, { preset: s.preset, cursor: 'keep', selection: 'keep' }, () =>
          canFork ? sim.fork(changes, next) : sim.run(next),
        );
      },

      choosePreset: (name) => {
        if (!Object.hasOwn(PRESETS, name)) return;
        const scenario = { ...presetScenario(name), seed: get().scenario.seed };
        get().openScenario(scenario, { preset: name, cursor: 'keep', selection: 'keep' });
      },

      setSeed: (seed) => {
        const s = get();
        s.openScenario({ ...s.scenario, seed }, { preset: s.preset, cursor: 'keep', selection: 'keep' });
      },

      cancelRun: () => sim.cancel(),

      supersedeRun: (why) => {
        const s = get();
        if (s.runStatus.status !== 'running') return;
        ignored.add(s.runStatus.runId);
        takePending(s.runStatus.runId)?.onFail?.(why);
        sim.cancel();
      },

      receiveRunState: (state) => {
        if ('runId' in state && state.runId !== null && ignored.has(state.runId) && state.status !== 'done') {
          if (state.status !== 'running') ignored.delete(state.runId);
          return;
        }
        switch (state.status) {
          case 'idle':
            set({ runStatus: { status: 'idle' } });
            return;
          case 'running':
            set({
              runStatus: {
                status: 'running',
                runId: state.runId,
                fork: (pending?.runId === state.runId ? pending : starting)?.cursor === 'keep',
                progress: state.progress,
              },
            });
            return;
          case 'done':
            finish(state);
            return;
          case 'error':
            takePending(state.runId)?.onFail?.(state.message);
            set({
              runStatus: {
                status: 'error',
                runId: state.runId,
                message: state.message,
                problems: state.problems,
              },
              fieldProblems: state.problems.length > 0 ? problemsByPath(state.problems) : get().fieldProblems,
            });
            return;
          case 'cancelled':
            takePending(state.runId)?.onFail?.('the run was cancelled');
            set({ runStatus: { status: 'cancelled', runId: state.runId } });
            return;
        }
      },

      addNotice: (notice) => set({ notices: [...get().notices.filter((n) => n.id !== notice.id), notice] }),
      dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
      clearFieldProblems: () => set({ fieldProblems: {} }),
    };
  };
