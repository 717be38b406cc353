import { describe, expect, it } from 'vitest';
import { exportedScenario, presetScenario, serializeTrace } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { parseScenarioFile, SCENARIO_FILE_LIMIT_BYTES, scenarioFileName, traceFileName } from './files';

describe('scenario files', () => {
  it('accept a whole scenario, or only what differs from the defaults', () => {
    const whole = presetScenario('issue-96');
    expect(parseScenarioFile(JSON.stringify(whole))).toEqual({ ok: true, scenario: whole });
    const partial = parseScenarioFile('{"seed": 7, "client": {"policy": "httpx-0.23"}}');
    expect(partial.ok && partial.scenario.seed).toBe(7);
    expect(partial.ok && partial.scenario.client.policy).toBe('httpx-0.23');
  });

  it('an exported changed preset says so, and imports back as the run it came from', () => {
    const s = {
      ...presetScenario('issue-96', 7),
      client: { ...presetScenario('issue-96').client, policy: 'httpx-0.23' },
    };
    const text = `${JSON.stringify(exportedScenario(s), null, 2)}\n`;
    const file = JSON.parse(text);
    expect(file.name).toBe('issue-96 (modified: client httpx-0.23)');
    expect(file.description).toContain('client httpx-0.23 (the preset has http3-0.6)');
    expect(parseScenarioFile(text)).toEqual({ ok: true, scenario: s });
    // Edited by hand after export: kept as written.
    const edited = { ...file, description: 'mine' };
    expect(parseScenarioFile(JSON.stringify(edited))).toEqual({ ok: true, scenario: edited });
  });

  it('refuse bad files naming the field and the limit', () => {
    expect(parseScenarioFile('{"network": {"delayMs": -1}, "seed": 1.5}')).toEqual({
      ok: false,
      problems: [
        'seed: must be a whole number from 0 to 4294967295, got 1.5',
        'network.delayMs: must be from 0 to 10000, got -1',
      ],
    });
    expect(parseScenarioFile('{"seed": ')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not valid JSON/)],
    });
    expect(parseScenarioFile('')).toEqual({
      ok: false,
      problems: ['the file is empty: expected a scenario (JSON)'],
    });
    expect(parseScenarioFile('[1]')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/one JSON object/)],
    });
    expect(parseScenarioFile(' '.repeat(SCENARIO_FILE_LIMIT_BYTES + 1))).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/a scenario file is at most 1 MB/)],
    });
    // A trace file given as a scenario is recognised.
    const trace = serializeTrace(STALE_REUSE_TRACE, null);
    expect(parseScenarioFile(trace)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^this is a trace file/)],
    });
    expect(parseScenarioFile(trace.split('\n')[0]!)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^this is a trace file/)],
    });
  });

  it('refuse what would overflow a stack or name a prototype property, without throwing', () => {
    const deep = (d: number) =>
      `{"workload":{"kind":"sequential","gapsMs":[${'['.repeat(d)}5000${']'.repeat(d)}]}}`;
    for (const d of [1500, 2500, 100_000]) {
      const r = parseScenarioFile(deep(d));
      expect(r.ok, String(d)).toBe(false);
      if (!r.ok) expect(r.problems[0], String(d)).toMatch(/^workload\.gapsMs\[0\].*deep/);
    }
    for (const text of ['{"workload":{"kind":"constructor"}}', '{"__proto__":{"polluted":1}}']) {
      const r = parseScenarioFile(text);
      expect(r.ok, text).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('name files after the scenario and its seed', () => {
    const s = presetScenario('issue-96');
    expect(scenarioFileName(s)).toBe('issue-96-seed96.scenario.json');
    expect(traceFileName({ ...s, name: 'My run / v2' })).toBe('my-run-v2-seed96.trace.jsonl');
  });
});
