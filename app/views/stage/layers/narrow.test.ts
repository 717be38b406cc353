import { describe, expect, it } from 'vitest';
import { buildTraceIndex, TraceFolder } from '../../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../../sim-core/testing';
import { HEADER_H, NARROW, narrowLaneY, narrowSegmentXY, narrowStageHeight } from '../geometry';
import { stageContext, stageFrame } from '../model';
import { layoutFor } from '../StageView';
import { NARROW_ROW, narrowHeaderLines, narrowSegmentTransform, wrapNote } from './narrow';
import { visualWidth } from './segments';

describe('the narrow stage', () => {
  it('is chosen under 720 px of container width', () => {
    expect(layoutFor(356)).toBe('narrow');
    expect(layoutFor(719)).toBe('narrow');
    expect(layoutFor(720)).toBe('wide');
    expect(layoutFor(1246)).toBe('wide');
    // not measured yet (display: none): the wide stage
    expect(layoutFor(0)).toBe('wide');
  });

  it('stacks one card per connection under the header', () => {
    expect(NARROW_ROW.h).toBe(NARROW.rowH);
    expect(narrowLaneY(0)).toBe(HEADER_H);
    expect(narrowLaneY(2)).toBe(HEADER_H + 2 * NARROW.rowH);
    expect(narrowStageHeight(0)).toBe(narrowStageHeight(1));
    expect(narrowStageHeight(3)).toBe(HEADER_H + 3 * NARROW.rowH + 20);
    // the client box above the wire, the server box below it, both inside the card
    expect(NARROW.client.y + NARROW.box.h).toBe(NARROW.wire.y1);
    expect(NARROW.server.y).toBe(NARROW.wire.y2);
    expect(NARROW.box.x + NARROW.box.w).toBeLessThanOrEqual(NARROW.width - 8);
    expect(NARROW.app.ringY + NARROW_ROW.ringTextDy).toBeLessThan(NARROW.rowH - 3);
  });

  it('sends requests down the wire’s left and answers up its right, kept between the boxes', () => {
    const { x, y1, y2 } = NARROW.wire;
    const leaving = narrowSegmentXY('client', 0, 0, 30);
    expect(leaving).toEqual({ x: x - 36, y: y1 + 10 });
    expect(narrowSegmentXY('client', 1, 0, 30).y).toBe(y2 - 10);
    expect(narrowSegmentXY('client', 0.5, 0, 30).y).toBe((y1 + y2) / 2);
    const answer = narrowSegmentXY('server', 0, 0, 30);
    expect(answer).toEqual({ x: x + 36, y: y2 - 10 });
    expect(narrowSegmentXY('server', 1, 0, 30).y).toBe(y1 + 10);
    // a stacked segment sits beside its neighbour, and never leaves the stage
    expect(narrowSegmentXY('client', 0, 1, 30).x).toBe(x - 36 - NARROW.stackStep);
    expect(narrowSegmentXY('client', 0, 2, 30).x).toBe(34);
    expect(narrowSegmentXY('server', 0, 2, 30).x).toBe(NARROW.width - 34);
  });

  it('places every segment of a run beside the wire, inside the stage', () => {
    const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
    const ctx = stageContext(index);
    const folder = new TraceFolder(STALE_REUSE_TRACE, index.times, index.keyframes, index.foldOptions);
    let seen = 0;
    for (let t = 0; t <= 7_000_000; t += 1_000) {
      for (const s of stageFrame(ctx, folder.seek(t), t, null, NARROW.stackWire).segments) {
        const m = /^translate\(([-\d.]+),([-\d.]+)\)$/.exec(narrowSegmentTransform(s, NARROW_ROW))!;
        const [sx, sy] = [Number(m[1]), Number(m[2]) - narrowLaneY(s.lane)];
        const half = visualWidth(s) === 40 ? 14 : visualWidth(s) / 2;
        expect(sx - half).toBeGreaterThanOrEqual(4);
        expect(sx + half).toBeLessThanOrEqual(NARROW.width - 4);
        expect(sy).toBeGreaterThanOrEqual(NARROW.wire.y1);
        expect(sy).toBeLessThanOrEqual(NARROW.wire.y2);
        expect(s.from === 'client' ? sx < NARROW.wire.x : sx > NARROW.wire.x).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('writes the header as three lines and wraps the footer notes to the width', () => {
    expect(narrowHeaderLines({ client: 'A', server: 'B', wire: 'network · 2 ms' })).toEqual([
      { y: 16, text: 'A', cls: 'stage-title' },
      { y: 34, text: 'B', cls: 'stage-title' },
      { y: 50, text: 'NETWORK · 2 MS', cls: 'stage-caption' },
    ]);
    const hint = 'No connection yet. Press ▶ Play (Space) to start the run from its first request.';
    const lines = wrapNote(hint);
    expect(lines.join(' ')).toBe(hint);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    expect(wrapNote('No connection is open at this moment.')).toEqual([
      'No connection is open at this moment.',
    ]);
  });
});
