import { useState } from 'react';
import { useApp } from '../../store/context';
import { primaryKey } from '../shortcuts/actions';
import { useActionButton } from '../shortcuts/useActionButton';

/**
 * Title, one-line purpose, and the lessons / presenter / share / help actions (those with a key
 * from the action table, `shortcuts/actions.ts`).
 */
export function TopBar({ flushUrl }: { flushUrl: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const lessons = useActionButton('toggleLessons');
  const presenter = useActionButton('togglePresenter');
  const help = useActionButton('toggleHelp');
  const setShareOpen = useApp((s) => s.setShareOpen);
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
        <button type="button" className="primary" {...lessons} data-testid="lessons-button">
          Lessons
        </button>
        <button type="button" {...presenter} data-testid="presenter-button">
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
        <button type="button" {...help} data-testid="shortcuts-button">
          Shortcuts <kbd>{primaryKey('toggleHelp').shown}</kbd>
        </button>
      </div>
    </header>
  );
}
