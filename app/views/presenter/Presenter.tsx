/**
 * Presenter mode's chrome: a slim bar with the lesson's step counter and an obvious way out
 * (Esc), the blank screen (`b`, as presenter remotes send it), and the root font size that makes
 * everything large, and the page's <h1> while presenting. The layout itself is CSS on
 * `.app.presenter` (presenter.css): one screen, no page scroll — the stage as wide as the screen,
 * its transport, and under them the step's text beside its focus view (in a lesson) or the story
 * card with the exception and its cause beside the live captions (outside one).
 */
import { useEffect } from 'react';
import { LESSONS, lessonById } from '../../../sim-core';
import { useApp } from '../../store/context';
import { ariaKeys, primaryKey, titleWithKeys } from '../shortcuts/actions';
import './presenter.css';

/** Large type while presenting: the whole page is sized in rem. */
export function usePresenterRootClass(): void {
  const presenter = useApp((s) => s.presenter);
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenter);
    if (presenter) window.scrollTo(0, 0);
    return () => document.documentElement.classList.remove('presenting');
  }, [presenter]);
}

export function PresenterBar() {
  const presenter = useApp((s) => s.presenter);
  const setPresenter = useApp((s) => s.setPresenter);
  const lesson = useApp((s) => s.lesson);
  const openPicker = useApp((s) => s.setLessonPickerOpen);
  if (!presenter) return null;
  const def = lesson ? lessonById(lesson.id) : null;
  return (
    <header className="presenter-bar" data-testid="presenter-bar">
      <div className="presenter-title">
        {/* The page's level-one heading while presenting (the top bar, with its own, is hidden). */}
        <h1 className="presenter-h1">
          <strong>Race Window</strong>
          {def ? (
            <>
              <span className="presenter-sep" aria-hidden="true">
                {' · '}
              </span>
              <span>
                Lesson {def.number}/{LESSONS.length}: {def.title}
              </span>
            </>
          ) : null}
        </h1>
        {def && lesson ? (
          <span className="presenter-counter" data-testid="presenter-counter">
            {lesson.finished ? 'Done' : `Step ${lesson.step + 1} / ${def.steps.length}`}
          </span>
        ) : (
          <button type="button" className="linkish" onClick={() => openPicker(true)}>
            {titleWithKeys('Open a lesson', 'toggleLessons')}
          </button>
        )}
      </div>
      <p className="presenter-keys muted">
        <kbd>PgDn</kbd>/<kbd>PgUp</kbd> {lesson ? 'steps' : 'failures'} · <kbd>.</kbd> play · <kbd>B</kbd>{' '}
        blank
      </p>
      <button
        type="button"
        className="presenter-exit"
        onClick={() => setPresenter(false)}
        aria-keyshortcuts={ariaKeys('escape')}
        data-testid="presenter-exit"
      >
        Exit presenter mode <kbd>{primaryKey('escape').shown}</kbd>
      </button>
    </header>
  );
}

/** The keys that bring a blanked screen back: "B or Esc". */
const backKeys = `${primaryKey('toggleBlank').shown} or ${primaryKey('escape').shown}`;

/** The whole screen black (a remote's "blank" key); B or Esc brings it back. */
export function BlankScreen() {
  const blanked = useApp((s) => s.blanked);
  const setBlanked = useApp((s) => s.setBlanked);
  if (!blanked) return null;
  return (
    <button
      type="button"
      className="blank-screen"
      data-testid="blank-screen"
      onClick={() => setBlanked(false)}
      aria-label={`The screen is blanked: press ${backKeys}, or activate this, to show it again`}
    >
      <span>Screen blanked — press {backKeys} to show it again.</span>
    </button>
  );
}
