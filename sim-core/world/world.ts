/**
 * The simulated world of one run: the kernel, the trace, and a
 * run-to-completion queue of effects. Everything that happens starts as a
 * kernel event; what machines emit while handling it is queued here and
 * drained before the next kernel event, in order.
 */
import { emptied } from '../kernel/eventQueue';
import { type AfterEachEvent, Simulator } from '../kernel/simulator';
import type { TraceEvent } from '../trace/events';
import { type EventSink, OutcomeRecorder, type Recorder, TraceRecorder } from '../trace/recorder';

const NO_CALL = () => {};

export class World implements AfterEachEvent {
  readonly sim = new Simulator();
  /** The trace, or null when events go to a sink instead (an outcome-only run). */
  readonly trace: TraceRecorder | null;
  readonly recorder: Recorder;
  /**
   * True with a trace: every event is built and recorded. False in an outcome-only run: an event
   * `metrics/outcomeReads.ts` does not name is counted with `skip()` instead of built.
   */
  readonly full: boolean;
  private readonly outcome: OutcomeRecorder | null;
  /** Deferred calls, flat: a function, then its argument (made with objects in it: `emptied`). */
  private readonly queue: unknown[] = emptied([NO_CALL]);
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
    if (!keepTrace && !sink) throw new Error('World: an event sink is needed without a trace');
    this.trace = keepTrace ? new TraceRecorder(this.sim, sink) : null;
    this.outcome = keepTrace ? null : new OutcomeRecorder(this.sim, sink!);
    this.recorder = this.trace ?? this.outcome!;
    this.full = keepTrace;
    this.sim.afterEach = this;
  }

  /**
   * Records `event`, written `{ seq: 0, t: 0, kind, … }`: the recorder stamps `seq` and `t` on
   * the object itself (the keys come first, in the trace's order), so nothing is copied.
   */
  record(event: TraceEvent): void {
    this.recorder.record(event);
  }

  /** Counts an event an outcome-only run does not build (only when `full` is false). */
  skip(): void {
    this.outcome!.skip();
  }

  /** Calls `fn(arg)` after the current kernel event (no closure per call: every emit comes this way). */
  deferCall<A>(fn: (arg: A) => void, arg: A): void {
    this.queue.push(fn, arg);
  }

  /** After every kernel event (the kernel's `afterEach`): the effects it queued, in order. */
  afterEvent(): void {
    if (this.draining) return;
    const queue = this.queue;
    if (queue.length === 0) return;
    this.draining = true;
    // Effects may queue more effects; the index walks the growing array.
    for (let i = 0; i < queue.length; i += 2) (queue[i] as (arg: unknown) => void)(queue[i + 1]);
    while (queue.length) queue.pop(); // cheaper than setting its length (a runtime call)
    this.draining = false;
  }
}
