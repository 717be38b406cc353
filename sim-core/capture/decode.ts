/**
 * A captured frame's TCP segment: the link layer (Ethernet with VLAN tags, Linux cooked SLL and
 * SLL2, BSD loopback/NULL, raw IP), then IPv4 or IPv6 (extension headers skipped), then TCP.
 * A frame that is not TCP over IP is skipped and counted; one cut short by the snap length or
 * damaged is skipped with its reason (`skip`), never thrown.
 */

export interface Segment {
  tUs: number;
  /** Index of the frame in the capture, and the file offset of its record (for messages). */
  frame: number;
  offset: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  syn: boolean;
  ackFlag: boolean;
  fin: boolean;
  rst: boolean;
  payload: Uint8Array;
}

export type Decoded =
  | { ok: true; segment: Omit<Segment, 'tUs' | 'frame' | 'offset'> }
  | { ok: false; skip: string };

/** Link types this decodes (the tcpdump LINKTYPE_ registry). */
export const LINK_TYPE_NAMES: Record<number, string> = {
  0: 'loopback (NULL)',
  1: 'Ethernet',
  101: 'raw IP',
  113: 'Linux cooked (SLL)',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};

const skip = (why: string): Decoded => ({ ok: false, skip: why });

export function decodeFrame(linkType: number, d: Uint8Array): Decoded {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let at: number;
  let proto: number | 'ip';
  switch (linkType) {
    case 1: {
      if (d.length < 14) return skip('cut inside the Ethernet header');
      at = 12;
      proto = v.getUint16(at);
      at += 2;
      // 802.1Q / 802.1ad VLAN tags.
      while ((proto === 0x8100 || proto === 0x88a8) && at + 4 <= d.length) {
        proto = v.getUint16(at + 2);
        at += 4;
      }
      break;
    }
    case 113:
      if (d.length < 16) return skip('cut inside the Linux cooked header');
      proto = v.getUint16(14);
      at = 16;
      break;
    case 276:
      if (d.length < 20) return skip('cut inside the Linux cooked v2 header');
      proto = v.getUint16(0);
      at = 20;
      break;
    case 0: {
      if (d.length < 4) return skip('cut inside the loopback header');
      // The address family, in the capturing host's byte order: AF_INET 2, AF_INET6 24/28/30 (BSDs), 10 (Linux).
      const le = v.getUint32(0, true);
      const fam = le < 0x10000 ? le : v.getUint32(0, false);
      proto = fam === 2 ? 0x0800 : [10, 24, 28, 30].includes(fam) ? 0x86dd : -1;
      at = 4;
      break;
    }
    case 101:
    case 228:
    case 229:
      proto = 'ip';
      at = 0;
      break;
    default:
      return skip(
        `link type ${linkType} is not one this reads (${Object.values(LINK_TYPE_NAMES).join(', ')})`,
      );
  }
  if (proto === 'ip') {
    if (at >= d.length) return skip('empty IP packet');
    const version = d[at]! >> 4;
    proto = version === 4 ? 0x0800 : version === 6 ? 0x86dd : -1;
  }
  if (proto === 0x0800) return ipv4(d, v, at);
  if (proto === 0x86dd) return ipv6(d, v, at);
  return skip('not IP');
}

function ipv4(d: Uint8Array, v: DataView, at: number): Decoded {
  if (at + 20 > d.length) return skip('cut inside the IPv4 header');
  const ihl = (d[at]! & 0x0f) * 4;
  if (d[at]! >> 4 !== 4 || ihl < 20) return skip('bad IPv4 header');
  const total = v.getUint16(at + 2);
  const frag = v.getUint16(at + 6);
  if ((frag & 0x1fff) !== 0 || (frag & 0x2000) !== 0) return skip('IPv4 fragment');
  if (d[at + 9] !== 6) return skip('not TCP');
  const src = [...d.subarray(at + 12, at + 16)].join('.');
  const dst = [...d.subarray(at + 16, at + 20)].join('.');
  // Trailing link padding (short Ethernet frames) is not payload; TSO captures may give total 0.
  const end = total === 0 ? d.length : Math.min(d.length, at + total);
  if (total !== 0 && total < ihl) return skip('bad IPv4 length');
  return tcp(d, v, at + ihl, end, src, dst, total !== 0 && at + total > d.length);
}

const v6text = (b: Uint8Array) => {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  // The longest run of zero words becomes `::` (RFC 5952).
  const s = words.join(':');
  let best = '';
  for (const m of s.matchAll(/(?:^|:)0(?::0)+(?::|$)/g)) if (m[0].length > best.length) best = m[0];
  return best ? s.replace(best, '::') : s;
};

function ipv6(d: Uint8Array, v: DataView, at: number): Decoded {
  if (at + 40 > d.length) return skip('cut inside the IPv6 header');
  const payloadLen = v.getUint16(at + 4);
  let next = d[at + 6]!;
  const src = v6text(d.subarray(at + 8, at + 24));
  const dst = v6text(d.subarray(at + 24, at + 40));
  const end = Math.min(d.length, at + 40 + payloadLen);
  let p = at + 40;
  // Hop-by-hop, routing, destination options; a fragment header means a fragment.
  for (let guard = 0; next !== 6 && guard < 8; guard++) {
    if (next === 44) return skip('IPv6 fragment');
    if (next !== 0 && next !== 43 && next !== 60) return skip('not TCP');
    if (p + 8 > end) return skip('cut inside an IPv6 extension header');
    next = d[p]!;
    p += (d[p + 1]! + 1) * 8;
  }
  if (next !== 6) return skip('not TCP');
  return tcp(d, v, p, end, src, dst, at + 40 + payloadLen > d.length);
}

function tcp(
  d: Uint8Array,
  v: DataView,
  at: number,
  end: number,
  src: string,
  dst: string,
  cut: boolean,
): Decoded {
  if (at + 20 > end) return skip('cut inside the TCP header');
  const off = (d[at + 12]! >> 4) * 4;
  if (off < 20 || at + off > end)
    return skip(off < 20 ? 'bad TCP header length' : 'cut inside the TCP options');
  // A payload cut by the snap length cannot be reassembled: the stream would have a hole.
  if (cut) return skip('payload cut by the snap length');
  const flags = d[at + 13]!;
  return {
    ok: true,
    segment: {
      src,
      dst,
      sport: v.getUint16(at),
      dport: v.getUint16(at + 2),
      seq: v.getUint32(at + 4),
      ack: v.getUint32(at + 8),
      fin: (flags & 1) !== 0,
      syn: (flags & 2) !== 0,
      rst: (flags & 4) !== 0,
      ackFlag: (flags & 16) !== 0,
      payload: d.subarray(at + off, end),
    },
  };
}
