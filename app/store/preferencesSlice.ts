/**
 * The viewer's preferences, for the viewer rather than the moment (none of it goes in the URL):
 * reduced motion (from `prefers-reduced-motion`, set by main.tsx), the stage as a picture or as a
 * table (for people who cannot use the visual stage), and whether playback is narrated to screen
 * readers. The table choice and narration persist in the browser.
 */
import type { StorageLike } from './lessonProgress';
import type { SliceCreator } from './types';

export type StageMode = 'visual' | 'table';

export interface PreferencesSlice {
  /** From `prefers-reduced-motion`: no flashing, no eased motion (playback itself still moves). */
  reducedMotion: boolean;
  stageMode: StageMode;
  /** Announce playback events in the live region. */
  narrateLive: boolean;
  setReducedMotion: (on: boolean) => void;
  setStageMode: (mode: StageMode) => void;
  setNarrateLive: (on: boolean) => void;
}

/** Where `stageMode` and `narrateLive` persist (the name predates this slice; kept so saved choices still load). */
export const PREFERENCES_KEY = 'race-window:display';

function read(storage: StorageLike | null): Partial<Pick<PreferencesSlice, 'stageMode' | 'narrateLive'>> {
  try {
    const raw = storage?.getItem(PREFERENCES_KEY);
    if (!raw) return {};
    const v = JSON.parse(raw) as Record<string, unknown>;
    return {
      ...(v.stageMode === 'table' || v.stageMode === 'visual' ? { stageMode: v.stageMode } : {}),
      ...(typeof v.narrateLive === 'boolean' ? { narrateLive: v.narrateLive } : {}),
    };
  } catch {
    return {}; // unreadable: the defaults (this is a convenience, not something the person made)
  }
}

export const createPreferencesSlice =
  (storage: StorageLike | null): SliceCreator<PreferencesSlice> =>
  (set, get) => {
    const persist = () => {
      try {
        storage?.setItem(
          PREFERENCES_KEY,
          JSON.stringify({ stageMode: get().stageMode, narrateLive: get().narrateLive }),
        );
      } catch {
        // private mode or quota: the choice lasts as long as the page
      }
    };
    return {
      reducedMotion: false,
      stageMode: 'visual',
      narrateLive: true,
      ...read(storage),
      setReducedMotion: (reducedMotion) => set({ reducedMotion }),
      setStageMode: (stageMode) => {
        set({ stageMode });
        persist();
      },
      setNarrateLive: (narrateLive) => {
        set({ narrateLive });
        persist();
      },
    };
  };
