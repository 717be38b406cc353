import { describe, expect, it } from 'vitest';
import { buildTraceIndex, LANE_LINGER_US, presetScenario, TraceFolder, traceClient } from '../../../sim-core';
import { runScenario, STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { WIRE_WIDTH } from './geometry';
import { humanize, shortClass, stageContext, stageFrame } from './model';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
const ctx = stageContext(index);
const folder = new TraceFolder(STALE_REUSE_TRACE, index.times, index.keyframes, index.foldOptions);
const frameAt = (t: number, selection: Parameters<typeof stageFrame>[3] = null) =>
  stageFrame(ctx, folder.seek(t), t, selection, WIRE_WIDTH);

describe('stage frame', () => {
  it('shows a SYN on its way, a third of the way across', () => {
    const f = frameAt(666);
    expect(f.rows).toHaveLength(1);
    expect(f.rows[0]).toMatchObject({
      conn: 1,
      lane: 0,
      belief: { phase: 'connecting' },
      client: { tcp: 'SYN-SENT' },
      server: null,
    });
    expect(f.segments).toEqual([
      expect.objectContaining({ kind: 'SYN', from: 'client', label: 'SYN', progress: 0.333, stack: 0 }),
    ]);
  });

  it('runs the server’s idle timer and the client’s expiry as rings', () => {
    const row = frameAt(2_514_000).rows[0]!;
    expect(row.belief).toEqual({ phase: 'idle', label: 'idle · reusable', tone: 'ok' });
    expect(row.app.label).toBe('keep-alive idle');
    expect(row.idleTimer).toEqual({ remaining: 0.5, text: '2.5 s', expired: false });
    // the client's clock started 2 ms later (when it read the response): its expiry runs 2 ms behind
    expect(row.expiry?.remaining).toBeCloseTo(0.5004, 4);
    expect(row.expiry?.text).toBe('2.5 s');
    expect(row.race).toBeNull();
  });

  it('marks the race window around the close: a request sent then would cross the FIN', () => {
    // Close at 5.014 s, FIN at the client 5.016 s, 2 ms each way: the window is [5.012, 5.016) s.
    expect(frameAt(5_011_000).rows[0]!.race).toBeNull();
    const row = frameAt(5_015_000).rows[0]!;
    expect(row.race).toMatchObject({
      kind: 'race-window',
      caption: 'RACE WINDOW · a request sent now would cross the FIN',
    });
    expect(row.belief.tone).toBe('race');
    expect(row.ariaLabel).toContain('race window: a request sent now crosses the server’s FIN on the wire');
  });

  it('marks a stale connection once the FIN has arrived and the pool still believes it reusable', () => {
    const row = frameAt(5_500_000).rows[0]!;
    expect(row.race?.kind).toBe('stale');
    expect(row.race?.caption).toBe('STALE · FIN arrived 484 ms ago');
    expect(row.belief.tone).toBe('stale');
    expect(row.app).toEqual({ label: 'closed the connection', tone: 'stale' });
    expect(row.client).toMatchObject({ tcp: 'CLOSE-WAIT', note: 'FIN arrived: EOF waiting', tone: 'warn' });
    expect(row.server).toMatchObject({ tcp: 'FIN-WAIT-2', note: 'closed by the server' });
    expect(row.ariaLabel).toContain('stale: the server’s FIN has reached the client');
    expect(row.ariaLabel).not.toContain('race window');
    // the client's expiry (5 s from the release at 16 ms) ran out: shown as expired
    expect(row.expiry).toMatchObject({ remaining: 0, text: 'expired', expired: true });
  });

  it('shows the failure on its row, and the request crossing to the closed server', () => {
    const f = frameAt(6_001_000, { kind: 'req', id: 2 });
    const row = f.rows[0]!;
    expect(row.failure?.short).toBe('✗ req 2: RemoteProtocolError');
    expect(row.race).toBeNull();
    expect(row.selected).toBe(true);
    const kinds = f.segments.map((s) => [s.kind, s.label, s.stack]);
    expect(kinds).toContainEqual(['request', 'POST /auth', 0]);
    expect(kinds).toContainEqual(['FIN', 'FIN', 1]); // right behind the request: stacked clear of it
  });

  it('keeps a finished connection a moment, faded, then frees its row', () => {
    expect(frameAt(6_004_000 + 1000).rows[0]?.done).toBe(true);
    expect(frameAt(6_004_000 + LANE_LINGER_US + 1).rows).toEqual([]);
  });

  it('names unknown states readably', () => {
    expect(humanize('keepAliveIdle')).toBe('keep alive idle');
    expect(humanize('idle.timed')).toBe('idle timed');
    expect(shortClass('h11._util.RemoteProtocolError')).toBe('RemoteProtocolError');
    expect(shortClass('ConnectionError')).toBe('ConnectionError');
  });
});

describe('the client’s own words on the stage', () => {
  // A client whose HTTP layer is not h11 must not be said to have had an h11 error (issue 13).
  // POSTs after gaps just short of uvicorn's 5 s keep-alive timeout, 30 ms each way: the requests
  // cross the server's FIN, and neither client may retry a POST.
  const rowNotesOf = (client: string) => {
    const scenario = presetScenario('issue-96');
    scenario.client = { ...scenario.client, policy: client };
    scenario.network = { ...scenario.network, delayMs: 30 };
    scenario.workload = {
      kind: 'sequential',
      method: 'POST',
      path: '/',
      gapsMs: [900, 4950, 4960, 4970, 4980],
    };
    const { trace } = runScenario(scenario);
    const idx = buildTraceIndex(trace, { clientExpiryMs: null });
    const c = stageContext(idx, traceClient(trace));
    const f = new TraceFolder(trace, idx.times, idx.keyframes, idx.foldOptions);
    const notes = new Set<string>();
    for (const fail of idx.failures)
      for (const row of stageFrame(c, f.seek(fail.t), fail.t, null, WIRE_WIDTH).rows)
        if (row.client.tone === 'bad' && row.client.note) notes.add(row.client.note);
    return { notes, failures: idx.failures.length };
  };

  it('Go net/http’s broken connection is named in Go’s words; http3’s (on h11) in h11’s', () => {
    const go = rowNotesOf('go-net-http');
    expect(go.failures).toBeGreaterThan(0);
    expect([...go.notes]).toEqual(['Go net/http: EOF']);
    const http3 = rowNotesOf('http3-0.6');
    expect(http3.failures).toBeGreaterThan(0);
    expect([...http3.notes]).toEqual(['h11 raised an error']);
  });
});
