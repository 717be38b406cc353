/**
 * The lesson player (sim-core/teach/lessons): which lesson and step is open, where the step
 * paused (resolveStep against the step's own run), what it highlights, the answer given.
 *
 * Going to a step: the step's compare run is switched on or off (analysis slice, run B), its
 * scenario is opened through the normal run path unless it is already on screen, and when the run
 * is there the step is resolved against its trace. Going *forward* within the same run plays from
 * where the cursor is to the new pause (a one-shot `stopAt`, so the person sees it happen);
 * anything else jumps there. Progress (step reached, answers) is saved after every change.
 *
 * The lesson is "off script" once the run on screen is not the step's (the person changed a
 * setting, picked a preset, imported a file): the URL then stops naming the step.
 */

import type { Scenario } from '../../sim-core';
import {
  LESSONS,
  type Lesson,
  type LessonStep,
  lessonById,
  presetDerivedFrom,
  type ResolvedStep,
  resolveStep,
} from '../../sim-core';
import type { CompareWith } from './analysisSlice';
import {
  EMPTY_PROGRESS,
  type LessonProgress,
  loadProgress,
  type StorageLike,
  saveProgress,
} from './lessonProgress';
import type { RunData, Selection, SliceCreator } from './types';

export interface LessonState {
  id: string;
  /** The step shown (0-based). */
  step: number;
  /** `loading`: the step's run is computing; `ready`: resolved; `error`: the step cannot pause here. */
  status: 'loading' | 'ready' | 'error';
  resolved: ResolvedStep | null;
  problem: string | null;
  /** The run the step was resolved against. */
  runId: number | null;
  /** The answer chosen for the step's question, and whether the answer is shown. */
  answer: number | null;
  revealed: boolean;
  /** Past the last step: the lesson is done. */
  finished: boolean;
}

export interface LessonSlice {
  lesson: LessonState | null;
  /** Connections the step highlights on the stage (a request highlight names its connection). */
  lessonHighlightConns: readonly number[];
  lessonProgress: LessonProgress;
  lessonPickerOpen: boolean;

  /** Opens a lesson at `step` (default: where it was left, else 1); `at` overrides the pause (a link's t/sel). */
  startLesson: (id: string, step?: number, at?: { t?: number | null; selection?: Selection | null }) => void;
  goToStep: (step: number) => void;
  /**
   * Next step, played to its moment (a jump when it has a run of its own); pressed on the way to
   * this step's moment (playing, paused there, or its run computing), finishes the way instead —
   * one press, one step; after the last step, finishes the lesson.
   */
  nextStep: () => void;
  prevStep: () => void;
  exitLesson: () => void;
  /** Back to the step's pause (after looking around, or after going off script). */
  backToPause: () => void;
  /** Plays from the previous step's pause (or the start) to this one. */
  replayStep: () => void;
  answerQuestion: (choice: number) => void;
  revealAnswer: () => void;
  setLessonPickerOpen: (open: boolean) => void;
  /** Forgets a lesson's saved step, answers and completion (start again with a new group). */
  forgetLesson: (id: string) => void;
  /** Reads saved progress (once, at start-up); says so when stored data had to be ignored. */
  loadLessonProgress: () => void;
}

/** JSON with sorted keys, so equal scenarios compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

export const sameScenario = (a: Scenario, b: Scenario) => canonical(a) === canonical(b);

function compareFor(step: LessonStep): CompareWith | null {
  if (!step.compare) return null;
  return {
    client: step.compare.client ?? step.scenario.client.policy,
    server: step.compare.server ?? step.scenario.server.profile,
  };
}

/** The connections a resolved step's highlights name on the stage at its pause. */
export function highlightConns(resolved: ResolvedStep, run: RunData): number[] {
  const out = new Set<number>();
  for (const h of resolved.highlights) {
    if (h.kind === 'conn') out.add(h.id);
    else {
      const req = run.index.requests.find((r) => r.id === h.id);
      let conn: number | null = null;
      for (const a of req?.attempts ?? []) if (a.startAt <= resolved.t) conn = a.conn;
      if (conn !== null) out.add(conn);
    }
  }
  return [...out];
}

const NONE: readonly number[] = [];

/** The connections to mark on the stage: the step's, while the run on screen is the step's. */
export function activeHighlights(s: {
  lesson: LessonState | null;
  run: RunData | null;
  lessonHighlightConns: readonly number[];
}): readonly number[] {
  return s.lesson && s.run && s.lesson.runId === s.run.runId ? s.lessonHighlightConns : NONE;
}

