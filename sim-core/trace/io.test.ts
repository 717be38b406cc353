import { describe, expect, it } from 'vitest';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { traceHash } from './hash';
import { parseTrace, serializeTrace } from './io';

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
