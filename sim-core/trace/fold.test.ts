import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presetScenario } from '../scenario/presets';
import { buildConnFacts, factsAt, factsOf } from './connFacts';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import {
  buildKeyframes,
  foldAt,
  foldOptionsFor,
  scenarioClientExpiryMs,
  TraceFolder,
  type WorldState,
} from './fold';

const options = foldOptionsFor(STALE_REUSE_TRACE, 5000);
const times = STALE_REUSE_TRACE.map((e) => e.t);

/** A comparable snapshot (Maps → sorted arrays). */
function plain(s: WorldState) {
  return {
    ...s,
    conns: [...s.conns.entries()].sort((a, b) => a[0] - b[0]),
    inFlight: [...s.inFlight.entries()].sort((a, b) => a[0] - b[0]),
  };
}

describe('foldAt on the stale-reuse fixture', () => {
  it('shows the connection idle in the pool while the server has closed it and its FIN is in flight', () => {
    const s = foldAt(STALE_REUSE_TRACE, 5_015_000, options);
    const c = s.conns.get(1)!;
    expect(c.belief).toBe('idle');
    expect(c.client.tcp).toBe('ESTABLISHED');
    expect(c.server?.tcp).toBe('FIN-WAIT-1');
    expect(c.server?.app).toBe('closed');
    // what the connection has been through is its facts, as of t
    expect(factsAt(factsOf(buildConnFacts(STALE_REUSE_TRACE), 1), 5_015_000)).toMatchObject({
      serverClosedAt: 5_014_000,
      finArrivedAt: null,
    });
    expect([...s.inFlight.values()].map((x) => x.flag)).toEqual(['FIN']);
    // the server's idle timer fired; the client's expiry (5 s from release at 16 ms) is derived
    expect(c.timers['server:idle-timer']).toBeUndefined();
    expect(c.timers['client:expiry']).toEqual({ armedAt: 16_000, at: 5_016_000, derived: true });
    expect(s.counters).toMatchObject({ requests: 1, ok: 1, failed: 0, connectionsOpened: 1 });
  });

  it('applies every event at exactly t (an event at t has happened)', () => {
    const s = foldAt(STALE_REUSE_TRACE, 6_000_050, options);
    expect(s.counters.failed).toBe(1);
    expect(s.counters.failedByClass).toEqual({ 'h11._util.RemoteProtocolError': 1 });
    expect(s.conns.get(1)!.lastFailure).toEqual({ req: 2, attempt: 1, t: 6_000_050 });
    expect(s.conns.get(1)!.belief).toBe('closed');
    expect(foldAt(STALE_REUSE_TRACE, 6_000_049, options).counters.failed).toBe(0);
  });

  it('arms and clears timers from timer events, and tracks the request on the connection', () => {
    const processing = foldAt(STALE_REUSE_TRACE, 10_000, options).conns.get(1)!;
    expect(processing.timers['server:processing']).toEqual({ armedAt: 6000, at: 14_000, derived: false });
    expect(processing.request).toEqual({ req: 1, attempt: 1 });
    const idle = foldAt(STALE_REUSE_TRACE, 20_000, options).conns.get(1)!;
    expect(idle.timers['server:processing']).toBeUndefined();
    expect(idle.timers['server:idle-timer']).toEqual({ armedAt: 14_000, at: 5_014_000, derived: false });
    expect(idle.request).toBeNull();
  });

  it('marks a connection done when both sockets are closed and nothing is in flight, then evicts it', () => {
    expect(foldAt(STALE_REUSE_TRACE, 6_003_000, options).conns.get(1)!.doneAt).toBeNull();
    expect(foldAt(STALE_REUSE_TRACE, 6_004_000, options).conns.get(1)!.doneAt).toBe(6_004_000);
    const later = foldAt(STALE_REUSE_TRACE, 6_004_000 + options.evictAfterUs + 1, options);
    expect(later.conns.size).toBe(0);
  });

  it('derives no expiry when the policy has none, and none when the trace records it', () => {
    const none = foldOptionsFor(STALE_REUSE_TRACE, null);
    expect(foldAt(STALE_REUSE_TRACE, 20_000, none).conns.get(1)!.timers['client:expiry']).toBeUndefined();
    const recorded = [
      ...STALE_REUSE_TRACE,
      {
        seq: STALE_REUSE_TRACE.length,
        t: 6_004_000,
        kind: 'timer.arm',
        conn: 1,
        side: 'client',
        timer: 'expiry',
        at: 7_000_000,
      } as const,
    ];
    expect(foldOptionsFor(recorded, 5000).deriveExpiry).toBe(false);
  });

  it('reads the expiry from a release’s expiresAt when the trace has it, and clears it at checkout', () => {
    const withExpiry = STALE_REUSE_TRACE.map((e) =>
      e.kind === 'pool' && e.decision === 'release' ? { ...e, expiresAt: 4_016_000 } : e,
    );
    const opts = foldOptionsFor(withExpiry, 5000);
    expect(opts.deriveExpiry).toBe(false);
    expect(foldAt(withExpiry, 20_000, opts).conns.get(1)!.timers['client:expiry']).toEqual({
      armedAt: 16_000,
      at: 4_016_000,
      derived: false,
    });
    expect(foldAt(withExpiry, 6_000_000, opts).conns.get(1)!.timers['client:expiry']).toBeUndefined();
  });

  it('reads the client expiry from the scenario override or the policy', () => {
    const s = presetScenario('issue-96');
    expect(scenarioClientExpiryMs(s)).toBeNull(); // http3 0.6 has no expiry
    expect(scenarioClientExpiryMs({ ...s, client: { ...s.client, idleExpiryMs: 1234 } })).toBe(1234);
    expect(scenarioClientExpiryMs(presetScenario('issue-96-fixed'))).toBe(5000);
  });
});

describe('TraceFolder (keyframes + incremental) equals the reference fold', () => {
  const check = (trace: typeof STALE_REUSE_TRACE, expiryMs: number | null, every: number) => {
    const opts = foldOptionsFor(trace, expiryMs, 2_000_000);
    const ts = trace.map((e) => e.t);
    const folder = new TraceFolder(trace, ts, buildKeyframes(trace, opts, every), opts);
    const end = ts[ts.length - 1]!;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10, max: end + 3_000_000 }), { minLength: 1, maxLength: 25 }),
        (seeks) => {
          for (const t of seeks) expect(plain(folder.seek(t))).toEqual(plain(foldAt(trace, t, opts)));
        },
      ),
      { numRuns: 40 },
    );
  };

  it('on the fixture, with a keyframe every 7 events', () => check(STALE_REUSE_TRACE, 5000, 7));
  it('on issue-96 (http3 0.6)', () => check(presetRun('issue-96').trace, null, 200));
  it('on issue-96-fixed (httpx 0.23, derived expiry)', () =>
    check(presetRun('issue-96-fixed').trace, 5000, 300));

  it('keeps keyframes independent of the live state', () => {
    const kfs = buildKeyframes(STALE_REUSE_TRACE, options, 10);
    const folder = new TraceFolder(STALE_REUSE_TRACE, times, kfs, options);
    const before = JSON.stringify(kfs.map((k) => plain(k.state)));
    folder.seek(6_004_000);
    folder.seek(15_000);
    folder.seek(6_004_000);
    expect(JSON.stringify(kfs.map((k) => plain(k.state)))).toBe(before);
  });
});
