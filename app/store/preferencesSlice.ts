/** UI preferences: motion, dialogs. Not part of the URL (they belong to the viewer, not the moment). */
import type { SliceCreator } from './types';

export interface PreferencesSlice {
  /** From `prefers-reduced-motion`: no flashing, no eased motion (playback itself still moves). */
  reducedMotion: boolean;
  /** The keyboard-shortcut dialog. */
  shortcutsOpen: boolean;
  setReducedMotion: (on: boolean) => void;
  setShortcutsOpen: (open: boolean) => void;
}

export const createPreferencesSlice: SliceCreator<PreferencesSlice> = (set) => ({
  reducedMotion: false,
  shortcutsOpen: false,
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
});
