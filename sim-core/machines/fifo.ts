/**
 * An immutable first-in first-out queue with O(1) amortized push and shift
 * (two cons lists: `front` in order, `back` reversed; `back` is reversed
 * into `front` when `front` runs out). A machine's context holds it, so every
 * snapshot keeps its own queue while a push or shift costs one cell, not a
 * copy of every waiting entry (an array spread per event made a heavily
 * queued pool quadratic).
 */
interface Cell<T> {
  readonly value: T;
  readonly next: Cell<T> | null;
}

export class Fifo<T> {
  static empty<T>(): Fifo<T> {
    return new Fifo<T>(null, null, 0);
  }

  private constructor(
    private readonly front: Cell<T> | null,
    private readonly back: Cell<T> | null,
    readonly size: number,
  ) {}

  push(value: T): Fifo<T> {
    return new Fifo(this.front, { value, next: this.back }, this.size + 1);
  }

  /** The first entry and the queue without it; undefined when empty. */
  shift(): [T, Fifo<T>] | undefined {
    let front = this.front;
    let back = this.back;
    if (front === null) {
      for (; back !== null; back = back.next) front = { value: back.value, next: front };
    }
    if (front === null) return undefined;
    return [front.value, new Fifo(front.next, back, this.size - 1)];
  }

  /** Entries, first in first. O(n): for tests and inspection, never per event. */
  toArray(): T[] {
    const out: T[] = [];
    for (let c = this.front; c !== null; c = c.next) out.push(c.value);
    const rest: T[] = [];
    for (let c = this.back; c !== null; c = c.next) rest.push(c.value);
    return out.concat(rest.reverse());
  }
}
