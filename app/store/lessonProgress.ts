/**
 * Lesson progress kept in the browser (localStorage), so a lesson left at any step can be resumed:
 * per lesson the step reached, the answers given, and whether it was finished. Storage is not
 * trusted: unreadable or malformed data is ignored (and reported once), entries for lessons or
 * steps that no longer exist are dropped, and a storage that throws (private mode, quota, disabled)
 * only costs persistence.
 */
import { lessonById } from '../../sim-core';

export const PROGRESS_KEY = 'race-window:lesson-progress';
const VERSION = 1;

export interface LessonRecord {
  /** The step reached (0-based). */
  step: number;
  /** Answers by step id (index into the question's choices). */
  answers: Record<string, number>;
  completed: boolean;
}

export interface LessonProgress {
  lessons: Record<string, LessonRecord>;
  /** The lesson last opened (the one to offer to resume). */
  last: string | null;
}

export const EMPTY_PROGRESS: LessonProgress = { lessons: {}, last: null };

/** The part of `Storage` used here (injectable for tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The browser's localStorage, or null where there is none (or touching it throws). */
export function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads progress; `problem` says why stored data was ignored (null when it was fine or absent). */
export function loadProgress(storage: StorageLike | null): {
  progress: LessonProgress;
  problem: string | null;
} {
  if (!storage) return { progress: EMPTY_PROGRESS, problem: null };
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch (e) {
    return { progress: EMPTY_PROGRESS, problem: `the browser refused to read it (${(e as Error).message})` };
  }
  if (raw === null) return { progress: EMPTY_PROGRESS, problem: null };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { progress: EMPTY_PROGRESS, problem: 'it is not valid JSON' };
  }
  if (!isObject(data) || data.version !== VERSION || !isObject(data.lessons))
    return { progress: EMPTY_PROGRESS, problem: `it is not lesson progress (version ${VERSION})` };
  const lessons: Record<string, LessonRecord> = {};
  for (const [id, rec] of Object.entries(data.lessons)) {
    const lesson = lessonById(id);
    if (!lesson || !isObject(rec)) continue;
    const step = rec.step;
    if (!Number.isInteger(step) || (step as number) < 0) continue;
    const answers: Record<string, number> = {};
    if (isObject(rec.answers))
      for (const [stepId, a] of Object.entries(rec.answers)) {
        const q = lesson.steps.find((s) => s.id === stepId)?.question;
        if (q && Number.isInteger(a) && (a as number) >= 0 && (a as number) < q.choices.length)
          answers[stepId] = a as number;
      }
    lessons[id] = {
      step: Math.min(step as number, lesson.steps.length - 1),
      answers,
      completed: rec.completed === true,
    };
  }
  const last = typeof data.last === 'string' && Object.hasOwn(lessons, data.last) ? data.last : null;
  return { progress: { lessons, last }, problem: null };
}

/** Writes progress; returns a problem when the browser refused. */
export function saveProgress(storage: StorageLike | null, progress: LessonProgress): string | null {
  if (!storage) return null;
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify({ version: VERSION, ...progress }));
    return null;
  } catch (e) {
    return `the browser refused to store it (${(e as Error).message})`;
  }
}

/** A memory-only storage (tests, and browsers without localStorage). */
export function memoryStorage(
  initial: Record<string, string> = {},
): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}
