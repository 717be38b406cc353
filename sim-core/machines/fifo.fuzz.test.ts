/**
 * The pool's waiting queue against an array model: any sequence of pushes and shifts gives the
 * same entries in the same order, and every earlier version still holds what it held (snapshots
 * share cells, never mutate them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams } from '../tests/fuzz';
import { Fifo } from './fifo';

const RUNS = 3000;

describe('Fifo', () => {
  it('shifts in push order, across the reversal of the back list', () => {
    let q = Fifo.empty<string>().push('a').push('b');
    const [a, q1] = q.shift()!;
    q = q1.push('c');
    const [b, q2] = q.shift()!;
    const [c, q3] = q2.shift()!;
    expect([a, b, c]).toEqual(['a', 'b', 'c']);
    expect(q3.size).toBe(0);
    expect(q3.shift()).toBeUndefined();
  });

  it('matches an array model, and old versions are unchanged', () => {
    const op = fc.oneof(fc.record({ push: fc.integer() }), fc.constant('shift' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let q = Fifo.empty<number>();
        let model: number[] = [];
        const versions: { q: Fifo<number>; items: number[] }[] = [];
        for (const o of ops) {
          if (o === 'shift') {
            const r = q.shift();
            if (model.length === 0) expect(r).toBeUndefined();
            else {
              expect(r?.[0]).toBe(model[0]);
              q = r![1];
              model = model.slice(1);
            }
          } else {
            q = q.push(o.push);
            model = [...model, o.push];
          }
          expect(q.size).toBe(model.length);
          versions.push({ q, items: model });
        }
        for (const v of versions) expect(v.q.toArray()).toEqual(v.items);
      }),
      fuzzParams('machines/fifo', RUNS),
    );
  });
});
