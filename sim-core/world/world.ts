/**
 * The simulated world of one run: the kernel, the trace, and a
 * run-to-completion queue of effects. Everything that happens starts as a
 * kernel event; what machines emit while handling it is queued here and
 * drained before the next kernel event, in order.
 */
import { Simulator } from '../kernel/simulator';
import type { TraceEvent } from '../trace/events';
import { type EventSink, type Recorder, StreamingRecorder, TraceRecorder } from '../trace/recorder';

export class World {
  readonly sim = new Simulator();
  /** The trace, or null when events go to a sink instead (an outcome-only run). */
  readonly trace: TraceRecorder | null;
  readonly recorder: Recorder;
  private readonly queue: Array<() => void> = [];
  private draining = false;

  /**
   * `sink`: hand every event to it as it is recorded; `keepTrace` false: keep no trace (an
   * outcome-only run; the sink gets each event as it is recorded).
   */
  constructor(
    readonly seed: number,
    sink: EventSink | null = null,
    keepTrace = true,
  ) {
    const now = () => this.sim.now;
    if (!keepTrace && !sink) throw new Error('World: an event sink is needed without a trace');
    this.trace = keepTrace ? new TraceRecorder(now, sink) : null;
    this.recorder = this.trace ?? new StreamingRecorder(now, sink!);
    this.sim.afterEach = () => this.drain();
  }

  /**
   * Records `event`, written `{ seq: 0, t: 0, kind, … }`: the recorder stamps `seq` and `t` on
   * the object itself (the keys come first, in the trace's order), so nothing is copied.
   */
  record(event: TraceEvent): void {
    this.recorder.record(event);
  }

  defer(fn: () => void): void {
    this.queue.push(fn);
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    // Effects may queue more effects; the index walks the growing array.
    for (let i = 0; i < this.queue.length; i++) this.queue[i]!();
    if (this.queue.length) this.queue.length = 0;
    this.draining = false;
  }
}
