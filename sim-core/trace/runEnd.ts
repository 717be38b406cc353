/**
 * Why a run stopped, in the product's words: one place for the CLI, the app's notice and the
 * event log. Every reason but `done` means requests after the stop were not simulated.
 */
import {
  MAX_KERNEL_EVENTS,
  MAX_OPEN_CONNECTIONS,
  MAX_QUEUED_REQUESTS,
  MAX_TRACE_EVENTS,
} from '../engineLimits';
import type { RunEndReason } from './events';

export interface RunStop {
  title: string;
  /** What happened, with the limit, and what would fit. */
  detail: string;
}

const n = (v: number) => v.toLocaleString('en');

/** Null for a run that finished; otherwise the stop, at `atUs`, with the limit that made it. */
export function explainRunEnd(
  reason: RunEndReason,
  facts: { atUs: number; traceEvents: number; maxDurationMs: number },
): RunStop | null {
  const at = `${(facts.atUs / 1e6).toFixed(3)} s`;
  switch (reason) {
    case 'done':
      return null;
    case 'max-duration':
      return {
        title: 'The run stopped early: its time limit came first',
        detail: `limits.maxDurationMs is ${facts.maxDurationMs} ms; the run stopped at ${at} with requests still to come.`,
      };
    case 'max-events':
      return {
        title: 'The run stopped early: its trace grew too big',
        detail: `It reached ${n(facts.traceEvents)} trace events at ${at} (the limit is ${n(MAX_TRACE_EVENTS)}, about the most a browser tab can hold); requests after that were not simulated. Fewer requests (limits.maxRequests) or a shorter run (limits.maxDurationMs) fit.`,
      };
    case 'max-queued':
      return {
        title: 'The run stopped early: requests arrive faster than the pool serves them',
        detail: `At ${at}, ${n(MAX_QUEUED_REQUESTS)} requests were waiting for a connection at once (the limit): they could never all finish within the trace limit. A lower arrival rate, fewer requests or a larger pool (client.maxConnections) fit.`,
      };
    case 'max-connections':
      return {
        title: 'The run stopped early: too many connections open at once',
        detail: `At ${at}, ${n(MAX_OPEN_CONNECTIONS)} connections were open at once, TIME-WAIT included (the limit). Fewer closes (a longer idle timeout, no requestsPerConnection limit) or a lower arrival rate fit.`,
      };
    case 'max-kernel-events':
      return {
        title: 'The run stopped early: the simulation reached its event limit',
        detail: `It delivered ${n(MAX_KERNEL_EVENTS)} simulation events by ${at} (the limit); requests after that were not simulated. Fewer requests (limits.maxRequests) or a shorter run (limits.maxDurationMs) fit.`,
      };
  }
}
