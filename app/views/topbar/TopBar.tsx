import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store/context';
import { primaryKey } from '../shortcuts/actions';
import { useActionButton } from '../shortcuts/useActionButton';

/**
 * Title, one-line purpose, and the lessons / presenter / share / help actions (those with a key
 * from the action table, `shortcuts/actions.ts`). On a narrow screen (styles/narrow.css) the
 * actions fold into a menu behind the "Menu" button (`aria-expanded`); Esc, a click outside or
 * choosing an action closes it. The buttons are the same elements at every width.
 */
export function TopBar({ flushUrl }: { flushUrl: () => void }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const lessons = useActionButton('toggleLessons');
  const presenter = useActionButton('togglePresenter');
  const help = useActionButton('toggleHelp');
  const setShareOpen = useApp((s) => s.setShareOpen);
  const setRiskOpen = useApp((s) => s.setRiskOpen);
  const hasRun = useApp((s) => s.run !== null);
  const [menuOpen, setMenuOpen] = useState(false);
  const headerRef = useRef<HTMLElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    const outside = (e: PointerEvent) => {
      if (!headerRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    // Esc closes the menu only (not presenter mode or a selection: the window's shortcut handler never sees it).
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      e.preventDefault();
      setMenuOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onEscape);
    };
  }, [menuOpen]);

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
    <header className="topbar" ref={headerRef}>
      <div className="brand">
        <h1>Race Window</h1>
        <p className="tagline">
          Watch an HTTP client reuse a keep-alive connection the server has just closed.
        </p>
      </div>
      <button
        type="button"
        ref={toggleRef}
        className="topbar-menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="topbar-actions"
        onClick={() => setMenuOpen((open) => !open)}
        data-testid="topbar-menu"
      >
        Menu <span aria-hidden="true">{menuOpen ? '▴' : '▾'}</span>
      </button>
      {/* Choosing an action closes the menu (a click on the copy link too: its answer stays announced). */}
      <div
        className="topbar-actions"
        id="topbar-actions"
        data-open={menuOpen ? 'true' : 'false'}
        onClickCapture={(e) => {
          if ((e.target as Element).closest('button') && e.target !== e.currentTarget) setMenuOpen(false);
        }}
      >
        <button type="button" className="primary" {...lessons} data-testid="lessons-button">
          Lessons
        </button>
        <button type="button" {...presenter} data-testid="presenter-button">
          Present
        </button>
        <button
          type="button"
          onClick={() => setRiskOpen(true, 'explore')}
          title="Will my stack hit this? Failure rate, causes, fixes and a map, or paste your error"
          data-testid="risk-button"
        >
          Risk
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
