import { describe, expect, it } from 'vitest';
import { buildTraceIndex } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import {
  adaptiveRate,
  baselineRate,
  describeFactor,
  describeRate,
  notableSegments,
  quietWallSeconds,
  ROUTINE_WIRE_WALL_S,
  WIRE_WALL_S,
  wireRateAt,
} from './adaptiveRate';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });

describe('adaptive time', () => {
  it('tells the race’s segments (FIN, RST, the failing request) from routine traffic', () => {
    // SYN, SYN-ACK, ACK, POST, 200 OK, FIN, ACK, the stale POST, the client's FIN, RST.
    expect([...notableSegments(index)]).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 1, 1]);
  });

  it('lets routine traffic cross quickly and the race slowly', () => {
    expect(wireRateAt(index, 1000)).toBeCloseTo(2000 / ROUTINE_WIRE_WALL_S); // the SYN
    expect(wireRateAt(index, 5_015_000)).toBeCloseTo(2000 / WIRE_WALL_S); // the server's FIN
    expect(wireRateAt(index, 5_017_000)).toBeCloseTo(2000 / ROUTINE_WIRE_WALL_S); // its ACK
    // The stale POST and the client's FIN in flight together: the slower of the two wins.
    expect(wireRateAt(index, 6_001_000)).toBeCloseTo(1950 / WIRE_WALL_S);
    expect(wireRateAt(index, 10_000)).toBeNull();
    // In focus (a lesson step's connection, from a time on): everything at the race's pace.
    expect(wireRateAt(index, 1000, { conns: [1], fromUs: 0 })).toBeCloseTo(2000 / WIRE_WALL_S);
    expect(wireRateAt(index, 1000, { conns: [1], fromUs: 500 })).toBeCloseTo(2000 / ROUTINE_WIRE_WALL_S);
    expect(wireRateAt(index, 1000, { conns: [2], fromUs: 0 })).toBeCloseTo(2000 / ROUTINE_WIRE_WALL_S);
  });

  it('runs at wire speed while segments fly and crosses quiet gaps in about half a second', () => {
    const base = baselineRate(index);
    expect(base).toBeCloseTo(2000 / WIRE_WALL_S);
    expect(adaptiveRate(index, 1000, base)).toEqual({ rate: 2000 / ROUTINE_WIRE_WALL_S, reason: 'wire' });
    expect(adaptiveRate(index, 5_015_000, base)).toEqual({ rate: 2000 / WIRE_WALL_S, reason: 'wire' });
    const idle = adaptiveRate(index, 1_000_000, base); // the 4.998 s gap after the release
    expect(idle.reason).toBe('quiet');
    const gap = 5_014_000 - 16_000;
    expect(idle.rate).toBeCloseTo(gap / quietWallSeconds(gap));
    expect(gap / idle.rate).toBeGreaterThan(0.35);
    expect(gap / idle.rate).toBeLessThanOrEqual(0.6);
    // 8 ms of server work: about a seventh of a second
    expect(quietWallSeconds(8000)).toBeCloseTo(0.14, 2);
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
