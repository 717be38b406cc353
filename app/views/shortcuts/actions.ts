/**
 * Every user action that has a shortcut, declared once: its name, its line in the `?` help, its
 * keys, when a button for it is enabled or checked, and what it does. The key handler
 * (`keyboard.ts`), the help (`ShortcutsDialog.tsx`) and the buttons' `title` and
 * `aria-keyshortcuts` (`useActionButton.ts`, `titleWithKeys`) are all generated from this table,
 * so a key cannot be changed in one of them and not the others.
 *
 * `enabled` governs buttons only: a key always performs its action (the store's actions do
 * nothing when there is nothing to do), and is then consumed (no page scroll on Space).
 */
import { ADAPTIVE_SPEEDS, FIXED_RATES } from '../../store/playbackSlice';
import type { AppState } from '../../store/types';

/** One key as the help shows it, as `aria-keyshortcuts` names it, and the `KeyboardEvent.key`s that press it. */
export interface KeyDef {
  shown: string;
  aria: string;
  events: readonly string[];
  /** Acts while the screen is blanked (a presenter remote's keys, and the ways back). */
  whileBlanked?: boolean;
  /** Acts even when a text field or a select has focus (a remote sends it whatever has focus). */
  whileTyping?: boolean;
}

function letter(c: string, extra: Partial<KeyDef> = {}): KeyDef {
  return {
    shown: c.toUpperCase(),
    aria: c.toUpperCase(),
    events: [c.toLowerCase(), c.toUpperCase()],
    ...extra,
  };
}

export const KEYS = {
  space: { shown: 'Space', aria: 'Space', events: [' '] },
  period: { shown: '.', aria: '.', events: ['.'], whileBlanked: true },
  right: { shown: '→', aria: 'ArrowRight', events: ['ArrowRight'] },
  left: { shown: '←', aria: 'ArrowLeft', events: ['ArrowLeft'] },
  pageDown: {
    shown: 'Page Down',
    aria: 'PageDown',
    events: ['PageDown'],
    whileBlanked: true,
    whileTyping: true,
  },
  pageUp: { shown: 'Page Up', aria: 'PageUp', events: ['PageUp'], whileBlanked: true, whileTyping: true },
  home: { shown: 'Home', aria: 'Home', events: ['Home'] },
  end: { shown: 'End', aria: 'End', events: ['End'] },
  plus: { shown: '+', aria: '+', events: ['+', '='] },
  minus: { shown: '−', aria: '-', events: ['-', '_'] },
  a: letter('a'),
  f: letter('f'),
  l: letter('l'),
  p: letter('p'),
  b: letter('b', { whileBlanked: true }),
  t: letter('t'),
  escape: { shown: 'Esc', aria: 'Escape', events: ['Escape'], whileBlanked: true },
  question: { shown: '?', aria: '?', events: ['?'] },
} as const satisfies Record<string, KeyDef>;

export type ActionName =
  | 'togglePlay'
  | 'stepForward'
  | 'stepBackward'
  | 'nextStep'
  | 'nextFailure'
  | 'prevStep'
  | 'prevFailure'
  | 'seekStart'
  | 'seekEnd'
  | 'faster'
  | 'slower'
  | 'toggleTimeMode'
  | 'togglePauseAtFailures'
  | 'toggleLessons'
  | 'togglePresenter'
  | 'toggleBlank'
  | 'toggleStageMode'
  | 'escape'
  | 'toggleHelp';

export interface Action {
  name: ActionName;
  /** Its line in the `?` help; actions with the same line share one row, their keys joined. */
  help: string;
  /** The first is the one a button's title and `aria-keyshortcuts` name. */
  keys: readonly KeyDef[];
  /** The keys mean this action only when this holds (Page Down: a lesson's next step, else the next failure). */
  keyWhen?: (s: AppState) => boolean;
  /** Acts while the help is open. */
  whileHelpOpen?: boolean;
  /** A button's tooltip, before its key: "Next failed request" → "Next failed request (Page Down)". */
  title?: string | ((s: AppState) => string);
  /** What the tooltip says about the key, when it says more than its name ("P; Esc leaves"). */
  keyNote?: (key: string) => string;
  /** The accessible name of an icon button. */
  label?: string;
  /** Whether a button for it can be pressed (the default: always). */
  enabled?: (s: AppState) => boolean;
  /** For an on/off action: whether it is on. */
  checked?: (s: AppState) => boolean;
  perform: (s: AppState) => void;
}

