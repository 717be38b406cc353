import { LESSONS } from '../../../sim-core';
import { useApp } from '../../store/context';
import './lesson.css';
import { DialogShell } from '../panel/DialogShell';
import { LESSON_NEXT_RULE, primaryKey } from '../shortcuts/actions';

export function LessonPicker() {
  const open = useApp((s) => s.lessonPickerOpen);
  const setOpen = useApp((s) => s.setLessonPickerOpen);
  const progress = useApp((s) => s.lessonProgress);
  const current = useApp((s) => s.lesson?.id ?? null);
  const start = useApp((s) => s.startLesson);
  const forget = useApp((s) => s.forgetLesson);
  /** From the first step, with the answers hidden again (a new group, a new run of the workshop). */
  const startAfresh = (id: string) => {
    forget(id);
    start(id, 0);
  };
  return (
    <DialogShell
      open={open}
      name="lesson-picker"
      title="Lessons"
      className="lesson-picker"
      testId="lesson-picker"
      onClose={() => setOpen(false)}
    >
      <p className="muted small">
        Each lesson is a few steps on the simulator: every step runs its own scenario, stops at the moment
        that matters, highlights what to look at and asks a question. {primaryKey('nextStep').shown} /{' '}
        {primaryKey('prevStep').shown} move between steps, and a presenter remote works: {LESSON_NEXT_RULE}.
        Progress is kept in this browser; a step’s link opens that step.
      </p>
      <ol className="lesson-list">
        {LESSONS.map((l) => {
          const rec = progress.lessons[l.id];
          const resumable = rec && !rec.completed && rec.step > 0;
          return (
            <li key={l.id} className="lesson-item" data-testid="lesson-item" data-lesson={l.id}>
              <span className="lesson-item-number" aria-hidden="true">
                {l.number}
              </span>
              <div>
                <h3>{l.title}</h3>
                <p>{l.summary}</p>
                <p>
                  {l.steps.length} steps
                  {rec?.completed ? (
                    <span className="lesson-progress-note"> · done ✓</span>
                  ) : resumable ? (
                    <span className="lesson-progress-note"> · left at step {rec.step + 1}</span>
                  ) : null}
                  {current === l.id ? <span className="lesson-progress-note"> · open now</span> : null}
                </p>
              </div>
              <div className="lesson-item-actions">
                {resumable ? (
                  <>
                    <button
                      type="button"
                      className="primary"
                      onClick={() => start(l.id, rec.step)}
                      data-testid="lesson-resume"
                    >
                      Resume at step {rec.step + 1}
                    </button>
                    <button type="button" onClick={() => startAfresh(l.id)} data-testid="lesson-restart">
                      Start again
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => startAfresh(l.id)}
                    data-testid="lesson-start"
                    aria-label={`Start lesson ${l.number}: ${l.title}`}
                  >
                    {rec?.completed ? 'Again' : 'Start'}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <div className="lesson-picker-foot">
        <p className="muted small">
          Teaching a room? <kbd>{primaryKey('togglePresenter').shown}</kbd> switches to presenter mode;{' '}
          <kbd>{primaryKey('toggleBlank').shown}</kbd> blanks the screen.
        </p>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </div>
    </DialogShell>
  );
}
