import type { TraceEvent, TraceInput } from './events';

/** Appends events with consecutive `seq` and the current virtual time. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  constructor(private readonly now: () => number) {}

  record(event: TraceInput): void {
    // Key order is fixed (seq, t, then the event's own keys) so that the
    // canonical JSON, and therefore the hash, is stable.
    this.events.push({ seq: this.events.length, t: this.now(), ...event } as TraceEvent);
  }
}
