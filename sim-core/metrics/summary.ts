/**
 * The run summary, derived from the trace alone (so an imported trace gets
 * the same summary as a live run), or from the same events as a run records them.
 */

import { IdTable } from '../kernel/idTable';
import type { ErrorReport, FailureCause } from '../policies/types';
import type { HttpMethod } from '../scenario/types';
import type { RunEndReason, TraceEvent, TraceInput } from '../trace/events';
import { traceHash } from '../trace/hash';
import { percentile } from './percentile';

const NON_IDEMPOTENT: readonly HttpMethod[] = ['POST', 'PATCH'];

export interface RequestSummary {
  id: number;
  method: HttpMethod;
  /** When the application issued it. */
  sentAtMs: number;
  /** Idle gap slept before it (sequential workloads), else null. */
  gapMs: number | null;
  /** Connection of the first attempt. */
  connectionId: number | null;
  /** Whether the first attempt reused a pooled connection. */
  reused: boolean;
  attempts: number;
  outcome: 'ok' | 'ok-after-retry' | 'failed' | 'unfinished';
  error: ErrorReport | null;
  cause: FailureCause | null;
  indeterminate: boolean;
  /** Times the server application handled it (2+ for a duplicated side effect). */
  serverProcessed: number;
  latencyMs: number | null;
}

export interface Totals {
  requests: number;
  ok: number;
  okAfterRetry: number;
  failed: number;
  unfinished: number;
  indeterminate: number;
  retries: number;
  /** The pool's dials; for a real or captured trace (no pool events), the client's SYNs. */
  connectionsOpened: number;
  duplicateSideEffects: number;
  byErrorClass: Record<string, number>;
  byCause: Record<string, number>;
  /** Latency of every finished request, failures included. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
}

export interface Summary {
  scenario: string;
  seed: number;
  client: string;
  server: string;
  traceVersion: number;
  traceHash: string;
  events: number;
  simulatedMs: number;
  /** The trace's `run.end` reason (`done`, or the limit that stopped the run); null without one. */
  endReason: RunEndReason | null;
  totals: Totals;
  requests: RequestSummary[];
}

const ms = (us: number) => us / 1000;

/** What a run's `run.start` says about it (the head of a summary). */
type RunStart = Extract<TraceEvent, { kind: 'run.start' }>;
/** A trace event as the world records it, before the recorder stamps `seq` and `t`. */
type Input = TraceInput | TraceEvent;

/** A summary's requests by id, and in the order they were first set. */
interface RequestsById {
  get(id: number): RequestSummary | undefined;
  set(id: number, r: RequestSummary): void;
  delete(id: number): void;
  list(): RequestSummary[];
}

/** Every request, kept to the end of the run. */
class AllRequests implements RequestsById {
  private readonly byId = new IdTable<RequestSummary>();
  private readonly all: RequestSummary[] = [];

  get(id: number): RequestSummary | undefined {
    return this.byId.get(id);
  }

  set(id: number, r: RequestSummary): void {
    const old = this.byId.get(id);
    // A Map's set: a second request.start for an id (a malformed imported trace) keeps its place.
    if (old === undefined) this.all.push(r);
    else this.all[this.all.indexOf(old)] = r;
    this.byId.set(id, r);
  }

  delete(id: number): void {
    const old = this.byId.get(id);
    if (old === undefined) return;
    this.byId.delete(id);
    this.all.splice(this.all.indexOf(old), 1);
  }

  list(): RequestSummary[] {
    return [...this.all];
  }
}

/** The requests not ended yet (and kept POSTs): few at a time, so a Map is small and fast. */
class OpenRequests implements RequestsById {
  private readonly byId = new Map<number, RequestSummary>();

  get(id: number): RequestSummary | undefined {
    return this.byId.get(id);
  }

  set(id: number, r: RequestSummary): void {
    this.byId.set(id, r);
  }

  delete(id: number): void {
    this.byId.delete(id);
  }

  list(): RequestSummary[] {
    return [...this.byId.values()];
  }
}

/**
 * The summary, built one event at a time: `summarize` feeds it a whole trace, an outcome-only
 * run (run.ts, `runOutcomes`) feeds it each event as the world records it, without keeping any.
 * Either way the same code sees the same events in the same order, so the totals are the same.
 */
