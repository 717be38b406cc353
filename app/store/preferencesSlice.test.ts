import { describe, expect, it } from 'vitest';
import { memoryStorage } from './lessonProgress';
import { PREFERENCES_KEY } from './preferencesSlice';
import { testStore } from './testing';

describe('preferences and display', () => {
  it('keeps the stage mode and narration in storage, and reads them back in a new page', () => {
    const storage = memoryStorage();
    const { store } = testStore(storage);
    expect(store.getState()).toMatchObject({ stageMode: 'visual', narrateLive: true, reducedMotion: false });
    store.getState().setStageMode('table');
    store.getState().setNarrateLive(false);
    expect(JSON.parse(storage.getItem(PREFERENCES_KEY)!)).toEqual({ stageMode: 'table', narrateLive: false });
    expect(testStore(storage).store.getState()).toMatchObject({ stageMode: 'table', narrateLive: false });
  });

  it('ignores unreadable or impossible stored choices', () => {
    const storage = memoryStorage();
    storage.setItem(PREFERENCES_KEY, '{"stageMode":"hologram","narrateLive":"yes"}');
    expect(testStore(storage).store.getState()).toMatchObject({ stageMode: 'visual', narrateLive: true });
    storage.setItem(PREFERENCES_KEY, '{not json');
    expect(testStore(storage).store.getState()).toMatchObject({ stageMode: 'visual', narrateLive: true });
  });

  it('keeps presenter mode, the blank screen and the dialogs for the page only', () => {
    const storage = memoryStorage();
    const { store } = testStore(storage);
    store.getState().setPresenter(true);
    store.getState().setBlanked(true);
    store.getState().setShortcutsOpen(true);
    store.getState().setShareOpen(true);
    expect(store.getState()).toMatchObject({
      presenter: true,
      blanked: true,
      shortcutsOpen: true,
      shareOpen: true,
    });
    store.getState().setPresenter(false);
    expect(store.getState().blanked).toBe(false); // leaving presenter mode un-blanks
    expect(storage.getItem(PREFERENCES_KEY)).toBeNull();
    expect(testStore(storage).store.getState()).toMatchObject({
      presenter: false,
      shortcutsOpen: false,
      shareOpen: false,
    });
  });
});
