/**
 * Lanes: which row of the stage each connection occupies. A run may open dozens of connections,
 * but only a few are alive at once; rows are recycled so the stage shows the ones alive near the
 * cursor, each keeping one row for its whole life.
 *
 * Greedy interval colouring by opening time (optimal for intervals: it uses as many lanes as the
 * most connections ever visible at once). Deterministic: a lane depends on the trace only, never
 * on where the cursor has been.
 */

export interface LaneInterval {
  id: number;
  /** First visible moment (µs). */
  from: number;
  /** Last visible moment (µs), inclusive. */
  to: number;
}

export interface LaneAssignment {
  /** Connection id → lane (0 = top); connections beyond `maxLanes` are absent. */
  lane: Map<number, number>;
  /** Lanes in use (≤ maxLanes). */
  lanes: number;
  /** Connections that found no free lane, with their intervals (a view can say "+N not shown"). */
  hidden: LaneInterval[];
}

/** How long a finished connection keeps its row, so its last moments stay readable. */
export const LANE_LINGER_US = 1_500_000;

export function assignLanes(intervals: readonly LaneInterval[], maxLanes: number): LaneAssignment {
  const sorted = [...intervals].sort((a, b) => a.from - b.from || a.id - b.id);
  const freeAt: number[] = []; // lane → the moment it becomes free (exclusive)
  const lane = new Map<number, number>();
  const hidden: LaneInterval[] = [];
  for (const iv of sorted) {
    let chosen = -1;
    for (let l = 0; l < freeAt.length; l++) {
      if (freeAt[l]! < iv.from) {
        chosen = l;
        break;
      }
    }
    if (chosen === -1 && freeAt.length < maxLanes) {
      chosen = freeAt.length;
      freeAt.push(0);
    }
    if (chosen === -1) {
      hidden.push(iv);
      continue;
    }
    freeAt[chosen] = iv.to;
    lane.set(iv.id, chosen);
  }
  return { lane, lanes: freeAt.length, hidden };
}
