/**
 * TCP segments → connections, each with its two byte streams reassembled in sequence order
 * (retransmissions and overlaps dropped, out-of-order segments held until the hole fills).
 *
 * A connection is one 4-tuple from its SYN; a new SYN on a tuple whose connection has closed
 * (FIN or RST) or carried data starts another (port reuse). The client is the side that sent
 * the SYN; for a connection whose handshake is not in the capture, the side not on `serverPort`
 * (if given), else the side with the higher port (the ephemeral one).
 */
import type { Segment } from './decode';

export type Dir = 'client' | 'server';

/** A run of new stream bytes and the packet that first carried them. */
export interface Chunk {
  /** Offset in the stream (0 = first byte after the SYN). */
  at: number;
  bytes: Uint8Array;
  /** The packet's index in its connection's `packets`. */
  packet: number;
}

export interface ByteStream {
  chunks: Chunk[];
  length: number;
  /** The packet carrying the first FIN of this direction, if any. */
  fin: number | null;
  /** Bytes that never arrived in order (a hole the capture missed), 0 when whole. */
  missing: number;
}

export interface CapturedPacket {
  seg: Segment;
  from: Dir;
}

export interface TcpConnection {
  id: number;
  client: { addr: string; port: number };
  server: { addr: string; port: number };
  packets: CapturedPacket[];
  /** `client`: bytes the client sent; `server`: bytes the server sent. */
  streams: Record<Dir, ByteStream>;
  /** Packet indexes of the handshake, when seen. */
  syn: number | null;
  synAck: number | null;
  /** The client's first ACK after the SYN-ACK. */
  handshakeAck: number | null;
  /** The first RST, either way. */
  rst: number | null;
}

interface DirState {
  /** Sequence number of stream offset 0. */
  base: number | null;
  /** Out-of-order data by stream offset. */
  pending: Map<number, { bytes: Uint8Array; packet: number }>;
}

interface Live {
  conn: TcpConnection;
  dirs: Record<Dir, DirState>;
}

const MAX_PENDING = 4096;

const newStream = (): ByteStream => ({ chunks: [], length: 0, fin: null, missing: 0 });
const newDir = (): DirState => ({ base: null, pending: new Map() });

/** Signed distance a − b in 32-bit sequence space. */
const seqDiff = (a: number, b: number) => (a - b) | 0;

export function tcpConnections(segments: readonly Segment[], serverPort: number | null): TcpConnection[] {
  const live = new Map<string, Live>();
  const out: TcpConnection[] = [];
  for (const s of segments) {
    const a = `${s.src}|${s.sport}`;
    const b = `${s.dst}|${s.dport}`;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let l = live.get(key);
    const pureSyn = s.syn && !s.ackFlag;
    if (l && pureSyn && startsAnew(l, s)) l = undefined;
    if (!l) {
      const clientIsSrc = s.syn ? !s.ackFlag : guessClientIsSrc(s, serverPort);
      const src = { addr: s.src, port: s.sport };
      const dst = { addr: s.dst, port: s.dport };
      l = {
        conn: {
          id: out.length + 1,
          client: clientIsSrc ? src : dst,
          server: clientIsSrc ? dst : src,
          packets: [],
          streams: { client: newStream(), server: newStream() },
          syn: null,
          synAck: null,
          handshakeAck: null,
          rst: null,
        },
        dirs: { client: newDir(), server: newDir() },
      };
      live.set(key, l);
      out.push(l.conn);
    }
    add(l, s);
  }
  for (const l of live.values()) for (const d of ['client', 'server'] as const) finish(l, d);
  return out;
}

function startsAnew(l: Live, s: Segment): boolean {
  const c = l.conn;
  if (c.syn === null) return c.packets.length > 0;
  const first = c.packets[c.syn]!.seg;
  return (
    first.seq !== s.seq ||
    c.rst !== null ||
    c.streams.client.fin !== null ||
    c.streams.server.fin !== null ||
    c.streams.client.length > 0
  );
}

function guessClientIsSrc(s: Segment, serverPort: number | null): boolean {
  if (serverPort !== null && (s.dport === serverPort) !== (s.sport === serverPort))
    return s.dport === serverPort;
  return s.sport >= s.dport;
}

function add(l: Live, s: Segment): void {
  const c = l.conn;
  const from: Dir = s.src === c.client.addr && s.sport === c.client.port ? 'client' : 'server';
  const i = c.packets.length;
  c.packets.push({ seg: s, from });
  const dir = l.dirs[from];
  if (s.syn) {
    if (from === 'client' && !s.ackFlag && c.syn === null) c.syn = i;
    if (from === 'server' && s.ackFlag && c.synAck === null) c.synAck = i;
    dir.base ??= (s.seq + 1) >>> 0;
  } else if (from === 'client' && s.ackFlag && c.synAck !== null && c.handshakeAck === null)
    c.handshakeAck = i;
  if (s.rst) {
    c.rst ??= i;
    return;
  }
  const dataSeq = s.syn ? (s.seq + 1) >>> 0 : s.seq;
  dir.base ??= dataSeq;
  const stream = c.streams[from];
  const at = seqDiff(dataSeq, dir.base);
  if (s.payload.length > 0) accept(stream, dir, at, s.payload, i);
  if (s.fin && stream.fin === null) stream.fin = i;
}

/** New bytes at stream offset `at` (negative: before the stream's start, a stray retransmission). */
function accept(stream: ByteStream, dir: DirState, at: number, bytes: Uint8Array, packet: number): void {
  const end = at + bytes.length;
  if (end <= stream.length) return; // all seen: a retransmission
  if (at > stream.length) {
    if (dir.pending.size < MAX_PENDING && !dir.pending.has(at)) dir.pending.set(at, { bytes, packet });
    return;
  }
  const fresh = bytes.subarray(stream.length - at);
  stream.chunks.push({ at: stream.length, bytes: fresh, packet });
  stream.length += fresh.length;
  // Held segments that now continue the stream.
  for (let moved = true; moved && dir.pending.size > 0; ) {
    moved = false;
    for (const [pat, p] of dir.pending) {
      if (pat > stream.length) continue;
      dir.pending.delete(pat);
      moved = true;
      if (pat + p.bytes.length > stream.length) {
        const more = p.bytes.subarray(stream.length - pat);
        stream.chunks.push({ at: stream.length, bytes: more, packet: p.packet });
        stream.length += more.length;
      }
    }
  }
}

/** At the end of the capture: data after a hole is counted as missing, not reassembled. */
function finish(l: Live, d: Dir): void {
  const dir = l.dirs[d];
  const stream = l.conn.streams[d];
  let last = stream.length;
  for (const [at, p] of dir.pending) last = Math.max(last, at + p.bytes.length);
  stream.missing = last - stream.length;
  dir.pending.clear();
}

/** The whole stream as one byte array. */
export function streamBytes(s: ByteStream): Uint8Array {
  const out = new Uint8Array(s.length);
  for (const c of s.chunks) out.set(c.bytes, c.at);
  return out;
}

/** The packet that carried stream offset `offset` (the last byte of the stream if past its end). */
export function packetAt(s: ByteStream, offset: number): number {
  let lo = 0;
  let hi = s.chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.chunks[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  return s.chunks[lo]!.packet;
}
