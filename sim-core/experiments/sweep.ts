/**
 * Idle-gap sweeps: for each gap, a fresh run of two sequential requests on one
 * client — one to open a connection, one after the gap — and the second
 * request's fate. Pure: the CLI, the tests, the benchmark and the app share it.
 */
import { runScenario } from '../run';
import type { HttpMethod, Scenario } from '../scenario/types';

export interface SweepPoint {
  gapMs: number;
  outcome: string;
  cause: string | null;
  /** `Class: message` of the error the caller saw, or null. */
  error: string | null;
  /** The second request's first attempt reused the first request's connection. */
  reused: boolean;
  attempts: number;
  /** Times the server handled the second request (2 = a duplicated side effect). */
  serverProcessed: number;
  indeterminate: boolean;
}

/** The scenario with a two-request sequential workload and the given gap (and method). */
export function gapScenario(base: Scenario, gapMs: number, method?: HttpMethod): Scenario {
  return {
    ...base,
    workload: {
      kind: 'sequential',
      gapsMs: [gapMs],
      method: method ?? base.workload.method,
      path: base.workload.path,
    },
  };
}

/** A sweep run ended (at one of the scenario's limits) before it sent the request after the gap. */
export class SweepRunStopped extends Error {
  constructor(
    readonly gapMs: number,
    readonly reason: string | null,
  ) {
    super(
      `the run with a gap of ${gapMs} ms ended (${reason ?? 'no reason recorded'}) before the request after the gap`,
    );
    this.name = 'SweepRunStopped';
  }
}

export function sweepGaps(base: Scenario, gaps: readonly number[], method?: HttpMethod): SweepPoint[] {
  return gaps.map((gapMs) => {
    const { summary } = runScenario(gapScenario(base, gapMs, method));
    const second = summary.requests[1];
    if (!second) throw new SweepRunStopped(gapMs, summary.endReason);
    return {
      gapMs,
      outcome: second.outcome,
      cause: second.cause,
      error: second.error ? `${second.error.class}: ${second.error.message}` : null,
      reused: second.reused,
      attempts: second.attempts,
      serverProcessed: second.serverProcessed,
      indeterminate: second.indeterminate,
    };
  });
}
