/**
 * The network between client and server: per direction a one-way delay plus
 * uniform jitter, and FIFO within a connection and direction (TCP delivers
 * in order, so a segment never overtakes an earlier one: its arrival is at
 * least the previous arrival). Jitter draws are keyed by (connection,
 * direction, segment number) so every policy sees the same delays.
 */
import { keyedUniform } from '../kernel/prng';
import { usFromMs } from '../kernel/simulator';
import type { Payload, TcpEmitted } from '../machines/tcpEndpoint';
import { outcomeReadsSegmentDeliver, outcomeReadsSegmentSend } from '../metrics/outcomeReads';
import type { NetworkSettings } from '../scenario/types';
import type { Side, TraceEvent } from '../trace/events';
import type { World } from './world';

export type Segment = Extract<TcpEmitted, { type: 'send' }>;

export class Network {
  /** Per connection and direction (`conn * 2 + side`): last arrival (µs) and segments sent. */
  private readonly lastArrival: number[] = [];
  private readonly counts: number[] = [];
  private nextSegmentId = 1;
  private readonly delayUs: number;
  private readonly jitterUs: number;

  constructor(
    private readonly world: World,
    settings: NetworkSettings,
  ) {
    this.delayUs = usFromMs(settings.delayMs);
    this.jitterUs = usFromMs(settings.jitterMs);
  }

  /** Sends `segment` from `side` of connection `conn`; `deliver` runs at the peer when it arrives. */
  send(conn: number, side: Side, segment: Segment, deliver: (segment: Segment) => void): void {
    const key = conn * 2 + (side === 'client' ? 0 : 1);
    const n = this.counts[key] ?? 0;
    this.counts[key] = n + 1;
    const jitter =
      this.jitterUs > 0
        ? Math.floor(keyedUniform(this.world.seed, 'network', conn, key & 1, n) * (this.jitterUs + 1))
        : 0;
    const now = this.world.sim.now;
    const arriveAt = Math.max(now + this.delayUs + jitter, this.lastArrival[key] ?? 0);
    this.lastArrival[key] = arriveAt;
    const seg = this.nextSegmentId++;
    const to: Side = side === 'client' ? 'server' : 'client';
    const world = this.world;
    const flag = segment.flag;
    if (world.full || outcomeReadsSegmentSend(side, flag))
      this.recordSend(conn, side, segment, seg, arriveAt);
    else world.skip();
    if (world.full || outcomeReadsSegmentDeliver(to, flag)) {
      world.sim.at(arriveAt, () => {
        world.record({ seq: 0, t: 0, kind: 'segment.deliver', conn, side: to, seg, flag });
        deliver(segment);
      });
    } else {
      world.sim.at(arriveAt, () => {
        world.skip();
        deliver(segment);
      });
    }
  }

  private recordSend(conn: number, side: Side, segment: Segment, seg: number, arriveAt: number): void {
    const payload: Payload | null = segment.flag === 'DATA' ? segment.payload : null;
    // A request or response names its request and attempt, so views can pair them without guessing.
    const message = payload?.message as { req?: number; attempt?: number } | null | undefined;
    const event: Extract<TraceEvent, { kind: 'segment.send' }> = {
      seq: 0,
      t: 0,
      kind: 'segment.send',
      conn,
      side,
      seg,
      flag: segment.flag,
      label: payload ? payload.label : null,
      bytes: payload ? payload.bytes : 0,
      arriveAt,
    };
    // Added last, so the keys keep their order (the trace's JSON, and its hash), without the
    // throw-away objects a conditional spread makes for every segment.
    if (message?.req !== undefined) {
      event.req = message.req;
      event.attempt = message.attempt!;
    }
    this.world.record(event);
  }
}
