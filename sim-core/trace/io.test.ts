import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientPoolMachine } from '../machines/clientPool';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import { leakyServerMachine, serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { summarize } from '../metrics/summary';
import { runScenario } from '../run';
import { DEFAULT_SCENARIO } from '../scenario/defaults';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { scenarioArb } from '../tests/arbitraries';
import type { TraceEvent } from './events';
import { traceHash } from './hash';
import { H11_ROLE_STATES, parseTrace, serializeTrace, TRACE_STATES } from './io';
import { statechartOf } from './statechart';
import { buildTraceIndex } from './traceIndex';

const scenario = presetScenario('polling-at-timeout');
scenario.workload = { kind: 'sequential', gapsMs: [5000, 5000], method: 'GET', path: '/health' };
const { trace } = runScenario(scenario);

describe('trace files', () => {
  it('round-trip: the same events, the same hash, the scenario kept', () => {
    const parsed = parseTrace(serializeTrace(trace, scenario));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(traceHash(parsed.trace)).toBe(traceHash(trace));
    expect(parsed.scenario).toEqual(scenario);
  });

  it('read the bare event lines the CLI used to write, without a header', () => {
    const parsed = parseTrace(`${trace.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expect(parsed).toMatchObject({ ok: true, scenario: null });
  });

  it('name the line, the field and the limit of each problem', () => {
    const lines = serializeTrace(trace, scenario).trimEnd().split('\n');
    const bad = (edit: (lines: string[]) => void) => {
      const copy = [...lines];
      edit(copy);
      const r = parseTrace(copy.join('\n'));
      return r.ok ? [] : r.problems;
    };
    expect(bad((l) => (l[3] = '{"seq": 2,'))[0]).toMatch(/^line 4: not valid JSON/);
    expect(bad((l) => (l[3] = l[3]!.replace(/"t":\d+/, '"t":-5')))[0]).toBe(
      'line 4: field "t" must be a whole number of µs, at least the previous event\'s 0, got -5',
    );
    expect(bad((l) => (l[5] = l[5]!.replace(/"seq":\d+/, '"seq":99')))[0]).toMatch(
      /^line 6: field "seq" must be 4 \(events are numbered from 0\), got 99/,
    );
    expect(bad((l) => (l[2] = l[2]!.replace(/"kind":"[^"]+"/, '"kind":"teleport"')))[0]).toMatch(
      /^line 3: field "kind" must be one of run\.start, segment\.send/,
    );
    expect(bad((l) => (l[0] = l[0]!.replace('"version":1', '"version":7')))[0]).toBe(
      'line 1: field "version" must be 1 (the trace format this app reads), got 7',
    );
    expect(bad((l) => (l[0] = l[0]!.replace('"delayMs":1', '"delayMs":-1')))[0]).toMatch(
      /^line 1: field "scenario": network\.delayMs: must be from 0 to 10000, got -1/,
    );
  });

  it('refuse what is not a trace at all, and stop after a few problems', () => {
    expect(parseTrace('')).toEqual({
      ok: false,
      problems: ['the file is empty: expected a trace (JSON Lines)'],
    });
    const r = parseTrace('a\nb\nc\nd\ne\nf\ng\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(5);
    expect(parseTrace('{"scenario":{}}')).toMatchObject({ ok: false });
  });
});

/** The file's lines with `edit` applied to the events (as plain objects), and what parseTrace says. */
function refusal(edit: (events: Record<string, unknown>[]) => void, header = true): string[] {
  const events = structuredClone(trace) as unknown as Record<string, unknown>[];
  edit(events);
  const text = serializeTrace(events as unknown as TraceEvent[], header ? scenario : null);
  const r = parseTrace(header ? text : text.slice(text.indexOf('\n') + 1));
  return r.ok ? [] : r.problems;
}
const lineOf = (kind: string, nth = 0) => trace.filter((e) => e.kind === kind)[nth]!.seq + 2;
const at = (events: Record<string, unknown>[], kind: string, nth = 0) =>
  events.filter((e) => e.kind === kind)[nth]!;

describe('what import accepts', () => {
  it('every trace the simulator writes: presets and random scenarios, hash kept', () => {
    for (const name of PRESET_NAMES) {
      const s = presetScenario(name);
      const t = runScenario(s).trace;
      const parsed = parseTrace(serializeTrace(t, s));
      expect(parsed.ok ? traceHash(parsed.trace) : parsed.problems).toBe(traceHash(t));
    }
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const t = runScenario(s).trace;
        const parsed = parseTrace(serializeTrace(t, s));
        expect(parsed.ok ? traceHash(parsed.trace) : parsed.problems).toBe(traceHash(t));
      }),
      { seed: 10, numRuns: 30 },
    );
  }, 120_000);

  it("state names are exactly the machines' own", () => {
    const ids = (m: Parameters<typeof statechartOf>[0]) =>
      statechartOf(m)
        .states.map((x) => x.id)
        .filter((id) => id !== '');
    expect([...TRACE_STATES.tcp].sort()).toEqual(ids(tcpEndpointMachine).sort());
    expect([...TRACE_STATES.server].sort()).toEqual(ids(serverMachine).sort());
    expect(ids(leakyServerMachine).sort()).toEqual(ids(serverMachine).sort());
    expect([...TRACE_STATES.belief].sort()).toEqual(ids(pooledConnectionMachine).sort());
    expect(ids(timedPooledConnectionMachine).sort()).toEqual(ids(pooledConnectionMachine).sort());
    expect([...TRACE_STATES.pool].sort()).toEqual(ids(clientPoolMachine).sort());
    const h11 = ids(http11ConnectionMachine);
    const role = (r: string) =>
      h11.filter((id) => id.startsWith(`${r}.`)).map((id) => id.slice(r.length + 1));
    expect([...H11_ROLE_STATES.client].sort()).toEqual(role('CLIENT').sort());
    expect([...H11_ROLE_STATES.server].sort()).toEqual(role('SERVER').sort());
  });

  it('drops fields this version does not know, nested ones too', () => {
    const events = structuredClone(trace) as unknown as Record<string, unknown>[];
    Object.defineProperty(events[1], '__proto__', { value: { polluted: true }, enumerable: true });
    events[2]!.extra = [[[[1]]]];
    const failure = events.findIndex((e) => e.kind === 'attempt.end' && e.error !== null);
    (events[failure]!.error as Record<string, unknown>).extra = { deep: [1] };
    const parsed = parseTrace(serializeTrace(events as unknown as TraceEvent[], scenario));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.keys(parsed.trace[1]!)).toEqual(Object.keys(trace[1]!));
    expect(Object.hasOwn(parsed.trace[1]!, '__proto__')).toBe(false);
    expect(parsed.trace[2]).toEqual(trace[2]);
    expect(Object.keys((parsed.trace[failure] as { error: object }).error)).toEqual(['class', 'message']);
    expect(traceHash(parsed.trace)).toBe(traceHash(trace));
  });
});

describe('what import refuses (issue 10), with line, field and allowed values', () => {
  it('kinds named after Object.prototype', () => {
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(refusal((ev) => (ev[3]!.kind = kind))[0]).toMatch(
        new RegExp(`^line 5: field "kind" must be one of run\\.start, .*, got "${kind}"$`),
      );
    }
  });

  it('a header scenario that is not a scenario, never by throwing', () => {
    const lines = serializeTrace(trace, scenario).split('\n');
    for (const bad of [
      { workload: { kind: 'constructor' } },
      { workload: { kind: 'toString' } },
      'x',
      [],
      5,
    ]) {
      const head = JSON.stringify({ format: 'race-window-trace', version: 1, scenario: bad });
      const r = parseTrace([head, ...lines.slice(1)].join('\n'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0]).toMatch(/^line 1: field "scenario": /);
    }
    const deep = `{"format":"race-window-trace","version":1,"scenario":{"workload":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const r = parseTrace([deep, ...lines.slice(1)].join('\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/^line 1: field "scenario": /);
  });

  it('enums a view switches on: outcome, cause, decision, reason, machine, states, timers, method, variants', () => {
    const end = lineOf('request.end');
    expect(refusal((ev) => (at(ev, 'request.end').outcome = 'x'))).toEqual([
      `line ${end}: field "outcome" must be one of ok, ok-after-retry, failed, got "x"`,
    ]);
    expect(refusal((ev) => (at(ev, 'request.end').cause = 'constructor'))).toEqual([
      `line ${end}: field "cause" must be null or one of eof, reset, write-failed, timeout, got "constructor"`,
    ]);
    expect(refusal((ev) => (at(ev, 'pool').decision = 'toString'))[0]).toBe(
      `line ${lineOf('pool')}: field "decision" must be one of dial, reuse, check, discard, queue, release, retry, close, got "toString"`,
    );
    expect(refusal((ev) => (ev[ev.length - 1]!.reason = 'bored'))[0]).toBe(
      `line ${trace.length + 1}: field "reason" must be one of done, max-duration, max-events, max-kernel-events, max-queued, max-connections, got "bored"`,
    );
    expect(refusal((ev) => (at(ev, 'state').machine = 'valueOf'))[0]).toMatch(
      /^line \d+: field "machine" must be one of tcp, h11, server, pool, belief, got "valueOf"$/,
    );
    expect(refusal((ev) => (at(ev, 'state').to = 'constructor'))[0]).toMatch(
      /^line \d+: field "to" must be a state of the tcp machine \(CLOSED, LISTEN, .*\), got "constructor"$/,
    );
    const h11 = trace.find((e) => e.kind === 'state' && e.machine === 'h11')!;
    expect(refusal((ev) => (ev[h11.seq]!.from = 'IDLE/SEND_FOO'))[0]).toMatch(
      new RegExp(
        `^line ${h11.seq + 2}: field "from" must be CLIENT/SERVER h11 states \\(client: IDLE, .*\\), got "IDLE/SEND_FOO"$`,
      ),
    );
    const fire = trace.find((e) => e.kind === 'timer.fire')!;
    expect(refusal((ev) => (ev[fire.seq]!.timer = 'egg'))[0]).toBe(
      `line ${fire.seq + 2}: field "timer" must be one of idle-timer, processing, time-wait, expiry, got "egg"`,
    );
    expect(refusal((ev) => (at(ev, 'request.start').method = 'BREW'))[0]).toMatch(
      /^line \d+: field "method" must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH, got "BREW"$/,
    );
    expect(refusal((ev) => (ev[0]!.variants = { belief: 'timed', server: 'constructor' }))[0]).toBe(
      'line 2: field "variants.server" must be one of leaky, correct, got "constructor"',
    );
  });

  it("run.start's source and sourceDetail: optional, an enum and a bounded string", () => {
    expect(refusal((ev) => (ev[0]!.source = 'dream'))[0]).toBe(
      'line 2: field "source" must be one of simulated, real, capture, got "dream"',
    );
    expect(refusal((ev) => (ev[0]!.sourceDetail = 5))[0]).toBe(
      'line 2: field "sourceDetail" must be a string of at most 2000 characters, got 5',
    );
    expect(refusal((ev) => (ev[0]!.sourceDetail = 'x'.repeat(2001)))[0]).toMatch(
      /^line 2: field "sourceDetail" must be a string of at most 2000 characters, got "x{59}…$/,
    );
    // Accepted and kept, with the limit itself allowed; a simulated trace has neither field.
    expect(trace[0]).not.toHaveProperty('source');
    expect(trace[0]).not.toHaveProperty('sourceDetail');
    const real = { ...trace[0]!, source: 'real', sourceDetail: 'd'.repeat(2000) } as TraceEvent;
    const parsed = parseTrace(serializeTrace([real, ...trace.slice(1)], scenario));
    expect(parsed.ok && parsed.trace[0]).toMatchObject({ source: 'real', sourceDetail: 'd'.repeat(2000) });
  });

  it('error reports: {class, message, code?}, all strings', () => {
    const end = lineOf('request.end');
    expect(refusal((ev) => (at(ev, 'request.end').error = { class: 5, message: 'x' }))).toEqual([
      `line ${end}: field "error.class" must be a string, got 5`,
    ]);
    expect(refusal((ev) => (at(ev, 'attempt.end').error = 'oops'))[0]).toBe(
      `line ${lineOf('attempt.end')}: field "error" must be an object {class, message, code?} or null, got "oops"`,
    );
    expect(refusal((ev) => (at(ev, 'request.end').error = { class: 'E', message: 'm', code: 7 }))[0]).toBe(
      `line ${end}: field "error.code" must be a string when given, got 7`,
    );
  });

  it('ids beyond the number of events, before anything is allocated for them', () => {
    const n = trace.length;
    const shift = (field: string, by: number) => (ev: Record<string, unknown>[]) => {
      for (const e of ev)
        if (typeof e[field] === 'number' && e[field] !== 0) e[field] = (e[field] as number) + by;
    };
    expect(refusal(shift('conn', 2 ** 31))[0]).toMatch(
      new RegExp(
        `^line \\d+: field "conn" must be (null or )?a whole number from 1 to ${n} \\(an id: at most the number of events in the file\\), got 2147483649$`,
      ),
    );
    expect(refusal(shift('req', 3e8))[0]).toMatch(
      new RegExp(
        `^line \\d+: field "req" must be a whole number from 1 to ${n} \\(an id: at most the number of events in the file\\), got 300000001$`,
      ),
    );
    expect(refusal(shift('seg', 3e8))[0]).toMatch(
      /field "seg" must be a whole number from 1 to \d+ .*, got 300000001$/,
    );
    expect(refusal(shift('conn', -1))[0]).toMatch(/field "conn" must be .*a whole number from 1 to/);
    expect(refusal((ev) => (at(ev, 'segment.send').bytes = 2 ** 31))[0]).toMatch(
      /field "bytes" must be a whole number from 0 to 2147483647, got 2147483648$/,
    );
  });

  it('references views rely on: requests, attempts and segments in order', () => {
    expect(refusal((ev) => ev.splice(at(ev, 'request.start').seq as number, 1) && renumber(ev))[0]).toMatch(
      /^line \d+: field "req": request 1 has not started \(no request.start for it before this line\)$/,
    );
    expect(refusal((ev) => (at(ev, 'attempt.start').attempt = 2))[0]).toMatch(
      /field "attempt" must be 1 \(request 1's attempts are numbered 1, 2, … in order; an attempt never written may start again\), got 2$/,
    );
    expect(refusal((ev) => (at(ev, 'attempt.end').attempt = 3))[0]).toMatch(
      /field "attempt": request 1 has no attempt 3 \(attempts started: 1\)$/,
    );
    const end = at(structuredClone(trace) as unknown as Record<string, unknown>[], 'request.end');
    expect(refusal((ev) => ev.splice((end.seq as number) + 1, 0, { ...end }) && renumber(ev))[0]).toMatch(
      /field "req": request 1 has already ended$/,
    );
    expect(refusal((ev) => (at(ev, 'segment.send', 1).seg = at(ev, 'segment.send', 0).seg))[0]).toMatch(
      /field "seg": segment 1 was already sent$/,
    );
    expect(refusal((ev) => (at(ev, 'segment.deliver').conn = 2))[0]).toMatch(
      /field "conn" must be 1 \(the connection segment 1 was sent on\), got 2$/,
    );
  });

  it('a line that is JSON but not an event (null, a number, an array)', () => {
    for (const line of ['null', '5', '[]', '"x"']) {
      const lines = serializeTrace(trace, scenario).split('\n');
      lines[4] = line;
      const r = parseTrace(lines.join('\n'));
      expect(r.ok ? [] : r.problems[0]).toBe('line 5: must be a JSON object (one trace event)');
    }
  });

  it('numbers JSON reads as Infinity, and deeply nested values, named briefly', () => {
    const lines = serializeTrace(trace, scenario).split('\n');
    lines[4] = lines[4]!.replace(/"t":\d+/, '"t":1e400');
    lines[5] = lines[5]!.replace(/"conn":\d+/, `"conn":${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const r = parseTrace(lines.join('\n'));
    expect(r.ok ? [] : r.problems).toEqual([
      expect.stringMatching(/^line 5: field "t" must be a whole number of µs, .*, got null$/),
      expect.stringMatching(/^line 6: field "conn" must be .*, got a deeply nested array$/),
    ]);
  });

  it('a small file with huge ids is refused fast, without a large allocation (the old index sized arrays by id)', () => {
    const events = structuredClone(trace) as unknown as Record<string, unknown>[];
    for (const e of events) if (typeof e.req === 'number') e.req += 3e8;
    const r = parseTrace(serializeTrace(events as unknown as TraceEvent[], scenario));
    expect(r.ok).toBe(false);
    // Accepted traces are indexed with tables no larger than the file.
    const index = buildTraceIndex(trace, { clientExpiryMs: null });
    expect(index.byReq.offsets.length).toBeLessThanOrEqual(trace.length + 2);
    expect(summarize(trace).events).toBe(trace.length);
  });
});

function renumber(events: Record<string, unknown>[]): true {
  events.forEach((e, i) => {
    e.seq = i;
  });
  return true;
}

describe('re-dispatch of an attempt never written', () => {
  it('an undici run whose turn before writing finds the socket closed re-imports with the same trace', () => {
    // Pinned from the validation fuzz: undici-7's idle socket is closed while the request waits one
    // event-loop turn, so the same attempt starts again on a new connection.
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      client: { policy: 'undici-7', eventLoopDelayMs: 1000 },
      server: {
        profile: 'uvicorn',
        idleTimeoutMs: 1,
        processing: { kind: 'fixed', ms: 1 },
        eventLoopDelayMs: 1000,
      },
      network: { delayMs: 0, jitterMs: 0 },
      workload: { kind: 'sequential', gapsMs: [10, 10, 10], method: 'GET', path: '/r' },
    };
    const { trace } = runScenario(scenario);
    const starts = trace.filter((e) => e.kind === 'attempt.start');
    const keys = starts.map((e) => `${e.req}.${e.attempt}`);
    expect(new Set(keys).size).toBeLessThan(keys.length);
    const back = parseTrace(serializeTrace(trace, scenario));
    expect(back.ok ? [] : back.problems).toEqual([]);
    if (back.ok) expect(back.trace).toEqual(trace);
  });
  it('a second start of an attempt already written is refused', () => {
    const { trace } = runScenario(presetScenario('issue-96'));
    const i = trace.findIndex((e) => e.kind === 'attempt.write');
    const w = trace[i] as Extract<TraceEvent, { kind: 'attempt.write' }>;
    const again = {
      kind: 'attempt.start',
      req: w.req,
      attempt: w.attempt,
      conn: w.conn,
      reused: true,
    } as const;
    const bad = [...trace.slice(0, i + 1), { ...again, seq: i + 1, t: w.t }, ...trace.slice(i + 1)].map(
      (e, seq) => ({ ...e, seq }),
    ) as TraceEvent[];
    const back = parseTrace(serializeTrace(bad, null));
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.problems[0]).toMatch(/field "attempt" must be 2/);
  });
});
