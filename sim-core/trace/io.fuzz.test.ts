/**
 * Trace import, fuzzed: real trace files, mutated (sim-core/tests/traceMutations.ts), are either refused with
 * messages naming the line and the field, or accepted — and then indexed, summarised and run
 * through every sim-core view analysis without throwing, with every table sized by id no larger
 * than the file. The app's view models get the same treatment in app/store/viewData.fuzz.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine } from '../machines/pooledConnection';
import { serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { BREAKPOINT_KINDS, type BreakpointCondition, breakpointHits, nextHit } from '../teach/breakpoints';
import { narrate } from '../teach/narrate';
import { fuzzParams, fuzzTimeout } from '../tests/fuzz';
import {
  baseTraces,
  type Imported,
  importTrace,
  refusalProblems,
  type TraceFileCase,
  traceFileArb,
  traceFileText,
} from '../tests/traceMutations';
import { divergences, metricDiffs, windowFacts } from './compare';
import {
  EMPTY_LOG_FILTER,
  eventDetail,
  eventFacets,
  eventKindLabel,
  eventSearchText,
  filterEvents,
} from './eventText';
import { connectionStory, requestStory, segmentStory } from './explain';
import { foldAt, NOT_SEEN, TraceFolder } from './fold';
import { serializeTrace } from './io';
import { latencyHistogram, metricsAt, metricsTables, rateSeries, wholeRunPercentiles } from './metricsSeries';
import { intervalAt } from './raceWindows';
import { buildSpans, spanAt, spansOf } from './spans';
import { activeStateIds, statechartOf } from './statechart';
import { eventDensity, nextEventTime, prevEventTime } from './timeSearch';
import { eventsOf } from './traceIndex';

const CHARTS = {
  tcp: statechartOf(tcpEndpointMachine),
  h11: statechartOf(http11ConnectionMachine),
  belief: statechartOf(pooledConnectionMachine),
  server: statechartOf(serverMachine),
};

/** Times worth looking at: 0, every tenth event's, the end, and past it. */
function probeTimes(imported: Imported): number[] {
  const { index } = imported;
  const out = [0, index.endAt, index.endAt + 1, -1];
  const step = Math.max(1, Math.floor(index.eventCount / 10));
  for (let i = 0; i < index.eventCount; i += step) out.push(index.times[i]!);
  for (const f of index.failures.slice(0, 4)) out.push(f.t, f.times.attemptAt);
  for (const w of index.raceIntervals.slice(0, 4)) out.push(w.start);
  return out;
}

/** Every sim-core analysis a view calls on an imported trace. */
function runSimCoreViews(imported: Imported, other: Imported): void {
  const { trace, index, summary } = imported;
  // The index never sizes a table by more than the file (the id rule).
  expect(index.byConn.offsets.length).toBeLessThanOrEqual(trace.length + 2);
  expect(index.byReq.offsets.length).toBeLessThanOrEqual(trace.length + 2);
  expect(index.segments.rowOfSeg.length).toBeLessThanOrEqual(trace.length + 1);

  // Tables keyed by names from the file count every name, prototype names too.
  const sum = (o: Record<string, unknown>) =>
    Object.values(o).reduce<number>((n, v) => n + (typeof v === 'number' ? v : Number.NaN), 0);
  expect(sum(summary.totals.byErrorClass)).toBe(summary.requests.filter((r) => r.error !== null).length);

  const times = probeTimes(imported);
  const folder = new TraceFolder(trace, index.times, index.keyframes, index.foldOptions);
  const end = folder.seek(index.endAt);
  expect(sum(end.counters.failedByClass)).toBe(end.counters.failed);
  for (const t of [...times, ...[...times].reverse()]) {
    folder.seek(t);
    nextEventTime(index.times, t);
    prevEventTime(index.times, t);
  }
  foldAt(trace, index.endAt / 2, index.foldOptions);
  eventDensity(index.times, 0, index.endAt, 50);

  const ids = (n: number) => [0, -1, n + 1, 2 ** 31, ...Array.from({ length: n }, (_, i) => i + 1)];
  for (const c of index.connections) {
    connectionStory(trace, index, c.id);
    eventsOf(index.byConn, c.id);
  }
  for (const id of ids(3)) connectionStory(trace, index, id);
  for (const r of index.requests) requestStory(trace, index, r.id);
  for (const id of ids(3)) requestStory(trace, index, id);
  for (let row = 0; row < index.segments.count; row++) segmentStory(trace, index, index.segments.seg[row]!);
  for (const id of ids(3)) segmentStory(trace, index, id);

  const spans = buildSpans(trace, index);
  for (const c of spans.conns) {
    spansOf(spans, c.conn);
    for (const [lane, list] of Object.entries(c.states)) {
      for (const t of times) spanAt(list, t);
      const chart =
        lane === 'belief'
          ? CHARTS.belief
          : lane === 'server'
            ? CHARTS.server
            : lane.startsWith('tcp')
              ? CHARTS.tcp
              : CHARTS.h11;
      for (const s of list) activeStateIds(chart, s.state);
    }
  }

  const m = metricsTables(trace, index);
  for (const t of times) metricsAt(m, t);
  latencyHistogram(m);
  rateSeries(m, 40);
  wholeRunPercentiles(m);

  divergences(index, other.index);
  divergences(other.index, index);
  for (const [a, b] of [
    [summary, other.summary],
    [other.summary, summary],
  ] as const) {
    for (const row of metricDiffs(a, b, windowFacts(index), windowFacts(other.index))) {
      expect(row.a === null || Number.isFinite(row.a), row.key).toBe(true);
      expect(row.b === null || Number.isFinite(row.b), row.key).toBe(true);
    }
  }

  for (const w of index.raceIntervals) intervalAt(index.raceIntervals, w.conn, w.start);

  const facets = eventFacets(trace);
  for (const e of trace) {
    eventDetail(e);
    eventKindLabel(e);
    eventSearchText(e);
  }
  filterEvents(trace, facets, index.requests, { ...EMPTY_LOG_FILTER, outcome: 'failed', text: 'req' });
  filterEvents(trace, facets, index.requests, { ...EMPTY_LOG_FILTER, conn: 1, range: [0, index.endAt / 2] });

  narrate(trace);
  const conditions: BreakpointCondition[] = [
    ...BREAKPOINT_KINDS.filter((k) => k !== 'near-timeout').map((kind) => ({ kind }) as BreakpointCondition),
    { kind: 'near-timeout', withinMs: 50 },
    { kind: 'event', match: { kind: 'timer.fire', timer: 'idle-timer', side: 'server' } },
  ];
  for (const c of conditions) nextHit(breakpointHits(trace, c), trace.length >> 1);
}

