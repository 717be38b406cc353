/**
 * A workload asking for more requests than `limits.maxRequests`: the engine simulates the first
 * `maxRequests` and the run ends as `done` (sim-core/run.ts, world/workload.ts), so nothing in
 * the trace says that the rest were left out. This says it, naming the fields and the limit, as
 * `explainRunEnd` (trace/runEnd.ts) says a run's time limit came first.
 */
import type { Scenario, Workload } from './types';
import { LIMITS } from './validate';

/** How many requests a workload asks for (a service chain draws each burst's size: a range). */
export interface RequestAsk {
  min: number;
  max: number;
  /** The field that sets it, and its value in the product's words. */
  field: string;
  what: string;
}

const n = (v: number) => v.toLocaleString('en');

export function workloadRequests(w: Workload): RequestAsk {
  switch (w.kind) {
    case 'sequential': {
      const k = w.gapsMs.length + 1;
      return { min: k, max: k, field: 'workload.gapsMs', what: `${n(w.gapsMs.length)} gaps` };
    }
    case 'poisson':
      return { min: w.count, max: w.count, field: 'workload.count', what: `${n(w.count)} arrivals` };
    case 'idle-then-burst': {
      const k = w.bursts * w.concurrency;
      return {
        min: k,
        max: k,
        field: 'workload.bursts',
        what: `${n(w.bursts)} bursts of ${n(w.concurrency)}`,
      };
    }
    case 'service-chain': {
      const { min, max } = w.burstSize;
      const size = min === max ? `${n(min)}` : `${n(min)} to ${n(max)}`;
      return {
        min: w.bursts * min,
        max: w.bursts * max,
        field: 'workload.bursts',
        what: `${n(w.bursts)} bursts of ${size}`,
      };
    }
  }
}

export interface RequestCap {
  title: string;
  detail: string;
}

/**
 * Null unless the workload asks for more than `limits.maxRequests`: always when it asks for more
 * whatever it draws (then at most the first maxRequests are simulated, even if another limit,
 * such as the time limit, stops the run before), or when the run simulated exactly that many
 * (`simulated`, the run's request count) and the drawn burst sizes may ask for more.
 */
export function requestCap(scenario: Scenario, simulated: number): RequestCap | null {
  const limit = scenario.limits.maxRequests;
  const ask = workloadRequests(scenario.workload);
  const reached = simulated === limit;
  if (ask.min <= limit && !(ask.max > limit && reached)) return null;
  const asks =
    ask.min === ask.max
      ? `${n(ask.max)} requests`
      : ask.min > limit
        ? `${n(ask.min)} to ${n(ask.max)} requests`
        : `up to ${n(ask.max)} requests`;
  const more =
    limit < LIMITS.maxRequests[1]
      ? ` A higher limits.maxRequests (at most ${n(LIMITS.maxRequests[1])}) simulates more.`
      : '';
  const cut = reached
    ? `only the first ${n(limit)} were simulated`
    : `at most the first ${n(limit)} are simulated`;
  return {
    title: `The workload asks for more than ${n(limit)} requests: its request limit cuts it`,
    detail: `${ask.field} asks for ${ask.what} (${asks}); limits.maxRequests is ${n(limit)}, so ${cut}.${more}`,
  };
}
