/**
 * Reads packet capture files: classic pcap (little- or big-endian, µs or ns timestamps, magic
 * a1b2c3d4 / a1b23c4d) and pcapng (section header, interface description with `if_tsresol`,
 * enhanced, simple and obsolete packet blocks; other blocks are skipped). Pure: bytes in, frames
 * out. A file that is not one, or ends inside a header or a packet, is refused with a
 * CaptureError naming the byte offset and what was expected there; nothing else is thrown.
 */

export class CaptureError extends Error {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`capture byte ${offset}: ${what}`);
    this.name = 'CaptureError';
  }
}

export interface Frame {
  /** Capture time, µs (rounded down from ns), as in the file (usually since the epoch). */
  tUs: number;
  linkType: number;
  /** The captured bytes (possibly cut to the snap length). */
  data: Uint8Array;
  /** Length on the wire. */
  origLen: number;
  /** Byte offset of the packet's record in the file. */
  offset: number;
}

export interface CaptureFile {
  format: 'pcap' | 'pcapng';
  frames: Frame[];
}

/** A file over this is refused before it is read. */
export const CAPTURE_MAX_BYTES = 200 * 1024 * 1024;
/** A packet record claiming more than this is a damaged file, not a packet. */
const MAX_PACKET = 256 * 1024;

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function readCapture(bytes: Uint8Array): CaptureFile {
  if (bytes.length > CAPTURE_MAX_BYTES)
    throw new CaptureError(
      0,
      `the file is ${(bytes.length / 1e6).toFixed(0)} MB; at most ${CAPTURE_MAX_BYTES / 1e6} MB (filter it with tcpdump first)`,
    );
  if (bytes.length < 4)
    throw new CaptureError(bytes.length, 'expected a pcap or pcapng magic number (4 bytes), the file ends');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = v.getUint32(0, false);
  if (magic === 0x0a0d0d0a) return { format: 'pcapng', frames: readPcapng(bytes, v) };
  for (const le of [false, true]) {
    const m = v.getUint32(0, le);
    if (m === 0xa1b2c3d4 || m === 0xa1b23c4d)
      return { format: 'pcap', frames: readPcap(bytes, v, le, m === 0xa1b23c4d) };
  }
  throw new CaptureError(
    0,
    `expected a pcap magic number (a1b2c3d4 or a1b23c4d, either byte order) or a pcapng section header (0a0d0d0a), got ${hex(magic)}`,
  );
}

function need(v: DataView, at: number, n: number, what: string): void {
  if (at + n > v.byteLength)
    throw new CaptureError(at, `expected ${what} (${n} bytes), only ${v.byteLength - at} bytes are left`);
}

function readPcap(bytes: Uint8Array, v: DataView, le: boolean, nanos: boolean): Frame[] {
  need(v, 0, 24, 'the pcap file header');
  const major = v.getUint16(4, le);
  if (major !== 2) throw new CaptureError(4, `expected pcap format version 2, got ${major}`);
  const linkType = v.getUint32(20, le) & 0x0fffffff; // the top bits carry FCS flags
  const frames: Frame[] = [];
  let at = 24;
  while (at < v.byteLength) {
    need(v, at, 16, `packet record header ${frames.length + 1}`);
    const sec = v.getUint32(at, le);
    const frac = v.getUint32(at + 4, le);
    const capLen = v.getUint32(at + 8, le);
    const origLen = v.getUint32(at + 12, le);
    if (frac >= (nanos ? 1e9 : 1e6))
      throw new CaptureError(
        at + 4,
        `expected the ${nanos ? 'nanosecond' : 'microsecond'} part of a timestamp, got ${frac}`,
      );
    if (capLen > MAX_PACKET)
      throw new CaptureError(
        at + 8,
        `expected a captured length of at most ${MAX_PACKET} bytes, got ${capLen}`,
      );
    need(v, at + 16, capLen, `packet ${frames.length + 1}'s data`);
    frames.push({
      tUs: sec * 1e6 + (nanos ? Math.floor(frac / 1000) : frac),
      linkType,
      data: bytes.subarray(at + 16, at + 16 + capLen),
      origLen,
      offset: at,
    });
    at += 16 + capLen;
  }
  return frames;
}

interface Iface {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSecond: bigint;
}

