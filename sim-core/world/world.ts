/**
 * The simulated world of one run: the kernel, the trace, and a
 * run-to-completion queue of effects. Everything that happens starts as a
 * kernel event; what machines emit while handling it is queued here and
 * drained before the next kernel event, in order.
 */
import { Simulator } from '../kernel/simulator';
import type { TraceInput } from '../trace/events';
import { TraceRecorder } from '../trace/recorder';

export class World {
  readonly sim = new Simulator();
  readonly recorder = new TraceRecorder(() => this.sim.now);
  private readonly queue: Array<() => void> = [];
  private draining = false;

  constructor(readonly seed: number) {
    this.sim.afterEach = () => this.drain();
  }

  record(event: TraceInput): void {
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
    this.queue.length = 0;
    this.draining = false;
  }
}
