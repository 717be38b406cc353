import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LESSONS, presetScenario } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { StoreProvider } from '../../store/context';
import type { AppStore } from '../../store/store';
import { doneState, testStore } from '../../store/testing';
import { TopBar } from '../topbar/TopBar';
import { Transport } from '../transport/Transport';
import { ACTION, ACTIONS, type ActionName, actionForKey, actionTitle, ariaKeys, helpRows } from './actions';
import { handleKey } from './keyboard';

function loaded(opts: { lesson?: boolean } = {}): AppStore {
  const { store } = testStore();
  store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
  store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
  if (opts.lesson) store.getState().startLesson(LESSONS[0]!.id);
  return store;
}

function key(k: string): KeyboardEvent {
  return { key: k, target: null, ctrlKey: false, metaKey: false, altKey: false } as KeyboardEvent;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the action table', () => {
  it('gives every action with keys a row of the help, with all its keys', () => {
    const rows = helpRows();
    for (const a of ACTIONS) {
      if (a.keys.length === 0) continue;
      const row = rows.find((r) => r.actions.includes(a.name));
      expect(row, a.name).toBeDefined();
      expect(row!.help).toBe(a.help);
      for (const k of a.keys) expect(row!.keys).toContain(k.shown);
    }
  });

  it('keeps the help the page always had: the same keys and lines, in the same order', () => {
    expect(helpRows().map((r) => [r.keys, r.help])).toEqual([
      [['Space', '.'], 'Play / pause'],
      [['→'], 'Step to the next event'],
      [['←'], 'Step to the previous event'],
      [
        ['Page Down'],
        'Next failed request (in a lesson: the next step — one press, one step: it plays the next step to its moment; pressed on the way there, it jumps to that moment)',
      ],
      [['Page Up'], 'Previous failed request (in a lesson: the previous step)'],
      [['Home', 'End'], 'Start / end of the run'],
      [['+', '−'], 'Faster / slower'],
      [['A'], 'Adaptive ⇄ fixed time'],
      [['F'], 'Pause at failures on / off'],
      [['L'], 'Lessons'],
      [['P'], 'Presenter mode on / off'],
      [['B'], 'Blank the screen / show it again'],
      [['T'], 'Stage as a picture ⇄ as a table'],
      [['Esc'], 'Close this help, un-blank, leave presenter mode, or clear the selection'],
      [['?'], 'Show these shortcuts'],
    ]);
  });

  it('dispatches every key of every action to that action, and to no other', () => {
    for (const lesson of [false, true]) {
      const store = loaded({ lesson });
      const s = store.getState();
      for (const a of ACTIONS) {
        if (a.keyWhen && !a.keyWhen(s)) continue;
        for (const k of a.keys) {
          for (const ev of k.events) {
            expect(actionForKey(s, ev)?.action.name, `${ev} (lesson: ${lesson})`).toBe(a.name);
            const performs = ACTIONS.map((x) => vi.spyOn(x, 'perform').mockImplementation(() => {}));
            expect(handleKey(store, key(ev)), ev).toBe(true);
            for (const [i, spy] of performs.entries())
              expect(spy.mock.calls.length, `${ev} → ${ACTIONS[i]!.name}`).toBe(ACTIONS[i] === a ? 1 : 0);
            vi.restoreAllMocks();
          }
        }
      }
    }
  });

  it('means every key of an action in some state (none is shadowed by an action before it)', () => {
    const states = [loaded().getState(), loaded({ lesson: true }).getState()];
    for (const a of ACTIONS)
      for (const k of a.keys)
        for (const ev of k.events)
          expect(
            states.some((s) => actionForKey(s, ev)?.action === a),
            `${a.name}: ${ev}`,
          ).toBe(true);
  });
});

/** Each `<button …>` of the markup as its attributes. */
function buttons(html: string): Record<string, string>[] {
  return [...html.matchAll(/<button\b([^>]*)>/g)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

describe('buttons take their title and aria-keyshortcuts from the table', () => {
  const byTestId: Record<string, ActionName> = {
    'prev-failure': 'prevFailure',
    'step-back': 'stepBackward',
    'play-button': 'togglePlay',
    'step-forward': 'stepForward',
    'next-failure': 'nextFailure',
    'lessons-button': 'toggleLessons',
    'presenter-button': 'togglePresenter',
    'shortcuts-button': 'toggleHelp',
  };

  function render(store: AppStore): Record<string, string>[] {
    // Rendering on the server reads the store's initial state: make that the state now.
    const now: AppStore = { ...store, getInitialState: () => store.getState() };
    return buttons(
      renderToStaticMarkup(
        <StoreProvider store={now}>
          <TopBar flushUrl={() => {}} />
          <Transport />
        </StoreProvider>,
      ),
    );
  }

  it('transport and top bar', () => {
    const store = loaded();
    const found = render(store);
    for (const [testId, name] of Object.entries(byTestId)) {
      const b = found.find((x) => x['data-testid'] === testId);
      expect(b, testId).toBeDefined();
      expect(b!['aria-keyshortcuts']).toBe(ariaKeys(name));
      expect(unescapeHtml(b!.title!)).toBe(actionTitle(ACTION[name], store.getState()));
      expect('disabled' in b!, testId).toBe(!(ACTION[name].enabled?.(store.getState()) ?? true));
      if (ACTION[name].label) expect(b!['aria-label']).toBe(ACTION[name].label);
    }
    // Every key a control names is a key of the table.
    const known = new Set(ACTIONS.flatMap((a) => a.keys.map((k) => k.aria)));
    for (const b of found) if (b['aria-keyshortcuts']) expect(known).toContain(b['aria-keyshortcuts']);
  });

  it('keeps the titles the buttons always had', () => {
    const titles = Object.fromEntries(
      render(loaded()).map((b) => [b['data-testid'], unescapeHtml(b.title ?? '')]),
    );
    expect(titles).toMatchObject({
      'prev-failure': 'Previous failed request (Page Up)',
      'step-back': 'Step back to the previous event (←)',
      'play-button': 'Play (Space)',
      'step-forward': 'Step to the next event (→)',
      'next-failure': 'Next failed request (Page Down)',
      'mode-adaptive': 'Adaptive time: slow while packets fly, fast through idle time (A toggles)',
      'mode-fixed': 'Fixed speed (A toggles)',
      'lessons-button': 'Guided lessons: the race step by step (L)',
      'presenter-button': 'Presenter mode: large type, the stage and the narration only (P; Esc leaves)',
      'shortcuts-button': 'Keyboard shortcuts (?)',
    });
    const store = loaded();
    store.getState().togglePlay();
    expect(actionTitle(ACTION.togglePlay, store.getState())).toBe('Pause (Space)');
  });

  it('buttons are disabled as the table says before a run', () => {
    const { store } = testStore();
    const found = render(store);
    for (const testId of ['prev-failure', 'step-back', 'play-button', 'step-forward', 'next-failure'])
      expect('disabled' in found.find((x) => x['data-testid'] === testId)!, testId).toBe(true);
  });
});
