/**
 * Benchmark-only instrumentation, installed by patching prototypes from the
 * outside so that nothing in sim-core changes for the benchmark:
 *
 * - `captureSimulators` remembers every `Simulator` whose `run` is called, so
 *   the bench can read `sim.delivered` (runScenario does not return its world).
 * - `countSends` counts every event delivered to an actor's mailbox, per
 *   machine id, with the time each took (the transition and the subscribers
 *   that record it; emitted effects run later, deferred), every actor start,
 *   the executor's microsteps, and records the event streams of the TCP
 *   endpoint actors so they can be replayed into the plain reducer. It hooks
 *   both engines, so the figures are what ran whichever the mode
 *   (sim-core/executor): XState's `Actor.prototype._send` (public `send` and
 *   XState's delayed events both end there), `_initState` (the initial
 *   snapshot) and `start`; the executor's `ExecutorActor.prototype.receive`
 *   (`send` and its timers), its initial microstep (made in the constructor)
 *   and `start`, and `microstep` (XState's microsteps are not counted: its
 *   `Actor` has no per-microstep method to hook).
 *
 * Both return a `restore()`; the timed runs use only `captureSimulators`
 * (one extra call per run), never `countSends`.
 */
import { performance } from 'node:perf_hooks';
import { Actor } from 'xstate';
import { ExecutorActor } from '../executor/actor';
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
  /** Executor microsteps (initial ones included), by machine id; XState's are not counted. */
  microstepsByMachine: Map<string, number>;
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

interface ExecutorInternals {
  cm: { machine: { id: string } };
  receive(event: { type: string }): void;
  microstep(transitions: readonly unknown[], event: unknown, isInitial: boolean): boolean;
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
    microstepsByMachine: new Map(),
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
  /** One event into `actor`'s mailbox, delivered by `deliver`. */
  const counted = (
    actor: { getSnapshot(): unknown },
    id: string,
    event: { type: string },
    deliver: () => void,
  ) => {
    add(counts.byMachine, id, 1);
    if (id === 'tcpEndpoint') {
      let stream = streams.get(actor);
      if (!stream) {
        stream = [];
        streams.set(actor, stream);
        counts.tcpStreams.push(stream);
      }
      stream.push(event as TcpEvent);
    }
    const before = actor.getSnapshot();
    const t0 = performance.now();
    deliver();
    add(counts.msByMachine, id, performance.now() - t0);
    // Approximate when sends nest (the mailbox then defers the event); the world's deferral makes that rare.
    if (actor.getSnapshot() === before) add(counts.noopByMachine, id, 1);
  };
  proto._send = function (this: ActorInternals, event: { type: string }) {
    counted(this, this.logic.id ?? 'anonymous', event, () => original.call(this, event));
  };

  const exec = ExecutorActor.prototype as unknown as ExecutorInternals;
  const execReceive = exec.receive;
  const execMicrostep = exec.microstep;
  const execStart = exec.start;
  exec.receive = function (this: ExecutorInternals, event: { type: string }) {
    counted(this, this.cm.machine.id, event, () => execReceive.call(this, event));
  };
  exec.microstep = function (this: ExecutorInternals, transitions, event, isInitial) {
    const id = this.cm.machine.id;
    if (transitions.length) add(counts.microstepsByMachine, id, 1);
    if (!isInitial) return execMicrostep.call(this, transitions, event, isInitial);
    // The initial microstep runs in the constructor: an actor's creation, timed as its start.
    const t0 = performance.now();
    const changed = execMicrostep.call(this, transitions, event, isInitial);
    add(counts.startsByMachine, id, 1);
    add(counts.startMsByMachine, id, performance.now() - t0);
    return changed;
  };
  exec.start = function (this: ExecutorInternals) {
    const t0 = performance.now();
    const result = execStart.call(this);
    add(counts.startMsByMachine, this.cm.machine.id, performance.now() - t0);
    return result;
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
        counts.microstepsByMachine,
      ])
        m.clear();
      counts.tcpStreams.length = 0;
    },
    restore: () => {
      proto._send = original;
      proto._initState = originalInit;
      proto.start = originalStart;
      exec.receive = execReceive;
      exec.microstep = execMicrostep;
      exec.start = execStart;
    },
  };
}
