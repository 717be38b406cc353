/**
 * Writes packet captures: TCP/IP frames (IPv4 or IPv6, on any link type the reader knows) into
 * classic pcap (either byte order, µs or ns timestamps) or pcapng. Pure: bytes in, bytes out.
 *
 * What it is for: the test suite records its own loopback exchanges through a relay and writes
 * them with this (no capture of unknown origin in the repository), and the `real` command's delay
 * proxy (scripts/bridge/) can write what it forwards as a capture tcpdump, Wireshark and
 * `sim pcap` read.
 */

/** Link types (LINKTYPE_* in the tcpdump registry) the reader decodes. */
export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;
export type LinkType = (typeof LINKTYPE)[keyof typeof LINKTYPE];

export interface TcpFlags {
  syn?: boolean;
  ack?: boolean;
  fin?: boolean;
  rst?: boolean;
  psh?: boolean;
}

/** One TCP segment as a capture saw it. Addresses: dotted IPv4 (`127.0.0.1`) or IPv6 (`::1`). */
export interface TcpPacket {
  /** Capture time, µs since the epoch (or any origin). */
  tUs: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  payload?: Uint8Array;
  window?: number;
}

/** Parses `a.b.c.d` or an IPv6 address (with `::`) into its bytes. */
export function addressBytes(addr: string): Uint8Array {
  if (addr.includes(':')) {
    const [head, tail] = addr.split('::') as [string, string | undefined];
    const parts = (s: string | undefined) => (s ? s.split(':').map((h) => Number.parseInt(h, 16)) : []);
    const h = parts(head);
    const t = parts(tail);
    const words = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
    if (words.length !== 8 || words.some((w) => !(w >= 0 && w <= 0xffff)))
      throw new RangeError(`not an IPv6 address: ${addr}`);
    const out = new Uint8Array(16);
    words.forEach((w, i) => {
      out[2 * i] = w >> 8;
      out[2 * i + 1] = w & 0xff;
    });
    return out;
  }
  const b = addr.split('.').map(Number);
  if (b.length !== 4 || b.some((x) => !(Number.isInteger(x) && x >= 0 && x <= 255)))
    throw new RangeError(`not an IPv4 address: ${addr}`);
  return Uint8Array.from(b);
}

