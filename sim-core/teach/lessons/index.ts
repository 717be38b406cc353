import { anatomy } from './1-anatomy';
import { issue96 } from './2-issue-96';
import { fixLadder } from './3-fix-ladder';
import { raceWindow } from './4-race-window';
import { orderingTimeouts } from './5-ordering-timeouts';
import type { Lesson } from './types';

export type {
  ClaimRef,
  ClaimRun,
  DropReason,
  HighlightRef,
  Lesson,
  LessonClaim,
  LessonPause,
  LessonQuestion,
  LessonStep,
  LessonView,
} from './types';

/** The lessons, in teaching order. */
export const LESSONS: readonly Lesson[] = [anatomy, issue96, fixLadder, raceWindow, orderingTimeouts];

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);
