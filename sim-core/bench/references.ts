/**
 * Plain-TypeScript references for the same load as a real run, so the cost of
 * the machinery can be printed as a ratio:
 * - the bare kernel delivering the same number of events (trivial callbacks,
 *   the same arrivals pre-scheduled, one cancelled timeout per request);
 * - the trace recorder appending the same number of events;
 * - the switch reducer of the TCP endpoint receiving as many events as all
 *   the XState actors did;
 * - the same recorded TCP event streams through fresh XState actors and
 *   through the reducer, event for event (a like-for-like machine cost).
 */
import { createActor } from 'xstate';
import { Simulator } from '../kernel/simulator';
import { type TcpEvent, tcpEndpointMachine } from '../machines/tcpEndpoint';
import { TraceRecorder } from '../trace/recorder';
import { measure, type Timing } from './measure';
import { newTcpRecord, tcpReduce } from './tcpReducer';

export interface SegmentLoad {
  requests: number;
  kernelEvents: number;
}

export interface KernelReference extends Timing {
  events: number;
}

/** Delivers exactly `kernelEvents` events per segment on a fresh Simulator. */
export function kernelReference(segments: readonly SegmentLoad[]): KernelReference {
  const run = () => {
    let delivered = 0;
    for (const seg of segments) {
      const sim = new Simulator();
      let drained = 0;
      sim.afterEach = {
        afterEvent: () => {
          drained++;
        },
      };
      let scheduled = seg.requests;
      let x = 12345;
      const noop = () => {};
      const tick = () => {
        if (scheduled >= seg.kernelEvents) return;
        scheduled++;
        x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
        sim.after(1000 + (x & 0xffff), tick);
      };
      const arrival = () => {
        // A read timeout armed and cancelled, as every request does.
        const timeout = sim.after(60_000_000, noop);
        if (scheduled >= seg.kernelEvents) return;
        scheduled++;
        sim.after(2000, () => {
          sim.cancel(timeout);
          tick();
        });
      };
      for (let i = 0; i < seg.requests; i++) sim.at(i * 5_000_000, arrival);
      sim.run();
      delivered += sim.delivered;
      if (drained !== sim.delivered) throw new Error('kernel reference: afterEach count mismatch');
    }
    return delivered;
  };
  const m = measure(run);
  return { wallMs: m.wallMs, cpuMs: m.cpuMs, events: m.value };
}

export interface CountReference extends Timing {
  events: number;
}

/** Appends `events` state-shaped events to a TraceRecorder. */
export function recorderReference(events: number): CountReference {
  const m = measure(() => {
    const clock = { now: 0 };
    const recorder = new TraceRecorder(clock);
    for (let i = 0; i < events; i++) {
      clock.now += 7;
      recorder.record({
        seq: 0,
        t: 0,
        kind: 'state',
        conn: i & 63,
        side: 'client',
        machine: 'tcp',
        from: 'ESTABLISHED',
        to: 'CLOSE-WAIT',
        cause: 'SEGMENT FIN',
      });
    }
    return recorder.events.length;
  });
  return { wallMs: m.wallMs, cpuMs: m.cpuMs, events: m.value };
}

/** Feeds the reducer `events` events, cycling over the recorded streams (a fresh endpoint per stream). */
export function reducerReference(streams: readonly TcpEvent[][], events: number): CountReference {
  const m = measure(() => {
    let processed = 0;
    let emitted = 0;
    const emit = () => {
      emitted++;
    };
    while (processed < events) {
      for (const stream of streams) {
        const s = newTcpRecord();
        for (const e of stream) {
          tcpReduce(s, e, emit);
          if (++processed >= events) return emitted;
        }
      }
    }
    return emitted;
  });
  return { wallMs: m.wallMs, cpuMs: m.cpuMs, events };
}

export interface ReplayComparison {
  streams: number;
  events: number;
  xstate: Timing;
  reducer: Timing;
  /** Streams whose final state and emitted-effect count agree between the two. */
  agree: number;
}

const noopClock = { setTimeout: () => 0, clearTimeout: () => {} };

/** The same TCP event streams through XState actors (hosted like the world hosts them) and the reducer. */
export function replayComparison(streams: readonly TcpEvent[][]): ReplayComparison {
  const events = streams.reduce((n, s) => n + s.length, 0);
  const xs = measure(() =>
    streams.map((stream) => {
      const actor = createActor(tcpEndpointMachine, { clock: noopClock });
      let emitted = 0;
      let changes = 0;
      let last: unknown = null;
      actor.on('*', () => {
        emitted++;
      });
      actor.subscribe((snap) => {
        if (snap.value !== last) changes++;
        last = snap.value;
      });
      actor.start();
      for (const e of stream) actor.send(e);
      return { state: String(actor.getSnapshot().value), emitted, changes };
    }),
  );
  const rs = measure(() =>
    streams.map((stream) => {
      const s = newTcpRecord();
      let emitted = 0;
      const emit = () => {
        emitted++;
      };
      for (const e of stream) tcpReduce(s, e, emit);
      return { state: s.state as string, emitted };
    }),
  );
  let agree = 0;
  xs.value.forEach((x, i) => {
    const r = rs.value[i]!;
    if (x.state === r.state && x.emitted === r.emitted) agree++;
  });
  return {
    streams: streams.length,
    events,
    xstate: { wallMs: xs.wallMs, cpuMs: xs.cpuMs },
    reducer: { wallMs: rs.wallMs, cpuMs: rs.cpuMs },
    agree,
  };
}