/** The Internet checksum (RFC 1071) over some byte arrays, as if concatenated (each even-length but the last). */
function checksum(...parts: Uint8Array[]): number {
  let sum = 0;
  for (const p of parts) {
    for (let i = 0; i + 1 < p.length; i += 2) sum += (p[i]! << 8) | p[i + 1]!;
    if (p.length % 2 === 1) sum += p[p.length - 1]! << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function tcpSegment(p: TcpPacket, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const payload = p.payload ?? new Uint8Array(0);
  const seg = new Uint8Array(20 + payload.length);
  const v = new DataView(seg.buffer);
  v.setUint16(0, p.sport);
  v.setUint16(2, p.dport);
  v.setUint32(4, p.seq >>> 0);
  v.setUint32(8, p.ack >>> 0);
  const f = p.flags;
  seg[12] = 5 << 4;
  seg[13] = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.psh ? 8 : 0) | (f.ack ? 16 : 0);
  v.setUint16(14, p.window ?? 65535);
  seg.set(payload, 20);
  // Pseudo-header: addresses, protocol 6, TCP length.
  const pseudo = new Uint8Array(src.length * 2 + 4);
  pseudo.set(src, 0);
  pseudo.set(dst, src.length);
  const pv = new DataView(pseudo.buffer);
  pv.setUint16(src.length * 2, 6);
  pv.setUint16(src.length * 2 + 2, seg.length);
  v.setUint16(16, checksum(pseudo, seg));
  return seg;
}

/** The IP packet (v4 or v6, by the addresses) carrying the segment. */
export function ipPacket(p: TcpPacket): Uint8Array {
  const src = addressBytes(p.src);
  const dst = addressBytes(p.dst);
  if (src.length !== dst.length) throw new RangeError('source and destination must both be IPv4 or IPv6');
  const tcp = tcpSegment(p, src, dst);
  if (src.length === 4) {
    const ip = new Uint8Array(20 + tcp.length);
    const v = new DataView(ip.buffer);
    ip[0] = 0x45;
    v.setUint16(2, ip.length);
    v.setUint16(6, 0x4000); // don't fragment
    ip[8] = 64;
    ip[9] = 6;
    ip.set(src, 12);
    ip.set(dst, 16);
    v.setUint16(10, checksum(ip.subarray(0, 20)));
    ip.set(tcp, 20);
    return ip;
  }
  const ip = new Uint8Array(40 + tcp.length);
  const v = new DataView(ip.buffer);
  ip[0] = 0x60;
  v.setUint16(4, tcp.length);
  ip[6] = 6;
  ip[7] = 64;
  ip.set(src, 8);
  ip.set(dst, 24);
  ip.set(tcp, 40);
  return ip;
}

/** The frame on a link: the IP packet behind that link type's header. */
export function linkFrame(ip: Uint8Array, linkType: LinkType): Uint8Array {
  const v6 = ip[0]! >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  const framed = (headerLength: number, fill: (v: DataView) => void) => {
    const out = new Uint8Array(headerLength + ip.length);
    fill(new DataView(out.buffer));
    out.set(ip, headerLength);
    return out;
  };
  switch (linkType) {
    case LINKTYPE.RAW:
      return ip;
    case LINKTYPE.NULL:
      // The address family in the writing host's byte order: little-endian here (Linux, x86/ARM).
      return framed(4, (v) => v.setUint32(0, v6 ? 10 : 2, true));
    case LINKTYPE.ETHERNET:
      return framed(14, (v) => {
        v.setUint16(6, 0x0200); // locally administered source MAC 02:00:…
        v.setUint16(12, etherType);
      });
    case LINKTYPE.LINUX_SLL:
      return framed(16, (v) => {
        v.setUint16(0, 0); // packet type: to us
        v.setUint16(2, 772); // ARPHRD_LOOPBACK
        v.setUint16(4, 6);
        v.setUint16(14, etherType);
      });
    case LINKTYPE.LINUX_SLL2:
      return framed(20, (v) => {
        v.setUint16(0, etherType);
        v.setUint32(4, 1); // interface index
        v.setUint16(8, 772);
        v.setUint8(10, 0);
        v.setUint8(11, 6);
      });
  }
}

export interface CaptureFrame {
  tUs: number;
  data: Uint8Array;
}

export interface PcapOptions {
  linkType?: LinkType;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanos?: boolean;
  /** Big-endian file (as written on a big-endian host); little-endian by default. */
  bigEndian?: boolean;
  snapLen?: number;
}

/** Frames (already framed for `linkType`) as a classic pcap file. */
export function writePcap(frames: readonly CaptureFrame[], o: PcapOptions = {}): Uint8Array {
  const le = !o.bigEndian;
  const size = 24 + frames.reduce((n, f) => n + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, o.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, o.snapLen ?? 262144, le);
  v.setUint32(20, o.linkType ?? LINKTYPE.ETHERNET, le);
  let at = 24;
  for (const f of frames) {
    const sec = Math.floor(f.tUs / 1e6);
    const frac = o.nanos ? (f.tUs - sec * 1e6) * 1000 : f.tUs - sec * 1e6;
    v.setUint32(at, sec, le);
    v.setUint32(at + 4, Math.round(frac), le);
    v.setUint32(at + 8, f.data.length, le);
    v.setUint32(at + 12, f.data.length, le);
    out.set(f.data, at + 16);
    at += 16 + f.data.length;
  }
  return out;
}

/** Frames as a pcapng file: one section, one interface (µs timestamps), enhanced packet blocks. */
export function writePcapng(frames: readonly CaptureFrame[], o: Omit<PcapOptions, 'nanos'> = {}): Uint8Array {
  const le = !o.bigEndian;
  const pad = (n: number) => (n + 3) & ~3;
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array) => {
    const len = 12 + pad(body.length);
    const b = new Uint8Array(len);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, le);
    v.setUint32(4, len, le);
    b.set(body, 8);
    v.setUint32(len - 4, len, le);
    blocks.push(b);
  };
  const shb = new Uint8Array(16);
  const sv = new DataView(shb.buffer);
  sv.setUint32(0, 0x1a2b3c4d, le);
  sv.setUint16(4, 1, le);
  sv.setBigInt64(8, -1n, le); // section length unknown
  block(0x0a0d0d0a, shb);
  const idb = new Uint8Array(8);
  const iv = new DataView(idb.buffer);
  iv.setUint16(0, o.linkType ?? LINKTYPE.ETHERNET, le);
  iv.setUint32(4, o.snapLen ?? 262144, le);
  block(1, idb);
  for (const f of frames) {
    const body = new Uint8Array(20 + f.data.length);
    const v = new DataView(body.buffer);
    const ts = BigInt(Math.round(f.tUs));
    v.setUint32(4, Number(ts >> 32n), le);
    v.setUint32(8, Number(ts & 0xffffffffn), le);
    v.setUint32(12, f.data.length, le);
    v.setUint32(16, f.data.length, le);
    body.set(f.data, 20);
    block(6, body);
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** TCP packets as a capture file on one link type (pcap by default). */
export function tcpCapture(
  packets: readonly TcpPacket[],
  o: PcapOptions & { format?: 'pcap' | 'pcapng' } = {},
): Uint8Array {
  const linkType = o.linkType ?? LINKTYPE.ETHERNET;
  const frames = packets.map((p) => ({ tUs: p.tUs, data: linkFrame(ipPacket(p), linkType) }));
  return o.format === 'pcapng'
    ? writePcapng(frames, { ...o, linkType })
    : writePcap(frames, { ...o, linkType });
}
