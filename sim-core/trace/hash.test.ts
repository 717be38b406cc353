import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './events';
import { Fnv1a64, hashText, traceHash } from './hash';

/** FNV-1a 64 over UTF-16 code units, the textbook way (BigInt). */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('Fnv1a64', () => {
  it('gives the published FNV-1a 64 values for ASCII', () => {
    // http://www.isthe.com/chongo/src/fnv/test_fnv.c (FNV1A_64 test vectors)
    expect(hashText('')).toBe('cbf29ce484222325');
    expect(hashText('a')).toBe('af63dc4c8601ec8c');
    expect(hashText('foobar')).toBe('85944171f73967e8');
  });

  it('agrees with a BigInt reference on any UTF-16 text, in one piece or in parts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (a, b) => {
          expect(hashText(a + b)).toBe(reference(a + b));
          expect(new Fnv1a64().update(a).update(b).hex()).toBe(reference(a + b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hashes a trace as its events’ JSON, one per line', () => {
    const trace = [
      { seq: 0, t: 0, kind: 'run.end', reason: 'done' },
      { seq: 1, t: 5, kind: 'run.end', reason: 'max-duration' },
    ] as TraceEvent[];
    expect(traceHash(trace)).toBe(reference(trace.map((e) => `${JSON.stringify(e)}\n`).join('')));
  });
});
