/**
 * Label collision for the latency chart's percentile marks (p50, p95, p99): each label is centred
 * on its mark, nudged to stay inside the plot, and put on the first row (from the top) where it
 * overlaps no label already placed, `gap` apart. Pure, so the rule is tested without a browser.
 */
export interface PctLabel {
  /** The mark's x (where its line is). */
  x: number;
  /** The label's width. */
  width: number;
}

export interface PlacedLabel {
  /** The label's left edge. */
  x0: number;
  /** 0 = the top row. */
  row: number;
}

export function placePctLabels(
  labels: readonly PctLabel[],
  left: number,
  right: number,
  gap: number,
): PlacedLabel[] {
  const placed: { row: number; x0: number; x1: number }[] = [];
  return labels.map(({ x, width }) => {
    const x0 = Math.max(left, Math.min(x - width / 2, right - width));
    let row = 0;
    while (placed.some((p) => p.row === row && x0 < p.x1 + gap && p.x0 < x0 + width + gap)) row++;
    placed.push({ row, x0, x1: x0 + width });
    return { x0, row };
  });
}
