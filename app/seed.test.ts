import { describe, expect, it } from 'vitest';
import { MAX_SEED, parseSeed } from './seed';

describe('parseSeed', () => {
  it('accepts non-negative integers up to 2^32 - 1', () => {
    expect(parseSeed('0')).toEqual({ ok: true, seed: 0 });
    expect(parseSeed(' 7 ')).toEqual({ ok: true, seed: 7 });
    expect(parseSeed(String(MAX_SEED))).toEqual({ ok: true, seed: 4294967295 });
  });

  it.each(['-3', '1.5', 'abc', '1e3', '0x10', '7 7', '+7'])(
    'rejects %j with a message naming the range',
    (text) => {
      const r = parseSeed(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toContain('a whole number from 0 to 4294967295');
    },
  );

  it('rejects an empty field and a seed past the range', () => {
    expect(parseSeed('  ')).toEqual({
      ok: false,
      message: 'Enter a seed: a whole number from 0 to 4294967295.',
    });
    const big = parseSeed('4294967296');
    expect(big.ok).toBe(false);
    expect(!big.ok && big.message).toMatch(/at most 4294967295/);
  });
});
