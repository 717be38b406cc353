/**
 * The page ⇄ simulation-worker protocol. Every message carries the `runId` the page chose, so
 * a late message from an earlier run is recognised and dropped. Cancellation and errors are
 * messages too: nothing fails silently.
 */
import type { Summary } from '../../sim-core/metrics/summary';
import type { Scenario } from '../../sim-core/scenario/types';
import type { TraceEvent } from '../../sim-core/trace/events';

/** At most this many trace events per `trace-batch` message. */
export const TRACE_BATCH_SIZE = 1000;

/** Page → worker. */
export type WorkerCommand =
  | { type: 'run'; runId: number; scenario: Scenario }
  /** Stops `runId` if it has not finished (a queued run never starts). */
  | { type: 'cancel'; runId: number };

export interface RunProgress {
  /** Virtual time reached, µs. */
  t: number;
  requestsDone: number;
  requestsTotal: number;
}

/** Worker → page. For one run: progress*, trace-batch*, then exactly one of done / error / cancelled. */
export type WorkerResponse =
  | ({ type: 'progress'; runId: number } & RunProgress)
  /** `events` are trace[offset … offset + events.length), in order, batches contiguous. */
  | { type: 'trace-batch'; runId: number; offset: number; events: TraceEvent[] }
  | { type: 'done'; runId: number; summary: Summary; eventCount: number; elapsedMs: number }
  /** `runId` is null when the error belongs to no run (a malformed command, a crash). */
  | { type: 'error'; runId: number | null; message: string }
  | { type: 'cancelled'; runId: number };

export type WorkerResponseType = WorkerResponse['type'];

/** Narrowing guard for data arriving from `postMessage` (the page never trusts its shape). */
export function isWorkerCommand(x: unknown): x is WorkerCommand {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as { type?: unknown; runId?: unknown; scenario?: unknown };
  if (typeof m.runId !== 'number' || !Number.isInteger(m.runId)) return false;
  if (m.type === 'cancel') return true;
  return m.type === 'run' && typeof m.scenario === 'object' && m.scenario !== null;
}

/** `Error: message` for anything thrown. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}
