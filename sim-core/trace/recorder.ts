import type { TraceEvent, TraceInput } from './events';

/**
 * Where the world's events go: kept as a trace, or handed on and forgotten (outcome-only runs).
 * `record` takes an event written with `seq` and `t` first (any values: `{ seq: 0, t: 0, kind,
 * … }`) and stamps both on that object — the trace keeps it as it is, without a copy; the key
 * order (seq, t, then the event's own keys) is the canonical JSON's, and therefore the hash's.
 * The caller must not change the object afterwards.
 */
export interface Recorder {
  record(event: TraceEvent): void;
  /** Events recorded so far (the next event's `seq`). */
  readonly count: number;
}

/** What a recorder reads the virtual time from (the run's `Simulator`). */
export interface VirtualClock {
  readonly now: number;
}

/**
 * What a recorder hands each event to as it is recorded, with its virtual time (µs): the
 * summary, the failure classification, or both (`BothSinks`).
 *
 * The recorders read the clock and call the sink as methods of objects, not as closures made per
 * run: a closure that was the only one a call site saw in the first run was compiled into that
 * site, and the second run's closure threw the optimised code away again (measured: ≈ 0.1 s of
 * a fresh worker's first 100,000 requests).
 */
export interface EventSink {
  // A property, not a method signature: its parameters are then checked strictly.
  readonly add: (event: TraceInput | TraceEvent, t: number) => void;
}

/** Hands every event to two sinks, in order. */
export class BothSinks implements EventSink {
  constructor(
    private readonly first: EventSink,
    private readonly second: EventSink,
  ) {}

  add(event: TraceInput | TraceEvent, t: number): void {
    this.first.add(event, t);
    this.second.add(event, t);
  }
}

/**
 * Appends events with consecutive `seq` and the current virtual time; with a `sink`, also hands
 * each stamped event to it (the run's summary is built so, without a second pass over the trace).
 */
export class TraceRecorder implements Recorder {
  readonly events: TraceEvent[] = [];
  constructor(
    private readonly clock: VirtualClock,
    private readonly sink: EventSink | null = null,
  ) {}

  get count(): number {
    return this.events.length;
  }

  record(event: TraceEvent): void {
    event.seq = this.events.length;
    event.t = this.clock.now;
    this.events.push(event);
    this.sink?.add(event, event.t);
  }
}

/**
 * An outcome-only run's recorder: keeps nothing, hands each event with its virtual time to the
 * sink, and counts (so a run's bounds on its trace size hold as with a trace); an event nobody
 * reads there (metrics/outcomeReads.ts) is only counted, with `skip()`.
 */
export class OutcomeRecorder implements Recorder {
  count = 0;
  constructor(
    private readonly clock: VirtualClock,
    private readonly sink: EventSink,
  ) {}

  record(event: TraceEvent): void {
    event.seq = this.count++;
    event.t = this.clock.now;
    this.sink.add(event, event.t);
  }

  skip(): void {
    this.count++;
  }
}
