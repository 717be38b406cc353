import { describe, expect, it } from 'vitest';
import {
  around,
  bringIntoView,
  connOf,
  cursorRange,
  extentOf,
  failureAfter,
  failureExtent,
  raceWindowAfter,
} from './navigate';
import { staleReuseModel } from './testing';

const { index } = staleReuseModel();

describe('timeline navigation', () => {
  it('pads a range, at least `min` wide', () => {
    expect(around(100, 200)).toEqual([80, 220]);
    expect(around(100, 110, 0, 40)).toEqual([85, 125]);
  });

  it('knows when and where each kind of entity is', () => {
    expect(extentOf(index, { kind: 'conn', id: 1 })).toEqual([0, index.endAt]);
    expect(extentOf(index, { kind: 'req', id: 1 })).toEqual([0, 16_000]);
    expect(extentOf(index, { kind: 'seg', id: 0 })).toEqual([0, 2000]);
    expect(extentOf(index, { kind: 'seg', id: 99 })).toBeNull();
    expect(connOf(index, { kind: 'req', id: 2 })).toBe(1);
    expect(connOf(index, { kind: 'seg', id: 5 })).toBe(1);
    expect(connOf(index, { kind: 'seg', id: 99 })).toBeNull();
  });

  it('frames a failure from the attempt to the reset', () => {
    const ext = failureExtent(index, 2)!;
    expect(ext[0]).toBe(6_000_000);
    expect(ext[1]).toBeGreaterThanOrEqual(6_002_000);
    expect(failureExtent(index, 1)).toBeNull();
  });

  it('finds the next race window or failure after the view’s centre, wrapping to the first', () => {
    const w = raceWindowAfter(index, [0, 20_000]);
    expect(w?.window.conn).toBe(1);
    expect(w?.range).toEqual(around(w!.window.start, w!.window.end, 0.12));
    expect(raceWindowAfter(index, [6_000_000, 6_004_000])?.window).toBe(w?.window);
    const f = failureAfter(index, [0, 20_000]);
    expect(f?.failure.req).toBe(2);
    const ext = failureExtent(index, 2)!;
    expect(f?.range).toEqual(around(ext[0], ext[1], 0.25, 200));
  });

  it('centres the cursor, closing in from the whole run', () => {
    expect(cursorRange(1000, [0, 400], 10_000)).toEqual([800, 1200]);
    expect(cursorRange(500_000, [0, 1_000_000], 1_000_000)).toEqual([400_000, 600_000]);
  });

  it('brings a selection into view only when it is out of it', () => {
    expect(bringIntoView([0, 100], [50, 150])).toBeNull();
    expect(bringIntoView([0, 100], [300, 400])).toEqual([285, 415]);
    expect(bringIntoView([0, 100], [300, 500])).toEqual([270, 530]);
  });
});
