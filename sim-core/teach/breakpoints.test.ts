import { describe, expect, it } from 'vitest';
import { gapScenario } from '../experiments/sweep';
import { failureKind } from '../metrics/failureKinds';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { explainFailures } from '../trace/failures';
import { breakpointHits, conditionProblems, describeCondition, nextHit } from './breakpoints';

const seed = runScenario(presetScenario('issue-96')).trace;

/** Two GETs 30 ms apart one way, the second after `gap` ms. */
function twoRequests(policy: string, gap: number): Scenario {
  const s = presetScenario('polling-at-timeout');
  s.client.policy = policy;
  s.network = { delayMs: 30, jitterMs: 0 };
  return gapScenario(s, gap, 'GET');
}

describe('breakpoints', () => {
  it('stale-write: every write the seed client makes into a closed connection, with how long ago it closed', () => {
    const hits = breakpointHits(seed, { kind: 'stale-write' });
    const failures = breakpointHits(seed, { kind: 'failure' });
    expect(hits.length).toBe(failures.length);
    expect(hits[0]!.sentence).toMatch(
      /^Request \d+ is written to stale connection #\d+: the server closed it .+ earlier and its FIN reached the client .+ before the write; the write succeeds\.$/,
    );
    // The fixed client never writes into a connection whose close it could have seen… except in the window.
    const fixed = runScenario(presetScenario('issue-96-fixed')).trace;
    expect(breakpointHits(fixed, { kind: 'stale-write' })).toEqual([]);
  });

  it('stale-write names stale or race window exactly as failureKinds classifies the failure', () => {
    for (const preset of ['issue-96', 'polling-at-timeout']) {
      const trace = runScenario(presetScenario(preset)).trace;
      const kinds = new Map(explainFailures(trace).map((f) => [f.req, failureKind(f.cause, f.times)]));
      const hits = breakpointHits(trace, { kind: 'stale-write' });
      expect(hits.length, preset).toBeGreaterThan(0);
      for (const h of hits) {
        const kind = kinds.get(h.req!);
        if (kind === undefined) continue;
        expect(h.sentence.includes('stale connection'), h.sentence).toBe(kind === 'stale-reuse');
        expect(h.sentence.includes('race window'), h.sentence).toBe(kind === 'race-window');
      }
    }
  });

  it('near-timeout: a reuse just before the server’s idle timer fires, or just after', () => {
    const before = breakpointHits(runScenario(twoRequests('httpx-0.23', 4960)).trace, {
      kind: 'near-timeout',
      withinMs: 20,
    });
    expect(before).toHaveLength(1);
    expect(before[0]!.sentence).toMatch(/handed out to request 2 .* before the server's idle timer fires/);
    // The client's idle clock starts a one-way delay after the server's: a 4990 ms gap reuses the
    // connection 20 ms after the server's timer fired.
    const after = breakpointHits(runScenario(twoRequests('http3-0.6', 4990)).trace, {
      kind: 'near-timeout',
      withinMs: 25,
    });
    expect(after[0]!.sentence).toMatch(/after the server's idle timer fired/);
    expect(
      breakpointHits(runScenario(twoRequests('http3-0.6', 4000)).trace, {
        kind: 'near-timeout',
        withinMs: 20,
      }),
    ).toEqual([]);
  });

  it('retry and event matchers', () => {
    const retried = runScenario(twoRequests('go-net-http', 4970)).trace;
    expect(breakpointHits(retried, { kind: 'retry' })).toMatchObject([{ req: 2 }]);
    const fires = breakpointHits(seed, {
      kind: 'event',
      match: { kind: 'timer.fire', side: 'server', timer: 'idle-timer' },
    });
    expect(fires.length).toBeGreaterThan(0);
    expect(fires.every((h) => h.conn !== null)).toBe(true);
  });

  it('nextHit finds the first hit after the cursor', () => {
    const hits = breakpointHits(seed, { kind: 'failure' });
    expect(nextHit(hits, -1)).toBe(hits[0]);
    expect(nextHit(hits, hits[0]!.seq)).toBe(hits[1]);
    expect(nextHit(hits, hits.at(-1)!.seq)).toBeNull();
  });

  it('describe themselves and reject bad input with the field and the limit', () => {
    expect(describeCondition({ kind: 'near-timeout', withinMs: 5 })).toBe(
      "a connection is handed out within 5 ms of the server's idle timeout",
    );
    expect(conditionProblems({ kind: 'near-timeout', withinMs: 5 })).toEqual([]);
    expect(conditionProblems({ kind: 'near-timeout', withinMs: -1 })[0]).toMatch(
      /"withinMs" must be .* at most 60000, got -1/,
    );
    expect(conditionProblems({ kind: 'teleport' })[0]).toMatch(
      /must be one of stale-write, near-timeout, failure, retry, event/,
    );
    expect(conditionProblems(null)).toHaveLength(1);
  });
});
