/**
 * Binary min-heap of scheduled callbacks ordered by (time, sequence).
 * The sequence number is the insertion order, so two events at the same
 * microsecond always run in the order they were scheduled: ties are stable,
 * which is what makes a run reproducible.
 */
export type Callback = () => void;

export class EventQueue {
  private times: number[] = [];
  private seqs: number[] = [];
  private callbacks: Callback[] = [];
  private ids: number[] = [];
  private cancelled = new Set<number>();
  private nextSeq = 0;

  get size(): number {
    return this.times.length - this.cancelled.size;
  }

  /** Schedules `callback` at integer time `t`; returns an id usable with `cancel`. */
  push(t: number, callback: Callback): number {
    const seq = this.nextSeq++;
    let i = this.times.length;
    this.times.push(t);
    this.seqs.push(seq);
    this.callbacks.push(callback);
    this.ids.push(seq);
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
    return seq;
  }

  cancel(id: number): void {
    this.cancelled.add(id);
  }

  /** Time of the next live event, or undefined when empty. */
  peekTime(): number | undefined {
    this.dropCancelledHead();
    return this.times[0];
  }

  /** Removes and returns the next live event. */
  pop(): { t: number; callback: Callback } | undefined {
    this.dropCancelledHead();
    if (this.times.length === 0) return undefined;
    const t = this.times[0]!;
    const callback = this.callbacks[0]!;
    this.removeHead();
    return { t, callback };
  }

  private dropCancelledHead(): void {
    while (this.times.length > 0 && this.cancelled.size > 0 && this.cancelled.has(this.ids[0]!)) {
      this.cancelled.delete(this.ids[0]!);
      this.removeHead();
    }
  }

  private removeHead(): void {
    const last = this.times.length - 1;
    if (last > 0) this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.callbacks.pop();
    this.ids.pop();
    // sift down
    let i = 0;
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.seqs[a]! < this.seqs[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.times;
    const s = this.seqs;
    const c = this.callbacks;
    const d = this.ids;
    [t[a], t[b]] = [t[b]!, t[a]!];
    [s[a], s[b]] = [s[b]!, s[a]!];
    [c[a], c[b]] = [c[b]!, c[a]!];
    [d[a], d[b]] = [d[b]!, d[a]!];
  }
}
