// runOutcomes(s, { requests: false }) folds each request into the totals as it ends and keeps no
// per-request summaries: its totals must be the full run's, key order included (their JSON).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES } from '../policies';
import { runOutcomes, runScenario } from '../run';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { scenarioArb } from '../tests/arbitraries';
import type { TraceEvent } from '../trace/events';
import { SummaryBuilder } from './summary';

const RUN_START = {
  seq: 0,
  t: 0,
  kind: 'run.start',
  version: 1,
  scenario: 'x',
  seed: 1,
  client: 'c',
  server: 's',
  variants: { belief: 'timed', server: 'correct' },
} as TraceEvent;

function expectSameTotals(s: Scenario) {
  const full = runScenario(s).summary;
  const lean = runOutcomes(s, { requests: false }).summary;
  expect(lean.requests).toEqual([]);
  expect(JSON.stringify(lean.totals)).toBe(JSON.stringify(full.totals));
  const { traceHash: _h, requests: _r, ...head } = full;
  const { requests: _l, ...leanHead } = lean;
  expect(JSON.stringify(leanHead)).toBe(JSON.stringify(head));
  return full.totals;
}

describe('runOutcomes without per-request summaries', () => {
  it('gives the full run’s totals and head for every preset × client', () => {
    for (const preset of PRESET_NAMES) {
      for (const policy of CLIENT_POLICIES) {
        const s = presetScenario(preset, 1);
        s.client.policy = policy.name;
        expectSameTotals(s);
      }
    }
  });

  it('keeps the classes and causes in the order their requests started, not ended', () => {
    const events: TraceEvent[] = [
      RUN_START,
      { seq: 1, t: 1, kind: 'request.start', req: 1, method: 'GET', path: '/', gapMs: null },
      { seq: 2, t: 2, kind: 'request.start', req: 2, method: 'POST', path: '/', gapMs: null },
      { seq: 3, t: 3, kind: 'request.start', req: 3, method: 'GET', path: '/', gapMs: null },
      {
        seq: 4,
        t: 4,
        kind: 'request.end',
        req: 3,
        outcome: 'failed',
        error: { class: 'C', message: '' },
        cause: 'timeout',
        indeterminate: false,
        latency: 1,
      },
      {
        seq: 5,
        t: 5,
        kind: 'request.end',
        req: 2,
        outcome: 'failed',
        error: { class: 'B', message: '' },
        cause: 'write-failed',
        indeterminate: true,
        latency: 3,
      },
      {
        seq: 6,
        t: 6,
        kind: 'request.end',
        req: 1,
        outcome: 'failed',
        error: { class: 'A', message: '' },
        cause: 'race-window',
        indeterminate: false,
        latency: 5,
      },
      { seq: 7, t: 7, kind: 'server.handle', req: 2, conn: 1, count: 1 },
      { seq: 8, t: 8, kind: 'server.handle', req: 2, conn: 1, count: 2 },
      { seq: 9, t: 9, kind: 'run.end', reason: 'done' },
    ] as TraceEvent[];
    const totals = (keep: boolean) => {
      const b = new SummaryBuilder(keep);
      for (const e of events) b.add(e, e.t);
      return b.summary(null).totals;
    };
    const lean = totals(false);
    expect(Object.keys(lean.byErrorClass)).toEqual(['A', 'B', 'C']);
    expect(Object.keys(lean.byCause)).toEqual(['race-window', 'write-failed', 'timeout']);
    // The POST handled twice after it ended is still counted as a duplicate.
    expect(lean.duplicateSideEffects).toBe(1);
    expect(JSON.stringify(lean)).toBe(JSON.stringify(totals(true)));
  });

  it('lists the requests in the order they started, whatever their ids; a repeated start keeps its place', () => {
    const start = (seq: number, req: number, method = 'GET') =>
      ({ seq, t: seq, kind: 'request.start', req, method, path: '/', gapMs: null }) as TraceEvent;
    const events = [RUN_START, start(1, 7), start(2, 3), start(3, 12), start(4, 3, 'POST')];
    const b = new SummaryBuilder(true);
    for (const e of events) b.add(e, e.t);
    const requests = b.summary(null).requests;
    expect(requests.map((r) => r.id)).toEqual([7, 3, 12]);
    // As a Map's set: the second start replaced the first, in the first's place.
    expect(requests[1]!.method).toBe('POST');
    expect(requests[1]!.sentAtMs).toBe(0.004);
  });

  it('gives the full run’s totals on random scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expectSameTotals(s);
      }),
      { numRuns: 80 },
    );
  });
});
