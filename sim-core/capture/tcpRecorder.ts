/**
 * Turns what a relay or proxy sees of one TCP connection — opened, bytes each way, FIN, RST — into
 * the TCP packets a capture at that point would hold (handshake, data with sequence numbers, the
 * peer's ACKs, FIN, RST), for pcapWriter. Pure: the caller gives every time.
 *
 * A relay sees the byte stream, not the kernel's packets: each chunk it forwards becomes one
 * segment, acknowledged at once by the receiver. Sequence numbers and flags are what the two
 * kernels would use, so `sim pcap` (and Wireshark) reassemble the same streams.
 */
import type { TcpPacket } from './pcapWriter';

export interface Endpoint {
  addr: string;
  port: number;
}

type Dir = 'client' | 'server';

export class TcpRecorder {
  readonly packets: TcpPacket[] = [];
  private readonly next: Record<Dir, number>;
  private readonly ends: Record<Dir, Endpoint>;

  /** `isn`: the two initial sequence numbers (any 32-bit values). */
  constructor(
    client: Endpoint,
    server: Endpoint,
    isn: { client: number; server: number } = { client: 1000, server: 5000 },
  ) {
    this.ends = { client, server };
    this.next = { client: isn.client >>> 0, server: isn.server >>> 0 };
  }

  private emit(from: Dir, tUs: number, flags: TcpPacket['flags'], payload?: Uint8Array, seqUse = 0): void {
    const to: Dir = from === 'client' ? 'server' : 'client';
    this.packets.push({
      tUs,
      src: this.ends[from].addr,
      dst: this.ends[to].addr,
      sport: this.ends[from].port,
      dport: this.ends[to].port,
      seq: this.next[from],
      ack: flags.ack ? this.next[to] : 0,
      flags,
      ...(payload ? { payload } : {}),
    });
    this.next[from] = (this.next[from] + (payload?.length ?? 0) + seqUse) >>> 0;
  }

  /**
   * SYN at `tUs`, the SYN-ACK `serverRttUs` later, the ACK `clientRttUs` after that (1 µs each by
   * default): the round trips from the capture point to the server and to the client.
   */
  handshake(tUs: number, serverRttUs = 1, clientRttUs = 1): void {
    this.emit('client', tUs, { syn: true }, undefined, 1);
    this.emit('server', tUs + serverRttUs, { syn: true, ack: true }, undefined, 1);
    this.emit('client', tUs + serverRttUs + clientRttUs, { ack: true });
  }

  /** `from` sends `bytes` at `tUs`; the peer acknowledges them 1 µs later. */
  data(from: Dir, tUs: number, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.emit(from, tUs, { ack: true, psh: true }, bytes);
    this.emit(from === 'client' ? 'server' : 'client', tUs + 1, { ack: true });
  }

  /** `from` sends FIN at `tUs`; the peer acknowledges it 1 µs later. */
  fin(from: Dir, tUs: number): void {
    this.emit(from, tUs, { fin: true, ack: true }, undefined, 1);
    this.emit(from === 'client' ? 'server' : 'client', tUs + 1, { ack: true });
  }

  /** `from` sends RST at `tUs`. */
  rst(from: Dir, tUs: number): void {
    this.emit(from, tUs, { rst: true, ack: true });
  }
}
