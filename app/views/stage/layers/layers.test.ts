import { describe, expect, it } from 'vitest';
import { buildTraceIndex, TraceFolder } from '../../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../../sim-core/testing';
import { COLORS, SEGMENT_STYLES } from '../../theme';
import { COL, HEADER_H, rowLayout, STAGE_WIDTH, stageHeight, WIRE_WIDTH } from '../geometry';
import { type RowModel, type SegmentModel, type StageFrame, stageContext, stageFrame } from '../model';
import { backSignature, flashKey } from './backs';
import { footerNotes } from './footer';
import { headerLayout } from './header';
import { ringSignature, ringTextFill, rowRings } from './rings';
import { raceCaption, rowLook, rowSignature, TONE_FILL, TONE_TEXT } from './rows';
import { segmentLook, segmentSignature, segmentTransform, visualWidth } from './segments';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
const ctx = stageContext(index);
const folder = new TraceFolder(STALE_REUSE_TRACE, index.times, index.keyframes, index.foldOptions);
const frameAt = (t: number, selection: Parameters<typeof stageFrame>[3] = null) =>
  stageFrame(ctx, folder.seek(t), t, selection, WIRE_WIDTH);
const L = rowLayout(1);

describe('header', () => {
  it('puts the titles at the outer edges and the wire caption, upper-cased, over the wire', () => {
    const h = headerLayout({ client: 'Service A', server: 'Service B', wire: 'network · 2 ms' });
    expect(h.titles).toEqual([
      { x: COL.pool.x + 4, text: 'Service A', anchor: 'start' },
      { x: COL.app.x + COL.app.w - 4, text: 'Service B', anchor: 'end' },
    ]);
    expect(h.brackets).toEqual([
      { x1: 8, x2: 434 },
      { x1: 766, x2: 1192 },
    ]);
    expect(h.captions.map((c) => c.text)).toEqual([
      'POOL THINKS',
      'CLIENT SOCKET',
      'NETWORK · 2 MS',
      'SERVER SOCKET',
      'SERVER APP',
    ]);
    expect(h.captions[2]!.x).toBe(600);
  });
});

describe('footer', () => {
  const frame = (over: Partial<StageFrame>): StageFrame => ({
    t: 0,
    lanes: 1,
    rows: [],
    segments: [],
    hidden: 0,
    ...over,
  });

  it('tells how to start before the first connection, and that none is open later', () => {
    expect(footerNotes(frame({}), L.h)).toEqual([
      expect.objectContaining({
        key: 'empty',
        anchor: 'middle',
        x: STAGE_WIDTH / 2,
        y: HEADER_H + L.h / 2 + 5,
      }),
    ]);
    expect(footerNotes(frame({}), L.h)[0]!.text).toMatch(/^No connection yet\. Press ▶ Play/);
    expect(footerNotes(frame({ t: 5 }), L.h)[0]!.text).toBe('No connection is open at this moment.');
  });

  it('counts the connections without a row, in the bottom right corner', () => {
    const rows = frameAt(2_514_000).rows;
    const one = footerNotes(frame({ rows, lanes: 4, hidden: 1 }), rowLayout(4).h);
    expect(one).toEqual([
      {
        key: 'hidden',
        text: '+1 more open connection not shown',
        x: STAGE_WIDTH - 8,
        y: stageHeight(4) - 5,
        anchor: 'end',
        cls: 'stage-note',
      },
    ]);
    expect(footerNotes(frame({ rows, hidden: 3 }), L.h)[0]!.text).toBe('+3 more open connections not shown');
    expect(footerNotes(frame({ rows }), L.h)).toEqual([]);
  });
});

