import type { TraceEvent } from './events';

/**
 * FNV-1a 64-bit over the UTF-16 code units of each event's JSON, one event per
 * line. Implemented with four 16-bit limbs so that it runs identically in any
 * JavaScript engine without BigInt. Returns 16 hex digits.
 */
export class Fnv1a64 {
  // offset basis 0xcbf29ce484222325 as 16-bit limbs, least significant first
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(text: string): this {
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i));
    return this;
  }

  private byte(code: number): void {
    // xor the low 16 bits: code units are up to 16 bits wide
    this.h0 ^= code & 0xffff;
    // multiply by the prime 0x100000001b3 = 2^40 + 0x1b3
    const p = 0x1b3;
    let t0 = this.h0 * p;
    let t1 = this.h1 * p;
    let t2 = this.h2 * p;
    let t3 = this.h3 * p;
    // + (h << 40): limb k shifts into limb k+2 shifted by 8 bits
    t2 += this.h0 << 8;
    t3 += this.h1 << 8;
    t1 += t0 >>> 16;
    this.h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    this.h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    this.h2 = t2 & 0xffff;
    this.h3 = t3 & 0xffff;
    t0 = 0;
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((x) => x.toString(16).padStart(4, '0')).join('');
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
