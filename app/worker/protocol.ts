/**
 * The page ⇄ simulation-worker protocol. Every message carries the `runId` the page chose, so
 * a late message from an earlier run is recognised and dropped. Cancellation and errors are
 * messages too: nothing fails silently.
 *
 * Commands: `load` (validate and remember a scenario), `run` (a given scenario, or the loaded
 * one), `fork` (the loaded scenario with some settings changed, same seed), `cancel`.
 * For one run the worker answers: progress*, trace-batch*, then exactly one of done / error /
 * cancelled. `done` carries the trace index (sim-core/trace/traceIndex.ts), built in the worker
 * so the page never pays for it, with its typed arrays transferred rather than copied.
 */
import type {
  ClientSettings,
  Limits,
  NetworkSettings,
  Problem,
  Scenario,
  ServerSettings,
  Summary,
  TraceEvent,
  TraceIndex,
  Workload,
} from '../../sim-core';

/** At most this many trace events per `trace-batch` message (≈0.5 ms to clone in Chromium). */
export const TRACE_BATCH_SIZE = 1000;

/**
 * What a fork changes. Sections are merged field by field into the loaded scenario; a workload
 * is replaced whole. The seed cannot change: a fork is "the same world, one thing different".
 */
export interface ScenarioChanges {
  name?: string;
  description?: string;
  server?: Partial<ServerSettings>;
  client?: Partial<ClientSettings>;
  network?: Partial<NetworkSettings>;
  workload?: Workload;
  limits?: Partial<Limits>;
}

/** Page → worker. */
export type WorkerCommand =
  | { type: 'load'; runId: number; scenario: Scenario }
  /** Runs `scenario` (and loads it), or the loaded scenario when none is given. */
  | { type: 'run'; runId: number; scenario?: Scenario }
  | { type: 'fork'; runId: number; changes: ScenarioChanges }
  /** Stops `runId` if it has not finished (a queued run never starts). */
  | { type: 'cancel'; runId: number };

export interface RunProgress {
  /** Virtual time reached, µs. */
  t: number;
  requestsDone: number;
  requestsTotal: number;
}

/** Worker → page. */
export type WorkerResponse =
  /** The scenario was valid and is now the one `run` and `fork` start from. */
  | { type: 'loaded'; runId: number; scenario: Scenario }
  | ({ type: 'progress'; runId: number } & RunProgress)
  /** `events` are trace[offset … offset + events.length), in order, batches contiguous. */
  | { type: 'trace-batch'; runId: number; offset: number; events: TraceEvent[] }
  | {
      type: 'done';
      runId: number;
      /** The scenario that ran (for a fork: the loaded one with the changes applied). */
      scenario: Scenario;
      summary: Summary;
      index: TraceIndex;
      eventCount: number;
      /** Simulation plus indexing, in the worker. */
      elapsedMs: number;
    }
  /**
   * `runId` is null when the error belongs to no run (a malformed command, a crash).
   * `problems` lists what is wrong with a scenario, by field, when that is the error.
   */
  | { type: 'error'; runId: number | null; message: string; problems?: Problem[] }
  | { type: 'cancelled'; runId: number };

export type WorkerResponseType = WorkerResponse['type'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Narrowing guard for data arriving from `postMessage` (the worker never trusts its shape). */
export function isWorkerCommand(x: unknown): x is WorkerCommand {
  if (!isObject(x)) return false;
  if (typeof x.runId !== 'number' || !Number.isInteger(x.runId)) return false;
  switch (x.type) {
    case 'cancel':
      return true;
    case 'load':
      return isObject(x.scenario);
    case 'run':
      return x.scenario === undefined || isObject(x.scenario);
    case 'fork':
      return isObject(x.changes);
    default:
      return false;
  }
}

/** The loaded scenario with `changes` applied (sections merged, workload replaced). */
export function applyChanges(base: Scenario, changes: ScenarioChanges): Scenario {
  const next: Scenario = JSON.parse(JSON.stringify(base));
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.description !== undefined) next.description = changes.description;
  if (changes.server) next.server = merged(next.server, changes.server);
  if (changes.client) next.client = merged(next.client, changes.client);
  if (changes.network) next.network = merged(next.network, changes.network);
  if (changes.limits) next.limits = merged(next.limits, changes.limits);
  if (changes.workload) next.workload = JSON.parse(JSON.stringify(changes.workload));
  return next;
}

/** `base` with `changes`; a change to `undefined` removes the field (back to its default). */
function merged<T extends object>(base: T, changes: Partial<T>): T {
  const out: Record<string, unknown> = { ...base, ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete out[k];
  return out as T;
}

/** `Error: message` for anything thrown. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}
