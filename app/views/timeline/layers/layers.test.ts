import { describe, expect, it } from 'vitest';
import { COLORS, SEGMENT_ORDER, STATE_TONES, TIMELINE_COLORS } from '../../theme';
import { GUTTER, LANE_BOX, ROW_H, TIMER_H, WIRE_CLIENT_Y, WIRE_SERVER_Y } from '../model';
import { recordingPath, recordingSink, staleReuseModel, testFrame } from '../testing';
import { addAttempts } from './attempts';
import { type Label, newRowPixels } from './frame';
import { outlineOf } from './highlights';
import { connLabelAt, placeLabels } from './labels';
import { addLanes, Looks } from './lanes';
import { eofMarkXs, failurePoints } from './marks';
import { ellipsize } from './paint';
import { newRaceCursor, type RaceBox, raceBoxes } from './race';
import { addSegments } from './segments';
import { addTimers } from './timers';
import { addWire, flushWire } from './wire';

const m = staleReuseModel();
const conn = m.spans.conns[0]!;
/** 6 px per character. */
const width = (t: string) => t.length * 6;
/** The first 20 ms, 20 µs per pixel: x = GUTTER + t / 20. */
const early = testFrame(m, 0, 20_000);
const at = (t: number) => GUTTER + t / 20;

describe('state lanes', () => {
  it('fills each state’s span in its tone, with its name where it fits', () => {
    const sink = recordingSink();
    const labels: Label[] = [];
    addLanes(conn, 0, early, sink, labels, newRowPixels(), new Looks(), width);
    const belief = LANE_BOX.belief;
    // The pool's "in use" (active, 4-16 ms) in the busy tone.
    expect(sink.fills).toContainEqual({
      color: STATE_TONES.busy.fill,
      x: at(4000),
      y: belief.y,
      w: 600,
      h: belief.h,
    });
    expect(labels).toContainEqual({
      x: at(4000) + 4,
      y: belief.y + belief.h / 2,
      text: 'in use',
      color: STATE_TONES.busy.text,
      max: 600 - 6,
    });
    // CLOSED has no fill.
    expect(sink.fills.every((f) => f.color !== '')).toBe(true);
  });

  it('draws spans narrower than a pixel once per pixel column', () => {
    // 20 ms per pixel: connecting (0-4 ms) and active (4-16 ms) share the first pixel column.
    const coarse = { ...testFrame(m, 0, m.endAt), xOf: (t: number) => GUTTER + t / 20_000 };
    const sink = recordingSink();
    addLanes(conn, 0, coarse, sink, [], newRowPixels(), new Looks(), width);
    const beliefY = LANE_BOX.belief.y;
    const belief = sink.fills.filter((f) => 'y' in f && f.y === beliefY);
    expect(belief.slice(0, 2)).toEqual([
      { color: STATE_TONES.neutral.fill, x: GUTTER, y: beliefY, w: 1, h: LANE_BOX.belief.h },
      expect.objectContaining({ color: STATE_TONES.ok.fill, x: GUTTER + 0.8 }),
    ]);
  });
});