function stepSpeed(s: AppState, direction: 1 | -1): void {
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

/**
 * In a lesson, one press of Page Down is one step (a presenter's remote): it opens the next step
 * and plays to its moment; a press on the way there goes straight to that moment, the same step.
 */
export const LESSON_NEXT_RULE =
  'one press, one step: it plays the next step to its moment; pressed on the way there, it jumps to that moment';
const NEXT_HELP = `Next failed request (in a lesson: the next step — ${LESSON_NEXT_RULE})`;

const hasRun = (s: AppState) => s.run !== null;
const hasFailures = (s: AppState) => (s.run?.index.failures.length ?? 0) > 0;
const inLesson = (s: AppState) => s.lesson !== null;

/** In help order. */
export const ACTIONS: readonly Action[] = [
  {
    name: 'togglePlay',
    help: 'Play / pause',
    keys: [KEYS.space, KEYS.period],
    title: (s) => (s.playing ? 'Pause' : 'Play'),
    enabled: hasRun,
    checked: (s) => s.playing,
    perform: (s) => s.togglePlay(),
  },
  {
    name: 'stepForward',
    help: 'Step to the next event',
    keys: [KEYS.right],
    title: 'Step to the next event',
    label: 'Step forward',
    enabled: hasRun,
    perform: (s) => s.stepForward(),
  },
  {
    name: 'stepBackward',
    help: 'Step to the previous event',
    keys: [KEYS.left],
    title: 'Step back to the previous event',
    label: 'Step back',
    enabled: hasRun,
    perform: (s) => s.stepBackward(),
  },
  {
    name: 'nextStep',
    help: NEXT_HELP,
    keys: [KEYS.pageDown],
    keyWhen: inLesson,
    title: 'Next step',
    enabled: (s) => s.lesson !== null && !s.lesson.finished,
    perform: (s) => s.nextStep(),
  },
  {
    name: 'nextFailure',
    help: NEXT_HELP,
    keys: [KEYS.pageDown],
    keyWhen: (s) => !inLesson(s),
    title: 'Next failed request',
    label: 'Next failure',
    enabled: hasFailures,
    perform: (s) => s.nextFailure(),
  },
  {
    name: 'prevStep',
    help: 'Previous failed request (in a lesson: the previous step)',
    keys: [KEYS.pageUp],
    keyWhen: inLesson,
    title: 'Previous step',
    enabled: (s) => s.lesson !== null && !(s.lesson.step === 0 && !s.lesson.finished),
    perform: (s) => s.prevStep(),
  },
  {
    name: 'prevFailure',
    help: 'Previous failed request (in a lesson: the previous step)',
    keys: [KEYS.pageUp],
    keyWhen: (s) => !inLesson(s),
    title: 'Previous failed request',
    label: 'Previous failure',
    enabled: hasFailures,
    perform: (s) => s.prevFailure(),
  },
  {
    name: 'seekStart',
    help: 'Start / end of the run',
    keys: [KEYS.home],
    perform: (s) => s.seek(0),
  },
  {
    name: 'seekEnd',
    help: 'Start / end of the run',
    keys: [KEYS.end],
    perform: (s) => s.seek(s.run?.index.endAt ?? 0),
  },
  { name: 'faster', help: 'Faster / slower', keys: [KEYS.plus], perform: (s) => stepSpeed(s, 1) },
  { name: 'slower', help: 'Faster / slower', keys: [KEYS.minus], perform: (s) => stepSpeed(s, -1) },
  {
    name: 'toggleTimeMode',
    help: 'Adaptive ⇄ fixed time',
    keys: [KEYS.a],
    checked: (s) => s.timeMode === 'adaptive',
    perform: (s) => s.setTimeMode(s.timeMode === 'adaptive' ? 'fixed' : 'adaptive'),
  },
  {
    name: 'togglePauseAtFailures',
    help: 'Pause at failures on / off',
    keys: [KEYS.f],
    checked: (s) => s.pauseAtFailures,
    perform: (s) => s.setPauseAtFailures(!s.pauseAtFailures),
  },
  {
    name: 'toggleLessons',
    help: 'Lessons',
    keys: [KEYS.l],
    title: 'Guided lessons: the race step by step',
    checked: (s) => s.lessonPickerOpen,
    perform: (s) => s.setLessonPickerOpen(!s.lessonPickerOpen),
  },
  {
    name: 'togglePresenter',
    help: 'Presenter mode on / off',
    keys: [KEYS.p],
    title: 'Presenter mode: large type, the stage and the narration only',
    keyNote: (key) => `${key}; ${KEYS.escape.shown} leaves`,
    checked: (s) => s.presenter,
    perform: (s) => s.setPresenter(!s.presenter),
  },
  {
    name: 'toggleBlank',
    help: 'Blank the screen / show it again',
    keys: [KEYS.b],
    checked: (s) => s.blanked,
    perform: (s) => s.setBlanked(!s.blanked),
  },
  {
    name: 'toggleStageMode',
    help: 'Stage as a picture ⇄ as a table',
    keys: [KEYS.t],
    checked: (s) => s.stageMode === 'table',
    perform: (s) => s.setStageMode(s.stageMode === 'table' ? 'visual' : 'table'),
  },
  {
    name: 'escape',
    help: 'Close this help, un-blank, leave presenter mode, or clear the selection',
    keys: [KEYS.escape],
    whileHelpOpen: true,
    perform: (s) => {
      if (s.shortcutsOpen) s.setShortcutsOpen(false);
      else if (s.blanked) s.setBlanked(false);
      else if (s.presenter) s.setPresenter(false);
      else s.select(null);
    },
  },
  {
    name: 'toggleHelp',
    help: 'Show these shortcuts',
    keys: [KEYS.question],
    whileHelpOpen: true,
    title: 'Keyboard shortcuts',
    checked: (s) => s.shortcutsOpen,
    perform: (s) => s.setShortcutsOpen(!s.shortcutsOpen),
  },
];

export const ACTION: Readonly<Record<ActionName, Action>> = Object.fromEntries(
  ACTIONS.map((a) => [a.name, a]),
) as Record<ActionName, Action>;

/** The action a key press means in this state, with the key it was; none for a key that is no shortcut. */
export function actionForKey(s: AppState, key: string): { action: Action; key: KeyDef } | null {
  for (const action of ACTIONS) {
    const k = action.keys.find((d) => d.events.includes(key));
    if (k && (!action.keyWhen || action.keyWhen(s))) return { action, key: k };
  }
  return null;
}

export interface HelpRow {
  help: string;
  /** As shown, each once. */
  keys: string[];
  actions: ActionName[];
}

/** The `?` help: one row per help line, in table order. */
export function helpRows(actions: readonly Action[] = ACTIONS): HelpRow[] {
  const rows = new Map<string, HelpRow>();
  for (const a of actions) {
    if (a.keys.length === 0) continue;
    let row = rows.get(a.help);
    if (!row) {
      row = { help: a.help, keys: [], actions: [] };
      rows.set(a.help, row);
    }
    row.actions.push(a.name);
    for (const k of a.keys) if (!row.keys.includes(k.shown)) row.keys.push(k.shown);
  }
  return [...rows.values()];
}

/** The key a control names for an action: its first. */
export function primaryKey(name: ActionName): KeyDef {
  const k = ACTION[name].keys[0];
  if (!k) throw new Error(`action ${name} has no key`);
  return k;
}

/** `aria-keyshortcuts` for a control that performs the action. */
export function ariaKeys(name: ActionName): string {
  return primaryKey(name).aria;
}

/**
 * A tooltip naming the keys of one or more actions: `titleWithKeys('Speed', ['faster', 'slower'])`
 * is "Speed (+ / −)"; `note` words the key ("A toggles").
 */
export function titleWithKeys(
  text: string,
  names: ActionName | readonly ActionName[],
  note?: (key: string) => string,
): string {
  const keys = (typeof names === 'string' ? [names] : names).map((n) => primaryKey(n).shown).join(' / ');
  return `${text} (${note ? note(keys) : keys})`;
}

/** The key note of a control that sets one side of an on/off action ("A toggles"). */
export const toggles = (key: string): string => `${key} toggles`;

/** A button's tooltip for the action it performs. */
export function actionTitle(action: Action, s: AppState): string | undefined {
  if (action.title === undefined) return undefined;
  const text = typeof action.title === 'function' ? action.title(s) : action.title;
  return titleWithKeys(text, action.name, action.keyNote);
}