const RUNS = 2000;

describe('trace import, fuzzed', () => {
  const reference = importTrace(serializeTrace(baseTraces()[0]!.trace, baseTraces()[0]!.scenario));
  if (!reference.ok) throw new Error(reference.problems.join('\n'));

  /** Refused with good messages, or accepted and shown: returns whether it was accepted. */
  const check = (c: TraceFileCase): boolean => {
    const text = traceFileText(c);
    const r = importTrace(text);
    if (!r.ok) {
      expect(refusalProblems(r.problems, text.split('\n').length)).toEqual([]);
      return false;
    }
    runSimCoreViews(r.imported, reference.imported);
    return true;
  };

  it(
    'refuses a mutated file with messages naming line and field, or shows it in every analysis',
    () => {
      let accepted = 0;
      let cases = 0;
      fc.assert(
        fc.property(traceFileArb, (c) => {
          cases++;
          if (check(c)) accepted++;
        }),
        fuzzParams('trace import: parse, index, sim-core analyses', RUNS),
      );
      // The cases must reach the analyses, not only the refusals.
      expect(accepted).toBeGreaterThan(cases / 10);
    },
    fuzzTimeout(RUNS, 5),
  );

  it('a real or captured trace (no state, timer or pool events) imports and shows in every analysis', () => {
    const observed = baseTraces().filter((b) => b.trace[0]?.kind === 'run.start' && b.trace[0].source);
    expect(observed.length).toBeGreaterThan(0);
    for (const b of observed) {
      expect(b.trace.some((e) => e.kind === 'state' || e.kind === 'timer.arm' || e.kind === 'pool')).toBe(
        false,
      );
      const r = importTrace(serializeTrace(b.trace, null));
      if (!r.ok) throw new Error(r.problems.join('\n'));
      expect(r.imported.trace[0]).toMatchObject({ source: 'capture' });
      runSimCoreViews(r.imported, reference.imported);
      // The fold says the machines' states were not seen, rather than their initial states.
      const { index } = r.imported;
      expect(index.foldOptions.observed).toBe(true);
      const mid = foldAt(r.imported.trace, index.times[index.eventCount >> 1]!, index.foldOptions);
      expect(mid.conns.size).toBeGreaterThan(0);
      for (const c of mid.conns.values()) {
        expect([c.belief, c.client.tcp, c.client.h11, c.server?.tcp]).toEqual([
          NOT_SEEN,
          NOT_SEEN,
          NOT_SEEN,
          NOT_SEEN,
        ]);
      }
      // The summary counts what is there: every request that started, finished or not.
      const summary = r.imported.summary;
      expect(summary.requests.length).toBe(b.trace.filter((e) => e.kind === 'request.start').length);
      expect(summary.totals.failed).toBe(
        b.trace.filter((e) => e.kind === 'request.end' && e.outcome === 'failed').length,
      );
    }
  });

  it('regressions the fuzz found', () => {
    // An error class named `__lookupSetter__` was lost from the summary's count by class.
    expect(
      check({
        base: 1775747360,
        header: { kind: 'null-scenario' },
        mutations: [
          {
            op: 'set',
            at: 345225193,
            field: 'error',
            value: { class: '__lookupSetter__', message: '-s', extra: true },
          },
        ],
        renumber: true,
        text: null,
      }),
    ).toBe(true);
    // A deeply nested `conn` on a state event overflowed the stack (comparing it with a number).
    expect(
      check({
        base: 398783567,
        header: { kind: 'set', path: ['scenario', '__lookupSetter__'], value: null },
        mutations: [
          { op: 'remove', at: 1591302673 },
          {
            op: 'set',
            at: 39963658,
            field: 2072998489,
            value: [
              [
                false,
                [
                  null,
                  1.5224968972623418e259,
                  ',$0UfM ',
                  '~e4Z',
                  -4.9544107089921806e263,
                  true,
                  -2.447393586674972e290,
                  '',
                ],
                '%g',
              ],
            ],
          },
          { op: 'set', at: 847873919, field: 'at', value: -1197384618 },
        ],
        renumber: true,
        text: { op: 'deep', at: 2147483622, depth: 100_000, which: 2 },
      }),
    ).toBe(false);
  });
});
