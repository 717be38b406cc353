import { EventQueue } from './eventQueue';

/** Virtual time is an integer number of microseconds since the run started. */
export type Micros = number;

/** What the kernel tells after every event it delivers (`Simulator.afterEach`). */
export interface AfterEachEvent {
  readonly afterEvent: () => void;
}

/** What `Simulator.run` asks after every event: stop now? */
export interface StopCheck {
  readonly shouldStop: () => boolean;
}

/** The clock interface XState actors accept (`createActor(machine, { clock })`). */
export interface XStateClock {
  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): unknown;
  clearTimeout(id: unknown): void;
}

export const usFromMs = (ms: number): Micros => Math.round(ms * 1000);
export const msFromUs = (us: Micros): number => us / 1000;

/**
 * The discrete-event kernel: a virtual clock and the queue of what happens next.
 * Nothing here reads wall-clock time; `now` only moves when an event is popped.
 */
export class Simulator {
  private readonly queue = new EventQueue();
  /**
   * The virtual time. Its first store is NaN so that V8 keeps it as a double from the start: a
   * field first given 0 holds a small integer until 2^30 µs in Chrome, 2^31 in Node (about 18 or
   * 36 simulated minutes), then changes its representation, which changes the Simulator's hidden
   * class and throws away the optimised code of everything that reads it — in the first run, and
   * again when the next run's Simulator is made (measured; eventQueue.ts `emptied`). The
   * constructor sets it to 0.
   */
  private current: Micros = Number.NaN;
  /** Number of queue events delivered so far (the benchmark reports it). */
  delivered = 0;
  /**
   * Told after every delivered event: the world drains its deferred effects then. An object with a
   * method, not a closure made per run (recorder.ts `EventSink` says why).
   */
  afterEach: AfterEachEvent | null = null;

  constructor() {
    this.current = 0;
  }

  get now(): Micros {
    return this.current;
  }

  /** Schedules `fn` after `delay` µs (rounded to an integer, never negative). */
  after(delay: Micros, fn: () => void): number {
    const d = delay > 0 ? Math.round(delay) : 0;
    return this.queue.push(this.current + d, fn);
  }

  /** Time of the next pending event, or undefined when nothing is scheduled. */
  nextTime(): Micros | undefined {
    return this.queue.peekTime();
  }

  at(t: Micros, fn: () => void): number {
    return this.queue.push(Math.max(this.current, Math.round(t)), fn);
  }

  /** Reserves `count` places in the order of same-time events (see `EventQueue.reserve`). */
  reserve(count: number): number {
    return this.queue.reserve(count);
  }

  /** `at`, in a place taken by `reserve`: ties with other events break as of the reservation. */
  atReserved(seq: number, t: Micros, fn: () => void): number {
    return this.queue.pushReserved(seq, Math.max(this.current, Math.round(t)), fn);
  }

  cancel(id: number): void {
    this.queue.cancel(id);
  }

  /** Runs events until the queue is empty or the next event is later than `until`. */
  run(until: Micros = Number.POSITIVE_INFINITY, stop: StopCheck | null = null): void {
    const queue = this.queue;
    for (;;) {
      const next = queue.peekTime();
      if (next === undefined || next > until) break;
      const callback = queue.popCallback()!;
      this.current = queue.poppedTime;
      this.delivered++;
      callback();
      this.afterEach?.afterEvent();
      if (stop?.shouldStop()) break;
    }
  }

  /**
   * An XState clock on virtual time: every `after` delay in a machine becomes
   * a kernel event. XState gives delays in milliseconds; we keep microseconds.
   */
  xstateClock(): XStateClock {
    // One per simulator: every actor of a run is given it (thousands per run).
    this.clock ??= new KernelClock(this);
    return this.clock;
  }

  private clock: KernelClock | null = null;
}

/**
 * `Simulator.xstateClock`'s clock. A class, not an object of two arrow functions: the actors
 * call these methods at one call site for every run, and a closure made per simulator let the
 * optimised code of the first run keep that run's simulator, thrown away when it was collected.
 */
class KernelClock implements XStateClock {
  constructor(private readonly sim: Simulator) {}

  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): number {
    return this.sim.after(usFromMs(timeoutMs), fn);
  }

  clearTimeout(id: unknown): void {
    this.sim.cancel(id as number);
  }
}
