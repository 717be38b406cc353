import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureKind } from '../metrics/failureKinds';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { beliefPhase, buildConnFacts, type ConnFactsTable } from './connFacts';
import type { TraceEvent } from './events';
import { explainFailures } from './failures';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { countIntervals, intervalAt, type RaceInterval, raceIntervals } from './raceWindows';

/** Every failed request's kind (failureKinds) against the interval its request left in. */
function checkAgainstFailureKinds(trace: readonly TraceEvent[]): { kinds: string[] } {
  const intervals = raceIntervals(trace);
  const kinds: string[] = [];
  for (const f of explainFailures(trace)) {
    const kind = failureKind(f.cause, f.times);
    kinds.push(kind);
    const left = f.times.writtenAt ?? f.times.attemptAt;
    const w = intervalAt(intervals, f.conn, left);
    const where = `request ${f.req} (${kind}) left #${f.conn} at ${left}`;
    if (kind === 'race-window' || kind === 'stale-reuse') {
      expect(w?.kind, where).toBe(kind === 'race-window' ? 'race-window' : 'stale');
      expect(
        w!.entered.map((x) => x.req),
        where,
      ).toContain(f.req);
    } else {
      expect(w?.entered.some((x) => x.req === f.req) ?? false, where).toBe(false);
    }
  }
  // The converse: a failed request that entered an interval failed as that interval says.
  const failed = new Map(explainFailures(trace).map((f) => [f.req, failureKind(f.cause, f.times)]));
  for (const w of intervals) {
    for (const x of w.entered) {
      const k = failed.get(x.req);
      if (k)
        expect(k, `request ${x.req} in the ${w.kind} of #${w.conn}`).toBe(
          w.kind === 'stale' ? 'stale-reuse' : 'race-window',
        );
    }
  }
  return { kinds };
}

/**
 * The derivation: a race window starts δ before the close, or at the release that put the
 * connection back in the pool if that came later (even after the close: the pool got it back with
 * the FIN still on its way), and ends at the evidence.
 */
function checkDerivation(w: RaceInterval, facts: ConnFactsTable): void {
  expect(w.start).toBeGreaterThanOrEqual(w.serverClosedAt - w.requestDelay);
  if (w.kind === 'race-window') {
    if (w.start > w.serverClosedAt - w.requestDelay) {
      const f = facts.conns.find((c) => c.conn === w.conn)!;
      const released = f.beliefs.some((b) => b.t === w.start && beliefPhase(b.to) === 'idle');
      expect(released, `race window of #${w.conn} starts at ${w.start}: a release`).toBe(true);
    }
    if (w.endedBy === 'evidence') expect(w.end).toBe(w.evidenceAt);
  } else {
    expect(w.evidenceAt).not.toBeNull();
    expect(w.start).toBeGreaterThanOrEqual(w.evidenceAt!);
  }
  expect(w.end).toBeGreaterThan(w.start);
}

