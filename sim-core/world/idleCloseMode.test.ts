// A middlebox's idle close as FIN, RST or a silent drop: what reaches the client, and what the
// client's library then reports (its own error for a reset).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failureKind } from '../metrics/failureKinds';
import { SERVER_PROFILES, serverProfile } from '../policies';
import { runScenario } from '../run';
import type { Scenario } from '../scenario/types';
import { scenarioArb } from '../tests/arbitraries';
import type { TraceEvent } from '../trace/events';
import { explainFailures } from '../trace/failures';
import { serverConfig } from './serverApp';

const T = 5000; // the profile's idle timeout, overridden so runs stay short
const D = 30; // one-way delay, ms
const RST_CAUSE = 'idle timeout: reset (RST)';
const DROP_CAUSE = 'idle timeout: flow dropped';

/** Two GETs on one client against `profile`, the second `gap` ms after the first response was read. */
function run(profile: string, policy: string, gap: number) {
  const scenario: Scenario = {
    version: 1,
    name: 'idle-close-mode',
    seed: 7,
    server: { profile, idleTimeoutMs: T, processing: { kind: 'fixed', ms: 2 }, eventLoopDelayMs: 0.05 },
    client: { policy, eventLoopDelayMs: 0.05 },
    network: { delayMs: D, jitterMs: 0 },
    workload: { kind: 'sequential', gapsMs: [gap], method: 'GET', path: '/' },
    limits: { maxRequests: 100, maxDurationMs: 600_000 },
  };
  const { trace, summary } = runScenario(scenario);
  const kinds = explainFailures(trace).map((f) => failureKind(f.cause, f.times));
  return { trace, second: summary.requests[1]!, kinds };
}

const serverSends = (trace: TraceEvent[], flag: string) =>
  trace.filter((e) => e.kind === 'segment.send' && e.side === 'server' && e.flag === flag).length;
const serverTcpCauses = (trace: TraceEvent[]) =>
  trace.flatMap((e) => (e.kind === 'state' && e.side === 'server' && e.machine === 'tcp' ? [e.cause] : []));

describe('idle close modes', () => {
  it('every profile but aws-nlb and azure-lb closes with a FIN (the default)', () => {
    const modes = Object.fromEntries(
      SERVER_PROFILES.map((p) => [p.name, serverConfig(p, {} as never).closeMode]),
    );
    expect(Object.entries(modes).filter(([, m]) => m !== 'fin')).toEqual([
      ['aws-nlb', 'silent-drop'],
      ['azure-lb', 'rst'],
    ]);
  });

  it('fin: the idle timeout sends a FIN, never an abort or a drop', () => {
    const { trace, second } = run('aws-alb', 'http3-0.6', 6000);
    const causes = serverTcpCauses(trace);
    expect(serverSends(trace, 'FIN')).toBe(1);
    expect(causes).toContain('close()');
    expect(causes).not.toContain(RST_CAUSE);
    expect(causes).not.toContain(DROP_CAUSE);
    expect(second.cause).toBe('eof');
  });

  it('silent-drop: nothing is sent at the timeout; the reused request is answered with RST', () => {
    const { trace, second, kinds } = run('aws-nlb', 'httpx-0.13', 6000);
    const causes = serverTcpCauses(trace);
    expect(causes).toContain(DROP_CAUSE);
    // The only segment the server sends after its response is the RST answering the request.
    expect(serverSends(trace, 'FIN')).toBe(0);
    expect(serverSends(trace, 'RST')).toBe(1);
    expect(second.outcome).toBe('failed');
    expect(second.cause).toBe('reset');
    expect(second.error).toEqual({
      class: 'httpcore.ReadError',
      message: '[Errno 104] Connection reset by peer',
    });
    // The client had no evidence before the request left: by the definitions, a race window.
    expect(kinds).toEqual(['race-window']);
  });

  it('silent-drop: http3 reads the reset as EOF; urllib3 retries it on a new connection', () => {
    const http3 = run('aws-nlb', 'http3-0.6', 6000).second;
    expect([http3.outcome, http3.cause, http3.error?.class]).toEqual([
      'failed',
      'reset',
      'h11._util.RemoteProtocolError',
    ]);
    const urllib3 = run('aws-nlb', 'urllib3-2', 6000).second;
    expect([urllib3.outcome, urllib3.attempts]).toEqual(['ok-after-retry', 2]);
  });

  it('rst: the RST reaches the idle client; a client that checks discards it, one that does not fails its write', () => {
    const checked = run('azure-lb', 'httpx-0.13', 6000);
    expect(serverTcpCauses(checked.trace)).toContain(RST_CAUSE);
    expect(serverSends(checked.trace, 'FIN')).toBe(0);
    expect([checked.second.outcome, checked.second.reused]).toEqual(['ok', false]);
    const unchecked = run('azure-lb', 'http3-0.6', 6000);
    expect(unchecked.second.cause).toBe('write-failed');
    expect(unchecked.second.error?.class).toBe('ConnectionResetError');
    expect(unchecked.kinds).toEqual(['stale-reuse']);
  });

  it('rst: a request that crosses the RST reaches a host that forgot the flow and gets RST too', () => {
    // Sent before the RST arrives (gap < T), arriving after the abort (gap + 2D > T).
    const { trace, second, kinds } = run('azure-lb', 'httpx-0.13', T - D);
    expect(serverSends(trace, 'RST')).toBe(2);
    expect([second.outcome, second.cause, second.error?.class]).toEqual([
      'failed',
      'reset',
      'httpcore.ReadError',
    ]);
    expect(kinds).toEqual(['race-window']);
  });

  it('property: a profile closes an idle connection only in its own mode', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const mode = serverConfig(serverProfile(scenario.server.profile)!, scenario.server).closeMode;
        const causes = serverTcpCauses(runScenario(scenario).trace);
        if (causes.includes(RST_CAUSE)) expect(mode).toBe('rst');
        if (causes.includes(DROP_CAUSE)) expect(mode).toBe('silent-drop');
      }),
      { numRuns: 40, seed: 14 },
    );
  });
});
