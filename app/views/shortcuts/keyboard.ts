/**
 * Global keyboard shortcuts (presenter remotes send PageUp/PageDown, `.` and `b`), dispatched
 * through the action table (`actions.ts`). Keys typed into a text field or a select, or with a
 * modifier, are left alone — except PageUp/PageDown, which always act: the previous/next lesson
 * step while a lesson is open, else the previous/next failure. Space toggles playback everywhere
 * else (Enter still activates the focused button). Esc backs out one level: the help, a blanked
 * screen, presenter mode, then the selection.
 */
import type { AppStore } from '../../store/store';
import { actionForKey } from './actions';

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

/** Handles one keydown; returns whether it was a shortcut (and was acted on). */
export function handleKey(store: AppStore, e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const s = store.getState();
  const hit = actionForKey(s, e.key);
  if (!hit) return false;
  // A presenter's remote sends PageUp/PageDown whatever has focus; they mean nothing useful in a
  // text field and would silently change a focused select (and fork a run), so they always jump.
  if (isTyping(e.target) && !hit.key.whileTyping) return false;
  if (s.shortcutsOpen && !hit.action.whileHelpOpen) return false;
  // The lesson picker and the share dialog are modal: their own keys (Esc closes them natively).
  if (s.lessonPickerOpen || s.shareOpen) return false;
  // A blanked screen shows nothing: only the keys that bring it back (or move a lesson on) act.
  if (s.blanked && !hit.key.whileBlanked) return false;
  hit.action.perform(s);
  return true;
}

export function installKeyboard(store: AppStore, target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (handleKey(store, e)) e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
