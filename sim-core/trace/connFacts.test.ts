import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { presetWithOverridesArb, withSmallLimits } from '../tests/scenarioArbitraries';
import { connectionAt } from './connectionStory';
import {
  beliefPhase,
  buildConnFacts,
  type ConnFactsAt,
  factsAt,
  factsBefore,
  factsOf,
  isServerCloseTransition,
} from './connFacts';
import type { TraceEvent } from './events';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { buildTraceIndex } from './traceIndex';

/**
 * The reference: a connection's facts folded from scratch over the events that have happened
 * (a prefix of the trace), the way each analysis used to work them out on its own.
 */
function foldFacts(happened: readonly TraceEvent[], conn: number): ConnFactsAt {
  const f: ConnFactsAt = {
    serverClosedAt: null,
    finArrivedAt: null,
    resetAt: null,
    releasedAt: null,
    discarded: null,
    idleTimerAt: null,
    idleTimerFiredAt: null,
  };
  for (const e of happened) {
    if (!('conn' in e) || e.conn !== conn) continue;
    switch (e.kind) {
      case 'state':
        if (e.machine === 'tcp' && e.side === 'server' && isServerCloseTransition(e.from, e.to))
          f.serverClosedAt ??= e.t;
        if (e.machine === 'belief' && beliefPhase(e.to) === 'idle' && beliefPhase(e.from) !== 'idle')
          f.releasedAt = e.t;
        break;
      case 'segment.deliver':
        if (e.side === 'client' && e.flag === 'FIN') f.finArrivedAt ??= e.t;
        if (e.side === 'client' && e.flag === 'RST') f.resetAt ??= e.t;
        break;
      case 'pool':
        if (e.decision === 'discard') f.discarded = { t: e.t, reason: e.detail };
        break;
      case 'timer.arm':
      case 'timer.fire':
      case 'timer.cancel':
        if (e.side !== 'server' || e.timer !== 'idle-timer') break;
        f.idleTimerAt = e.kind === 'timer.arm' ? e.at : null;
        if (e.kind === 'timer.fire') f.idleTimerFiredAt = e.t;
        break;
      default:
        break;
    }
  }
  return f;
}

describe('connection facts', () => {
  it('tell the stale-reuse fixture: the server’s close, its FIN, the RST, the release', () => {
    const f = factsOf(buildConnFacts(STALE_REUSE_TRACE), 1)!;
    expect(f.serverClose).toMatchObject({ t: 5_014_000, why: 'after idle-timer' });
    expect(f.serverFin).toMatchObject({ seg: 5, from: 'server', sentAt: 5_014_000, arriveAt: 5_016_000 });
    expect(f.finArrival?.t).toBe(5_016_000);
    expect(f.releases.map((r) => r.t)).toEqual([16_000]);
    expect(factsAt(f, 5_015_000)).toMatchObject({ serverClosedAt: 5_014_000, finArrivedAt: null });
    expect(factsAt(f, 5_013_999).serverClosedAt).toBeNull();
    expect(factsAt(undefined, 5_000_000).serverClosedAt).toBeNull();
  });

  it('as of any time or event, equal a fold from scratch, over random runs', () => {
    fc.assert(
      fc.property(
        presetWithOverridesArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        ({ scenario }, picks) => {
          const { trace } = runScenario(withSmallLimits(scenario, 12));
          const index = buildTraceIndex(trace, { clientExpiryMs: null });
          const table = index.connFacts;
          const endAt = index.endAt;
          for (const p of picks) {
            // A time between events, and exactly an event's time (an event at t has happened).
            const i = Math.min(trace.length - 1, Math.floor(p * trace.length));
            const times = [p * endAt, trace[i]?.t ?? 0];
            for (const t of times) {
              const happened = trace.filter((e) => e.t <= t);
              for (const c of index.connections) {
                expect(factsAt(factsOf(table, c.id), t), `#${c.id} at ${t}`).toEqual(
                  foldFacts(happened, c.id),
                );
              }
            }
            const before = trace.slice(0, i);
            for (const c of index.connections) {
              expect(factsBefore(factsOf(table, c.id), i), `#${c.id} before event ${i}`).toEqual(
                foldFacts(before, c.id),
              );
            }
          }
          // Whole run: the requests a connection carried are the index's, in order.
          for (const c of index.connections) {
            expect(connectionAt(index, c.id)!.requests.map((r) => r.req)).toEqual(c.requests);
          }
        },
      ),
      { seed: 11, numRuns: 25 },
    );
  }, 120_000);
});
