/**
 * The Perfetto / Chrome trace export, checked for the structure the Trace Event Format asks
 * (chromeTraceCheck.ts): on the seed preset, on random scenarios (fast-check), and on traces of
 * what real sockets show (no machine states) and a captured one. The checker is tested too: it
 * must catch what it claims to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tcpCapture } from '../capture/pcapWriter';
import { TcpRecorder } from '../capture/tcpRecorder';
import { captureToTrace } from '../capture/toTrace';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { scenarioArb } from '../tests/arbitraries';
import { observedTrace } from '../tests/traceMutations';
import { chromeTraceProblems } from './chromeTraceCheck';
import { type ChromeTrace, serializeChromeTrace, toChromeTrace } from './perfetto';

const seed = runScenario(presetScenario('issue-96')).trace;

describe('Perfetto / Chrome trace export', () => {
  it('the seed preset: well formed, a process per side, threads named, states, flows, the failures', () => {
    const json = serializeChromeTrace(seed);
    expect(chromeTraceProblems(json)).toEqual([]);
    const doc = JSON.parse(json) as ChromeTrace;
    const ev = doc.traceEvents;
    expect(ev.filter((e) => e.name === 'process_name').map((e) => e.args!.name)).toEqual([
      `client: ${presetScenario('issue-96').client.policy}`,
      `server: ${presetScenario('issue-96').server.profile}`,
    ]);
    // Every delivered segment is one flow; every state change one slice on its machine's thread.
    const delivered = seed.filter((e) => e.kind === 'segment.deliver').length;
    expect(ev.filter((e) => e.ph === 's')).toHaveLength(delivered);
    expect(ev.filter((e) => e.ph === 'f')).toHaveLength(delivered);
    const states = seed.filter((e) => e.kind === 'state').length;
    expect(
      ev.filter((e) => e.ph === 'X' && ['tcp', 'h11', 'belief', 'server', 'pool'].includes(e.cat!)),
    ).toHaveLength(states);
    expect(ev.some((e) => e.cat === 'tcp' && e.name === 'CLOSE-WAIT')).toBe(true);
    // Each failure an instant with its exception and its kind.
    const failed = seed.filter((e) => e.kind === 'request.end' && e.outcome === 'failed');
    const instants = ev.filter((e) => e.ph === 'i' && e.cat === 'failure');
    expect(instants).toHaveLength(failed.length);
    expect(failed.length).toBeGreaterThan(0);
    const first = failed[0]! as Extract<(typeof failed)[number], { kind: 'request.end' }>;
    expect(instants[0]!.args).toMatchObject({ error: first.error, cause: first.cause, kind: 'stale-reuse' });
    expect(ev.every((e) => Number.isInteger(e.ts))).toBe(true);
  });

  it('random scenarios: always well formed', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { trace } = runScenario(s);
        expect(chromeTraceProblems(serializeChromeTrace(trace))).toEqual([]);
      }),
      { numRuns: 25, seed: 0x9e7f },
    );
  });

  it('a real or captured trace: only its segments, attempts and failures', () => {
    const observed = observedTrace(seed, 'real');
    const doc = toChromeTrace(observed);
    expect(chromeTraceProblems(JSON.stringify(doc))).toEqual([]);
    expect(doc.traceEvents.some((e) => ['tcp', 'h11', 'belief', 'server'].includes(e.cat ?? ''))).toBe(false);
    expect(doc.otherData.source).toBe('real');
    const r = new TcpRecorder({ addr: '127.0.0.1', port: 40000 }, { addr: '127.0.0.1', port: 8080 });
    r.handshake(0);
    r.data('client', 10, new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    r.fin('server', 20);
    r.rst('server', 30);
    const captured = toChromeTrace(captureToTrace(tcpCapture(r.packets)).trace);
    expect(chromeTraceProblems(JSON.stringify(captured))).toEqual([]);
    expect(captured.traceEvents.filter((e) => e.cat === 'failure')).toHaveLength(1);
  });

  it('the checker catches a slice left open, crossed slices, an unpaired flow, time going back, a bad phase', () => {
    const base = toChromeTrace(seed);
    const damaged = (edit: (d: ChromeTrace) => void) => {
      const d = structuredClone(base);
      edit(d);
      return chromeTraceProblems(JSON.stringify(d));
    };
    const meta = base.traceEvents.find((e) => e.name === 'thread_name')!;
    const at = { pid: meta.pid, tid: meta.tid };
    const later = base.traceEvents[base.traceEvents.length - 1]!.ts + 10;
    expect(damaged((d) => d.traceEvents.push({ name: 'b', ph: 'B', ts: later, ...at }))[0]).toMatch(
      /never ended/,
    );
    expect(
      damaged((d) =>
        d.traceEvents.push(
          { name: 'a', ph: 'X', ts: later, dur: 10, ...at },
          { name: 'b', ph: 'X', ts: later + 5, dur: 10, ...at },
        ),
      )[0],
    ).toMatch(/overlaps/);
    const flowAt = base.traceEvents.findIndex((e) => e.ph === 'f');
    expect(damaged((d) => d.traceEvents.splice(flowAt, 1))[0]).toMatch(/1 starts and 0 ends/);
    expect(damaged((d) => d.traceEvents.push({ name: 'x', ph: 'i', ts: 0, ...at }))[0]).toMatch(
      /not monotonic/,
    );
    expect(damaged((d) => d.traceEvents.push({ name: 'x', ph: 'Q' as 'i', ts: later, ...at }))[0]).toMatch(
      /is not a phase/,
    );
    expect(chromeTraceProblems('{"traceEvents": [')[0]).toMatch(/^not JSON/);
  });
});