/** What a step selects: its first request highlight, else its first connection highlight. */
export function stepSelection(resolved: ResolvedStep): Selection | null {
  const req = resolved.highlights.find((h) => h.kind === 'req');
  const conn = resolved.highlights.find((h) => h.kind === 'conn');
  const h = req ?? conn;
  return h ? { kind: h.kind, id: h.id } : null;
}

export const createLessonSlice =
  (storage: StorageLike | null): SliceCreator<LessonSlice> =>
  (set, get) => {
    /** Increments on every step change, so a late run for an earlier step is ignored. */
    let token = 0;
    /** Compare mode as it was before the lesson switched it (restored when the lesson closes). */
    let compareBefore: CompareWith | null | undefined;

    const save = (progress: LessonProgress) => {
      set({ lessonProgress: progress });
      const problem = saveProgress(storage, progress);
      if (problem)
        get().addNotice({
          id: 'lesson-progress',
          tone: 'warning',
          title: 'Lesson progress is not being saved',
          items: [`${problem}. The lesson works; it will not be remembered after this page closes.`],
        });
    };

    const record = (id: string, changes: Partial<LessonProgress['lessons'][string]>) => {
      const p = get().lessonProgress;
      const prev = p.lessons[id] ?? { step: 0, answers: {}, completed: false };
      save({ lessons: { ...p.lessons, [id]: { ...prev, ...changes } }, last: id });
    };

    const arrive = (
      lesson: Lesson,
      index: number,
      run: RunData,
      mine: number,
      animate: boolean,
      at?: { t?: number | null; selection?: Selection | null },
    ) => {
      if (mine !== token) return;
      const step = lesson.steps[index]!;
      const r = resolveStep(step, run.trace);
      const s = get();
      const base = s.lesson ?? null;
      if (!base || base.id !== lesson.id) return;
      if (!r.ok) {
        set({
          lesson: { ...base, status: 'error', resolved: null, problem: r.problem, runId: run.runId },
          lessonHighlightConns: [],
        });
        return;
      }
      const resolved = r.step;
      const sel = stepSelection(resolved);
      set({
        lesson: { ...base, status: 'ready', resolved, problem: null, runId: run.runId },
        lessonHighlightConns: highlightConns(resolved, run),
      });
      if (animate && s.cursorUs < resolved.t) {
        s.setStopAt({ t: resolved.t, seq: resolved.seq, hit: resolved.hit, select: sel });
        s.play();
      } else {
        s.pause();
        s.seek(at?.t ?? resolved.t);
        s.select(at?.selection !== undefined ? at.selection : sel);
      }
    };

    const load = (
      id: string,
      index: number,
      animate: boolean,
      at?: Parameters<LessonSlice['startLesson']>[2],
    ) => {
      const lesson = lessonById(id);
      if (!lesson) return;
      const i = Math.max(0, Math.min(lesson.steps.length - 1, index));
      const step = lesson.steps[i]!;
      const mine = ++token;
      const s = get();
      if (s.lesson === null) compareBefore = s.compareWith;
      const saved = s.lessonProgress.lessons[id];
      const answer = saved?.answers[step.id] ?? null;
      s.setStopAt(null);
      set({
        lesson: {
          id,
          step: i,
          status: 'loading',
          resolved: null,
          problem: null,
          runId: null,
          answer,
          revealed: answer !== null,
          finished: false,
        },
        lessonHighlightConns: [],
        lessonPickerOpen: false,
      });
      record(id, { step: i });
      const wantCompare = compareFor(step);
      const has = s.compareWith;
      if (
        (has === null) !== (wantCompare === null) ||
        (has && wantCompare && (has.client !== wantCompare.client || has.server !== wantCompare.server))
      )
        s.setCompareWith(wantCompare);
      const run = s.run;
      const onScreen =
        run !== null &&
        run.source === undefined &&
        s.runStatus.status !== 'running' &&
        sameScenario(run.scenario, step.scenario);
      if (onScreen) arrive(lesson, i, run, mine, animate, at);
      else {
        s.pause();
        s.openScenario(step.scenario, {
          preset: presetDerivedFrom(step.scenario),
          cursor: 'start',
          selection: null,
          onDone: (done) => arrive(lesson, i, done, mine, false, at),
          onFail: (why) => {
            const l = get().lesson;
            if (mine !== token || !l) return;
            set({ lesson: { ...l, status: 'error', problem: `the step’s run did not finish: ${why}` } });
          },
        });
      }
    };

    return {
      lesson: null,
      lessonHighlightConns: [],
      lessonProgress: EMPTY_PROGRESS,
      lessonPickerOpen: false,

      startLesson: (id, step, at) => {
        const saved = get().lessonProgress.lessons[id];
        const from = step ?? (saved && !saved.completed ? saved.step : 0);
        load(id, from, false, at);
      },
      goToStep: (step) => {
        const l = get().lesson;
        if (l) load(l.id, step, step === l.step + 1);
      },
      nextStep: () => {
        const s = get();
        const l = s.lesson;
        if (!l) return;
        // One press, one step (a presenter's remote): a press on the way to this step's moment
        // finishes the way, it does not skip the step. Its run still computing: the step jumps to
        // its moment when the run is done, so the press has nothing left to do.
        if (l.status === 'loading') return;
        // Playing to this step's pause: skip the rest of the way.
        if (s.stopAt && l.resolved && s.stopAt.seq === l.resolved.seq) {
          const sel = s.stopAt.select ?? null;
          s.setStopAt(null);
          s.pause();
          s.seek(l.resolved.t);
          s.select(sel);
          return;
        }
        const lesson = lessonById(l.id)!;
        if (l.step >= lesson.steps.length - 1) {
          if (!l.finished) {
            set({ lesson: { ...l, finished: true } });
            record(l.id, { completed: true });
          }
          return;
        }
        load(l.id, l.step + 1, true);
      },
      prevStep: () => {
        const l = get().lesson;
        if (!l) return;
        if (l.finished) {
          set({ lesson: { ...l, finished: false } });
          return;
        }
        if (l.step > 0) load(l.id, l.step - 1, false);
      },
      exitLesson: () => {
        token++;
        const s = get();
        s.setStopAt(null);
        set({ lesson: null, lessonHighlightConns: [] });
        if (compareBefore !== undefined && s.compareWith !== compareBefore) s.setCompareWith(compareBefore);
        compareBefore = undefined;
      },
      backToPause: () => {
        const l = get().lesson;
        if (!l) return;
        const s = get();
        if (l.resolved && s.run && s.run.runId === l.runId) {
          s.setStopAt(null);
          s.pause();
          s.seek(l.resolved.t);
          s.select(stepSelection(l.resolved));
        } else load(l.id, l.step, false);
      },
      replayStep: () => {
        const s = get();
        const l = s.lesson;
        if (!l?.resolved || !s.run || s.run.runId !== l.runId) return;
        const lesson = lessonById(l.id)!;
        // From the previous step's pause when it is on the same run and earlier; else from the start.
        let from = 0;
        const prev = lesson.steps[l.step - 1];
        if (prev && sameScenario(prev.scenario, lesson.steps[l.step]!.scenario)) {
          const r = resolveStep(prev, s.run.trace);
          if (r.ok && r.step.t < l.resolved.t) from = r.step.t;
        }
        s.pause();
        s.seek(from);
        s.setStopAt({
          t: l.resolved.t,
          seq: l.resolved.seq,
          hit: l.resolved.hit,
          select: stepSelection(l.resolved),
        });
        s.play();
      },
      answerQuestion: (choice) => {
        const l = get().lesson;
        if (!l) return;
        const step = lessonById(l.id)!.steps[l.step]!;
        if (!step.question || choice < 0 || choice >= step.question.choices.length) return;
        set({ lesson: { ...l, answer: choice, revealed: true } });
        const saved = get().lessonProgress.lessons[l.id];
        record(l.id, { answers: { ...(saved?.answers ?? {}), [step.id]: choice } });
      },
      revealAnswer: () => {
        const l = get().lesson;
        if (l) set({ lesson: { ...l, revealed: true } });
      },
      setLessonPickerOpen: (lessonPickerOpen) => set({ lessonPickerOpen }),
      forgetLesson: (id) => {
        const p = get().lessonProgress;
        const { [id]: _gone, ...rest } = p.lessons;
        save({ lessons: rest, last: p.last === id ? null : p.last });
      },
      loadLessonProgress: () => {
        const { progress, problem } = loadProgress(storage);
        set({ lessonProgress: progress });
        if (problem)
          get().addNotice({
            id: 'lesson-progress',
            tone: 'info',
            title: 'Saved lesson progress was ignored',
            items: [
              `The progress stored in this browser could not be used: ${problem}. Lessons start afresh.`,
            ],
          });
      },
    };
  };

export { LESSONS };
