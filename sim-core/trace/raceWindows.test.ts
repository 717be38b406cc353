import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './events';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { raceWindows, windowAt } from './raceWindows';

describe('race windows', () => {
  it('open when the server closes an idle connection and close when the request sent into it fails', () => {
    expect(raceWindows(STALE_REUSE_TRACE)).toEqual([
      {
        conn: 1,
        start: 5_014_000,
        end: 6_000_050,
        serverClosedAt: 5_014_000,
        finArrivedAt: 5_016_000,
        entered: [{ req: 2, t: 6_000_000 }],
        endedBy: 'failure',
        discardReason: null,
      },
    ]);
  });

  it('end with the pool’s discard when it notices first, and at the run’s end if it never does', () => {
    // Replace the reuse with an expiry discard at 6 s.
    const upTo = STALE_REUSE_TRACE.filter((e) => e.t < 6_000_000);
    const tail: TraceEvent[] = [
      { seq: 0, t: 6_000_000, kind: 'pool', decision: 'discard', conn: 1, req: null, detail: 'expired' },
      {
        seq: 0,
        t: 6_000_000,
        kind: 'state',
        conn: 1,
        side: 'client',
        machine: 'belief',
        from: 'idle',
        to: 'closed',
        cause: 'expired',
      },
    ];
    const discarded = raceWindows([...upTo, ...tail]);
    expect(discarded).toHaveLength(1);
    expect(discarded[0]).toMatchObject({
      end: 6_000_000,
      endedBy: 'discard',
      discardReason: 'expired',
      entered: [],
    });

    const neverNoticed = raceWindows(upTo);
    expect(neverNoticed[0]).toMatchObject({ start: 5_014_000, end: 5_018_000, endedBy: 'run-end' });
  });

  it('open at release when the server had already closed (close before the pool got it back)', () => {
    // Move the release after the server's close.
    const moved = STALE_REUSE_TRACE.map((e) =>
      e.kind === 'state' && e.machine === 'belief' && e.to === 'idle' ? { ...e, t: 5_020_000 } : e,
    ).sort((a, b) => a.t - b.t || a.seq - b.seq);
    expect(raceWindows(moved)[0]).toMatchObject({ start: 5_020_000, serverClosedAt: 5_014_000 });
  });

  it('finds the window of a connection at a time', () => {
    const ws = raceWindows(STALE_REUSE_TRACE);
    expect(windowAt(ws, 1, 5_013_999)).toBeNull();
    expect(windowAt(ws, 1, 5_014_000)).toBe(ws[0]);
    expect(windowAt(ws, 1, 6_000_049)).toBe(ws[0]);
    expect(windowAt(ws, 1, 6_000_050)).toBeNull();
    expect(windowAt(ws, 2, 5_500_000)).toBeNull();
  });

  it('on issue-96: every stale-reuse failure was sent into a race window of its connection', () => {
    const { trace } = presetRun('issue-96');
    const ws = raceWindows(trace);
    const entered = new Set(ws.flatMap((w) => w.entered.map((x) => x.req)));
    const failed = trace.filter(
      (e): e is Extract<TraceEvent, { kind: 'request.end' }> =>
        e.kind === 'request.end' && e.outcome === 'failed',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(entered.has(f.req), `request ${f.req}`).toBe(true);
    for (const w of ws) {
      expect(w.start).toBeGreaterThanOrEqual(w.serverClosedAt);
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      if (w.endedBy === 'failure') expect(w.entered.length).toBeGreaterThan(0);
    }
  });

  it('on issue-96-fixed: the windows still open, but the pool discards before sending into them', () => {
    const { trace } = presetRun('issue-96-fixed');
    const ws = raceWindows(trace);
    expect(ws.length).toBeGreaterThan(0);
    expect(ws.some((w) => w.endedBy === 'discard')).toBe(true);
    expect(ws.filter((w) => w.endedBy === 'failure')).toEqual([]);
  });
});
