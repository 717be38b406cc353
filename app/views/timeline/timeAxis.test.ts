import { describe, expect, it } from 'vitest';
import { axisTicks, formatBase, formatSpan, unitFor } from './timeAxis';

describe('time axis', () => {
  it('picks the unit from the tick step', () => {
    expect(unitFor(5_000_000)).toBe('s');
    expect(unitFor(20_000)).toBe('ms');
    expect(unitFor(50)).toBe('µs');
  });

  it('labels a whole run in seconds', () => {
    const t = axisTicks(0, 204_367_000, 8);
    expect(t.unit).toBe('s');
    expect(t.base).toBeNull();
    expect(t.labels.slice(0, 3)).toEqual(['0 s', '20 s', '40 s']);
  });

  it('labels a burst in milliseconds with the decimals the step needs', () => {
    const t = axisTicks(14_039_000, 14_042_500, 8);
    expect(t.unit).toBe('ms');
    expect(t.labels.slice(0, 2)).toEqual(['14,039.0 ms', '14,039.5 ms']);
    expect(t.base).toBeNull();
  });

  it('switches to offsets from a base when labels would be too long', () => {
    const t = axisTicks(2_400_003_120, 2_400_003_220, 6);
    expect(t.unit).toBe('µs');
    expect(t.base).not.toBeNull();
    expect(t.baseLabel).toBe('2,400.003\u202f000 s');
    expect(t.labels[0]).toMatch(/^\+\d+ µs$/);
    for (let i = 0; i < t.values.length; i++) {
      expect(Number(t.labels[i]!.replace(/[+ µs,]/g, ''))).toBeCloseTo(t.values[i]! - t.base!, 6);
    }
  });

  it('prints spans and bases', () => {
    expect(formatSpan(2_500_000)).toBe('2.5 s');
    expect(formatSpan(380_000)).toBe('380 ms');
    expect(formatSpan(12)).toBe('12 µs');
    expect(formatBase(5_003_120, 10)).toBe('5.003\u202f120 s');
    expect(formatBase(5_003_120, 1_000_000)).toBe('5 s');
  });
});
