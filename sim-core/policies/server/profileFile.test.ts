import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli';
import { fakeWorld } from '../../cli/testing';
import { runScenario } from '../../run';
import { DEFAULT_SCENARIO } from '../../scenario/defaults';
import type { Scenario } from '../../scenario/types';
import type { TraceEvent } from '../../trace/events';
import {
  parseServerProfile,
  type ServerProfileFile,
  serializeServerProfile,
  withServerProfile,
} from './profileFile';

const file = (over: Partial<Record<keyof ServerProfileFile | 'extra', unknown>> = {}): string =>
  JSON.stringify({
    format: 'race-window-server-profile',
    version: 1,
    name: 'probed 127.0.0.1:8080',
    idleCloseMs: 2000,
    keepAliveHint: 'timeout=1',
    requestsPerConnection: null,
    closeKind: 'fin',
    ...over,
  });

/** Two requests 10 s apart on one client: the first connection's idle close is the only one timed. */
function scenarioWith(text: string): Scenario {
  const parsed = parseServerProfile(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const s = JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as Scenario;
  s.server = withServerProfile(s.server, parsed.server);
  s.client = { ...s.client, policy: 'http3-0.6' };
  s.network = { delayMs: 5, jitterMs: 0 };
  s.workload = { kind: 'sequential', gapsMs: [10_000], method: 'GET', path: '/' };
  return s;
}

/** ms from the server's first response to its FIN on that connection, and the hint it sent. */
function serverClose(trace: readonly TraceEvent[]): { afterResponseMs: number } {
  const sends = trace.filter((e) => e.kind === 'segment.send' && e.side === 'server' && e.conn === 1);
  const response = sends.find((e) => e.kind === 'segment.send' && e.flag === 'DATA')!;
  const fin = sends.find((e) => e.kind === 'segment.send' && e.flag === 'FIN')!;
  return { afterResponseMs: (fin.t - response.t) / 1000 };
}

describe('server profile files', () => {
  it('a Node-like probe (closes 2000 ms after its response, hint timeout=1) runs as node-http-20 at keepAliveTimeout 1000', () => {
    const parsed = parseServerProfile(file());
    expect(parsed).toMatchObject({
      ok: true,
      server: { profile: 'node-http-20', idleTimeoutMs: 1000, keepAliveHint: true },
    });
    expect(serverClose(runScenario(scenarioWith(file())).trace).afterResponseMs).toBeCloseTo(2000, 0);
  });

  it('no hint: the world closes exactly idleCloseMs after the response and sends no hint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 9000 }), (ms) => {
        const text = file({ idleCloseMs: ms, keepAliveHint: null });
        const { trace } = runScenario(scenarioWith(text));
        expect(serverClose(trace).afterResponseMs).toBeCloseTo(ms, 0);
      }),
      { numRuns: 15 },
    );
  });

  it('a hint the server honours (timeout=3, closes at 3000) runs as uvicorn with the hint on', () => {
    expect(parseServerProfile(file({ idleCloseMs: 3000, keepAliveHint: 'timeout=3' }))).toMatchObject({
      ok: true,
      server: { profile: 'uvicorn', idleTimeoutMs: 3000, keepAliveHint: true },
    });
  });

  it('refuses what the models cannot reproduce, naming the field and the limit', () => {
    const msg = (text: string) => {
      const p = parseServerProfile(text);
      return p.ok ? 'accepted' : p.message;
    };
    expect(msg(file({ keepAliveHint: 'timeout=9' }))).toMatch(
      /^keepAliveHint: "timeout=9" with idleCloseMs 2000/,
    );
    expect(msg(file({ idleCloseMs: 0 }))).toBe(
      'idleCloseMs: must be a number of ms from 1 to 3600000, got 0',
    );
    expect(msg(file({ closeKind: 'rst' }))).toMatch(
      /^closeKind: "rst" — the simulator closes an idle connection with FIN/,
    );
    expect(msg(file({ closeKind: 'none', idleCloseMs: null }))).toMatch(
      /^idleCloseMs: the server was not seen closing/,
    );
    expect(msg(file({ keepAliveHint: 'forever' }))).toMatch(/^keepAliveHint: must be null or "timeout=N"/);
    expect(msg(file({ requestsPerConnection: 1.5 }))).toMatch(
      /^requestsPerConnection: must be null or a whole number from 1/,
    );
    expect(msg(file({ extra: 1 }))).toMatch(/^"extra": unknown field/);
    expect(msg(file({ format: 'x' }))).toBe('format: must be "race-window-server-profile", got "x"');
    expect(msg('{')).toMatch(/^server profile: not valid JSON/);
    expect(msg('[]')).toBe('server profile: must be a JSON object, got []');
    expect(msg(file({ keepAliveHint: 'timeout=5, max=100', idleCloseMs: 5000 }))).toMatch(
      /^requestsPerConnection:/,
    );
  });

  it('a file survives serialize → parse', () => {
    const p = parseServerProfile(file({ source: 'sim probe' }));
    if (!p.ok) throw new Error(p.message);
    expect(parseServerProfile(serializeServerProfile(p.file))).toEqual(p);
  });

  it('--server-file on run, sweep and ladder; with --server it is refused; a bad file is one line, exit 2', async () => {
    const w = fakeWorld({ 'p.json': file(), 'bad.json': file({ idleCloseMs: -1 }) });
    expect(await runCli(['run', '--server-file', 'p.json', '--gaps-ms', '1900,2100'], w.io)).toBe(0);
    const summary = JSON.parse(w.out.pop()!);
    // The default client (http3 0.6, no check) reuses after 1900 ms and meets the close after 2100.
    expect(summary.requests.map((r: { outcome: string }) => r.outcome)).toEqual(['ok', 'ok', 'failed']);
    expect(await runCli(['sweep', '--server-file', 'p.json', '--gaps-ms', '1000'], w.io)).toBe(0);
    expect(
      await runCli(['ladder', '--server-file', 'p.json', '--clients', 'http3-0.6', '--json'], w.io),
    ).toBe(0);
    expect(JSON.parse(w.out.pop()!)).toMatchObject({ server: 'node-http-20', closeAfterMs: 2000 });
    expect(await runCli(['run', '--server-file', 'p.json', '--server', 'uvicorn'], w.io)).toBe(2);
    expect(w.err.pop()).toBe('error: give --server or --server-file, not both (the file picks the profile)');
    expect(await runCli(['run', '--server-file', 'bad.json'], w.io)).toBe(2);
    expect(w.err.pop()).toBe(
      'error: --server-file "bad.json": idleCloseMs: must be a number of ms from 1 to 3600000, got -1',
    );
    expect(await runCli(['run', '--server-file', 'none.json'], w.io)).toBe(2);
    expect(w.err.pop()).toMatch(/^error: --server-file: cannot read "none.json": no such file/);
  });
});
