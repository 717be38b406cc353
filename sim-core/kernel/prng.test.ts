import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyedUniform, Rng, Stream } from './prng';

const draws = (s: Stream, n: number) => Array.from({ length: n }, () => s.nextUint32());

describe('seeded PRNG', () => {
  it('gives the same sequence for the same seed and stream, a different one otherwise', () => {
    expect(draws(new Stream(96, 'network'), 50)).toEqual(draws(new Stream(96, 'network'), 50));
    expect(draws(new Stream(96, 'network'), 50)).not.toEqual(draws(new Stream(97, 'network'), 50));
    expect(draws(new Stream(96, 'network'), 50)).not.toEqual(draws(new Stream(96, 'server'), 50));
  });

  it('keeps substreams independent: drawing from one never shifts another', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draws(a.stream('client'), 1000);
    expect(draws(a.stream('workload'), 20)).toEqual(draws(b.stream('workload'), 20));
  });

  it('draws uniforms in [0, 1) with a plausible mean', () => {
    const s = new Stream(1, 'workload');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = s.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('keyed draws depend only on (seed, stream, keys), in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.nat(), fc.nat(), (seed, k1, k2) => {
        const u = keyedUniform(seed, 'network', k1, k2);
        expect(u).toBe(keyedUniform(seed, 'network', k1, k2));
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }),
    );
    expect(keyedUniform(1, 'network', 1, 0)).not.toBe(keyedUniform(1, 'network', 1, 1));
    expect(keyedUniform(1, 'network', 1)).not.toBe(keyedUniform(1, 'server', 1));
  });
});
