import type { TraceEvent } from './events';

/**
 * FNV-1a 64-bit over the UTF-16 code units of each event's JSON, one event per
 * line. Implemented with two 32-bit halves in integer arithmetic so that it
 * runs identically in any JavaScript engine without BigInt. Returns 16 hex digits.
 *
 * One step is h = (h ^ unit) * 0x100000001b3 mod 2^64. With h = hi·2^32 + lo and
 * the prime = 2^40 + 0x1b3: lo' = lo·0x1b3 mod 2^32, and hi' = hi·0x1b3 + (lo << 8)
 * + the carry out of lo·0x1b3, mod 2^32. lo·0x1b3 is computed from lo's 16-bit
 * halves so every intermediate stays below 2^53 (exact) and most stay small integers.
 */
export class Fnv1a64 {
  // offset basis 0xcbf29ce484222325
  private hi = 0xcbf29ce4 | 0;
  private lo = 0x84222325 | 0;

  update(text: string): this {
    let hi = this.hi;
    let lo = this.lo;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const x = lo ^ text.charCodeAt(i);
      const a = (x & 0xffff) * 0x1b3;
      const b = (x >>> 16) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + ((b + (a >>> 16)) >>> 16) + (x << 8)) | 0;
      lo = (a + (b << 16)) | 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  hex(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }
}

export function hashText(text: string): string {
  return new Fnv1a64().update(text).hex();
}

export function traceHash(events: readonly TraceEvent[]): string {
  const h = new Fnv1a64();
  for (const e of events) h.update(JSON.stringify(e)).update('\n');
  return h.hex();
}
