import { useState } from 'react';
import { useApp } from '../../store/context';

/** Title, one-line purpose, and the lessons / presenter / share / help actions. */
export function TopBar({ flushUrl }: { flushUrl: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const setShortcutsOpen = useApp((s) => s.setShortcutsOpen);
  const setLessonPickerOpen = useApp((s) => s.setLessonPickerOpen);
  const setShareOpen = useApp((s) => s.setShareOpen);
  const setPresenter = useApp((s) => s.setPresenter);
  const hasRun = useApp((s) => s.run !== null);

  async function copyLink() {
    flushUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2500);
  }

  return (
    <header className="topbar">
      <div className="brand">
        <h1>Race Window</h1>
        <p className="tagline">
          Watch an HTTP client reuse a keep-alive connection the server has just closed.
        </p>
      </div>
      <div className="topbar-actions">
        <button
          type="button"
          className="primary"
          onClick={() => setLessonPickerOpen(true)}
          aria-keyshortcuts="L"
          title="Guided lessons: the race step by step (L)"
          data-testid="lessons-button"
        >
          Lessons
        </button>
        <button
          type="button"
          onClick={() => setPresenter(true)}
          aria-keyshortcuts="P"
          title="Presenter mode: large type, the stage and the narration only (P; Esc leaves)"
          data-testid="presenter-button"
        >
          Present
        </button>
        <button
          type="button"
          onClick={() => setShareOpen(true)}
          title="Export or import a scenario or a trace file"
          data-testid="share-button"
        >
          Files
        </button>
        <span className="sr-only" aria-live="polite">
          {copied === 'copied' ? 'Link copied' : copied === 'failed' ? 'Could not copy the link' : ''}
        </span>
        <button
          type="button"
          onClick={copyLink}
          disabled={!hasRun}
          data-testid="copy-link"
          title="Copy a link to this exact moment (scenario, seed, time and selection)"
        >
          {copied === 'copied'
            ? 'Link copied ✓'
            : copied === 'failed'
              ? 'Copy failed — use the address bar'
              : 'Copy link'}
        </button>
        <button
          type="button"
          onClick={() => setShortcutsOpen(true)}
          aria-keyshortcuts="?"
          title="Keyboard shortcuts (?)"
          data-testid="shortcuts-button"
        >
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
    </header>
  );
}
