/**
 * The lesson player: the open lesson's step — its title and counter, the narration resolved at
 * the step's pause, its question with the answer and explanation, where the step wants you to
 * look — and the way through (previous / next, PageUp / PageDown). State lives in the store's
 * lesson slice; this component reads it and never the per-frame cursor (only whether the cursor
 * is at the step's pause, a boolean).
 */
import { useEffect, useRef } from 'react';
import { formatInstant, LESSONS, type LessonView, lessonById } from '../../../sim-core';
import { useApp } from '../../store/context';
import type { AppState } from '../../store/types';
import { lessonOnScript } from '../../store/urlSync';
import { titleWithKeys } from '../shortcuts/actions';
import { useActionButton } from '../shortcuts/useActionButton';
import './lesson.css';

export const VIEW_NAMES: Record<LessonView, string> = {
  stage: 'the stage',
  timeline: 'the timeline',
  log: 'the event log',
  inspector: 'the inspector',
  metrics: 'the metrics',
  compare: 'the comparison',
};

/** The element a lesson's focus view lives in (App wraps each panel in `[data-panel]`). */
export function focusTarget(view: LessonView): HTMLElement | null {
  if (view === 'stage') return document.querySelector('[data-testid="stage-panel"]');
  return document.querySelector(`[data-panel="${view}"] > *`);
}

