/**
 * The app's view data on imported traces, fuzzed: real trace files, mutated
 * (sim-core/tests/traceMutations.ts), either are refused with messages naming the line and
 * the field, or go through what the trace-import worker does (parse, index, summary) and then
 * every pure view model the page computes from a run — queries, breakpoint hits, the stage and
 * its table, the timeline, the log, narration, adaptive playback, the inspector's machine lookup,
 * the summary — without throwing. (The sim-core analyses: sim-core/trace/io.fuzz.test.ts.)
 */
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  connectionStory,
  eventFacets,
  narrate,
  STATE_LANES,
  segmentStory,
  TraceFolder,
} from '../../sim-core';
import {
  fuzzParams,
  fuzzTimeout,
  type Imported,
  importTrace,
  refusalProblems,
  type TraceFileCase,
  traceFileArb,
  traceFileText,
} from '../../sim-core/testing';
import { adaptiveRate, baselineRate, describeFactor, describeRate } from '../playback/adaptiveRate';
import { rowCells } from '../views/a11y-table/ConnectionTable';
import { machineKindFor } from '../views/inspector/InspectorPanel';
import { rowEntity, rowMatches } from '../views/log/logList';
import { Narrator } from '../views/narration/narrator';
import { WIRE_WIDTH } from '../views/stage/geometry';
import { stageContext, stageFrame } from '../views/stage/model';
import { SummaryView } from '../views/summary/SummaryView';
import { firstAliveAt, stateLook, timelineModel } from '../views/timeline/model';
import { extentOf } from '../views/timeline/TimelineView';
import { hitAfter, hitBefore, lastSeqAt } from './breakpointHits';
import {
  countersAt,
  firstFailureAfter,
  lastFailureAtOrBefore,
  lastFailureBefore,
  requestStatusAt,
  requestStatusKey,
} from './queries';
import type { Selection } from './types';

const BREAKPOINTS = [
  { kind: 'failure' },
  { kind: 'stale-write' },
  { kind: 'retry' },
  { kind: 'near-timeout', withinMs: 50 },
  { kind: 'event', match: { kind: 'timer.fire', timer: 'idle-timer', side: 'server' } },
] as const;

function viewData({ trace, index, summary }: Imported): void {
  const times = [0, -1, index.endAt, index.endAt + 1];
  const step = Math.max(1, Math.floor(index.eventCount / 8));
  for (let i = 0; i < index.eventCount; i += step) times.push(index.times[i]!);
  // Where PageDown and the breakpoints take the cursor: failures and race windows.
  for (const f of index.failures.slice(0, 4)) times.push(f.t, f.times.attemptAt);
  for (const w of index.raceIntervals.slice(0, 4)) times.push(w.start);

  const selections: Selection[] = [
    ...index.connections.slice(0, 6).map((c) => ({ kind: 'conn' as const, id: c.id })),
    ...index.requests.slice(0, 6).map((r) => ({ kind: 'req' as const, id: r.id })),
    ...Array.from(index.segments.seg.slice(0, 6), (id) => ({ kind: 'seg' as const, id })),
    { kind: 'conn', id: 0 },
    { kind: 'req', id: -1 },
    { kind: 'seg', id: 2 ** 31 },
  ];

  const ctx = stageContext(index);
  const folder = new TraceFolder(trace, index.times, index.keyframes, index.foldOptions);
  const narrator = new Narrator(narrate(trace));
  const baseline = baselineRate(index);
  const facets = eventFacets(trace);
  const highlights = new Set(index.connections.slice(0, 2).map((c) => c.id));
  for (const [k, t] of times.entries()) {
    const selection = selections[k % selections.length]!;
    countersAt(index, t);
    for (const r of index.requests.slice(0, 12)) requestStatusKey(index, r.id, t);
    requestStatusAt(index, selection.id, t);
    firstFailureAfter(index.failures, t);
    lastFailureBefore(index.failures, t);
    lastFailureAtOrBefore(index.failures, t);
    for (const c of index.connections.slice(0, 6)) connectionStory(trace, index, c.id, t);
    connectionStory(trace, index, selection.id, t);
    segmentStory(trace, index, selection.id);
    const frame = stageFrame(ctx, folder.seek(t), t, selection, WIRE_WIDTH, highlights);
    for (const row of frame.rows) rowCells(row);
    for (const c of BREAKPOINTS) {
      hitAfter(trace, index.times, c, t);
      hitBefore(trace, c, t);
    }
    const seq = lastSeqAt(index.times, t);
    narrator.moveTo(seq, t, k % 3 === 0 ? 'step' : 'play', k * 1000);
    describeRate(adaptiveRate(index, t, baseline).rate);
    describeFactor(baseline);
    if (seq >= 0) {
      rowEntity(facets, seq);
      rowMatches(facets, seq, selection);
    }
    extentOf(index, selection);
  }

  const timeline = timelineModel(trace, index);
  for (const row of timeline.rows) for (const t of times) firstAliveAt(row, t);
  for (const c of timeline.spans.conns)
    for (const lane of STATE_LANES) for (const s of c.states[lane]) stateLook(lane, s.state);
  for (const lane of STATE_LANES) machineKindFor(lane, trace);

  renderToStaticMarkup(createElement(SummaryView, { summary, elapsedMs: 12 }));
}

const RUNS = 2000;

/** Refused with good messages, or accepted and every view model computed: returns whether it was accepted. */
function check(c: TraceFileCase): boolean {
  const text = traceFileText(c);
  const r = importTrace(text);
  if (!r.ok) {
    expect(refusalProblems(r.problems, text.split('\n').length)).toEqual([]);
    return false;
  }
  viewData(r.imported);
  return true;
}

describe('view data of imported traces, fuzzed', () => {
  it(
    'refuses a mutated file with messages naming line and field, or computes every view model',
    () => {
      let accepted = 0;
      let cases = 0;
      fc.assert(
        fc.property(traceFileArb, (c) => {
          cases++;
          if (check(c)) accepted++;
        }),
        fuzzParams('trace import: app view models', RUNS),
      );
      expect(accepted).toBeGreaterThan(cases / 10);
    },
    fuzzTimeout(RUNS, 8),
  );

  it('regressions the fuzz found', () => {
    // A deeply nested `conn` on a state event overflowed the stack: refused with "the file could not be read".
    expect(
      check({
        base: 1987465930,
        header: {
          kind: 'set',
          path: ['scenario', 'workload', 'kind'],
          value: { class: '', message: -2067328390 },
        },
        mutations: [],
        renumber: false,
        text: { op: 'deep', at: 2075359471, depth: 100_000, which: 2 },
      }),
    ).toBe(false);
  });
});
