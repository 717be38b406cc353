/**
 * What the live region says as the cursor moves, from sim-core/teach/narrate's sentences, paced
 * so that a screen reader is not flooded: `high` sentences (a stale reuse, a failure, a retry, a
 * reset) are always said — several in one moment are joined, beyond a few they are counted; a
 * `normal` sentence is said at most once per `normalGapMs` of wall time, the latest one winning.
 * A step (→ / ←) says what happens at the new moment; a jump (scrub, seek, a new run) says
 * nothing — the page's status line and story card describe where you landed.
 *
 * Pure and clock-free: the caller passes wall time, so tests are exact.
 */
import type { Narration } from '../../../sim-core';

export type Movement = 'play' | 'step' | 'jump';

export interface Said {
  /** For the assertive region (may interrupt). */
  high: string | null;
  /** For the polite region. */
  normal: string | null;
}

export interface NarratorOptions {
  /** Minimum wall time between two `normal` sentences while playing. */
  normalGapMs: number;
  /** At most this many sentences in one announcement; the rest are counted. */
  maxSentences: number;
}

export const DEFAULT_NARRATOR: NarratorOptions = { normalGapMs: 2500, maxSentences: 2 };

const SILENT: Said = { high: null, normal: null };

/** The number of narrations with seq ≤ `seq` (they are in trace order). */
function countUpTo(list: readonly Narration[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function joinSentences(texts: readonly string[], max: number): string {
  if (texts.length <= max) return texts.join(' ');
  const more = texts.length - max;
  return `${texts.slice(0, max).join(' ')} And ${more} more event${more === 1 ? '' : 's'}.`;
}

export class Narrator {
  /** Narrations [0, told) are behind the cursor. */
  private told = 0;
  private lastNormalAt = Number.NEGATIVE_INFINITY;
  private pending: Narration | null = null;

  constructor(
    private readonly list: readonly Narration[],
    private readonly options: NarratorOptions = DEFAULT_NARRATOR,
  ) {}

  /**
   * The cursor is now at time `t`, after trace position `seq` (the last event that has happened),
   * having got there by `movement`, at wall time `now` (ms). `skipSeq`: a sentence someone else says (the
   * breakpoint that stopped playback announces its own). `stopped`: this move ended playback (the
   * latest pending sentence is said then, whatever the pace).
   */
  moveTo(
    seq: number,
    t: number,
    movement: Movement,
    now: number,
    skipSeq: number | null = null,
    stopped = false,
  ): Said {
    const to = countUpTo(this.list, seq);
    const from = this.told;
    this.told = to;
    if (movement === 'jump') {
      this.pending = null;
      return SILENT;
    }
    if (movement === 'step') {
      this.pending = null;
      // Forward: what just happened; backward: what happens at the moment landed on.
      let items: Narration[];
      if (to > from) items = this.list.slice(from, to);
      else {
        let first = to;
        while (first > 0 && this.list[first - 1]!.t === t) first--;
        items = this.list.slice(first, to);
      }
      items = items.filter((n) => n.seq !== skipSeq);
      if (items.length === 0) return SILENT;
      const highs = items.filter((n) => n.importance === 'high').map((n) => n.text);
      const normals = items.filter((n) => n.importance !== 'high').map((n) => n.text);
      return {
        high: highs.length ? joinSentences(highs, this.options.maxSentences) : null,
        normal: normals.length ? joinSentences(normals, this.options.maxSentences) : null,
      };
    }
    if (to < from) {
      // Playback restarted from an earlier point.
      this.pending = null;
      return SILENT;
    }
    const crossed = this.list.slice(from, to).filter((n) => n.seq !== skipSeq);
    const highs = crossed.filter((n) => n.importance === 'high').map((n) => n.text);
    for (const n of crossed) if (n.importance !== 'high') this.pending = n;
    let normal: string | null = null;
    // Playback stopping says where it stopped, however recently something else was said.
    if (
      this.pending &&
      highs.length === 0 &&
      (stopped || now - this.lastNormalAt >= this.options.normalGapMs)
    ) {
      normal = this.pending.text;
      this.pending = null;
      this.lastNormalAt = now;
    }
    return { high: highs.length ? joinSentences(highs, this.options.maxSentences) : null, normal };
  }
}
