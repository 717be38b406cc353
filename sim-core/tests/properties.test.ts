/**
 * Invariants of the whole simulation over random scenarios and every policy.
 * A failing case prints its scenario; pin it as a regression test in tests/regressions.test.ts.
 * PROPERTY_RUNS=2000 runs more cases (CI runs the default).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES, clientPolicy } from '../policies';
import { runScenario } from '../run';
import type { TraceEvent } from '../trace/events';
import { scenarioArb } from './arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
// Long runs (PROPERTY_RUNS=2000) need more than vitest's 5 s per test.
const TIMEOUT = Math.max(5000, RUNS * 60);
type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;
const ofKind = <K extends TraceEvent['kind']>(trace: TraceEvent[], kind: K) =>
  trace.filter((e): e is Of<K> => e.kind === kind);

describe('simulation invariants (fast-check)', () => {
  it(
    'every request ends exactly once, and every arrival becomes a request',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { trace, summary } = runScenario(scenario);
          const starts = ofKind(trace, 'request.start').map((e) => e.req);
          const ends = ofKind(trace, 'request.end').map((e) => e.req);
          expect(new Set(starts).size).toBe(starts.length);
          expect([...ends].sort((a, b) => a - b)).toEqual([...starts].sort((a, b) => a - b));
          const w = scenario.workload;
          const expected =
            w.kind === 'sequential'
              ? w.gapsMs.length + 1
              : w.kind === 'poisson'
                ? w.count
                : w.kind === 'idle-then-burst'
                  ? w.bursts * w.concurrency
                  : null;
          if (expected !== null) expect(summary.totals.requests).toBe(expected);
          expect(summary.totals.unfinished).toBe(0);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'the client sends no data on a connection after closing it',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { trace } = runScenario(scenario);
          const closedAt = new Map<number, number>();
          for (const e of trace) {
            if (e.kind === 'state' && e.side === 'client' && e.machine === 'tcp' && e.cause === 'close()') {
              if (!closedAt.has(e.conn)) closedAt.set(e.conn, e.seq);
            }
            if (
              e.kind === 'segment.send' &&
              e.side === 'client' &&
              e.flag === 'DATA' &&
              closedAt.has(e.conn)
            ) {
              throw new Error(
                `DATA sent on #${e.conn} at seq ${e.seq} after close at seq ${closedAt.get(e.conn)}`,
              );
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'the server never sends a response without a request to answer',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { trace } = runScenario(scenario);
          const requests = new Map<number, number>();
          const responses = new Map<number, number>();
          for (const e of trace) {
            if (e.kind === 'segment.deliver' && e.side === 'server' && e.flag === 'DATA') {
              requests.set(e.conn, (requests.get(e.conn) ?? 0) + 1);
            }
            if (e.kind === 'segment.send' && e.side === 'server' && e.flag === 'DATA') {
              const n = (responses.get(e.conn) ?? 0) + 1;
              responses.set(e.conn, n);
              expect(n).toBeLessThanOrEqual(requests.get(e.conn) ?? 0);
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a policy without a check or expiry never discards an idle connection before use',
    () => {
      fc.assert(
        fc.property(
          scenarioArb.map((s) => ({ ...s, client: { ...s.client, policy: 'http3-0.6' } })),
          (scenario) => {
            const { trace } = runScenario(scenario);
            expect(ofKind(trace, 'pool').filter((e) => e.decision === 'discard')).toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'with a checking policy, every EOF failure is a FIN and a request crossing in flight',
    () => {
      const checking = scenarioArb.filter(
        // A correct server: a leaky idle timer closes mid-request, which is not this race (see regressions).
        (s) => clientPolicy(s.client.policy)!.detection.atCheckout === 'poll' && !s.server.leakyIdleTimer,
      );
      fc.assert(
        fc.property(checking, (scenario) => {
          const { trace } = runScenario(scenario);
          for (const end of ofKind(trace, 'attempt.end')) {
            if (end.cause !== 'eof') continue;
            const write = ofKind(trace, 'attempt.write').find(
              (w) => w.req === end.req && w.attempt === end.attempt,
            )!;
            expect(write.ok).toBe(true);
            const conn = end.conn;
            const finSent = ofKind(trace, 'segment.send').find(
              (e) => e.conn === conn && e.side === 'server' && e.flag === 'FIN',
            );
            const finArrived = ofKind(trace, 'segment.deliver').find(
              (e) => e.conn === conn && e.side === 'client' && e.flag === 'FIN',
            );
            const requestSent = ofKind(trace, 'segment.send').find(
              (e) =>
                e.conn === conn &&
                e.side === 'client' &&
                e.flag === 'DATA' &&
                e.seq > write.seq - 2 &&
                e.seq < end.seq,
            );
            expect(finSent, 'the server closed the connection').toBeDefined();
            expect(finArrived, 'the FIN reached the client').toBeDefined();
            expect(requestSent).toBeDefined();
            // The FIN had not arrived when the request was written…
            expect(finArrived!.seq).toBeGreaterThan(write.seq);
            // …and the server had closed before the request reached it.
            expect(finSent!.t).toBeLessThanOrEqual(requestSent!.arriveAt);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'retries never exceed the policy’s limit, and every retry names its reason',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const { trace, summary } = runScenario(scenario);
          const retry = clientPolicy(scenario.client.policy)!.retry;
          const limit = retry ? retry.maxRetries : 0;
          for (const r of summary.requests) expect(r.attempts - 1).toBeLessThanOrEqual(limit);
          for (const e of ofKind(trace, 'pool'))
            if (e.decision === 'retry') expect(e.detail.length).toBeGreaterThan(0);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'a non-idempotent request whose bytes were written is never retried by a policy whose source forbids it',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const policy = clientPolicy(scenario.client.policy)!;
          const rule = policy.retry;
          if (!rule || rule.afterWrite === 'any') return;
          if (rule.afterWrite === 'replayable' && scenario.client.idempotencyKey) return;
          const { trace } = runScenario(scenario);
          const method = new Map(ofKind(trace, 'request.start').map((e) => [e.req, e.method]));
          const writes = ofKind(trace, 'attempt.write');
          for (const e of ofKind(trace, 'pool')) {
            if (e.decision !== 'retry' || e.req === null) continue;
            const m = method.get(e.req)!;
            if (m !== 'POST' && m !== 'PATCH') continue;
            // The failed attempt is the last one written before this retry decision.
            const failed = writes.filter((w) => w.req === e.req && w.seq < e.seq).at(-1);
            expect(failed?.ok ?? false, `${policy.name} retried a written ${m} (req ${e.req})`).toBe(false);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'every policy gives the same hash for the same scenario and seed, twice',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          for (const p of CLIENT_POLICIES) {
            const s = { ...scenario, client: { ...scenario.client, policy: p.name } };
            expect(runScenario(s).summary.traceHash).toBe(runScenario(structuredClone(s)).summary.traceHash);
          }
        }),
        { numRuns: 5 },
      );
    },
    TIMEOUT,
  );

  it(
    'the same scenario and seed give the same trace hash',
    () => {
      fc.assert(
        fc.property(scenarioArb, (scenario) => {
          const a = runScenario(scenario).summary.traceHash;
          const b = runScenario(JSON.parse(JSON.stringify(scenario))).summary.traceHash;
          expect(a).toBe(b);
        }),
        { numRuns: 30 },
      );
    },
    TIMEOUT,
  );

  it(
    'switching the client policy leaves an open workload’s arrivals unchanged',
    () => {
      const open = scenarioArb.filter((s) => s.workload.kind !== 'sequential');
      fc.assert(
        fc.property(open, (scenario) => {
          const at = (policy: string) =>
            ofKind(
              runScenario({ ...scenario, client: { ...scenario.client, policy } }).trace,
              'request.start',
            ).map((e) => e.t);
          expect(at('http3-0.6')).toEqual(at('httpx-0.23'));
        }),
        { numRuns: 30 },
      );
    },
    TIMEOUT,
  );
});