function Question({ stepId }: { stepId: string }) {
  const lesson = useApp((s) => s.lesson);
  const answer = useApp((s) => s.answerQuestion);
  const reveal = useApp((s) => s.revealAnswer);
  if (!lesson) return null;
  const q = lessonById(lesson.id)?.steps[lesson.step]?.question;
  if (!q) return null;
  const revealed = lesson.revealed;
  const chosen = lesson.answer;
  return (
    <fieldset className="lesson-question" data-testid="lesson-question" data-revealed={revealed}>
      <legend>{q.prompt}</legend>
      <ol className="lesson-choices">
        {q.choices.map((c, i) => {
          const right = i === q.answer;
          const state = !revealed ? '' : right ? 'right' : i === chosen ? 'wrong' : 'other';
          return (
            <li key={`${stepId}-${c}`}>
              <button
                type="button"
                className={`lesson-choice ${state}`}
                onClick={() => answer(i)}
                aria-pressed={chosen === i}
                data-testid="lesson-choice"
                data-correct={revealed ? String(right) : undefined}
              >
                <span className="lesson-choice-letter" aria-hidden="true">
                  {String.fromCharCode(65 + i)}
                </span>
                <span>{c}</span>
                {revealed && right ? <span className="lesson-mark"> ✓ answer</span> : null}
                {revealed && !right && i === chosen ? (
                  <span className="lesson-mark"> ✗ your choice</span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ol>
      {revealed ? (
        <p className="lesson-explanation" data-testid="lesson-explanation" role="status">
          {chosen === null ? null : chosen === q.answer ? (
            <strong>Right. </strong>
          ) : (
            <strong>Not quite. </strong>
          )}
          {q.explanation}
        </p>
      ) : (
        <button type="button" className="linkish" onClick={reveal} data-testid="lesson-reveal">
          Show the answer
        </button>
      )}
    </fieldset>
  );
}

const atStepPause = (s: AppState) =>
  s.lesson?.resolved ? Math.round(s.cursorUs) === s.lesson.resolved.t : false;
const arrivingAtStep = (s: AppState) => s.stopAt !== null && s.stopAt.seq === s.lesson?.resolved?.seq;

/**
 * The panel's `data-moment` (what e2e waits on): `arriving` on the way to the step's moment
 * (playing or paused on the way), `at` on it, `away` elsewhere, `none` before it is resolved.
 */
function stepMoment(s: AppState): 'arriving' | 'at' | 'away' | 'none' {
  if (!s.lesson?.resolved || s.lesson.status !== 'ready') return 'none';
  if (arrivingAtStep(s)) return 'arriving';
  return atStepPause(s) ? 'at' : 'away';
}

/** Where the step stands: computing, playing to its moment, at it, or elsewhere. */
function StepStatus() {
  const lesson = useApp((s) => s.lesson);
  const atPause = useApp(atStepPause);
  const arriving = useApp(arrivingAtStep);
  const playing = useApp((s) => s.playing);
  const onScript = useApp(lessonOnScript);
  const next = useApp((s) => s.nextStep);
  const back = useApp((s) => s.backToPause);
  const replay = useApp((s) => s.replayStep);
  const play = useApp((s) => s.play);
  if (!lesson) return null;
  if (!onScript)
    return (
      <p className="lesson-status lesson-offscript" data-testid="lesson-offscript">
        You changed the scenario, so this is no longer the step’s run.{' '}
        <button type="button" onClick={back} data-testid="lesson-back-to-step">
          Back to the step
        </button>
      </p>
    );
  if (lesson.status === 'loading')
    return (
      <p className="lesson-status" role="status">
        Simulating this step’s scenario…
      </p>
    );
  if (lesson.status === 'error')
    return (
      <p className="lesson-status lesson-error" role="alert" data-testid="lesson-error">
        This step cannot be shown: {lesson.problem}{' '}
        <button type="button" onClick={back}>
          Try again
        </button>
      </p>
    );
  const r = lesson.resolved;
  if (!r) return null;
  if (arriving)
    return (
      <p className="lesson-status" role="status">
        {playing ? 'Playing to this step’s moment' : 'Paused on the way to this step’s moment'} (
        {formatInstant(r.t)}).{' '}
        {playing ? null : (
          <button type="button" onClick={play}>
            Continue ▶
          </button>
        )}{' '}
        <button
          type="button"
          onClick={next}
          data-testid="lesson-skip"
          title={titleWithKeys('Jump there', 'nextStep')}
        >
          Skip to it ▸▸
        </button>
      </p>
    );
  if (atPause)
    return (
      <p className="lesson-status">
        <span className="lesson-at">
          {r.t === 0 ? 'At the start of the run' : `Paused at ${formatInstant(r.t)}`}: the step’s moment.
        </span>{' '}
        {r.t > 0 ? (
          <button type="button" className="linkish" onClick={replay} data-testid="lesson-replay">
            Watch it happen again ▶
          </button>
        ) : null}
      </p>
    );
  return (
    <p className="lesson-status">
      The cursor has moved on from this step’s moment.{' '}
      <button type="button" onClick={back} data-testid="lesson-back-to-pause">
        Back to {formatInstant(r.t)}
      </button>
    </p>
  );
}

function Finished({ id }: { id: string }) {
  const start = useApp((s) => s.startLesson);
  const openPicker = useApp((s) => s.setLessonPickerOpen);
  const exit = useApp((s) => s.exitLesson);
  const i = LESSONS.findIndex((l) => l.id === id);
  const next = LESSONS[i + 1];
  return (
    <div className="lesson-finished" data-testid="lesson-finished">
      <p>
        <strong>Lesson complete.</strong> Everything here stays explorable: play on, change the client or the
        server, or open another lesson.
      </p>
      <p className="lesson-finished-actions">
        {next ? (
          <button
            type="button"
            className="primary"
            onClick={() => start(next.id, 0)}
            data-testid="lesson-next-lesson"
          >
            Next: {next.number}. {next.title} ▸
          </button>
        ) : null}
        <button type="button" onClick={() => openPicker(true)}>
          All lessons
        </button>
        <button type="button" onClick={exit}>
          Close the lesson
        </button>
      </p>
    </div>
  );
}

export function LessonPanel() {
  const lesson = useApp((s) => s.lesson);
  const goTo = useApp((s) => s.goToStep);
  const nextButton = useActionButton('nextStep');
  const prevButton = useActionButton('prevStep');
  const exit = useApp((s) => s.exitLesson);
  const reducedMotion = useApp((s) => s.reducedMotion);
  const presenter = useApp((s) => s.presenter);
  const moment = useApp(stepMoment);
  const ref = useRef<HTMLElement>(null);
  const step = lesson?.step;

  // A new step: bring the lesson card to the top of the window so the stage sits below it.
  useEffect(() => {
    if (step === undefined || presenter) return;
    const el = ref.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    if (top < 0 || top > 160)
      el.scrollIntoView({ block: 'start', behavior: reducedMotion ? 'auto' : 'smooth' });
  }, [step, presenter, reducedMotion]);

  if (!lesson) return null;
  const def = lessonById(lesson.id);
  if (!def) return null;
  const stepDef = def.steps[lesson.step]!;
  const n = def.steps.length;
  const text = lesson.resolved?.text ?? stepDef.text.replace(/\{(conn|req|hit)\}/g, '…');
  const focus = stepDef.focus && stepDef.focus !== 'stage' ? stepDef.focus : null;
  const headingId = `lesson-step-${lesson.id}`;

  return (
    <section
      ref={ref}
      className="lesson-panel"
      aria-labelledby={headingId}
      data-testid="lesson-panel"
      data-lesson={lesson.id}
      data-step={lesson.step + 1}
      data-status={lesson.status}
      data-moment={moment}
      data-finished={lesson.finished}
    >
      <header className="lesson-head">
        <div className="lesson-titles">
          <p className="lesson-kicker">
            Lesson {def.number} of {LESSONS.length} · {def.title}
          </p>
          <h2 id={headingId}>
            <span className="lesson-counter" data-testid="lesson-counter">
              Step {lesson.step + 1} of {n}
            </span>{' '}
            {stepDef.title}
          </h2>
        </div>
        <nav className="lesson-nav" aria-label="Lesson steps">
          <button type="button" {...prevButton} data-testid="lesson-prev">
            ◂ Previous
          </button>
          <ol className="lesson-dots">
            {def.steps.map((s, i) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={`lesson-dot${i === lesson.step ? ' current' : ''}${i < lesson.step ? ' past' : ''}`}
                  onClick={() => goTo(i)}
                  aria-label={`Step ${i + 1}: ${s.title}`}
                  aria-current={i === lesson.step ? 'step' : undefined}
                  title={`Step ${i + 1}: ${s.title}`}
                >
                  {i + 1}
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="primary" {...nextButton} data-testid="lesson-next">
            {lesson.step === n - 1 ? 'Finish ✓' : 'Next ▸'}
          </button>
          <button
            type="button"
            className="lesson-exit"
            onClick={exit}
            aria-label="Close the lesson"
            title="Close the lesson (progress is kept)"
            data-testid="lesson-exit"
          >
            ×
          </button>
        </nav>
      </header>
      {lesson.finished ? (
        <Finished id={lesson.id} />
      ) : (
        <div className={`lesson-body${stepDef.question ? ' with-question' : ''}`}>
          <div className="lesson-main">
            <p className="lesson-text" data-testid="lesson-text" aria-live="polite">
              {text}
            </p>
            <StepStatus />
            {focus ? (
              <p className="lesson-focus">
                <button
                  type="button"
                  className="linkish"
                  onClick={() => focusTarget(focus)?.scrollIntoView({ block: 'start', behavior: 'smooth' })}
                  data-testid="lesson-focus"
                  data-focus={focus}
                >
                  Look at {VIEW_NAMES[focus]} below ↓
                </button>
              </p>
            ) : null}
          </div>
          <Question stepId={stepDef.id} />
        </div>
      )}
    </section>
  );
}
