import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { keyAction, zoomFilter } from './filter';
import {
  centredOn,
  clampDomain,
  followCursor,
  isWhole,
  MIN_SPAN_US,
  scaleExtentFor,
  transformFor,
  zoomAround,
} from './viewport';

const END = 1_000_000;
const base = scaleLinear().domain([0, END]).range([0, 500]);

describe('viewport arithmetic', () => {
  it('clamps a range into the run, at least MIN_SPAN_US wide', () => {
    expect(clampDomain([100, 300], END)).toEqual({ d0: 100, span: 200 });
    expect(clampDomain([-50, 150], END)).toEqual({ d0: 0, span: 200 });
    expect(clampDomain([END - 100, END + 100], END)).toEqual({ d0: END - 200, span: 200 });
    expect(clampDomain([500, 501], END)).toEqual({ d0: 500, span: MIN_SPAN_US });
    expect(clampDomain([-1, END * 3], END)).toEqual({ d0: 0, span: END });
  });

  it('turns a range into the zoom transform that shows it', () => {
    expect(transformFor(null, END, base).k).toBe(1);
    const t = transformFor([250_000, 500_000], END, base);
    expect(t.k).toBe(4);
    expect(t.rescaleX(base).domain()).toEqual([250_000, 500_000]);
    // Past the end: the same span, moved inside.
    expect(transformFor([900_000, 1_150_000], END, base).rescaleX(base).domain()).toEqual([750_000, END]);
  });

  it('zooms from the whole run to MIN_SPAN_US', () => {
    expect(scaleExtentFor(END)).toEqual([1, END / MIN_SPAN_US]);
    expect(scaleExtentFor(5)).toEqual([1, 1]);
  });

  it('zooms around a time, keeping it where it is', () => {
    expect(zoomAround([0, 1000], 2)).toEqual([250, 750]);
    expect(zoomAround([0, 1000], 2, 100)).toEqual([50, 550]);
    expect(zoomAround([0, 1000], 0.5, 1000)).toEqual([-1000, 1000]);
  });

  it('knows the whole run and centres a span', () => {
    expect(isWhole([0, END], END)).toBe(true);
    expect(isWhole([1, END], END)).toBe(false);
    expect(centredOn([0, 100], 500)).toEqual([450, 550]);
  });

  it('pages to follow the playback cursor only when it leaves the view', () => {
    expect(followCursor([0, 1000], 500)).toBeNull();
    expect(followCursor([0, 1000], 1000)).toBeNull();
    expect(followCursor([0, 1000], 1500)).toEqual([1400, 2400]);
    expect(followCursor([1000, 2000], 10)).toEqual([-90, 910]);
  });
});

describe('zoom filter and keys', () => {
  it('leaves shift + wheel to the rows, ignores double clicks and secondary buttons', () => {
    expect(zoomFilter({ type: 'wheel', shiftKey: false })).toBe(true);
    expect(zoomFilter({ type: 'wheel', shiftKey: true })).toBe(false);
    expect(zoomFilter({ type: 'dblclick' })).toBe(false);
    expect(zoomFilter({ type: 'mousedown', button: 0 })).toBe(true);
    expect(zoomFilter({ type: 'mousedown', button: 2 })).toBe(false);
    expect(zoomFilter({ type: 'touchstart' })).toBe(true);
  });

  it('maps + = - _ 0 and nothing else', () => {
    expect(keyAction('+')).toEqual({ kind: 'zoom', factor: 2 });
    expect(keyAction('=')).toEqual({ kind: 'zoom', factor: 2 });
    expect(keyAction('-')).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(keyAction('_')).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(keyAction('0')).toEqual({ kind: 'whole' });
    expect(keyAction('a')).toBeNull();
    expect(keyAction('ArrowLeft')).toBeNull();
  });
});
