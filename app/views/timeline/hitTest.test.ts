import { describe, expect, it } from 'vitest';
import { STATE_LANE_NAMES } from '../../../sim-core';
import { distToSegment, hitTest } from './hitTest';
import { GUTTER, LANE_BOX, ROW_H, WIRE_CLIENT_Y, WIRE_SERVER_Y } from './model';
import { PLOT_W, staleReuseModel, viewScale } from './testing';

const m = staleReuseModel();
/** The first 20 ms: 20 µs per pixel, x = GUTTER + t / 20. */
const early = { x: viewScale(0, 20_000), plotW: PLOT_W, scrollTop: 0 };
const at = (t: number) => GUTTER + t / 20;
const wireMid = (WIRE_CLIENT_Y + WIRE_SERVER_Y) / 2;

describe('timeline hit testing', () => {
  it('finds a segment by its line across the wire', () => {
    // The SYN: client side at 0 µs to server side at 2,000 µs; its midpoint.
    const hit = hitTest(m, early, (at(0) + at(2000)) / 2, wireMid);
    expect(hit?.sel).toEqual({ kind: 'seg', id: 0 });
    expect(hit?.lines[0]).toBe('SYN · client → server · #1');
    expect(hit?.lines[1]).toMatch(/^on the wire 2(\.0)? ms$/);
    // Within 6 px of the line still counts; the SYN-ACK comes back the other way.
    expect(hitTest(m, early, (at(0) + at(2000)) / 2, wireMid + 5)?.sel).toEqual({ kind: 'seg', id: 0 });
    expect(hitTest(m, early, (at(0) + at(2000)) / 2, wireMid + 7)?.sel.kind).not.toBe('seg');
    expect(hitTest(m, early, (at(2000) + at(4000)) / 2, wireMid)?.lines[0]).toBe(
      'SYN-ACK · server → client · #1',
    );
  });

  it('finds a request’s attempt on the wire away from its segments', () => {
    const hit = hitTest(m, early, at(10_000), wireMid);
    expect(hit?.sel).toEqual({ kind: 'req', id: 1 });
    expect(hit?.lines[0]).toMatch(/^Request 1 · .* · attempt 1 on #1$/);
    expect(hit?.lines[1]).toMatch(/^ok in 12(\.0)? ms$/);
  });

  it('finds the connection on a state lane, with the lane’s state', () => {
    const belief = LANE_BOX.belief;
    const hit = hitTest(m, early, at(10_000), belief.y + belief.h / 2);
    expect(hit?.sel).toEqual({ kind: 'conn', id: 1 });
    expect(hit?.lines[0]).toBe('Connection #1');
    expect(hit?.lines[1]).toMatch(/: active$/);
    expect(hit?.lines[2]).toMatch(/^since 6(\.0)? ms \(/);
  });

  it('says when the point is on a stale connection (not “a race window”)', () => {
    const view = { x: viewScale(5_000_000, 6_100_000), plotW: PLOT_W, scrollTop: 0 };
    const tcp = LANE_BOX['tcp.client'];
    const hit = hitTest(m, view, GUTTER + 500, tcp.y + tcp.h / 2);
    expect(hit?.sel).toEqual({ kind: 'conn', id: 1 });
    expect(hit?.lines[1]).toBe(`${STATE_LANE_NAMES['tcp.client']}: CLOSE-WAIT`);
    expect(hit?.lines.at(-1)).toMatch(
      /^Stale \(984 ms\): the server’s FIN reached the client, the pool still believes #1 reusable\.$/,
    );
  });

  it('says when the point is in the race window (around the close, before the FIN arrives)', () => {
    const view = { x: viewScale(5_010_000, 5_020_000), plotW: PLOT_W, scrollTop: 0 };
    const tcp = LANE_BOX['tcp.client'];
    const hit = hitTest(m, view, GUTTER + view.x(5_014_500), tcp.y + tcp.h / 2);
    expect(hit?.lines.at(-1)).toBe(
      'In a race window (4 ms): a request sent on #1 now crosses the server’s FIN on the wire.',
    );
  });

  it('finds nothing in the gutter, below the rows or scrolled away', () => {
    expect(hitTest(m, early, GUTTER - 1, wireMid)).toBeNull();
    expect(hitTest(m, early, at(10_000), ROW_H + 10)).toBeNull();
    expect(hitTest(m, { ...early, scrollTop: ROW_H }, at(10_000), wireMid)).toBeNull();
  });

  it('measures the distance to a line segment', () => {
    expect(distToSegment(5, 5, 0, 0, 10, 0)).toBe(5);
    expect(distToSegment(-3, 4, 0, 0, 10, 0)).toBe(5);
    expect(distToSegment(13, 4, 0, 0, 10, 0)).toBe(5);
    expect(distToSegment(1, 1, 0, 0, 0, 0)).toBeCloseTo(Math.SQRT2);
  });
});
