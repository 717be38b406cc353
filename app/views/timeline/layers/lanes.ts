/** Layer 3: each state lane's spans as filled bars, with the state's name where it fits. */
import { type ConnSpans, firstEndingAfter, STATE_LANES, type StateLane } from '../../../../sim-core';
import { GUTTER, LANE_BOX, type StateLook, stateLook } from '../model';
import type { Frame, Label, RectSink, RowPixels } from './frame';

/** stateLook, memoised per (lane, state). */
export class Looks {
  private readonly looks = new Map<string, StateLook>();
  get(lane: StateLane, value: string): StateLook {
    const key = `${lane}\u0000${value}`;
    let look = this.looks.get(key);
    if (!look) {
      look = stateLook(lane, value);
      this.looks.set(key, look);
    }
    return look;
  }
}

export function addLanes(
  c: ConnSpans,
  y0: number,
  f: Frame,
  out: RectSink,
  labels: Label[],
  px: RowPixels,
  looks: Looks,
  textWidth: (text: string) => number,
): void {
  const { xOf, d0, d1 } = f;
  for (let l = 0; l < STATE_LANES.length; l++) {
    const lane = STATE_LANES[l]!;
    const box = LANE_BOX[lane];
    const list = c.states[lane];
    for (let i = firstEndingAfter(list, d0); i < list.length; i++) {
      const s = list[i]!;
      if (s.start > d1) break;
      const look = looks.get(lane, s.state);
      if (!look.fill) continue;
      let x0 = xOf(Math.max(s.start, d0));
      let x1 = xOf(Math.min(s.end, d1));
      if (x1 - x0 < 1) {
        // Narrower than a pixel: the first mark in a pixel column stands for the rest.
        const p = Math.floor(x0);
        if (p <= px.lane[l]!) continue;
        px.lane[l] = p;
        x0 = p;
        x1 = p + 1;
      } else {
        px.lane[l] = Math.floor(x1);
      }
      out.rect(look.fill, x0, y0 + box.y, x1 - x0, box.h);
      if (x1 - x0 > 24) {
        const w = textWidth(look.label);
        if (x1 - x0 > w + 8)
          labels.push({
            x: Math.max(x0, GUTTER) + 4,
            y: y0 + box.y + box.h / 2,
            text: look.label,
            color: look.text,
            max: x1 - Math.max(x0, GUTTER) - 6,
          });
      }
    }
  }
}
