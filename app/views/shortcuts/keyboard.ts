/**
 * Global keyboard shortcuts (presenter remotes send PageUp/PageDown, `.` and `b`). Keys typed
 * into a text field or a select, or with a modifier, are left alone — except PageUp/PageDown,
 * which always act: the previous/next lesson step while a lesson is open, else the previous/next
 * failure. Space toggles playback everywhere else (Enter still activates the focused button).
 * Esc backs out one level: the help, a blanked screen, presenter mode, then the selection.
 */
import { ADAPTIVE_SPEEDS, FIXED_RATES } from '../../store/playbackSlice';
import type { AppStore } from '../../store/store';

export interface Shortcut {
  keys: string[];
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Space', '.'], what: 'Play / pause' },
  { keys: ['→'], what: 'Step to the next event' },
  { keys: ['←'], what: 'Step to the previous event' },
  { keys: ['Page Down'], what: 'Next failed request (in a lesson: the next step)' },
  { keys: ['Page Up'], what: 'Previous failed request (in a lesson: the previous step)' },
  { keys: ['Home', 'End'], what: 'Start / end of the run' },
  { keys: ['+', '−'], what: 'Faster / slower' },
  { keys: ['A'], what: 'Adaptive ⇄ fixed time' },
  { keys: ['F'], what: 'Pause at failures on / off' },
  { keys: ['L'], what: 'Lessons' },
  { keys: ['P'], what: 'Presenter mode on / off' },
  { keys: ['B'], what: 'Blank the screen / show it again' },
  { keys: ['T'], what: 'Stage as a picture ⇄ as a table' },
  { keys: ['Esc'], what: 'Close this help, un-blank, leave presenter mode, or clear the selection' },
  { keys: ['?'], what: 'Show these shortcuts' },
];

function isTyping(target: EventTarget | null): boolean {
  // Duck-typed (not instanceof HTMLElement) so the handler also runs where there is no DOM (tests).
  const el = target as { tagName?: unknown; isContentEditable?: boolean; type?: string } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'SELECT' || tag === 'TEXTAREA') return true;
  // Every input, checkboxes included (Space is their only key); buttons keep Enter.
  if (tag === 'INPUT') return el.type !== 'button' && el.type !== 'submit' && el.type !== 'reset';
  return false;
}

function stepSpeed(store: AppStore, direction: 1 | -1): void {
  const s = store.getState();
  if (s.timeMode === 'adaptive') {
    const i = ADAPTIVE_SPEEDS.indexOf(s.speed as (typeof ADAPTIVE_SPEEDS)[number]);
    const next =
      ADAPTIVE_SPEEDS[Math.min(ADAPTIVE_SPEEDS.length - 1, Math.max(0, (i === -1 ? 2 : i) + direction))]!;
    s.setSpeed(next);
  } else {
    const i = FIXED_RATES.indexOf(s.fixedRate as (typeof FIXED_RATES)[number]);
    const next = FIXED_RATES[Math.min(FIXED_RATES.length - 1, Math.max(0, (i === -1 ? 2 : i) + direction))]!;
    s.setFixedRate(next);
  }
}

/** Handles one keydown; returns whether it was a shortcut (and was acted on). */
export function handleKey(store: AppStore, e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  // A presenter's remote sends PageUp/PageDown whatever has focus; they mean nothing useful in a
  // text field and would silently change a focused select (and fork a run), so they always jump.
  const remoteKey = e.key === 'PageUp' || e.key === 'PageDown';
  if (isTyping(e.target) && !remoteKey) return false;
  const s = store.getState();
  if (s.shortcutsOpen && e.key !== '?' && e.key !== 'Escape') return false;
  // The lesson picker and the share dialog are modal: their own keys (Esc closes them natively).
  if (s.lessonPickerOpen || s.shareOpen) return false;
  // A blanked screen shows nothing: only the keys that bring it back (or move a lesson on) act.
  if (s.blanked && !['b', 'B', 'Escape', 'PageUp', 'PageDown', '.'].includes(e.key)) return false;
  switch (e.key) {
    case ' ':
    case '.':
      s.togglePlay();
      return true;
    case 'ArrowRight':
      s.stepForward();
      return true;
    case 'ArrowLeft':
      s.stepBackward();
      return true;
    case 'PageDown':
      if (s.lesson) s.nextStep();
      else s.nextFailure();
      return true;
    case 'PageUp':
      if (s.lesson) s.prevStep();
      else s.prevFailure();
      return true;
    case 'Home':
      s.seek(0);
      return true;
    case 'End':
      s.seek(s.run?.index.endAt ?? 0);
      return true;
    case '+':
    case '=':
      stepSpeed(store, 1);
      return true;
    case '-':
    case '_':
      stepSpeed(store, -1);
      return true;
    case 'a':
    case 'A':
      s.setTimeMode(s.timeMode === 'adaptive' ? 'fixed' : 'adaptive');
      return true;
    case 'f':
    case 'F':
      s.setPauseAtFailures(!s.pauseAtFailures);
      return true;
    case 'l':
    case 'L':
      s.setLessonPickerOpen(!s.lessonPickerOpen);
      return true;
    case 'p':
    case 'P':
      s.setPresenter(!s.presenter);
      return true;
    case 'b':
    case 'B':
      s.setBlanked(!s.blanked);
      return true;
    case 't':
    case 'T':
      s.setStageMode(s.stageMode === 'table' ? 'visual' : 'table');
      return true;
    case '?':
      s.setShortcutsOpen(!s.shortcutsOpen);
      return true;
    case 'Escape':
      if (s.shortcutsOpen) s.setShortcutsOpen(false);
      else if (s.blanked) s.setBlanked(false);
      else if (s.presenter) s.setPresenter(false);
      else s.select(null);
      return true;
    default:
      return false;
  }
}

export function installKeyboard(store: AppStore, target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (handleKey(store, e)) e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
