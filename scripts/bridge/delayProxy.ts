/**
 * A TCP delay proxy on 127.0.0.1 (node:net): every byte, FIN and RST from one side reaches the
 * other `delayMs` later, FIFO per connection and direction, as the simulator's network link
 * does. An RST is forwarded as an RST (`socket.resetAndDestroy()`), a FIN as a FIN (half-open
 * sockets on both sides). It records every segment it relays — who sent it, when it got it, when
 * it handed it on — which is the wire view a `source: real` trace holds.
 *
 * What "a segment" is here: one read from a socket (data), its end (FIN) or its reset (RST), and
 * the client's connection request (SYN: the proxy dials the server `delayMs` after accepting).
 * Handshake replies and ACKs are the kernels' business on each side of the proxy and are not seen.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { dataLabel, requestTag } from './http1';

export type Flag = 'SYN' | 'DATA' | 'FIN' | 'RST';

export interface RelayedSegment {
  seg: number;
  conn: number;
  /** Who sent it: the client (towards the server) or the server. */
  from: 'client' | 'server';
  flag: Flag;
  bytes: number;
  /** For DATA: `GET /path`, `200 OK`, when the bytes start a request or response. */
  label: string | null;
  /** The `x-rw-req` id the request carried. */
  req: number | null;
  /** Epoch µs: when the proxy received it, when it was due, when it was handed on (null: never). */
  receivedUs: number;
  dueUs: number;
  deliveredUs: number | null;
  /**
   * How long before `receivedUs` the proxy's event loop last ran (µs): the bytes may have waited
   * in the kernel up to this long before the proxy read them, so `receivedUs` is late by at most
   * this much. About 1 ms on an idle machine; a loaded event loop makes it larger.
   */
  readUncertaintyUs: number;
}

/** Epoch microseconds from the high-resolution clock (comparable across processes on one host). */
export const epochUs = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

interface Item {
  seg: RelayedSegment;
  act: () => boolean;
}

/** One direction of one connection: FIFO, each item released at its due time or later. */
class Lane {
  private readonly items: Item[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly onRelease: () => void) {}

  push(item: Item): void {
    this.items.push(item);
    if (this.items.length === 1) this.arm();
  }

  private arm(): void {
    const head = this.items[0];
    if (!head || this.timer) return;
    this.timer = setTimeout(
      () => this.release(),
      Math.max(0, Math.ceil((head.seg.dueUs - epochUs()) / 1000)),
    );
  }

  private release(): void {
    this.timer = null;
    const now = epochUs();
    // FIFO: everything due goes now, in order (a late timer never reorders); never more than
    // 0.1 ms early (a timer can fire a fraction of a ms before the clock reaches its time).
    while (this.items.length > 0 && this.items[0]!.seg.dueUs <= now + 100) {
      const { seg, act } = this.items.shift()!;
      seg.deliveredUs = act() ? epochUs() : null;
    }
    this.onRelease();
    this.arm();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.items.length = 0;
  }
}

export class DelayProxy {
  readonly segments: RelayedSegment[] = [];
  /** Error codes a relay socket raised that were not a peer's RST (for the report). */
  readonly problems: string[] = [];
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly lanes = new Set<Lane>();
  private conns = 0;
  /** When the event loop last ran a turn (a 1 ms heartbeat): bounds how stale a read can be. */
  private lastTurnUs = epochUs();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly upstreamPort: number,
    private readonly delayMs: number,
  ) {
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    this.heartbeat = setInterval(() => {
      this.lastTurnUs = epochUs();
    }, 1);
    this.heartbeat.unref();
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.conns;
  }

  private record(conn: number, from: 'client' | 'server', flag: Flag, data: Buffer | null): RelayedSegment {
    const receivedUs = epochUs();
    const seg: RelayedSegment = {
      seg: this.segments.length + 1,
      conn,
      from,
      flag,
      bytes: data?.length ?? 0,
      label: data ? dataLabel(data) : null,
      req: data && from === 'client' ? requestTag(data) : null,
      receivedUs,
      dueUs: receivedUs + Math.round(this.delayMs * 1000),
      deliveredUs: null,
      readUncertaintyUs: receivedUs - this.lastTurnUs,
    };
    this.segments.push(seg);
    return seg;
  }

  private accept(client: net.Socket): void {
    const conn = ++this.conns;
    const upstream = new net.Socket({ allowHalfOpen: true });
    this.sockets.add(client);
    this.sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const done = () => {
      if (client.destroyed && upstream.destroyed) {
        this.lanes.delete(toServer);
        this.lanes.delete(toClient);
      }
    };
    const toServer = new Lane(done);
    const toClient = new Lane(done);
    this.lanes.add(toServer);
    this.lanes.add(toClient);
    const alive = (s: net.Socket) => !s.destroyed;
    const ended = (s: net.Socket) => {
      if (!alive(s)) return false;
      s.end();
      return true;
    };
    const reset = (s: net.Socket) => {
      if (!alive(s)) return false;
      s.resetAndDestroy();
      return true;
    };
    let serverReset = false;
    let clientReset = false;

    toServer.push({
      seg: this.record(conn, 'client', 'SYN', null),
      act: () => {
        upstream.connect(this.upstreamPort, '127.0.0.1');
        return true;
      },
    });
    client.on('data', (d) =>
      toServer.push({
        seg: this.record(conn, 'client', 'DATA', d),
        act: () => alive(upstream) && upstream.write(d) !== null,
      }),
    );
    client.on('end', () =>
      toServer.push({
        seg: this.record(conn, 'client', 'FIN', null),
        act: () => ended(upstream),
      }),
    );
    upstream.on('data', (d) =>
      toClient.push({
        seg: this.record(conn, 'server', 'DATA', d),
        act: () => alive(client) && client.write(d) !== null,
      }),
    );
    upstream.on('end', () =>
      toClient.push({
        seg: this.record(conn, 'server', 'FIN', null),
        act: () => ended(client),
      }),
    );
    // A reset from one side (read ECONNRESET, or EPIPE on our write: the RST had arrived) is
    // relayed as a reset. Anything else is noted and ends the relay the same way.
    client.on('error', (e: NodeJS.ErrnoException) => {
      if (clientReset) return;
      clientReset = true;
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE')
        this.problems.push(`client #${conn}: ${e.code ?? e.message}`);
      toServer.push({
        seg: this.record(conn, 'client', 'RST', null),
        act: () => reset(upstream),
      });
    });
    upstream.on('error', (e: NodeJS.ErrnoException) => {
      if (serverReset) return;
      serverReset = true;
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE')
        this.problems.push(`server #${conn}: ${e.code ?? e.message}`);
      toClient.push({
        seg: this.record(conn, 'server', 'RST', null),
        act: () => reset(client),
      });
    });
    client.on('close', () => {
      this.sockets.delete(client);
      done();
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      done();
    });
  }

  /** Stops listening and destroys every socket and pending release. */
  close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const lane of this.lanes) lane.clear();
    this.lanes.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
