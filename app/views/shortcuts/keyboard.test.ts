import { describe, expect, it } from 'vitest';
import { presetScenario } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { doneState, testStore } from '../../store/testing';
import { handleKey } from './keyboard';

/** A keydown as the handler sees it; `target` stands in for the focused element. */
function key(k: string, target: object | null = null, mods: Partial<KeyboardEvent> = {}): KeyboardEvent {
  return { key: k, target, ctrlKey: false, metaKey: false, altKey: false, ...mods } as KeyboardEvent;
}

function loaded() {
  const { store } = testStore();
  store.getState().openScenario(presetScenario('issue-96'), { preset: 'issue-96' });
  store.getState().receiveRunState(doneState(1, STALE_REUSE_TRACE));
  return store;
}

describe('keyboard shortcuts', () => {
  it('play/pause, step, jump to failures, start/end', () => {
    const store = loaded();
    expect(handleKey(store, key(' '))).toBe(true);
    expect(store.getState().playing).toBe(true);
    handleKey(store, key('.'));
    expect(store.getState().playing).toBe(false);
    handleKey(store, key('ArrowRight'));
    expect(store.getState().cursorUs).toBe(2000);
    handleKey(store, key('PageDown'));
    expect(store.getState().cursorUs).toBe(6_000_050);
    handleKey(store, key('Home'));
    expect(store.getState().cursorUs).toBe(0);
    handleKey(store, key('End'));
    expect(store.getState().cursorUs).toBe(6_004_000);
    expect(handleKey(store, key('x'))).toBe(false);
  });

  it('changes speed and mode, toggles pause-at-failures and the help', () => {
    const store = loaded();
    handleKey(store, key('+'));
    expect(store.getState().speed).toBe(2);
    handleKey(store, key('-'));
    handleKey(store, key('-'));
    expect(store.getState().speed).toBe(0.5);
    handleKey(store, key('a'));
    expect(store.getState().timeMode).toBe('fixed');
    handleKey(store, key('f'));
    expect(store.getState().pauseAtFailures).toBe(false);
    handleKey(store, key('?'));
    expect(store.getState().shortcutsOpen).toBe(true);
    // While the help is open, only ? and Esc act.
    expect(handleKey(store, key(' '))).toBe(false);
    handleKey(store, key('Escape'));
    expect(store.getState().shortcutsOpen).toBe(false);
    store.getState().select({ kind: 'conn', id: 1 });
    handleKey(store, key('Escape'));
    expect(store.getState().selection).toBeNull();
  });

  it('leaves typing alone, except the remote’s PageUp/PageDown', () => {
    const store = loaded();
    const input = { tagName: 'INPUT', type: 'text' };
    const select = { tagName: 'SELECT' };
    expect(handleKey(store, key(' ', input))).toBe(false);
    expect(handleKey(store, key('ArrowRight', select))).toBe(false);
    expect(store.getState()).toMatchObject({ playing: false, cursorUs: 0 });
    expect(handleKey(store, key('PageDown', select))).toBe(true);
    expect(store.getState().cursorUs).toBe(6_000_050);
    // A focused checkbox keeps Space (its only key); a focused button gives it to playback.
    expect(handleKey(store, key(' ', { tagName: 'INPUT', type: 'checkbox' }))).toBe(false);
    expect(handleKey(store, key(' ', { tagName: 'BUTTON' }))).toBe(true);
    expect(store.getState().playing).toBe(true);
  });

  it('leaves keys with modifiers alone', () => {
    const store = loaded();
    expect(handleKey(store, key('ArrowRight', null, { ctrlKey: true }))).toBe(false);
    expect(handleKey(store, key('PageDown', null, { altKey: true }))).toBe(false);
    expect(store.getState().cursorUs).toBe(0);
  });
});
