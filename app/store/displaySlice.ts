/**
 * What the page shows around the moment, for as long as the page is open (none of it persists or
 * goes in the URL): presenter mode (large type, the stage and the narration only), a blanked
 * screen (a presenter remote's `b`), and the open dialogs (keyboard shortcuts, share / files).
 * The viewer's lasting choices are in preferencesSlice.ts.
 */
import type { SliceCreator } from './types';

export interface DisplaySlice {
  presenter: boolean;
  blanked: boolean;
  /** The keyboard-shortcut dialog. */
  shortcutsOpen: boolean;
  /** The share / files dialog. */
  shareOpen: boolean;
  setPresenter: (on: boolean) => void;
  setBlanked: (on: boolean) => void;
  setShortcutsOpen: (open: boolean) => void;
  setShareOpen: (open: boolean) => void;
}

export const createDisplaySlice: SliceCreator<DisplaySlice> = (set, get) => ({
  presenter: false,
  blanked: false,
  shortcutsOpen: false,
  shareOpen: false,
  setPresenter: (presenter) => set({ presenter, blanked: presenter ? get().blanked : false }),
  setBlanked: (blanked) => set({ blanked }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setShareOpen: (shareOpen) => set({ shareOpen }),
});
