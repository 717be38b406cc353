import { describe, expect, it } from 'vitest';
import { buildTraceIndex, TraceFolder } from '../../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../../sim-core/testing';
import { laneY, PRESENTER, PRESENTER_WIRE_WIDTH, presenterStageHeight } from '../geometry';
import { type RowModel, type StageFrame, stageContext, stageFrame } from '../model';
import { layoutFor } from '../StageView';
import { PRESENTER_ROW, presenterFrame, presenterSegmentTransform } from './presenter';
import { visualWidth } from './segments';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
const ctx = stageContext(index);
const folder = new TraceFolder(STALE_REUSE_TRACE, index.times, index.keyframes, index.foldOptions);
const frameAt = (t: number) =>
  stageFrame(ctx, folder.seek(t), t, null, PRESENTER_WIRE_WIDTH / PRESENTER.scale.segment);

/** A frame's row with some flags changed (the rest of the model is the run's). */
const withFlags = (r: RowModel, lane: number, flags: Partial<RowModel>): RowModel => ({
  ...r,
  lane,
  ...flags,
});

describe('the presenter stage', () => {
  it('is chosen while presenting, except on a phone-sized container', () => {
    expect(layoutFor(1246, true)).toBe('presenter');
    expect(layoutFor(1246, false)).toBe('wide');
    expect(layoutFor(390, true)).toBe('narrow');
  });

  it('shows at most its rows: the ones that matter first, in lane order, their segments with them', () => {
    let t = 0;
    while (t < 7_000_000 && frameAt(t).segments.length === 0) t += 1_000;
    const base = frameAt(t);
    expect(base.rows.length).toBeGreaterThan(0);
    const r = base.rows[0]!;
    const rows = [
      withFlags(r, 0, { conn: 1, done: true }),
      withFlags(r, 1, { conn: 2, done: false }),
      withFlags(r, 2, { conn: 3, highlighted: true }),
      withFlags(r, 3, { conn: 4, selected: true }),
    ];
    const segs = base.segments.map((s, i) => ({ ...s, conn: 1 + (i % 4), lane: i % 4 }));
    const frame: StageFrame = { ...base, lanes: 4, rows, segments: segs, hidden: 1 };
    const shown = presenterFrame(frame, 2);
    expect(shown.rows.map((x) => [x.conn, x.lane])).toEqual([
      [3, 0],
      [4, 1],
    ]);
    expect(shown.lanes).toBe(2);
    expect(shown.hidden).toBe(3);
    for (const s of shown.segments) expect(s.lane).toBe(s.conn === 3 ? 0 : 1);
    expect(shown.segments.length).toBe(segs.filter((s) => s.conn >= 3).length);
    // With room for all: nothing moves, nothing is hidden beyond the run's own.
    const all = presenterFrame({ ...base, hidden: 0 }, 10);
    expect(all.rows).toEqual(base.rows);
    expect(all.hidden).toBe(0);
  });

  it('keeps every segment of a run on its wire, inside its row', () => {
    let seen = 0;
    for (let t = 0; t <= 7_000_000; t += 1_000) {
      for (const s of presenterFrame(frameAt(t)).segments) {
        const m = /^translate\(([-\d.]+),([-\d.]+)\) scale\(([\d.]+)\)$/.exec(
          presenterSegmentTransform(s, PRESENTER_ROW),
        )!;
        const [x, y, k] = [Number(m[1]), Number(m[2]) - laneY(s.lane, PRESENTER_ROW), Number(m[3])];
        const half = (visualWidth(s) * k) / 2;
        expect(x - half).toBeGreaterThanOrEqual(PRESENTER.wire.x1 - 0.001);
        expect(x + half).toBeLessThanOrEqual(PRESENTER.wire.x2 + 0.001);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(PRESENTER.rowH);
        expect(s.from === 'client' ? y < PRESENTER.wire.y : y > PRESENTER.wire.y).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('fits its bands in the row and its boxes beside the wire', () => {
    const { box, wire, rowH, noteY } = PRESENTER;
    expect(box.clientX + box.w * box.scale).toBeCloseTo(wire.x1, 0);
    expect(box.serverX).toBe(wire.x2);
    expect(box.serverX + box.w * box.scale).toBeLessThan(
      PRESENTER.rings.serverX - 15.5 * PRESENTER.rings.scale,
    );
    expect(box.y + box.h * box.scale).toBeLessThan(noteY - PRESENTER.minFont * 0.75);
    expect(noteY + 4).toBeLessThan(rowH - 3);
    expect(presenterStageHeight(0)).toBe(presenterStageHeight(1));
  });
});
