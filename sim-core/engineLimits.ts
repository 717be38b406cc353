/**
 * The bounds on the work one run may take, each with the `run.end` reason it stops a run with.
 * Plain constants in their own module, so views can name them without importing the run entry.
 */

/**
 * A run stops after this many trace events (the seed scenario writes about 34 per request, so this
 * is some 90,000 of its requests; the benchmark measured ~150 bytes of heap per event): beyond it a
 * trace no longer fits comfortably in a browser tab, which holds it in the worker and on the page.
 * `run.end` then says `max-events` and the app says why the run stopped.
 */
export const MAX_TRACE_EVENTS = 3_000_000;

/*
 * The scenario's limits (maxRequests ≤ 1,000,000, maxDurationMs ≤ 24 h) do not bound a run's work
 * by themselves: a million requests arriving at 100,000/s into a pool of 100 would queue nearly
 * all of them. The trace bound above caps what is kept; these cap the rest of what a run holds
 * or does, each stopping it with its own `run.end` reason. None is reached by a run that fits
 * the trace bound in the ordinary way (bench/hashes.ts: every run there is unchanged).
 */

/**
 * Kernel events delivered at most (`max-kernel-events`): the CPU bound. Every preset under every
 * client policy delivers at most 0.27 kernel events per trace event, so this is reached only by a
 * run whose events stop leaving a trace (a loop), long after the trace bound would stop an
 * ordinary one.
 */
export const MAX_KERNEL_EVENTS = MAX_TRACE_EVENTS;

/**
 * Request attempts waiting for a pool slot at once, at most (`max-queued`). A waiting request has
 * its whole exchange still to record, ~30 trace events, so past MAX_TRACE_EVENTS / 30 waiting the
 * run could not finish them within the trace bound anyway: stopping here says why (the workload
 * arrives faster than the pool serves it) instead of drawing the trace to its limit.
 */
export const MAX_QUEUED_REQUESTS = MAX_TRACE_EVENTS / 30;

/**
 * Connections open at once, TIME-WAIT included (`max-connections`): each holds six actors,
 * ~30 kB, so this bounds them to ~600 MB. Twice the largest pool a scenario can ask for
 * (client.maxConnections ≤ 10,000), leaving as many for connections waiting out TIME-WAIT.
 */
export const MAX_OPEN_CONNECTIONS = 20_000;
