/**
 * A lesson is data: ordered steps, each with the scenario it runs, where it
 * pauses (a time, or a breakpoint condition), what it highlights, what it
 * says, and optionally a question. The app plays it; e2e tests walk it; the
 * recorder films it. Narration may use `{conn}`, `{req}` and `{hit}`, filled
 * from where the step paused.
 */
import type { FailureKind } from '../../metrics/failureKinds';
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

/** Which run a claim is about: the step's own (A, the default) or its comparison run (B). */
export type ClaimRun = 'A' | 'B';
/** A connection or request by id, or the one where the step paused. */
export type ClaimRef = number | 'pause';

/**
 * A fact the step's words state about its run, as data, so `lessons.test.ts` can check it against
 * the trace — with the fold, connection facts and failures the views read — and the words cannot
 * drift from the picture. Unless said otherwise a claim holds at the pause (run B: at its end).
 */
export type LessonClaim =
  /**
   * This side of the connection is in this TCP state and/or h11 state (`CLIENT/SERVER`, as the
   * stage shows it) at the pause — or, with `by: 'pause'`, entered it at some moment up to the pause.
   */
  | { conn: ClaimRef; side: 'client' | 'server'; tcp?: string; h11?: string; by?: 'pause'; run?: ClaimRun }
  /** The pool's belief about the connection at the pause (its phase: `idle` is "idle · reusable"). */
  | { conn: ClaimRef; pool: 'connecting' | 'active' | 'idle' | 'closed'; run?: ClaimRun }
  /**
   * The pool dropped the connection, for this reason, by the pause (`by: 'end'`: in the run):
   * `expired` (its own idle limit), `readable` (a zero-timeout poll saw the FIN), `eof-seen` (the
   * event loop had read the EOF), `reader` (a background reader saw the close).
   */
  | { conn: ClaimRef; dropped: DropReason; by?: 'end'; run?: ClaimRun }
  /**
   * At the pause the connection is stale (the FIN has arrived, the pool still believes it
   * reusable), in its race window (a request sent now crosses the FIN), or neither (raceWindows.ts).
   */
  | { conn: ClaimRef; interval: 'stale' | 'race-window' | 'none'; run?: ClaimRun }
  /**
   * The request failed, and of this kind (metrics/failureKinds.ts: `stale-reuse`, `race-window`, …);
   * `windowMs`: the interval it was sent in lasted between these (ms).
   */
  | { req: ClaimRef; kind: FailureKind; windowMs?: [number, number]; run?: ClaimRun }
  /** The request failed, its error class containing `fails`, by the pause (`by: 'end'`: in the run). */
  | { req: ClaimRef; fails: string; by?: 'end'; run?: ClaimRun }
  /** How the request ended (whenever that was). */
  | { req: ClaimRef; outcome: 'ok' | 'ok-after-retry' | 'failed'; run?: ClaimRun };

export type DropReason = 'expired' | 'readable' | 'eof-seen' | 'reader';

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
  /**
   * What the text (and the answer's explanation) says about the run, as data; every TCP or h11
   * state and pool word the prose names needs a claim here (claims.ts, `proseProblems`).
   */
  claims?: LessonClaim[];
}

export interface Lesson {
  id: string;
  number: number;
  title: string;
  summary: string;
  steps: LessonStep[];
}
