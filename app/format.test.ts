import { describe, expect, it } from 'vitest';
import { formatConn, formatCount, formatCursor, formatMs, formatSimSeconds } from './format';

describe('format', () => {
  it('writes virtual time in seconds: to the µs for a moment, to the ms for a span', () => {
    expect(formatCursor(9_977_738)).toBe('9.977738 s');
    expect(formatCursor(0)).toBe('0.000000 s');
    expect(formatSimSeconds(6_004_000)).toBe('6.004 s');
    expect(formatSimSeconds(6_004_600)).toBe('6.005 s');
  });

  it('writes counts, milliseconds and connections', () => {
    expect(formatCount(12_345.4)).toBe('12,345');
    expect(formatMs(1234.56)).toBe('1,234.6 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatConn(3)).toBe('#3');
    expect(formatConn(null)).toBe('—');
  });
});
