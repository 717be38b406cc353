import { describe, expect, it } from 'vitest';
import { failureKind } from '../metrics/failureKinds';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { explainFailures } from '../trace/failures';
import { narrate } from './narrate';

describe('narration', () => {
  const { trace } = runScenario(presetScenario('issue-96'));
  const lines = narrate(trace);

  it('tells the race in plain sentences, in trace order', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.seq).toBeGreaterThan(lines[i - 1]!.seq);
    for (const l of lines) expect(l.text).toMatch(/^[A-Z].*[.)]$/);
  });

  it('marks a stale reuse with how long ago the server closed the connection and its FIN arrived', () => {
    const stale = lines.find((l) => l.importance === 'high' && l.text.startsWith('The client reuses'));
    expect(stale?.text).toMatch(
      /^The client reuses connection #\d+ for request \d+ \(POST \/auth\) \(idle .+\): it is stale — the server closed it .+ ago and its FIN reached the client .+ ago\.$/,
    );
  });

  it('calls a reuse stale or in its race window exactly when its failure was of that kind (failureKinds)', () => {
    for (const preset of ['issue-96', 'polling-at-timeout']) {
      const t = runScenario(presetScenario(preset)).trace;
      const kinds = new Map(explainFailures(t).map((f) => [f.req, failureKind(f.cause, f.times)]));
      const reuses = narrate(t).filter((l) => l.text.startsWith('The client reuses') && l.req !== null);
      let checked = 0;
      for (const l of reuses) {
        const kind = kinds.get(l.req!);
        if (kind === undefined) continue;
        checked++;
        expect(l.text.includes('it is stale'), l.text).toBe(kind === 'stale-reuse');
        expect(l.text.includes('race window'), l.text).toBe(kind === 'race-window');
      }
      expect(checked, preset).toBeGreaterThan(0);
    }
  });

  it('gives each failure the exception and its cause', () => {
    const failures = lines.filter((l) => l.text.includes(' fails with '));
    expect(failures.length).toBe(runScenario(presetScenario('issue-96')).summary.totals.failed);
    expect(failures[0]!.text).toContain(
      "h11._util.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE. The server closed connection",
    );
  });

  it('tells the server’s timer, its FIN reaching the client, and the client’s own expiry timer', () => {
    expect(lines.some((l) => /The server's idle timer on connection #\d+ fires/.test(l.text))).toBe(true);
    expect(
      lines.some((l) => /FIN reaches the client on connection #\d+: the socket is half-closed/.test(l.text)),
    ).toBe(true);
    const node = presetScenario('polling-at-timeout');
    node.client.policy = 'node-agent-20';
    node.workload = { kind: 'sequential', gapsMs: [6000], method: 'GET', path: '/' };
    expect(narrate(runScenario(node).trace).some((l) => l.text.includes("client's own idle timer"))).toBe(
      true,
    );
  });
});
