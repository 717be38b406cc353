/**
 * How the page is shown, for the viewer rather than the moment (none of it goes in the URL):
 * presenter mode (large type, the stage and the narration only), a blanked screen (a presenter
 * remote's `b`), the stage as a picture or as a table (for people who cannot use the visual
 * stage), and whether playback is narrated to screen readers. The table choice and narration
 * persist in the browser.
 */
import type { StorageLike } from './lessonProgress';
import type { SliceCreator } from './types';

export type StageMode = 'visual' | 'table';

export interface DisplaySlice {
  presenter: boolean;
  blanked: boolean;
  stageMode: StageMode;
  /** Announce playback events in the live region. */
  narrateLive: boolean;
  /** The share / files dialog. */
  shareOpen: boolean;
  setShareOpen: (open: boolean) => void;
  setPresenter: (on: boolean) => void;
  setBlanked: (on: boolean) => void;
  setStageMode: (mode: StageMode) => void;
  setNarrateLive: (on: boolean) => void;
}

export const DISPLAY_KEY = 'race-window:display';

function read(storage: StorageLike | null): Partial<Pick<DisplaySlice, 'stageMode' | 'narrateLive'>> {
  try {
    const raw = storage?.getItem(DISPLAY_KEY);
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

export const createDisplaySlice =
  (storage: StorageLike | null): SliceCreator<DisplaySlice> =>
  (set, get) => {
    const persist = () => {
      try {
        storage?.setItem(
          DISPLAY_KEY,
          JSON.stringify({ stageMode: get().stageMode, narrateLive: get().narrateLive }),
        );
      } catch {
        // private mode or quota: the choice lasts as long as the page
      }
    };
    return {
      presenter: false,
      blanked: false,
      stageMode: 'visual',
      narrateLive: true,
      shareOpen: false,
      ...read(storage),
      setShareOpen: (shareOpen) => set({ shareOpen }),
      setPresenter: (presenter) => set({ presenter, blanked: presenter ? get().blanked : false }),
      setBlanked: (blanked) => set({ blanked }),
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
