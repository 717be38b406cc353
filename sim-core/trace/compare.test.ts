import { describe, expect, it } from 'vitest';
import { summarize } from '../metrics/summary';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { divergences, firstDivergence, metricDiffs, windowFacts } from './compare';
import { scenarioClientExpiryMs } from './fold';
import { buildTraceIndex } from './traceIndex';

function run(policy: string) {
  const scenario = presetScenario('issue-96', 7);
  scenario.client.policy = policy;
  const { trace, summary } = runScenario(scenario);
  return { summary, index: buildTraceIndex(trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) }) };
}

describe('compare', () => {
  const a = run('http3-0.6');
  const b = run('httpx-0.23');

  it('finds the first request whose outcome differs, the same request of the same workload', () => {
    const first = firstDivergence(a.index, b.index)!;
    expect(first).not.toBeNull();
    const failedA = a.index.requests.find((r) => r.outcome === 'failed')!;
    // Every earlier request ended the same way in both runs.
    for (const r of a.index.requests.filter((x) => x.id < first.req)) {
      expect(b.index.requests[r.id - 1]!.outcome).toBe(r.outcome);
    }
    expect(first.req).toBeLessThanOrEqual(failedA.id);
    expect(first.a.outcome).not.toBe(first.b.outcome);
    expect(first.a.startAt).toBe(b.index.requests[first.req - 1]!.startAt); // same workload, same arrival
    expect(first.t).toBe(first.a.startAt);
  });

  it('lists every differing request once, and none for a run against itself', () => {
    const all = divergences(a.index, b.index);
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((d) => d.req)).size).toBe(all.length);
    expect(divergences(a.index, a.index)).toEqual([]);
    expect(firstDivergence(a.index, a.index)).toBeNull();
  });

  it('tabulates metric differences with fewer failures for the fixed client', () => {
    const rows = metricDiffs(a.summary, b.summary, windowFacts(a.index), windowFacts(b.index));
    const failed = rows.find((r) => r.key === 'failed')!;
    expect(failed.a).toBe(a.summary.totals.failed);
    expect(failed.b).toBe(b.summary.totals.failed);
    expect(failed.b!).toBeLessThan(failed.a!);
    expect(failed.delta).toBe(failed.b! - failed.a!);
    expect(failed.better).toBe('b');
    const requests = rows.find((r) => r.key === 'requests')!;
    expect(requests.delta).toBe(0);
    expect(requests.better).toBeNull();
    // One row per error class seen in either run, under "Failed".
    const classes = rows.filter((r) => r.key.startsWith('failed:'));
    expect(classes.every((r) => r.sub)).toBe(true);
    expect(classes.map((r) => r.label).sort()).toEqual(
      [
        ...new Set([
          ...Object.keys(a.summary.totals.byErrorClass),
          ...Object.keys(b.summary.totals.byErrorClass),
        ]),
      ].sort(),
    );
    expect(rows.find((r) => r.key === 'p50')!.unit).toBe('ms');
    // Race windows and stale connections are counted apart: issue-96's failures were all stale
    // reuse (failureKinds), so every one of them was sent on a stale connection, none into a race window.
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('stale-entered').a).toBe(a.summary.totals.failed);
    expect(row('race-entered').a).toBe(0);
    expect(row('stale-entered').b).toBe(0);
    expect(row('race-windows').b).toBeGreaterThan(0);
  });

  it('counts error classes named after Object.prototype like any other (an imported trace may name them)', () => {
    const base = a.summary;
    const withClass = (cls: string) => {
      const trace = runScenario(presetScenario('issue-96', 7)).trace.map((e) =>
        e.kind === 'request.end' && e.error ? { ...e, error: { ...e.error, class: cls } } : e,
      );
      return summarize(trace);
    };
    for (const cls of ['constructor', '__proto__', 'toString']) {
      const s = withClass(cls);
      expect(Object.hasOwn(s.totals.byErrorClass, cls)).toBe(true);
      expect(s.totals.byErrorClass[cls]).toBe(s.totals.failed);
      const rows = metricDiffs(base, s);
      // Run A has no such class: 0, not Object.prototype's property.
      expect(rows.find((r) => r.key === `failed:${cls}`)).toMatchObject({ a: 0, b: s.totals.failed });
    }
  });
});
