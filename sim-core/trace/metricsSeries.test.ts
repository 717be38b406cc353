import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from '../metrics/percentile';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import {
  binOf,
  latencyHistogram,
  metricsAt,
  metricsTables,
  prefixPercentiles,
  rateSeries,
  wholeRunPercentiles,
} from './metricsSeries';
import { buildTraceIndex } from './traceIndex';

describe('prefix percentiles', () => {
  it('equal the nearest-rank percentile of every prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), (values) => {
        const out = prefixPercentiles(values);
        expect(Number.isNaN(out[0])).toBe(true);
        for (let k = 1; k <= values.length; k++) {
          const s = values.slice(0, k).sort((a, b) => a - b);
          expect([out[k * 3], out[k * 3 + 1], out[k * 3 + 2]]).toEqual([
            percentile(s, 50),
            percentile(s, 95),
            percentile(s, 99),
          ]);
        }
      }),
    );
  });
});

describe('metrics over time', () => {
  it('counts what happened by t in the fixture', () => {
    const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });
    const m = metricsTables(STALE_REUSE_TRACE, index);
    expect(metricsAt(m, 15_999)).toMatchObject({ finished: 0, ok: 0, p50: null, opened: 1 });
    expect(metricsAt(m, 16_000)).toMatchObject({ finished: 1, ok: 1, failed: 0, p50: 16_000, p99: 16_000 });
    const end = metricsAt(m, index.endAt);
    expect(end).toMatchObject({
      finished: 2,
      ok: 1,
      failed: 1,
      indeterminate: 1,
      retries: 0,
      duplicates: 0,
      opened: 1,
      closedByServer: 1,
      closedByClient: 1,
      p50: 50,
      p99: 16_000,
    });
    expect(end.failedByClass).toEqual([['h11._util.RemoteProtocolError', 1]]);
  });

  it('agrees with the run summary at the end of the seed preset', () => {
    const { trace, summary } = presetRun('issue-96', 7);
    const index = buildTraceIndex(trace, { clientExpiryMs: null });
    const m = metricsTables(trace, index);
    const end = metricsAt(m, index.endAt);
    const t = summary.totals;
    expect(end).toMatchObject({
      ok: t.ok,
      okAfterRetry: t.okAfterRetry,
      failed: t.failed,
      indeterminate: t.indeterminate,
      retries: t.retries,
      duplicates: t.duplicateSideEffects,
      opened: t.connectionsOpened,
    });
    expect(Object.fromEntries(end.failedByClass)).toEqual(t.byErrorClass);
    const pct = wholeRunPercentiles(m);
    expect([end.p50, end.p95, end.p99]).toEqual([pct.p50, pct.p95, pct.p99]);
    expect((end.p50 ?? 0) / 1000).toBeCloseTo(t.latencyMs.p50!, 6);
    // Counts never decrease as t grows.
    let prev = metricsAt(m, 0);
    for (let x = 0; x <= index.endAt; x += index.endAt / 50) {
      const now = metricsAt(m, x);
      expect(now.failed).toBeGreaterThanOrEqual(prev.failed);
      expect(now.finished).toBeGreaterThanOrEqual(prev.finished);
      prev = now;
    }
  });

  it('bins latencies so every request lands in exactly one bin', () => {
    const { trace } = presetRun('issue-96', 7);
    const index = buildTraceIndex(trace, { clientExpiryMs: null });
    const m = metricsTables(trace, index);
    const h = latencyHistogram(m, 24);
    expect(h.edges).toHaveLength(25);
    const total = h.ends.reduce((n, b) => n + b.ok.length + b['ok-after-retry'].length + b.failed.length, 0);
    expect(total).toBe(m.finished.end.length);
    // Failures here read EOF within microseconds: they sit in the lowest bins, on a log scale.
    expect(h.log).toBe(true);
    expect(binOf(h.edges, h.edges[0]!)).toBe(0);
    expect(binOf(h.edges, h.edges[24]!)).toBe(23);
  });

  it('spreads finished and failed requests over time bins', () => {
    const { trace, summary } = presetRun('issue-96', 7);
    const index = buildTraceIndex(trace, { clientExpiryMs: null });
    const r = rateSeries(metricsTables(trace, index), 40);
    expect(r.starts).toHaveLength(40);
    expect(r.finished.reduce((a, b) => a + b, 0)).toBe(summary.totals.requests - summary.totals.unfinished);
    expect(r.failed.reduce((a, b) => a + b, 0)).toBe(summary.totals.failed);
  });
});
