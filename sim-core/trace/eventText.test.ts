import { describe, expect, it } from 'vitest';
import {
  EMPTY_LOG_FILTER,
  EVENT_GROUPS,
  eventDetail,
  eventEntity,
  eventFacets,
  eventKindLabel,
  filterEvents,
  groupOf,
  isFilterEmpty,
} from './eventText';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { buildTraceIndex } from './traceIndex';

describe('event rows', () => {
  const trace = STALE_REUSE_TRACE;
  const index = buildTraceIndex(trace, { clientExpiryMs: null });
  const facets = eventFacets(trace);
  const filter = (f: Partial<typeof EMPTY_LOG_FILTER>) => [
    ...filterEvents(trace, facets, index.requests, { ...EMPTY_LOG_FILTER, ...f }),
  ];

  it('describe every event in one line', () => {
    const fin = trace.find((e) => e.kind === 'segment.send' && e.flag === 'FIN')!;
    expect(eventEntity(fin)).toBe('#1 server');
    expect(eventKindLabel(fin)).toBe('send');
    expect(eventDetail(fin)).toBe('sends FIN seg 5, arrives in 2 ms');
    const end = trace.find((e) => e.kind === 'request.end' && e.outcome === 'failed')!;
    expect(eventEntity(end)).toBe('req 2');
    expect(eventDetail(end)).toBe(
      "failed — h11._util.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE (indeterminate), 0.05 ms",
    );
    const state = trace.find((e) => e.kind === 'state' && e.machine === 'tcp' && e.to === 'CLOSE-WAIT')!;
    expect(`${eventKindLabel(state)}: ${eventDetail(state)}`).toBe(
      'tcp state: ESTABLISHED → CLOSE-WAIT (SEGMENT FIN)',
    );
    for (const e of trace) expect(eventDetail(e).length).toBeGreaterThan(0);
  });

  it('filter by group, connection, request, outcome, text and range', () => {
    expect(isFilterEmpty(EMPTY_LOG_FILTER)).toBe(true);
    expect(filter({})).toEqual(trace.map((e) => e.seq));
    expect(filter({ groups: ['timer'] }).every((s) => groupOf(trace[s]!) === 'timer')).toBe(true);
    expect(filter({ req: 2 }).map((s) => trace[s]!.kind)).toEqual([
      'request.start',
      'pool',
      'attempt.start',
      'attempt.write',
      'attempt.end',
      'request.end',
    ]);
    // Failed requests: their own events plus what happened on their connection during the attempt.
    const failed = filter({ outcome: 'failed' });
    expect(failed).toContain(
      trace.findIndex((e) => e.kind === 'segment.send' && e.flag === 'DATA' && e.t === 6_000_000),
    );
    expect(failed.every((s) => trace[s]!.t >= 6_000_000 && trace[s]!.t <= 6_000_050)).toBe(true);
    expect(filter({ outcome: 'indeterminate' })).toEqual(failed);
    expect(filter({ text: 'fin  CLOSE-WAIT' }).map((s) => eventDetail(trace[s]!))).toEqual([
      'ESTABLISHED → CLOSE-WAIT (SEGMENT FIN)',
    ]);
    expect(
      filter({ range: [5_014_000, 5_016_000] }).every(
        (s) => trace[s]!.t >= 5_014_000 && trace[s]!.t <= 5_016_000,
      ),
    ).toBe(true);
    expect(filter({ conn: 1, groups: ['segment'], text: 'rst' })).toHaveLength(2);
  });

  it('gives every event of a real run a group and its entity ids', () => {
    const { trace: t } = presetRun('issue-96', 7);
    const f = eventFacets(t);
    for (let i = 0; i < t.length; i++) {
      const e = t[i]!;
      expect(EVENT_GROUPS[f.group[i]!]).toBe(groupOf(e));
      if (e.kind === 'attempt.end') expect([f.req[i], f.conn[i]]).toEqual([e.req, e.conn]);
      if (e.kind === 'segment.deliver') expect(f.seg[i]).toBe(e.seg);
    }
  });

  it('names every run.end reason, and an unknown one (even `constructor`) as itself', () => {
    const end = (reason: string) =>
      eventDetail({ seq: 0, t: 0, kind: 'run.end', reason } as Parameters<typeof eventDetail>[0]);
    expect(end('max-queued')).toBe('run stopped: too many requests waiting for a connection');
    expect(end('max-connections')).toBe('run stopped: too many connections open at once');
    expect(end('max-kernel-events')).toBe('run stopped: the simulation reached its event limit');
    // Was: RUN_END[reason] returned Object.prototype's function for these.
    expect(end('constructor')).toBe('run stopped (constructor)');
    expect(end('toString')).toBe('run stopped (toString)');
  });
});
