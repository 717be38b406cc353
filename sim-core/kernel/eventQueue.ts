/**
 * Binary min-heap of scheduled callbacks ordered by (time, sequence).
 * The sequence number is the insertion order, so two events at the same
 * microsecond always run in the order they were scheduled: ties are stable,
 * which is what makes a run reproducible. The sequence number is also the
 * event's id for `cancel`.
 *
 * Struct of arrays, and sifts that move a hole instead of swapping pairs:
 * a push or pop allocates nothing (the kernel delivers ~10 events per
 * simulated request).
 */
export type Callback = () => void;

/**
 * `literal` emptied: an empty array whose elements V8 already keeps as the literal's kind
 * (doubles, or any value). `[]` starts with small integers and changes its kind at the first
 * double or object stored — and every optimised function that reads the array is thrown away
 * then, in each new run's queue again (measured: a batch of deoptimisations at the second run's
 * first events). Virtual times leave V8's small integers about 18 simulated minutes in where V8
 * compresses pointers (Chrome: 2^30 µs), about 36 in Node (2^31 µs).
 * Each caller writes its own literal: V8 tracks the kind per literal in the source.
 */
export function emptied<T>(literal: T[]): T[] {
  while (literal.length) literal.pop();
  return literal;
}

const NOTHING: Callback = () => {};

export class EventQueue {
  private readonly times: number[] = emptied([0.5]);
  private readonly seqs: number[] = [];
  private readonly callbacks: Callback[] = emptied([NOTHING]);
  private readonly cancelled = new Set<number>();
  private nextSeq = 0;
  /** Time of the event `popCallback` returned last (NaN before the first: a double from the start, as `times`). */
  poppedTime = Number.NaN;

  get size(): number {
    return this.times.length - this.cancelled.size;
  }

  /** Schedules `callback` at integer time `t`; returns an id usable with `cancel`. */
  push(t: number, callback: Callback): number {
    return this.pushAs(this.nextSeq++, t, callback);
  }

  /**
   * Takes the next `count` sequence numbers now, for events pushed later with `pushReserved`:
   * such an event sorts exactly as if it had been pushed at the time of the reservation, so a
   * long series (a workload's arrivals) can be scheduled one at a time, in the same order, without
   * holding all of them in the heap.
   */
  reserve(count: number): number {
    const first = this.nextSeq;
    this.nextSeq += count;
    return first;
  }

  /** Schedules `callback` at time `t` with a sequence number taken by `reserve` (once each). */
  pushReserved(seq: number, t: number, callback: Callback): number {
    return this.pushAs(seq, t, callback);
  }

  private pushAs(seq: number, t: number, callback: Callback): number {
    const times = this.times;
    const seqs = this.seqs;
    const callbacks = this.callbacks;
    // sift up: move parents down into the hole until the new event's place is found
    let i = times.length;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < t || (pt === t && seqs[parent]! < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      callbacks[i] = callbacks[parent]!;
      i = parent;
    }
    times[i] = t;
    seqs[i] = seq;
    callbacks[i] = callback;
    return seq;
  }

  /** Cancels a pending event. */
  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** Time of the next live event, or undefined when empty. */
  peekTime(): number | undefined {
    this.dropCancelledHead();
    // Not `times[0]` of an empty array: a read out of bounds throws optimised code away (at every run's end).
    return this.times.length ? this.times[0] : undefined;
  }

  /** Removes and returns the next live event. */
  pop(): { t: number; callback: Callback } | undefined {
    const callback = this.popCallback();
    return callback === undefined ? undefined : { t: this.poppedTime, callback };
  }

  /** Removes the next live event and returns its callback (its time is then in `poppedTime`). */
  popCallback(): Callback | undefined {
    this.dropCancelledHead();
    if (this.times.length === 0) return undefined;
    this.poppedTime = this.times[0]!;
    const callback = this.callbacks[0]!;
    this.removeHead();
    return callback;
  }

  private dropCancelledHead(): void {
    const cancelled = this.cancelled;
    while (cancelled.size > 0 && this.times.length > 0 && cancelled.delete(this.seqs[0]!)) this.removeHead();
  }

  private removeHead(): void {
    const times = this.times;
    const seqs = this.seqs;
    const callbacks = this.callbacks;
    const n = times.length - 1;
    // the last event fills the hole left at the root, sifting down
    const t = times[n]!;
    const seq = seqs[n]!;
    const callback = callbacks[n]!;
    times.pop();
    seqs.pop();
    callbacks.pop();
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= n) break;
      const r = m + 1;
      if (r < n && (times[r]! < times[m]! || (times[r] === times[m] && seqs[r]! < seqs[m]!))) m = r;
      const mt = times[m]!;
      if (t < mt || (t === mt && seq < seqs[m]!)) break;
      times[i] = mt;
      seqs[i] = seqs[m]!;
      callbacks[i] = callbacks[m]!;
      i = m;
    }
    times[i] = t;
    seqs[i] = seq;
    callbacks[i] = callback;
  }
}
