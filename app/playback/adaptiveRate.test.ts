import { describe, expect, it } from 'vitest';
import { buildTraceIndex } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import {
  adaptiveRate,
  baselineRate,
  describeFactor,
  describeRate,
  quietWallSeconds,
  shortestFlightAt,
  WIRE_WALL_S,
} from './adaptiveRate';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });

describe('adaptive time', () => {
  it('finds the shortest segment in flight', () => {
    expect(shortestFlightAt(index, 1000)).toBe(2000);
    expect(shortestFlightAt(index, 2000)).toBe(2000); // SYN delivered, SYN-ACK just sent
    expect(shortestFlightAt(index, 10_000)).toBeNull();
    expect(shortestFlightAt(index, 5_015_000)).toBe(2000);
  });

  it('runs at wire speed while segments fly and crosses quiet gaps in about a second', () => {
    const base = baselineRate(index);
    expect(base).toBeCloseTo(2000 / WIRE_WALL_S);
    expect(adaptiveRate(index, 1000, base)).toEqual({ rate: 2000 / WIRE_WALL_S, reason: 'wire' });
    const idle = adaptiveRate(index, 1_000_000, base); // the 4.998 s gap after the release
    expect(idle.reason).toBe('quiet');
    const gap = 5_014_000 - 16_000;
    expect(idle.rate).toBeCloseTo(gap / quietWallSeconds(gap));
    expect(gap / idle.rate).toBeGreaterThan(0.8);
    expect(gap / idle.rate).toBeLessThanOrEqual(1.1);
    // the 8 ms processing gap: never slower than the wire
    expect(adaptiveRate(index, 10_000, base).rate).toBeGreaterThanOrEqual(base);
    expect(adaptiveRate(index, 7_000_000, base).reason).toBe('end');
  });

  it('describes the scale for people', () => {
    expect(describeRate(2000)).toBe('1 s = 2 ms simulated');
    expect(describeRate(3333.3)).toBe('1 s = 3.3 ms simulated');
    expect(describeRate(4_500_000)).toBe('1 s = 4.5 s simulated');
    expect(describeRate(250)).toBe('1 s = 250 µs simulated');
    expect(describeFactor(2000)).toBe('×0.002');
    expect(describeFactor(1_000_000)).toBe('×1');
    expect(describeFactor(4_500_000)).toBe('×4.5');
  });
});
