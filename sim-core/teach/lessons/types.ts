/**
 * A lesson is data: ordered steps, each with the scenario it runs, where it
 * pauses (a time, or a breakpoint condition), what it highlights, what it
 * says, and optionally a question. The app plays it; e2e tests walk it; the
 * recorder films it. Narration may use `{conn}`, `{req}` and `{hit}`, filled
 * from where the step paused.
 */
import type { Scenario } from '../../scenario/types';
import type { BreakpointCondition } from '../breakpoints';

export type LessonPause =
  /** Paused at t = 0, before anything happens. */
  | { at: 'start' }
  /** Paused at this simulated time. */
  | { at: 'time'; tMs: number }
  /** Paused at the `occurrence`-th place (1 = the first) where the condition holds. */
  | { at: 'condition'; condition: BreakpointCondition; occurrence?: number };

export type HighlightRef =
  /** The connection or request where the step paused. */
  { entity: 'connection' | 'request'; ref: 'pause' } | { entity: 'connection' | 'request'; id: number };

export type LessonView = 'stage' | 'timeline' | 'log' | 'inspector' | 'metrics' | 'compare';

export interface LessonQuestion {
  prompt: string;
  choices: string[];
  /** Index into `choices`. */
  answer: number;
  explanation: string;
}

export interface LessonStep {
  id: string;
  title: string;
  /** What the narrator says at this step (plain text; `{conn}`, `{req}`, `{hit}` are filled in). */
  text: string;
  scenario: Scenario;
  /** Show a second run beside it: the same scenario with another client policy or server profile. */
  compare?: { client?: string; server?: string };
  pause: LessonPause;
  highlight?: HighlightRef[];
  /** The view to bring forward. */
  focus?: LessonView;
  question?: LessonQuestion;
}

export interface Lesson {
  id: string;
  number: number;
  title: string;
  summary: string;
  steps: LessonStep[];
}
