/**
 * What the person selected (a connection, a request or a segment) and what the pointer is over.
 * Every view highlights `selection`; the URL carries it (`sel=req:8`). Ids are per run: after a
 * fork the same request id is the same request of the workload (common random numbers), while
 * connection and segment ids may name different things.
 */
import type { Selection, SliceCreator } from './types';

export interface SelectionSlice {
  selection: Selection | null;
  hover: Selection | null;
  select: (selection: Selection | null) => void;
  setHover: (hover: Selection | null) => void;
}

/** Whether two selections name the same thing (the one comparison every view and the URL use). */
export const sameSelection = (a: Selection | null, b: Selection | null) =>
  a === b || (a !== null && b !== null && a.kind === b.kind && a.id === b.id);

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  selection: null,
  hover: null,
  select: (selection) => {
    if (!sameSelection(get().selection, selection)) set({ selection });
  },
  setHover: (hover) => {
    if (!sameSelection(get().hover, hover)) set({ hover });
  },
});