describe('timers, attempts, wire', () => {
  it('puts the server’s idle timer under its app lane and the client’s expiry under the pool’s', () => {
    const sink = recordingSink();
    addTimers(conn, 0, early, sink, newRowPixels());
    const server = LANE_BOX.server;
    const belief = LANE_BOX.belief;
    expect(sink.fills).toEqual([
      {
        color: COLORS.idleTimer,
        x: at(14_000),
        y: server.y + server.h + 1,
        w: at(20_000) - at(14_000),
        h: TIMER_H,
      },
      {
        color: COLORS.expiry,
        x: at(16_000),
        y: belief.y + belief.h + 1,
        w: at(20_000) - at(16_000),
        h: TIMER_H,
      },
    ]);
  });

  it('marks a fired timer’s end with a tick', () => {
    const sink = recordingSink();
    addTimers(conn, 0, testFrame(m, 0, 6_000_000), sink, newRowPixels());
    expect(sink.fills.filter((f) => f.color === COLORS.idleTimer)).toHaveLength(2);
  });

  it('shades an ok request/response pair across the wire and labels it', () => {
    const sink = recordingSink();
    const labels: Label[] = [];
    addAttempts(conn, 0, early, sink, labels, newRowPixels());
    expect(sink.fills).toEqual([
      {
        color: TIMELINE_COLORS.attemptFill,
        points: [
          [at(4000), WIRE_CLIENT_Y],
          [at(6000), WIRE_SERVER_Y],
          [at(14_000), WIRE_SERVER_Y],
          [at(16_000), WIRE_CLIENT_Y],
        ],
      },
    ]);
    expect(labels).toEqual([
      expect.objectContaining({ text: 'req 1', center: true, x: (at(4000) + at(16_000)) / 2 }),
    ]);
  });

  it('draws a failed attempt as a red bar on the client’s side', () => {
    const sink = recordingSink();
    addAttempts(conn, 0, testFrame(m, 5_999_000, 6_001_000), sink, [], newRowPixels());
    // 2 µs per pixel: 6,000,000 → GUTTER + 500, 50 µs long.
    expect(sink.fills).toEqual([{ color: COLORS.fail, x: GUTTER + 500, y: WIRE_CLIENT_Y - 1, w: 25, h: 3 }]);
  });

  it('merges touching wire bands of a row and draws each as a band with two sides', () => {
    const sink = recordingSink();
    const px = newRowPixels();
    addWire(px, 100, 200, 0, sink);
    addWire(px, 200.5, 300, 0, sink);
    expect(sink.fills).toHaveLength(0);
    addWire(px, 400, 500, 0, sink);
    expect(sink.fills.map((f) => ('w' in f ? [f.color, f.x, f.w] : null))).toEqual([
      [TIMELINE_COLORS.wireBand, 100, 200],
      [TIMELINE_COLORS.wireSide, 100, 200],
      [TIMELINE_COLORS.wireSide, 100, 200],
    ]);
    flushWire(px, 0, sink);
    flushWire(px, 0, sink);
    expect(sink.fills).toHaveLength(6);
  });
});

describe('segments', () => {
  it('draws each visible segment from send to delivery, per kind, with heads and labels', () => {
    const lines = SEGMENT_ORDER.map(() => recordingPath());
    const heads = SEGMENT_ORDER.map(() => recordingPath());
    const labels: Label[] = [];
    const drawn = addSegments(early, lines, heads, labels);
    // SYN, SYN-ACK, ACK, the request and the response start in the first 20 ms.
    expect(drawn).toBe(5);
    const syn = SEGMENT_ORDER.indexOf('SYN');
    expect(lines[syn]!.ops).toEqual([`M ${at(0)} ${WIRE_CLIENT_Y}`, `L ${at(2000)} ${WIRE_SERVER_Y}`]);
    expect(heads[syn]!.ops).toHaveLength(4);
    expect(heads[syn]!.ops[0]).toBe(`M ${at(2000)} ${WIRE_SERVER_Y}`);
    expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['SYN', 'SYN-ACK', 'ACK']));
  });

  it('leaves out segments of rows not in view', () => {
    const lines = SEGMENT_ORDER.map(() => recordingPath());
    const frame = { ...early, r0: 1, r1: 1 };
    expect(addSegments(frame, lines, lines, [])).toBe(0);
  });
});

