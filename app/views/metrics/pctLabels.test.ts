import { describe, expect, it } from 'vitest';
import { placePctLabels } from './pctLabels';

const overlap = (a: { x0: number; row: number }, b: { x0: number; row: number }, w: number, gap: number) =>
  a.row === b.row && a.x0 < b.x0 + w + gap && b.x0 < a.x0 + w + gap;

describe('placePctLabels', () => {
  it('keeps labels far apart on the top row, centred on their marks', () => {
    expect(
      placePctLabels(
        [
          { x: 100, width: 60 },
          { x: 300, width: 60 },
        ],
        40,
        508,
        4,
      ),
    ).toEqual([
      { x0: 70, row: 0 },
      { x0: 270, row: 0 },
    ]);
  });

  it('puts p50, p95 and p99 on three rows when their marks nearly coincide (the seed run at its first failure)', () => {
    const placed = placePctLabels(
      [
        { x: 430.5, width: 64 },
        { x: 485.6, width: 64 },
        { x: 501.6, width: 64 },
      ],
      40,
      508,
      4,
    );
    expect(placed.map((p) => p.row)).toEqual([0, 1, 2]);
    for (const p of placed) expect(p.x0 + 64).toBeLessThanOrEqual(508);
  });

  it('never overlaps two labels, wherever the marks are', () => {
    for (let a = 40; a <= 508; a += 13)
      for (let b = 40; b <= 508; b += 17)
        for (const c of [40, 250, 508]) {
          const placed = placePctLabels(
            [a, b, c].map((x) => ({ x, width: 64 })),
            40,
            508,
            4,
          );
          for (let i = 0; i < 3; i++) {
            expect(placed[i]!.x0).toBeGreaterThanOrEqual(40);
            expect(placed[i]!.x0 + 64).toBeLessThanOrEqual(508);
            for (let j = i + 1; j < 3; j++) expect(overlap(placed[i]!, placed[j]!, 64, 4)).toBe(false);
          }
        }
  });
});