describe('rows', () => {
  it('shows an idle connection calmly: green pill, no note, the server’s idle ring', () => {
    const row = frameAt(2_514_000).rows[0]!;
    const look = rowLook(row);
    expect(look.id).toBe('#1');
    expect(look.pill).toEqual({
      width: 'idle · reusable'.length * 7.4 + 22,
      fill: TONE_FILL.ok,
      stroke: 'none',
    });
    expect(look.belief).toEqual({ text: 'idle · reusable', fill: TONE_TEXT.ok });
    expect(look.note.text).toBe('');
    expect(look.client.stroke).toBeNull();
    expect(look.client.tcp).toEqual({ text: 'ESTABLISHED', fill: COLORS.text });
    const rings = rowRings(row);
    expect(rings.server).toMatchObject({ color: COLORS.idleTimer, title: 'idle', ring: row.idleTimer });
    expect(rings.expiry).toMatchObject({ color: COLORS.expiry, title: 'exp' });
    expect(raceCaption(row)).toBe('');
  });

  it('outlines the race window in red, a stale connection in violet', () => {
    const race = rowLook(frameAt(5_015_000).rows[0]!);
    expect(race.pill.stroke).toBe(COLORS.race);
    expect(race.note).toEqual({ text: 'belief ≠ reality', fill: COLORS.race });
    expect(COLORS.stale).not.toBe(COLORS.race);
  });

  it('outlines a stale connection: violet pill edge, "belief ≠ reality", the warned socket boxed in its tone', () => {
    const row = frameAt(5_500_000).rows[0]!;
    const look = rowLook(row);
    expect(look.pill.stroke).toBe(COLORS.stale);
    expect(look.note).toEqual({ text: 'belief ≠ reality', fill: COLORS.stale });
    expect(look.client).toMatchObject({
      stroke: TONE_TEXT.warn,
      strokeWidth: 1.8,
      note: { text: 'FIN arrived: EOF waiting', fill: TONE_TEXT.warn },
    });
    expect(look.app).toEqual({ text: 'closed the connection', fill: TONE_TEXT.stale });
    expect(raceCaption(row)).toBe('STALE · FIN arrived 484 ms ago');
    // the expired expiry ring's text turns red
    expect(ringTextFill(row.expiry!)).toBe(COLORS.race);
  });

  it('writes the failure as the note and h11’s ERROR in red', () => {
    const row = frameAt(6_001_000).rows[0]!;
    const look = rowLook(row);
    expect(look.note).toEqual({ text: '✗ req 2: RemoteProtocolError', fill: COLORS.race });
    expect(look.client.h11.fill).toBe(row.client.h11.includes('ERROR') ? COLORS.fail : COLORS.muted);
    expect(look.client.h11.text).toBe(`h11 ${row.client.h11.replace('/', ' / ')}`);
  });

  it('shows a missing server socket as a dash and "no socket yet"', () => {
    const row = frameAt(666).rows[0]!;
    expect(row.server).toBeNull();
    expect(rowLook(row).server).toEqual({
      stroke: null,
      strokeWidth: null,
      tcp: { text: '—', fill: COLORS.faint },
      h11: { text: 'no socket yet', fill: COLORS.muted },
      note: { text: '', fill: COLORS.muted },
    });
  });

  it('a retried request’s note is amber unless the row failed too', () => {
    const row = frameAt(2_514_000).rows[0]!;
    const retried: RowModel = { ...row, retried: { req: 3, attempt: 1, short: '↻ req 3 retried' } };
    expect(rowLook(retried).note).toEqual({ text: '↻ req 3 retried', fill: COLORS.warn });
    const failed = frameAt(6_001_000).rows[0]!;
    const both: RowModel = { ...failed, retried: { req: 3, attempt: 1, short: '↻ req 3 retried' } };
    expect(rowLook(both).note).toEqual({ text: '✗ req 2: RemoteProtocolError', fill: COLORS.race });
  });

  it('the server ring shows processing while the app is busy', () => {
    const row = frameAt(2_514_000).rows[0]!;
    const busy: RowModel = { ...row, processing: { remaining: 0.5, text: '1 ms', expired: false } };
    expect(rowRings(busy).server).toEqual({ ring: busy.processing, color: COLORS.processing, title: 'busy' });
  });
});