export class SummaryBuilder {
  private start: RunStart | TraceInput | null = null;
  /**
   * The requests not folded yet, by id. Kept for the summary: every one (in an IdTable, read by
   * id at each of its events, and `all` in the order they started). Folded as they end (`keepRequests`
   * false): only the unfinished ones, in a Map, small, in the order they started.
   */
  private readonly requests: RequestsById;
  /** Requests already folded into the totals (`keepRequests` false) and forgotten. */
  private readonly folded: TotalsAccumulator;
  private started = 0;
  private connectionsOpened = 0;
  /** A real or captured trace (no pool events): its connections are the client's SYNs. */
  private observed = false;
  private syns = 0;
  private retries = 0;
  private count = 0;
  private lastT = 0;
  private endReason: RunEndReason | null = null;

  /**
   * `keepRequests` false: the summary's `requests` is empty and a finished request is folded
   * into the totals at its `request.end` and forgotten (memory per unfinished request only); the
   * totals are the same. A POST or PATCH is kept to the end: the server may handle it again later
   * (a duplicated side effect) — the only event after `request.end` the totals read.
   */
  constructor(
    private readonly keepRequests = true,
    /**
     * Called at each `request.end` with the request as it ended (outcome, cause, attempts, latency
     * are final then; only a later `server.handle` may still count a duplicate). For a Monte
     * Carlo that keeps no requests but reads a little of each (sim-core/risk).
     */
    private readonly onRequestEnd?: (r: Readonly<RequestSummary>) => void,
  ) {
    this.folded = new TotalsAccumulator(!keepRequests);
    this.requests = keepRequests ? new AllRequests() : new OpenRequests();
  }

  /** One event, recorded at virtual time `t` (µs). */
  add(e: Input, t: number): void {
    if (this.count++ === 0) {
      if (e.kind !== 'run.start') throw new Error('trace must begin with run.start');
      this.start = e;
      this.observed = e.source === 'real' || e.source === 'capture';
    }
    this.lastT = t;
    switch (e.kind) {
      case 'request.start':
        this.started++;
        this.requests.set(e.req, {
          id: e.req,
          method: e.method,
          sentAtMs: ms(t),
          gapMs: e.gapMs,
          connectionId: null,
          reused: false,
          attempts: 0,
          outcome: 'unfinished',
          error: null,
          cause: null,
          indeterminate: false,
          serverProcessed: 0,
          latencyMs: null,
        });
        break;
      case 'attempt.start': {
        const r = this.requests.get(e.req)!;
        if (r.connectionId === null) {
          r.connectionId = e.conn;
          r.reused = e.reused;
        }
        r.attempts = Math.max(r.attempts, e.attempt);
        break;
      }
      case 'segment.send':
        if (this.observed && e.flag === 'SYN' && e.side === 'client') this.syns++;
        break;
      case 'pool':
        if (e.decision === 'dial') this.connectionsOpened++;
        if (e.decision === 'retry') this.retries++;
        break;
      case 'server.handle': {
        const r = this.requests.get(e.req);
        if (r) r.serverProcessed++;
        break;
      }
      case 'request.end': {
        const r = this.requests.get(e.req)!;
        r.outcome = e.outcome;
        r.error = e.error;
        r.cause = e.cause;
        r.indeterminate = e.indeterminate;
        r.latencyMs = ms(e.latency);
        this.onRequestEnd?.(r);
        if (!this.keepRequests && !NON_IDEMPOTENT.includes(r.method)) {
          this.folded.add(r);
          this.requests.delete(e.req);
        }
        break;
      }
      default:
        break;
    }
    // Only the last event's reason counts (a trace that does not end with run.end has none).
    this.endReason = e.kind === 'run.end' ? e.reason : null;
  }

  /**
   * The summary of the events added so far. `hash` gives the trace hash when something reads
   * `traceHash` (computed then, once); an outcome-only run has no trace and passes none.
   */
  summary(hash: () => string): Summary;
  summary(hash: null): Omit<Summary, 'traceHash'>;
  summary(hash: (() => string) | null): Summary | Omit<Summary, 'traceHash'> {
    const start = this.start as RunStart | null;
    if (!start) throw new Error('trace must begin with run.start');
    const list = this.requests.list();
    const opened = this.observed && this.connectionsOpened === 0 ? this.syns : this.connectionsOpened;
    const totals = this.folded.totals(list, this.started, this.retries, opened);
    const head = {
      scenario: start.scenario,
      seed: start.seed,
      client: start.client,
      server: start.server,
      traceVersion: start.version,
    };
    const tail = {
      events: this.count,
      simulatedMs: ms(this.lastT),
      endReason: this.endReason,
      totals,
      requests: this.keepRequests ? list : [],
    };
    if (hash === null) return { ...head, ...tail };
    let value: string | null = null;
    // The hash is a getter, computed on first read and kept: a run no one asks for it (a sweep,
    // a Monte Carlo over full runs) does not pay for it, and JSON, structured clone (the worker's
    // postMessage) and spreads read it like any other property, in the same key order as before.
    return {
      ...head,
      get traceHash(): string {
        value ??= hash();
        return value;
      },
      ...tail,
    };
  }
}

