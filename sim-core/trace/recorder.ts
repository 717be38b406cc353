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

/** What a recorder hands each event to as it is recorded, with its virtual time (µs). */
export type EventSink = (event: TraceInput | TraceEvent, t: number) => void;

/**
 * Appends events with consecutive `seq` and the current virtual time; with a `sink`, also hands
 * each stamped event to it (the run's summary is built so, without a second pass over the trace).
 */
export class TraceRecorder implements Recorder {
  readonly events: TraceEvent[] = [];
  constructor(
    private readonly now: () => number,
    private readonly sink: EventSink | null = null,
  ) {}

  get count(): number {
    return this.events.length;
  }

  record(event: TraceEvent): void {
    event.seq = this.events.length;
    event.t = this.now();
    this.events.push(event);
    this.sink?.(event, event.t);
  }
}

/**
 * Keeps nothing: hands each event, with the virtual time it was recorded at, to `sink` as it
 * happens, and counts them (so a run's bounds on its trace size hold as with a trace).
 */
export class StreamingRecorder implements Recorder {
  count = 0;
  constructor(
    private readonly now: () => number,
    private readonly sink: EventSink,
  ) {}

  record(event: TraceEvent): void {
    event.seq = this.count++;
    event.t = this.now();
    this.sink(event, event.t);
  }
}