describe('race windows and stale intervals', () => {
  it('split the hand-written stale reuse: the race window around the close, then stale until the failure', () => {
    // Close at 5.014 s, FIN arrives 5.016 s, client segments take 2 ms: the race window is
    // [5.012, 5.016) s — a request leaving after 5.012 s arrives after 5.014 s; the reuse at 6 s is stale.
    expect(raceIntervals(STALE_REUSE_TRACE)).toEqual([
      {
        kind: 'race-window',
        conn: 1,
        start: 5_012_000,
        end: 5_016_000,
        serverClosedAt: 5_014_000,
        finArrivedAt: 5_016_000,
        evidenceAt: 5_016_000,
        requestDelay: 2_000,
        entered: [],
        endedBy: 'evidence',
        discardReason: null,
      },
      {
        kind: 'stale',
        conn: 1,
        start: 5_016_000,
        end: 6_000_050,
        serverClosedAt: 5_014_000,
        finArrivedAt: 5_016_000,
        evidenceAt: 5_016_000,
        requestDelay: 2_000,
        entered: [{ req: 2, t: 6_000_000 }],
        endedBy: 'failure',
        discardReason: null,
      },
    ]);
    checkAgainstFailureKinds(STALE_REUSE_TRACE);
  });

  it('end stale with the pool’s discard when it notices first, and at the run’s end if it never does', () => {
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
    const stale = raceIntervals([...upTo, ...tail]).filter((w) => w.kind === 'stale');
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({
      end: 6_000_000,
      endedBy: 'discard',
      discardReason: 'expired',
      entered: [],
    });
    expect(raceIntervals(upTo).find((w) => w.kind === 'stale')).toMatchObject({
      start: 5_016_000,
      end: 5_018_000,
      endedBy: 'run-end',
    });
  });

  it('have no race window when the pool gets the connection back only after the FIN arrived', () => {
    const moved = STALE_REUSE_TRACE.map((e) =>
      e.kind === 'state' && e.machine === 'belief' && e.to === 'idle' ? { ...e, t: 5_020_000 } : e,
    ).sort((a, b) => a.t - b.t || a.seq - b.seq);
    expect(raceIntervals(moved).map((w) => [w.kind, w.start])).toEqual([['stale', 5_020_000]]);
  });

  it('find the interval of a connection at a time', () => {
    const ws = raceIntervals(STALE_REUSE_TRACE);
    expect(intervalAt(ws, 1, 5_011_999)).toBeNull();
    expect(intervalAt(ws, 1, 5_012_000)?.kind).toBe('race-window');
    expect(intervalAt(ws, 1, 5_015_999)?.kind).toBe('race-window');
    expect(intervalAt(ws, 1, 5_016_000)?.kind).toBe('stale');
    expect(intervalAt(ws, 1, 6_000_049)?.kind).toBe('stale');
    expect(intervalAt(ws, 1, 6_000_050)).toBeNull();
    expect(intervalAt(ws, 2, 5_500_000)).toBeNull();
  });

  it('on issue-96: every failure was a stale reuse, sent on a stale connection; none entered a race window', () => {
    const { trace } = presetRun('issue-96');
    const { kinds } = checkAgainstFailureKinds(trace);
    expect(kinds.length).toBeGreaterThan(0);
    const n = countIntervals(raceIntervals(trace));
    expect(n.stale.entered).toBe(kinds.filter((k) => k === 'stale-reuse').length);
    expect(n['race-window'].entered).toBe(0);
    const facts = buildConnFacts(trace);
    for (const w of raceIntervals(trace, facts)) checkDerivation(w, facts);
  });

  it('on polling-at-timeout: the requests sent as the server closes cross its FIN, and are counted apart', () => {
    const { trace } = presetRun('polling-at-timeout');
    const { kinds } = checkAgainstFailureKinds(trace);
    const n = countIntervals(raceIntervals(trace));
    expect(n['race-window'].entered).toBe(kinds.filter((k) => k === 'race-window').length);
    expect(n['race-window'].entered).toBeGreaterThan(0);
    expect(n.stale.entered).toBe(kinds.filter((k) => k === 'stale-reuse').length);
  });

  it('on issue-96-fixed (no failure): race windows about one round trip wide, the long stretches stale', () => {
    const { trace } = presetRun('issue-96-fixed');
    const facts = buildConnFacts(trace);
    const ws = raceIntervals(trace, facts);
    const races = ws.filter((w) => w.kind === 'race-window');
    expect(races.length).toBeGreaterThan(0);
    for (const w of ws) {
      checkDerivation(w, facts);
      expect(w.entered).toEqual([]);
      expect(w.endedBy).not.toBe('failure');
    }
    // About one round trip (2 ms each way, 0.5 ms jitter): never the 1.25 s of the stale time.
    for (const w of races) expect(w.end - w.start).toBeLessThan(6_000);
    expect(Math.max(...ws.filter((w) => w.kind === 'stale').map((w) => w.end - w.start))).toBeGreaterThan(
      1_000_000,
    );
  });

  it('regression (issue-96-fixed seed 4): a request that left in the race window but reached the server before its close did not cross', () => {
    // Found by the property below: request 27 left #15 2.2 ms before the close, on a segment faster
    // than the connection's slowest, reached the server first, and failed as closed-mid-request.
    const s = presetScenario('issue-96-fixed', 4);
    const { trace } = runScenario({ ...s, limits: { ...s.limits, maxRequests: 60 } });
    const w = raceIntervals(trace).find((x) => x.conn === 15 && x.kind === 'race-window')!;
    const f = explainFailures(trace).find((x) => x.req === 27)!;
    expect(failureKind(f.cause, f.times)).toBe('closed-mid-request');
    const left = f.times.writtenAt!;
    expect(left).toBeGreaterThanOrEqual(w.start);
    expect(left).toBeLessThan(w.serverClosedAt);
    expect(f.times.requestArrivedAt).toBeLessThanOrEqual(w.serverClosedAt);
    expect(w.entered.map((x) => x.req)).not.toContain(27);
    checkAgainstFailureKinds(trace);
  });

  it('regression (leaky-idle-timer seed 3697): a race window starts at a release that came after the close', () => {
    // Found by the property below: the pool got #4 back 1 ms after the server closed it, with the
    // FIN still on its way; the window starts at that release, after the close.
    const s = presetScenario('leaky-idle-timer', 3697);
    const { trace } = runScenario({ ...s, limits: { ...s.limits, maxRequests: 60 } });
    const facts = buildConnFacts(trace);
    const w = raceIntervals(trace, facts).find((x) => x.conn === 4 && x.kind === 'race-window')!;
    expect(w.start).toBeGreaterThan(w.serverClosedAt);
    expect(w.start).toBeLessThan(w.evidenceAt!);
    checkDerivation(w, facts);
  });

  it('agree with failureKinds on every preset and seed (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('issue-96', 'polling-at-timeout', 'leaky-idle-timer', 'issue-96-fixed'),
        fc.integer({ min: 1, max: 10_000 }),
        (preset, seed) => {
          const s = presetScenario(preset, seed);
          const { trace } = runScenario({ ...s, limits: { ...s.limits, maxRequests: 60 } });
          checkAgainstFailureKinds(trace);
          const facts = buildConnFacts(trace);
          for (const w of raceIntervals(trace, facts)) checkDerivation(w, facts);
        },
      ),
      { numRuns: 12 },
    );
  });
});
