/**
 * Benchmark-only instrumentation, installed by patching prototypes from the
 * outside so that nothing in sim-core changes for the benchmark:
 *
 * - `captureSimulators` remembers every `Simulator` whose `run` is called, so
 *   the bench can read `sim.delivered` (runScenario does not return its world).
 * - `countSends` counts every event delivered to an XState actor's mailbox
 *   (`Actor.prototype._send`: public `send` and XState's own delayed events
 *   both end there), per machine id, and records the event streams of the TCP
 *   endpoint actors so they can be replayed into the plain reducer.
 *
 * Both return a `restore()`; the timed runs use only `captureSimulators`
 * (one extra call per run), never `countSends`.
 */
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
  /** Of those, events after which the actor's snapshot was the same object (ignored by the machine). */
  noopByMachine: Map<string, number>;
  /** Event streams of TCP endpoint actors, one array per actor, in delivery order. */
  tcpStreams: TcpEvent[][];
}

interface ActorInternals {
  logic: { id?: string };
  _send(event: { type: string }): void;
  getSnapshot(): unknown;
}

export function countSends(): { counts: SendCounts; restore: () => void } {
  const counts: SendCounts = { byMachine: new Map(), noopByMachine: new Map(), tcpStreams: [] };
  const streams = new WeakMap<object, TcpEvent[]>();
  const proto = Actor.prototype as unknown as ActorInternals;
  const original = proto._send;
  proto._send = function (this: ActorInternals, event: { type: string }) {
    const id = this.logic.id ?? 'anonymous';
    counts.byMachine.set(id, (counts.byMachine.get(id) ?? 0) + 1);
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
    original.call(this, event);
    // Approximate when sends nest (the mailbox then defers the event); the world's deferral makes that rare.
    if (this.getSnapshot() === before) counts.noopByMachine.set(id, (counts.noopByMachine.get(id) ?? 0) + 1);
  };
  return {
    counts,
    restore: () => {
      proto._send = original;
    },
  };
}
