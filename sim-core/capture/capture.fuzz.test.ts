/**
 * Damaged captures: random truncations, byte flips and inserted bytes of real capture files (every
 * format the writer makes) either import — giving a trace the trace importer accepts — or are
 * refused with a CaptureError naming a byte offset inside the file and what was expected there.
 * Nothing else is ever thrown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../tests/fuzz';
import { parseTrace, serializeTrace } from '../trace/io';
import { CaptureError } from './pcapReader';
import { LINKTYPE, type LinkType, tcpCapture } from './pcapWriter';
import { TcpRecorder } from './tcpRecorder';
import { captureToTrace } from './toTrace';

const text = (s: string) => new TextEncoder().encode(s);

function exchange(): TcpRecorder {
  const r = new TcpRecorder({ addr: '127.0.0.1', port: 40100 }, { addr: '127.0.0.1', port: 8080 });
  r.handshake(0);
  r.data('client', 100, text('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  r.data('server', 300, text('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'));
  r.fin('server', 5_000_000);
  r.data('client', 6_000_000, text('POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi'));
  r.rst('server', 6_000_010);
  return r;
}

const packets = exchange().packets;
const FILES = [
  tcpCapture(packets),
  tcpCapture(packets, { bigEndian: true, nanos: true, linkType: LINKTYPE.LINUX_SLL }),
  tcpCapture(packets, { linkType: LINKTYPE.LINUX_SLL2 }),
  tcpCapture(packets, { linkType: LINKTYPE.NULL }),
  tcpCapture(packets, { linkType: LINKTYPE.RAW as LinkType }),
  tcpCapture(packets, { format: 'pcapng' }),
  tcpCapture(packets, { format: 'pcapng', bigEndian: true }),
];

type Damage =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: number[] };

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
);

function damage(file: Uint8Array, ds: readonly Damage[]): Uint8Array {
  let b = file.slice();
  for (const d of ds) {
    const at = d.at % (b.length + 1);
    if (d.op === 'truncate') b = b.slice(0, at);
    else if (d.op === 'flip') {
      if (b.length > 0) b[at % b.length] = d.value;
    } else b = Uint8Array.from([...b.subarray(0, at), ...d.bytes, ...b.subarray(at)]);
  }
  return b;
}

const RUNS = 1500;

describe('damaged captures', () => {
  it(
    'import to a valid trace, or are refused with a CaptureError naming an offset in the file',
    () => {
      let refused = 0;
      let read = 0;
      fc.assert(
        fc.property(fc.nat(), fc.array(damageArb, { minLength: 1, maxLength: 4 }), (which, ds) => {
          const bytes = damage(FILES[which % FILES.length]!, ds);
          let result: ReturnType<typeof captureToTrace>;
          try {
            result = captureToTrace(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(CaptureError);
            const err = e as CaptureError;
            expect(err.offset).toBeGreaterThanOrEqual(0);
            expect(err.offset).toBeLessThanOrEqual(bytes.length);
            expect(err.message).toMatch(/^capture byte \d+: expected /);
            expect(err.message).not.toMatch(/[\n\r]/);
            refused++;
            return;
          }
          read++;
          const parsed = parseTrace(serializeTrace(result.trace, null));
          if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
        }),
        fuzzParams('capture import: truncations, flips, insertions', RUNS),
      );
      // Both paths are exercised.
      expect(refused).toBeGreaterThan(RUNS / 20);
      expect(read).toBeGreaterThan(RUNS / 20);
    },
    fuzzTimeout(RUNS, 2),
  );

  it('a truncated file names where it ends and what it expected', () => {
    const f = FILES[0]!;
    expect(() => captureToTrace(f.subarray(0, 30))).toThrow(
      'capture byte 24: expected packet record header 1 (16 bytes), only 6 bytes are left',
    );
    expect(() => captureToTrace(f.subarray(0, 2))).toThrow(
      /^capture byte 2: expected a pcap or pcapng magic number/,
    );
    expect(() => captureToTrace(text('{"format":"race-window-trace"}'))).toThrow(
      /^capture byte 0: expected a pcap magic number .*, got 0x7b22666f$/,
    );
    const ng = FILES[5]!;
    expect(() => captureToTrace(ng.subarray(0, ng.length - 3))).toThrow(
      /^capture byte \d+: expected block of type 6/,
    );
  });
});
