import { describe, expect, it } from 'vitest';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import {
  buildTraceIndex,
  connectionInfo,
  eventsOf,
  indexTransferables,
  requestInfo,
  SEGMENT_FLAGS,
  SIDES,
} from './traceIndex';

describe('trace index', () => {
  it('indexes the fixture by time, connection, request and segment', () => {
    const idx = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });
    expect(idx.eventCount).toBe(STALE_REUSE_TRACE.length);
    expect(idx.endAt).toBe(6_004_000);
    expect([...idx.times]).toEqual(STALE_REUSE_TRACE.map((e) => e.t));
    expect(connectionInfo(idx, 1)).toEqual({
      id: 1,
      openedAt: 0,
      doneAt: 6_004_000,
      dialedFor: 1,
      requests: [1, 2],
    });
    const r2 = requestInfo(idx, 2)!;
    expect(r2).toMatchObject({
      label: 'POST /auth',
      startAt: 6_000_000,
      endAt: 6_000_050,
      outcome: 'failed',
    });
    expect(r2.attempts).toEqual([
      {
        attempt: 1,
        conn: 1,
        reused: true,
        startAt: 6_000_000,
        writtenAt: 6_000_000,
        endAt: 6_000_050,
        ok: false,
        cause: 'eof',
        error: r2.error,
      },
    ]);
    const s = idx.segments;
    expect(s.count).toBe(10);
    const fin = s.rowOfSeg[5]!;
    expect(SEGMENT_FLAGS[s.flag[fin]!]).toBe('FIN');
    expect(SIDES[s.from[fin]!]).toBe('server');
    expect([s.sentAt[fin], s.arriveAt[fin]]).toEqual([5_014_000, 5_016_000]);
    expect(s.labels[s.label[s.rowOfSeg[7]!]!]).toBe('POST /auth');
    expect(s.label[fin]).toBe(-1);
    expect(s.maxFlightUs).toBe(2000);
    expect(idx.lanes.lane.get(1)).toBe(0);
    expect(idx.failures).toHaveLength(1);
    expect(idx.raceIntervals.map((w) => w.kind)).toEqual(['race-window', 'stale']);
  });

  it('on issue-96: entity rows hold exactly the entity’s events, and segments match their events', () => {
    const { trace, summary } = presetRun('issue-96');
    const idx = buildTraceIndex(trace, { clientExpiryMs: null });
    expect(idx.requests).toHaveLength(summary.totals.requests);
    expect(idx.connections).toHaveLength(summary.totals.connectionsOpened);
    expect(idx.failures).toHaveLength(summary.totals.failed);
    for (const c of idx.connections) {
      const seqs = eventsOf(idx.byConn, c.id);
      expect(seqs.length).toBeGreaterThan(0);
      for (const q of seqs) expect((trace[q] as { conn?: number }).conn).toBe(c.id);
      if (c.doneAt !== null) expect(c.doneAt).toBeGreaterThanOrEqual(c.openedAt);
    }
    let n = 0;
    for (const r of idx.requests) {
      for (const q of eventsOf(idx.byReq, r.id)) expect((trace[q] as { req?: number }).req).toBe(r.id);
      n += eventsOf(idx.byReq, r.id).length;
    }
    expect(n).toBe(trace.filter((e) => 'req' in e && typeof e.req === 'number').length);
    const s = idx.segments;
    for (let i = 0; i < s.count; i++) {
      const sent = trace[s.sendSeq[i]!]!;
      expect(sent.kind).toBe('segment.send');
      if (s.deliverSeq[i]! >= 0) {
        const got = trace[s.deliverSeq[i]!]!;
        expect(got).toMatchObject({ kind: 'segment.deliver', seg: s.seg[i] });
        expect(got.t).toBe(s.arriveAt[i]);
      }
    }
    expect(eventsOf(idx.byConn, 10_000).length).toBe(0);
  });

  it('survives structured cloning with its buffers transferred (the worker → page path)', () => {
    const idx = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
    const expected = JSON.stringify(idx, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v));
    const copy = structuredClone(idx, { transfer: indexTransferables(idx) });
    const got = JSON.stringify(copy, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v));
    expect(got).toBe(expected);
    expect(idx.times.length).toBe(0); // transferred away
  });
});
