import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countAtOrBefore, countBefore, eventDensity, nextEventTime, prevEventTime } from './timeSearch';

const times = [0, 0, 5, 5, 5, 9, 20];

describe('time search over event times', () => {
  it('counts events at or before / strictly before a time', () => {
    expect(countAtOrBefore(times, -1)).toBe(0);
    expect(countAtOrBefore(times, 0)).toBe(2);
    expect(countAtOrBefore(times, 5)).toBe(5);
    expect(countAtOrBefore(times, 6)).toBe(5);
    expect(countAtOrBefore(times, 20)).toBe(7);
    expect(countBefore(times, 5)).toBe(2);
    expect(countBefore(times, 21)).toBe(7);
  });

  it('finds the next and previous distinct event times', () => {
    expect(nextEventTime(times, 0)).toBe(5);
    expect(nextEventTime(times, 4.5)).toBe(5);
    expect(nextEventTime(times, 20)).toBeNull();
    expect(prevEventTime(times, 5)).toBe(0);
    expect(prevEventTime(times, 5.5)).toBe(5);
    expect(prevEventTime(times, 0)).toBeNull();
  });

  it('agrees with a linear scan on any sorted times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }).map((a) => a.sort((x, y) => x - y)),
        fc.integer({ min: -5, max: 60 }),
        (ts, t) => {
          expect(countAtOrBefore(ts, t)).toBe(ts.filter((x) => x <= t).length);
          expect(countBefore(ts, t)).toBe(ts.filter((x) => x < t).length);
          expect(nextEventTime(ts, t)).toBe(ts.find((x) => x > t) ?? null);
          expect(prevEventTime(ts, t)).toBe([...ts].reverse().find((x) => x < t) ?? null);
        },
      ),
    );
  });

  it('bins event density, counting every event in range once', () => {
    const d = eventDensity(times, 0, 20, 4);
    expect([...d]).toEqual([2, 4, 0, 1]);
    expect(eventDensity(times, 0, 20, 1)[0]).toBe(times.length);
    expect(eventDensity(times, 10, 10, 3).every((x) => x === 0)).toBe(true);
  });
});
