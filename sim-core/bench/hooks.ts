/**
 * Benchmark-only instrumentation, installed by patching prototypes from the
 * outside so that nothing in sim-core changes for the benchmark:
 *
 * - `captureSimulators` remembers every `Simulator` whose `run` is called, so
 *   the bench can read `sim.delivered` (runScenario does not return its world).
 * - `countSends` counts every event delivered to an XState actor's mailbox
 *   (`Actor.prototype._send`: public `send` and XState's own delayed events
 *   both end there), per machine id, with the time each took (the transition
 *   and the subscribers that record it; emitted effects run later, deferred),
 *   and every actor start (`_initState`, where the initial snapshot is
 *   computed, plus `start`), and records the event streams of the TCP
 *   endpoint actors so they can be replayed into the plain reducer.
 *
 * Both return a `restore()`; the timed runs use only `captureSimulators`
 * (one extra call per run), never `countSends`.
 */
import { performance } from 'node:perf_hooks';
import { Actor } from 'xstate';
import { Simulator } from '../kernel/simulator';
import type { TcpEvent } from '../machines/tcpEndpoint';

export function captureSimulators(): { sims: Simulator[]; restore: () => void } {
  const sims: Simulator[] = [];
  const proto = Simulator.prototype;
  const original = proto.run;
  proto.run = function (this: Simulator, ...args: Parameters<Simulator['run']>) {
    sims.push(this);
    return original.apply(this, args);
  };
  return {
    sims,
    restore: () => {
      proto.run = original;
    },
  };
}

export interface SendCounts {
  /** Events delivered to actors, by machine id. */
  byMachine: Map<string, number>;
  /** Milliseconds spent in those sends (wall clock, instrumented pass), by machine id. */
  msByMachine: Map<string, number>;
  /** Actors started, by machine id. */
  startsByMachine: Map<string, number>;
  /** Milliseconds spent creating and starting them, by machine id. */
  startMsByMachine: Map<string, number>;
  /** Of those, events after which the actor's snapshot was the same object (ignored by the machine). */
  noopByMachine: Map<string, number>;
  /** Event streams of TCP endpoint actors, one array per actor, in delivery order. */
  tcpStreams: TcpEvent[][];
}

interface ActorInternals {
  logic: { id?: string };
  _send(event: { type: string }): void;
  _initState(persisted: unknown): void;
  start(): unknown;
  getSnapshot(): unknown;
}

const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);

export function countSends(): { counts: SendCounts; reset: () => void; restore: () => void } {
  const counts: SendCounts = {
    byMachine: new Map(),
    msByMachine: new Map(),
    startsByMachine: new Map(),
    startMsByMachine: new Map(),
    noopByMachine: new Map(),
    tcpStreams: [],
  };
  const streams = new WeakMap<object, TcpEvent[]>();
  const proto = Actor.prototype as unknown as ActorInternals;
  const original = proto._send;
  const originalInit = proto._initState;
  const originalStart = proto.start;
  proto._initState = function (this: ActorInternals, persisted: unknown) {
    const t0 = performance.now();
    originalInit.call(this, persisted);
    const id = this.logic.id ?? 'anonymous';
    add(counts.startsByMachine, id, 1);
    add(counts.startMsByMachine, id, performance.now() - t0);
  };
  proto.start = function (this: ActorInternals) {
    const t0 = performance.now();
    const result = originalStart.call(this);
    add(counts.startMsByMachine, this.logic.id ?? 'anonymous', performance.now() - t0);
    return result;
  };
  proto._send = function (this: ActorInternals, event: { type: string }) {
    const id = this.logic.id ?? 'anonymous';
    add(counts.byMachine, id, 1);
    if (id === 'tcpEndpoint') {
      let stream = streams.get(this);
      if (!stream) {
        stream = [];
        streams.set(this, stream);
        counts.tcpStreams.push(stream);
      }
      stream.push(event as TcpEvent);
    }
    const before = this.getSnapshot();
    const t0 = performance.now();
    original.call(this, event);
    add(counts.msByMachine, id, performance.now() - t0);
    // Approximate when sends nest (the mailbox then defers the event); the world's deferral makes that rare.
    if (this.getSnapshot() === before) add(counts.noopByMachine, id, 1);
  };
  return {
    counts,
    reset: () => {
      for (const m of [
        counts.byMachine,
        counts.msByMachine,
        counts.startsByMachine,
        counts.startMsByMachine,
        counts.noopByMachine,
      ])
        m.clear();
      counts.tcpStreams.length = 0;
    },
    restore: () => {
      proto._send = original;
      proto._initState = originalInit;
      proto.start = originalStart;
    },
  };
}
