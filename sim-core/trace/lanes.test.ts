import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignLanes, type LaneInterval } from './lanes';

describe('lane assignment', () => {
  it('reuses the lowest lane that is free again', () => {
    const a = assignLanes(
      [
        { id: 1, from: 0, to: 10 },
        { id: 2, from: 5, to: 20 },
        { id: 3, from: 11, to: 30 },
        { id: 4, from: 12, to: 13 },
      ],
      10,
    );
    expect([...a.lane.entries()]).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 2],
    ]);
    expect(a.lanes).toBe(3);
    expect(a.hidden).toEqual([]);
  });

  it('hides what does not fit in maxLanes', () => {
    const a = assignLanes(
      [1, 2, 3].map((id) => ({ id, from: 0, to: 5 })),
      2,
    );
    expect(a.lanes).toBe(2);
    expect(a.hidden.map((h) => h.id)).toEqual([3]);
  });

  it('never puts two overlapping intervals in one lane, and uses no more lanes than the peak overlap', () => {
    const interval = fc
      .record({ from: fc.integer({ min: 0, max: 100 }), len: fc.integer({ min: 0, max: 30 }) })
      .map(({ from, len }) => ({ from, to: from + len }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (raw) => {
        const ivs: LaneInterval[] = raw.map((r, i) => ({ id: i + 1, ...r }));
        const a = assignLanes(ivs, 1000);
        for (const x of ivs)
          for (const y of ivs) {
            if (x.id < y.id && a.lane.get(x.id) === a.lane.get(y.id)) {
              expect(x.to < y.from || y.to < x.from).toBe(true);
            }
          }
        let peak = 0;
        for (const x of ivs)
          peak = Math.max(peak, ivs.filter((y) => y.from <= x.from && x.from <= y.to).length);
        expect(a.lanes).toBe(peak);
      }),
    );
  });
});