function readPcapng(bytes: Uint8Array, v: DataView): Frame[] {
  const frames: Frame[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let at = 0;
  while (at < v.byteLength) {
    need(v, at, 12, 'a pcapng block header');
    const first = v.getUint32(at, false);
    if (first === 0x0a0d0d0a) {
      // A section header: its byte-order magic says how to read this section.
      need(v, at, 28, 'a pcapng section header block');
      const bom = v.getUint32(at + 8, false);
      if (bom === 0x1a2b3c4d) le = false;
      else if (bom === 0x4d3c2b1a) le = true;
      else throw new CaptureError(at + 8, `expected the byte-order magic 1a2b3c4d, got ${hex(bom)}`);
      ifaces = [];
    } else if (at === 0) {
      throw new CaptureError(0, 'expected a pcapng section header block first');
    }
    const type = v.getUint32(at, le);
    const len = v.getUint32(at + 4, le);
    if (len < 12 || len % 4 !== 0)
      throw new CaptureError(
        at + 4,
        `expected a block length that is a multiple of 4 and at least 12, got ${len}`,
      );
    need(v, at, len, `block of type ${type} (its declared length)`);
    const trailer = v.getUint32(at + len - 4, le);
    if (trailer !== len)
      throw new CaptureError(at + len - 4, `expected the block's length repeated (${len}), got ${trailer}`);
    const body = at + 8;
    const bodyEnd = at + len - 4;
    const iface = (id: number, where: number): Iface => {
      const i = ifaces[id];
      if (!i) throw new CaptureError(where, `expected an interface id below ${ifaces.length}, got ${id}`);
      return i;
    };
    const packet = (tsAt: number, capAt: number, dataAt: number, i: Iface) => {
      const capLen = v.getUint32(capAt, le);
      if (dataAt + capLen > bodyEnd)
        throw new CaptureError(
          capAt,
          `expected a captured length within the block (${bodyEnd - dataAt} bytes), got ${capLen}`,
        );
      const ts = (BigInt(v.getUint32(tsAt, le)) << 32n) | BigInt(v.getUint32(tsAt + 4, le));
      const tUs = (ts * 1_000_000n) / i.unitsPerSecond;
      if (tUs > BigInt(Number.MAX_SAFE_INTEGER))
        throw new CaptureError(
          tsAt,
          `expected a timestamp of at most ${Number.MAX_SAFE_INTEGER} µs, got ${tUs} µs`,
        );
      frames.push({
        tUs: Number(tUs),
        linkType: i.linkType,
        data: bytes.subarray(dataAt, dataAt + capLen),
        origLen: v.getUint32(capAt + 4, le),
        offset: at,
      });
    };
    switch (type) {
      case 0x0a0d0d0a:
        break;
      case 1: {
        if (bodyEnd - body < 8) throw new CaptureError(body, 'expected an interface description (8 bytes)');
        ifaces.push({
          linkType: v.getUint16(body, le),
          unitsPerSecond: tsResolution(v, body + 8, bodyEnd, le),
        });
        break;
      }
      case 6: {
        if (bodyEnd - body < 20)
          throw new CaptureError(body, 'expected an enhanced packet block body (20 bytes)');
        packet(body + 4, body + 12, body + 20, iface(v.getUint32(body, le), body));
        break;
      }
      case 2: {
        if (bodyEnd - body < 20)
          throw new CaptureError(body, 'expected an obsolete packet block body (20 bytes)');
        packet(body + 4, body + 12, body + 20, iface(v.getUint16(body, le), body));
        break;
      }
      case 3: {
        // A simple packet block has no timestamp: it takes the previous packet's time.
        const i = iface(0, body);
        const origLen = v.getUint32(body, le);
        const capLen = Math.min(origLen, bodyEnd - body - 4);
        frames.push({
          tUs: frames[frames.length - 1]?.tUs ?? 0,
          linkType: i.linkType,
          data: bytes.subarray(body + 4, body + 4 + capLen),
          origLen,
          offset: at,
        });
        break;
      }
      default:
        break; // name resolution, statistics, custom blocks: nothing a trace needs
    }
    at += len;
  }
  return frames;
}

/** An interface's `if_tsresol` option (9): 10^-n or 2^-n seconds; µs when absent. */
function tsResolution(v: DataView, from: number, end: number, le: boolean): bigint {
  let at = from;
  while (at + 4 <= end) {
    const code = v.getUint16(at, le);
    const len = v.getUint16(at + 2, le);
    if (code === 0) break;
    if (at + 4 + len > end)
      throw new CaptureError(at + 2, `expected an option of ${len} bytes within the block`);
    if (code === 9 && len >= 1) {
      const r = v.getUint8(at + 4);
      const n = BigInt(r & 0x7f);
      if (n > 30n)
        throw new CaptureError(
          at + 4,
          `expected a timestamp resolution of at most 2^-30 or 10^-30 s, got ${r}`,
        );
      return r & 0x80 ? 1n << n : 10n ** n;
    }
    at += 4 + ((len + 3) & ~3);
  }
  return 1_000_000n;
}
