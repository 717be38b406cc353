import { EventQueue } from './eventQueue';

/** Virtual time is an integer number of microseconds since the run started. */
export type Micros = number;

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
  private current: Micros = 0;
  /** Number of queue events delivered so far (the benchmark reports it). */
  delivered = 0;
  /** Runs after every delivered event: the world drains deferred effects here. */
  afterEach: (() => void) | null = null;

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
  run(until: Micros = Number.POSITIVE_INFINITY, shouldStop?: () => boolean): void {
    const queue = this.queue;
    for (;;) {
      const next = queue.peekTime();
      if (next === undefined || next > until) break;
      const callback = queue.popCallback()!;
      this.current = queue.poppedTime;
      this.delivered++;
      callback();
      this.afterEach?.();
      if (shouldStop?.()) break;
    }
  }

  /**
   * An XState clock on virtual time: every `after` delay in a machine becomes
   * a kernel event. XState gives delays in milliseconds; we keep microseconds.
   */
  xstateClock(): XStateClock {
    // One per simulator: every actor of a run is given it (thousands per run).
    this.clock ??= {
      setTimeout: (fn: (...args: unknown[]) => void, timeoutMs: number) =>
        this.after(usFromMs(timeoutMs), fn),
      clearTimeout: (id: unknown) => this.cancel(id as number),
    };
    return this.clock;
  }

  private clock: XStateClock | null = null;
}
