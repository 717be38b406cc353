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

  it('a reserved event pushed later sorts as if it had been pushed when reserved', () => {
    // Arrivals reserved up front and pushed one at a time (each when the previous one pops) must
    // pop in the order they would have if all had been pushed up front, ties included.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        (gaps, others) => {
          const times: number[] = [];
          for (const g of gaps) times.push((times.at(-1) ?? 0) + g);
          const run = (lazy: boolean) => {
            const q = new EventQueue();
            const order: string[] = [];
            const first = lazy ? q.reserve(times.length) : 0;
            const arrive = (i: number) => {
              order.push(`a${i}`);
              // each arrival schedules one more event, at the same time or just after
              q.push(times[i]! + (i % 2), () => order.push(`x${i}`));
              if (lazy && i + 1 < times.length)
                q.pushReserved(first + i + 1, times[i + 1]!, () => arrive(i + 1));
            };
            if (lazy) q.pushReserved(first, times[0]!, () => arrive(0));
            else
              times.forEach((t, i) => {
                q.push(t, () => arrive(i));
              });
            others.forEach((t, j) => {
              q.push(t, () => order.push(`o${j}`));
            });
            for (let e = q.pop(); e; e = q.pop()) e.callback();
            return order;
          };
          expect(run(true)).toEqual(run(false));
        },
      ),
      { numRuns: 300 },
    );
  });
});
