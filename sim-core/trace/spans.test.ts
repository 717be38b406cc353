import { describe, expect, it } from 'vitest';
import { clientPolicy } from '../policies';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { isEofInSendResponse } from './connFacts';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { scenarioClientExpiryMs } from './fold';
import { buildSpans, STATE_LANES, spanAt, spansOf } from './spans';
import { buildTraceIndex } from './traceIndex';

describe('spans', () => {
  const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });
  const spans = buildSpans(STALE_REUSE_TRACE, index);
  const c1 = spansOf(spans, 1)!;

  it('turns state events into contiguous spans per lane, ending at the connection’s end', () => {
    expect(c1.start).toBe(0);
    expect(c1.end).toBe(6_004_000);
    expect(c1.states.belief.map((s) => [s.state, s.start, s.end])).toEqual([
      ['connecting', 0, 4000],
      ['active', 4000, 16_000],
      ['idle', 16_000, 6_000_000],
      ['active', 6_000_000, 6_000_050],
      ['closed', 6_000_050, 6_004_000],
    ]);
    expect(c1.states['tcp.server'].map((s) => [s.state, s.start, s.cause])).toEqual([
      ['LISTEN', 2000, 'listen'],
      ['SYN-RECEIVED', 2000, 'SEGMENT SYN'],
      ['ESTABLISHED', 6000, 'SEGMENT ACK'],
      ['FIN-WAIT-1', 5_014_000, 'close()'],
      ['FIN-WAIT-2', 5_018_000, 'SEGMENT ACK'],
      ['CLOSED', 6_002_000, 'SEGMENT DATA'],
    ]);
    for (const lane of STATE_LANES) {
      const list = c1.states[lane];
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBe(list[i - 1]!.end);
    }
    expect(spanAt(c1.states['tcp.client'], 5_500_000)?.state).toBe('CLOSE-WAIT');
    expect(spanAt(c1.states['tcp.client'], -1)).toBeNull();
  });

  it('draws timers from armed to fired or cancelled', () => {
    expect(c1.timers.map((t) => [t.side, t.timer, t.armedAt, t.end, t.ended])).toEqual([
      ['server', 'processing', 6000, 14_000, 'fired'],
      ['server', 'idle-timer', 14_000, 5_014_000, 'fired'],
    ]);
  });

  it('pairs each attempt with its request and response segments', () => {
    const s = index.segments;
    expect(c1.attempts.map((a) => [a.req, a.start, a.end, a.ok])).toEqual([
      [1, 4000, 16_000, true],
      [2, 6_000_000, 6_000_050, false],
    ]);
    const [a1, a2] = c1.attempts;
    expect(s.seg[a1!.requestRow]).toBe(3);
    expect(s.seg[a1!.responseRow]).toBe(4);
    expect(s.seg[a2!.requestRow]).toBe(7);
    expect(a2!.responseRow).toBe(-1);
  });

  it('derives the client expiry from the policy when the trace does not record it', () => {
    const withExpiry = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
    const t = spansOf(buildSpans(STALE_REUSE_TRACE, withExpiry), 1)!.timers.find(
      (x) => x.timer === 'expiry',
    )!;
    expect(t).toMatchObject({
      armedAt: 16_000,
      due: 5_016_000,
      end: 5_016_000,
      derived: true,
      ended: 'fired',
    });
  });

  it('marks every EOF that met SEND_RESPONSE, one per h11 ConnectionClosed failure', () => {
    const { trace, summary } = presetRun('issue-96', 7);
    const idx = buildTraceIndex(trace, { clientExpiryMs: null });
    const sp = buildSpans(trace, idx);
    const h11Failures = summary.requests.filter((r) => r.error?.message.includes('ConnectionClosed')).length;
    expect(h11Failures).toBeGreaterThan(0);
    expect(sp.eofMarks).toHaveLength(h11Failures);
    expect(sp.eofMarks.every((m) => m.req !== null)).toBe(true);
    expect(trace.filter(isEofInSendResponse)).toHaveLength(h11Failures);
    // Marks sit where the failed request's attempt ended.
    for (const m of sp.eofMarks) {
      const r = idx.requests[m.req! - 1]!;
      expect(r.outcome).toBe('failed');
      expect(r.attempts.at(-1)!.endAt).toBeGreaterThanOrEqual(m.t);
    }
  });

  it('packs connections into rows that never overlap in time', () => {
    const { trace } = presetRun('issue-96', 7);
    const idx = buildTraceIndex(trace, { clientExpiryMs: null });
    const sp = buildSpans(trace, idx);
    expect(sp.rows.flat().sort((a, b) => a - b)).toEqual(sp.conns.map((c) => c.conn));
    expect(sp.rows.length).toBeLessThan(sp.conns.length);
    for (const row of sp.rows) {
      for (let i = 1; i < row.length; i++) {
        expect(spansOf(sp, row[i]!)!.start).toBeGreaterThan(spansOf(sp, row[i - 1]!)!.end);
      }
    }
  });

  it('takes a recorded expiry from timer events (timer policies) or from the release (checkout policies)', () => {
    for (const policy of ['node-agent-20', 'httpx-0.23']) {
      const scenario = presetScenario('issue-96', 7);
      scenario.client.policy = policy;
      scenario.workload = { ...scenario.workload, bursts: 6 } as typeof scenario.workload;
      const { trace } = runScenario(scenario);
      const idx = buildTraceIndex(trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) });
      const sp = buildSpans(trace, idx);
      const expiry = sp.conns.flatMap((c) => c.timers.filter((t) => t.timer === 'expiry'));
      expect(expiry.length, policy).toBeGreaterThan(0);
      expect(expiry.every((t) => !t.derived)).toBe(true);
      const ms = clientPolicy(policy)!.idleExpiryMs!;
      // Every bar lasts the idle limit, or less when the connection was reused, discarded or expired.
      for (const t of expiry) {
        expect(t.due - t.armedAt).toBeLessThanOrEqual(ms * 1000);
        expect(t.end).toBeLessThanOrEqual(t.due);
      }
    }
  });
});

describe('spans of a real run', () => {
  it('pair each attempt with the segments that name it, with retries on other connections', () => {
    const scenario = presetScenario('polling-at-timeout');
    scenario.client.policy = 'go-net-http';
    scenario.network = { delayMs: 30, jitterMs: 0 };
    scenario.workload = { kind: 'sequential', gapsMs: [4970, 1000], method: 'GET', path: '/health' };
    const { trace } = runScenario(scenario);
    const index = buildTraceIndex(trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) });
    const spans = buildSpans(trace, index);
    const attempts = [...new Set(index.connections.map((c) => c.id))].flatMap(
      (id) => spansOf(spans, id)!.attempts,
    );
    expect(attempts.filter((a) => a.ok === false)).toHaveLength(1);
    const labels = index.segments.labels;
    for (const a of attempts) {
      expect(a.requestRow, `request of ${a.req}.${a.attempt}`).toBeGreaterThanOrEqual(0);
      expect(labels[index.segments.label[a.requestRow]!]).toBe('GET /health');
      if (a.ok) expect(labels[index.segments.label[a.responseRow]!]).toBe('200 OK');
    }
  });
});