describe('race windows and marks', () => {
  const around = testFrame(m, 5_000_000, 6_100_000, { hovered: { kind: 'conn', id: 1 } });

  it('covers the row over the window, labelled when wide, hot when hovered', () => {
    const boxes = raceBoxes(conn, 0, around, newRaceCursor());
    expect(boxes.map((x) => x.kind)).toEqual(['race-window', 'stale']);
    // The race window: 4 ms around the close, too narrow for a label.
    const [race, b] = boxes as [RaceBox, RaceBox];
    expect(race.x0).toBeCloseTo(GUTTER + 12_000 / 1100, 6);
    expect(race.x1).toBeCloseTo(GUTTER + 16_000 / 1100, 6);
    expect(race.label).toBeNull();
    // Stale: from the FIN's arrival to the failure.
    expect(b.x0).toBeCloseTo(GUTTER + 16_000 / 1100, 6);
    expect(b.x1).toBeCloseTo(GUTTER + 1_000_050 / 1100, 6);
    expect(b.top).toBe(3);
    expect(b.bottom).toBe(ROW_H - 6);
    expect(b.hot).toBe(true);
    expect(b.label).toMatch(/^stale · 984 ms$/);
    expect(raceBoxes(conn, 0, testFrame(m, 0, 20_000), newRaceCursor())).toEqual([]);
  });

  it('skips a window covering the same pixels of the same row as the last one', () => {
    const cursor = newRaceCursor();
    raceBoxes(conn, 0, around, cursor);
    expect(raceBoxes(conn, 0, around, cursor)).toEqual([]);
    expect(raceBoxes(conn, ROW_H, around, cursor)).toHaveLength(2);
  });

  it('puts a cross where a failed attempt ended', () => {
    const f = testFrame(m, 5_999_000, 6_001_000);
    expect(failurePoints(conn, 0, f)).toEqual([[GUTTER + 525, WIRE_CLIENT_Y]]);
    expect(failurePoints(conn, 0, early)).toEqual([]);
    expect(eofMarkXs(conn, f)).toEqual([]);
  });
});

describe('labels and outlines', () => {
  it('places labels in order, leaving out overlaps and shortening long ones', () => {
    const l = (x: number, y: number, text: string, max = 100, center = false): Label => ({
      x,
      y,
      text,
      color: '#000',
      max,
      center,
    });
    const placed = placeLabels(
      [l(0, 0, 'abcd'), l(10, 0, 'overlaps'), l(10, 20, 'a long label', 40), l(200, 0, 'ab', 5)],
      width,
    );
    expect(placed.map((p) => p.text)).toEqual(['abcd', 'a lon…']);
    expect(ellipsize('abcdef', 36, width)).toBe('abcdef');
    expect(ellipsize('abcdef', 30, width)).toBe('abcd…');
    expect(ellipsize('abcdef', 10, width)).toBe('');
  });

  it('puts a connection’s #id at its start, unless too narrow', () => {
    expect(connLabelAt(conn, 0, early)).toEqual([GUTTER + 3, LANE_BOX.wire.y + LANE_BOX.wire.h / 2]);
    expect(connLabelAt(conn, 0, { xOf: (t) => GUTTER + t / 1e6 })).toBeNull();
  });

  it('outlines a connection’s row span, a request’s attempts and a segment’s line', () => {
    expect(outlineOf({ kind: 'conn', id: 1 }, early)).toEqual([
      { kind: 'rect', x: GUTTER - 1, y: 2.5, w: at(20_000) + 1 - (GUTTER - 1), h: ROW_H - 6 },
    ]);
    const req = outlineOf({ kind: 'req', id: 1 }, early);
    expect(req).toHaveLength(1);
    expect(req[0]).toMatchObject({ kind: 'rect', y: LANE_BOX.wire.y - 2, h: LANE_BOX.wire.h + 4 });
    expect(outlineOf({ kind: 'seg', id: 0 }, early)).toEqual([
      { kind: 'line', x0: at(0), y0: WIRE_CLIENT_Y, x1: at(2000), y1: WIRE_SERVER_Y },
    ]);
    expect(outlineOf({ kind: 'seg', id: 999 }, early)).toEqual([]);
    expect(outlineOf({ kind: 'conn', id: 42 }, early)).toEqual([]);
  });
});