/** A class's count and the first request (in start order) that had it: the key order of the totals. */
type Tally = Map<string, { n: number; first: number }>;

/**
 * The totals over the requests added: the counts, the latencies, and each error class and cause
 * in the order the requests that had them started — the order of the adds, or (`outOfOrder`, a
 * run's requests folded as they end) of the first request id that had it: a run's ids grow with
 * its requests' start.
 */
class TotalsAccumulator {
  constructor(private readonly outOfOrder: boolean) {}

  private ok = 0;
  private okAfterRetry = 0;
  private failed = 0;
  private unfinished = 0;
  private indeterminate = 0;
  private duplicateSideEffects = 0;
  private readonly latencies: number[] = [];
  // Counted in Maps: an imported trace may name a class `constructor` or `__proto__`.
  private readonly byErrorClass: Tally = new Map();
  private readonly byCause: Tally = new Map();

  add(r: RequestSummary): void {
    if (r.outcome === 'ok') this.ok++;
    else if (r.outcome === 'ok-after-retry') this.okAfterRetry++;
    else if (r.outcome === 'failed') this.failed++;
    else this.unfinished++;
    if (r.indeterminate) this.indeterminate++;
    if (r.error) tally(this.byErrorClass, r.error.class, r.id);
    if (r.cause) tally(this.byCause, r.cause, r.id);
    if (r.serverProcessed > 1 && NON_IDEMPOTENT.includes(r.method))
      this.duplicateSideEffects += r.serverProcessed - 1;
    if (r.latencyMs !== null) this.latencies.push(r.latencyMs);
  }

  /** The totals of what was added and of `rest` (`requests` in all). Call once. */
  totals(
    rest: readonly RequestSummary[],
    requests: number,
    retries: number,
    connectionsOpened: number,
  ): Totals {
    for (const r of rest) this.add(r);
    const latencies = this.latencies;
    latencies.sort((a, b) => a - b);
    return {
      requests,
      ok: this.ok,
      okAfterRetry: this.okAfterRetry,
      failed: this.failed,
      unfinished: this.unfinished,
      indeterminate: this.indeterminate,
      retries,
      connectionsOpened,
      duplicateSideEffects: this.duplicateSideEffects,
      byErrorClass: ordered(this.byErrorClass, this.outOfOrder),
      byCause: ordered(this.byCause, this.outOfOrder),
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.length ? latencies[latencies.length - 1]! : null,
      },
    };
  }
}

function tally(m: Tally, key: string, id: number): void {
  const t = m.get(key);
  if (!t) m.set(key, { n: 1, first: id });
  else {
    t.n++;
    if (id < t.first) t.first = id;
  }
}

/** fromEntries defines own properties, so even `__proto__` is a key like any other. */
function ordered(m: Tally, sort: boolean): Record<string, number> {
  const entries = [...m];
  if (sort) entries.sort((a, b) => a[1].first - b[1].first);
  return Object.fromEntries(entries.map(([k, t]) => [k, t.n]));
}

/**
 * The summary with its hash already known (from the trace's serialized lines, say), as plain
 * data in the same key order, without computing it again.
 */
export function withTraceHash(summary: Summary, hash: string): Summary {
  const d = Object.getOwnPropertyDescriptors(summary);
  d.traceHash = { value: hash, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, d) as Summary;
}

/** The summary of a whole trace; its `traceHash` is computed when first read. */
export function summarize(trace: readonly TraceEvent[]): Summary {
  if (trace[0]?.kind !== 'run.start') throw new Error('trace must begin with run.start');
  const b = new SummaryBuilder();
  for (const e of trace) b.add(e, e.t);
  return b.summary(() => traceHash(trace));
}
