import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';

describe('EventQueue', () => {
  it('pops in (time, insertion order) whatever the push order, skipping cancelled events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 200 }),
        (items) => {
          const q = new EventQueue();
          const popped: number[] = [];
          const ids = items.map((item, i) => q.push(item.t, () => popped.push(i)));
          items.forEach((item, i) => {
            if (item.cancel) q.cancel(ids[i]!);
          });
          const live = items.map((item, i) => ({ ...item, i })).filter((x) => !x.cancel);
          expect(q.size).toBe(live.length);
          let lastT = -1;
          for (let e = q.pop(); e; e = q.pop()) {
            expect(e.t).toBeGreaterThanOrEqual(lastT);
            lastT = e.t;
            e.callback();
          }
          const expected = [...live].sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
          expect(popped).toEqual(expected);
          expect(q.peekTime()).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps ties stable when events are pushed while others are popped', () => {
    const q = new EventQueue();
    const order: string[] = [];
    q.push(10, () => order.push('a'));
    q.push(10, () => order.push('b'));
    const first = q.pop()!;
    first.callback();
    q.push(10, () => order.push('c'));
    for (let e = q.pop(); e; e = q.pop()) e.callback();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