describe('signatures', () => {
  it('a row’s contents ignore its ticking timers and race caption, not its state', () => {
    const a = frameAt(5_500_000).rows[0]!;
    const b = frameAt(5_600_000).rows[0]!;
    expect(a.race!.caption).not.toBe(b.race!.caption);
    expect(rowSignature(a)).toBe(rowSignature(b));
    expect(rowSignature(a)).not.toBe(rowSignature(frameAt(2_514_000).rows[0]!));
    expect(rowSignature({ ...a, selected: !a.selected })).not.toBe(rowSignature(a));
  });

  it('a row’s background changes with its lane, selection and race, and a failure flashes once per request', () => {
    const row = frameAt(5_500_000).rows[0]!;
    expect(backSignature(row)).toBe('0|false|false|stale|false|false');
    expect(backSignature(frameAt(5_015_000).rows[0]!)).toBe('0|false|false|race-window|false|false');
    expect(backSignature({ ...row, lane: 2 })).not.toBe(backSignature(row));
    expect(flashKey(row)).toBeNull();
    expect(flashKey(frameAt(6_001_000).rows[0]!)).toBe('1:2');
  });

  it('a ring is redrawn at 1/400 of a turn', () => {
    const look = { ring: { remaining: 0.5, text: '2.5 s', expired: false }, color: '#000', title: 'idle' };
    expect(ringSignature(look)).toBe('200|2.5 s|#000|idle');
    expect(ringSignature({ ...look, ring: { ...look.ring, remaining: 0.5001 } })).toBe(ringSignature(look));
    expect(ringSignature({ ...look, ring: null })).toBe('none');
  });
});

describe('segments', () => {
  const f = frameAt(6_001_000);
  const request = f.segments.find((s) => s.kind === 'request')!;
  const fin = f.segments.find((s) => s.kind === 'FIN')!;

  it('draws a request as a pill with its label on it', () => {
    const look = segmentLook(request);
    const w = visualWidth(request);
    expect(w).toBe('POST /auth'.length * 6.6 + 16);
    expect(look.pill).toEqual({
      x: -w / 2,
      y: -9.5,
      width: w,
      height: 19,
      rx: 9.5,
      fill: SEGMENT_STYLES.request.color,
    });
    expect(look.shape).toBeNull();
    expect(look.label).toMatchObject({ anchor: 'middle', fill: '#fff', onPill: true, text: 'POST /auth' });
    expect(look.title).toBe('request POST /auth on #1');
  });

  it('draws a FIN as a shape pointing its way, its label trailing behind', () => {
    const look = segmentLook(fin);
    expect(look.pill).toBeNull();
    const leftward = fin.from === 'server';
    expect(look.shape).toMatchObject({
      transform: leftward ? 'scale(-1,1)' : null,
      fill: SEGMENT_STYLES.FIN.color,
      strokeWidth: 1,
    });
    expect(look.label).toMatchObject({
      x: leftward ? 10 : -10,
      anchor: leftward ? 'start' : 'end',
      onPill: false,
    });
    expect(look.title).toBe('FIN on #1');
    expect(visualWidth(fin)).toBe(40);
  });

  it('a hollow SYN-ACK is white inside, with a thick edge', () => {
    const synAck: SegmentModel = { ...fin, kind: 'SYN-ACK', label: 'SYN-ACK', from: 'server' };
    expect(segmentLook(synAck).shape).toMatchObject({
      fill: '#fff',
      strokeWidth: 2.5,
      transform: 'scale(-1,1)',
    });
  });

  it('places a segment along the wire by progress, stacked away from it by direction', () => {
    const s: SegmentModel = { ...request, from: 'client', progress: 0.5, stack: 1, lane: 0 };
    expect(segmentTransform(s, L)).toBe(`translate(600,${HEADER_H + L.mid - (L.stackBase + L.stackStep)})`);
    const back: SegmentModel = { ...s, from: 'server', stack: 0, lane: 1 };
    expect(segmentTransform(back, L)).toBe(`translate(600,${HEADER_H + L.h + L.mid + L.stackBase})`);
  });

  it('a segment is redrawn when its kind, label, direction or connection change, not as it moves', () => {
    expect(segmentSignature({ ...request, progress: 0.9 })).toBe(segmentSignature(request));
    expect(segmentSignature({ ...request, label: 'GET /' })).not.toBe(segmentSignature(request));
  });
});
