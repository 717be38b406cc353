/**
 * Trace v1: the only contract between sim-core and the UI, and the format of
 * exported traces. Append-only; every event has `seq` (0, 1, 2, …), `t`
 * (virtual µs) and `kind`, plus the entity it concerns (`conn`, `side`, `req`).
 */
import type { ErrorReport, FailureCause } from '../policies/types';
import type { HttpMethod } from '../scenario/types';

export const TRACE_VERSION = 1 as const;

export type Side = 'client' | 'server';
/** Where a trace came from (run.start `source`). */
export type TraceSource = 'simulated' | 'real' | 'capture';
/** The longest run.start `sourceDetail` import accepts (characters). */
export const SOURCE_DETAIL_MAX = 2000;
export type SegmentFlag = 'SYN' | 'SYN-ACK' | 'ACK' | 'DATA' | 'FIN' | 'RST';
/** Which machine a state change belongs to. */
export type MachineName = 'tcp' | 'h11' | 'server' | 'pool' | 'belief';

interface Base {
  seq: number;
  t: number;
}

export type TraceEvent =
  | (Base & {
      kind: 'run.start';
      version: typeof TRACE_VERSION;
      scenario: string;
      seed: number;
      client: string;
      server: string;
      /**
       * Which variant of a machine this run's actors use, where a policy or profile picks one:
       * the pool's belief with or without the client's idle timer, the server with uvicorn's
       * leaky idle timer or not.
       */
      variants: { belief: 'timed' | 'untimed'; server: 'leaky' | 'correct' };
      /**
       * What produced the trace; absent means `simulated` (the simulator never writes it, so
       * simulated traces and their hashes are unchanged). A `real` trace (real clients through a
       * delay proxy) or a `capture` (an imported packet capture) holds only what could be seen:
       * segments and requests, no `state`, `timer` or `pool` events.
       */
      source?: TraceSource;
      /** For `real` and `capture`: what produced it (library versions, proxy delay, capture file). */
      sourceDetail?: string;
    })
  | (Base & {
      kind: 'segment.send';
      conn: number;
      side: Side;
      seg: number;
      flag: SegmentFlag;
      /** For DATA: `POST /auth`, `200 OK`. */
      label: string | null;
      bytes: number;
      /** When it will reach the peer's kernel. */
      arriveAt: number;
      /** For a request or response (DATA): the request and attempt it carries. */
      req?: number;
      attempt?: number;
    })
  | (Base & { kind: 'segment.deliver'; conn: number; side: Side; seg: number; flag: SegmentFlag })
  | (Base & {
      kind: 'state';
      conn: number;
      side: Side;
      machine: MachineName;
      from: string;
      to: string;
      /** The event that caused the transition (`SEGMENT FIN`, `after idle-timer`, …). */
      cause: string;
    })
  | (Base & {
      kind: 'timer.arm' | 'timer.fire' | 'timer.cancel';
      conn: number;
      side: Side;
      timer: 'idle-timer' | 'processing' | 'time-wait' | 'expiry';
      /** When it fires (for arm). */
      at: number;
    })
  | (Base & {
      kind: 'pool';
      decision: 'dial' | 'reuse' | 'check' | 'discard' | 'queue' | 'release' | 'retry' | 'close';
      conn: number | null;
      req: number | null;
      detail: string;
      /** On `release`, when the client's own idle limit for the connection runs out (µs). */
      expiresAt?: number;
    })
  | (Base & {
      kind: 'request.start';
      req: number;
      method: HttpMethod;
      path: string;
      /** Idle gap the program slept before this request (sequential workloads). */
      gapMs: number | null;
    })
  | (Base & { kind: 'attempt.start'; req: number; attempt: number; conn: number; reused: boolean })
  | (Base & {
      kind: 'attempt.write';
      req: number;
      attempt: number;
      conn: number;
      ok: boolean;
      errno: string | null;
    })
  | (Base & {
      kind: 'attempt.end';
      req: number;
      attempt: number;
      conn: number;
      ok: boolean;
      cause: FailureCause | null;
      error: ErrorReport | null;
    })
  | (Base & { kind: 'server.handle'; req: number; conn: number; count: number })
  | (Base & {
      kind: 'request.end';
      req: number;
      outcome: 'ok' | 'ok-after-retry' | 'failed';
      error: ErrorReport | null;
      cause: FailureCause | null;
      indeterminate: boolean;
      latency: number;
    })
  | (Base & { kind: 'run.end'; reason: RunEndReason });

/**
 * Why a run ended. `done`: every request finished (a workload cut to `limits.maxRequests` is done
 * when those finish). Otherwise the first bound reached, with requests unfinished:
 * `max-duration`: the scenario's `limits.maxDurationMs`; the engine's own bounds on the work a
 * run may take (run.ts): `max-events`: the trace grew too big; `max-kernel-events`: the kernel
 * delivered too many events; `max-queued`: too many requests waited for a pool slot at once;
 * `max-connections`: too many connections were open at once (TIME-WAIT included).
 */
export type RunEndReason =
  | 'done'
  | 'max-duration'
  | 'max-events'
  | 'max-kernel-events'
  | 'max-queued'
  | 'max-connections';

export type TraceKind = TraceEvent['kind'];

/** A TraceEvent before the recorder stamps `seq` and `t` on it. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type TraceInput = DistributiveOmit<TraceEvent, 'seq' | 't'>;
