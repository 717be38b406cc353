/**
 * Packet captures written by pcapWriter (from TcpRecorder's segments) read back into traces: every
 * file variant and link type, HTTP/1.1 boundaries, the stale-reuse and race-window shapes
 * classified as metrics/failureKinds.ts would, retries folded into attempts.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../metrics/summary';
import { explainFailures } from '../trace/failures';
import { parseTrace, serializeTrace } from '../trace/io';
import { parseRequests, parseResponses } from './http1';
import { LINKTYPE, type LinkType, tcpCapture } from './pcapWriter';
import { TcpRecorder } from './tcpRecorder';
import { captureToTrace } from './toTrace';

const text = (s: string) => new TextEncoder().encode(s);
const GET = text('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
const POST = text('POST /auth HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello');
const OK = text('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\n\r\nok');

/** The seed's failure shape: a response, the server's idle close, then a request on the closed connection. */
function staleReuse(v6 = false): TcpRecorder {
  const r = new TcpRecorder(
    { addr: v6 ? '::1' : '127.0.0.1', port: 40100 },
    { addr: v6 ? '::1' : '127.0.0.1', port: 8080 },
  );
  r.handshake(1_000_000);
  r.data('client', 1_000_100, GET);
  r.data('server', 1_000_400, OK);
  r.fin('server', 6_000_400); // idle timeout
  r.data('client', 7_000_000, POST); // reused: the FIN had arrived 1 s earlier
  r.rst('server', 7_000_020);
  return r;
}

describe('pcap import', () => {
  const variants: [string, Parameters<typeof tcpCapture>[1]][] = [
    ['pcap, little-endian, µs, Ethernet', {}],
    ['pcap, big-endian, ns, Ethernet', { bigEndian: true, nanos: true }],
    ['pcap, Linux cooked SLL', { linkType: LINKTYPE.LINUX_SLL }],
    ['pcap, Linux cooked SLL2', { linkType: LINKTYPE.LINUX_SLL2 }],
    ['pcap, loopback NULL', { linkType: LINKTYPE.NULL }],
    ['pcap, raw IP', { linkType: LINKTYPE.RAW as LinkType }],
    ['pcapng, Ethernet', { format: 'pcapng' }],
    ['pcapng, big-endian, SLL2', { format: 'pcapng', bigEndian: true, linkType: LINKTYPE.LINUX_SLL2 }],
  ];
  for (const [name, o] of variants)
    for (const v6 of [false, true])
      it(`reads ${name}, ${v6 ? 'IPv6' : 'IPv4'}: the stale reuse is marked stale`, () => {
        const r = captureToTrace(tcpCapture(staleReuse(v6).packets, o), { name: 'stale.pcap' });
        expect(r.format).toBe(o?.format ?? 'pcap');
        expect(r.connections).toHaveLength(1);
        expect(r.connections[0]).toMatchObject({
          client: v6 ? '[::1]:40100' : '127.0.0.1:40100',
          server: v6 ? '[::1]:8080' : '127.0.0.1:8080',
          requests: 2,
          handshake: true,
          problems: [],
        });
        expect(r.failures).toEqual([
          expect.objectContaining({ req: 2, conn: 1, method: 'POST', cause: 'eof', kind: 'stale-reuse' }),
        ]);
        const summary = summarize(r.trace);
        expect(summary.requests.map((q) => [q.method, q.outcome, q.reused])).toEqual([
          ['GET', 'ok', false],
          ['POST', 'failed', true],
        ]);
        expect(r.trace[0]).toMatchObject({ kind: 'run.start', source: 'capture' });
        expect(r.trace.some((e) => e.kind === 'state' || e.kind === 'timer.arm' || e.kind === 'pool')).toBe(
          false,
        );
        // The file imports like any trace, and the trace's own analysis agrees it was stale.
        const parsed = parseTrace(serializeTrace(r.trace, null));
        expect(parsed.ok ? null : parsed.problems).toBeNull();
        const [f] = explainFailures(r.trace);
        expect(f!.times.finArrivedAt).not.toBeNull();
        expect(f!.times.finArrivedAt!).toBeLessThanOrEqual(f!.times.writtenAt!);
      });

  it('segments: each flag, sent and delivered, DATA labelled with its request', () => {
    const { trace } = captureToTrace(tcpCapture(staleReuse().packets));
    const sends = trace.filter((e) => e.kind === 'segment.send');
    expect(sends.map((e) => `${e.side} ${e.flag}`).slice(0, 5)).toEqual([
      'client SYN',
      'server SYN-ACK',
      'client ACK',
      'client DATA',
      'server ACK',
    ]);
    expect(sends.filter((e) => e.flag === 'DATA').map((e) => [e.label, e.req])).toEqual([
      ['GET /health', 1],
      ['200 OK', 1],
      ['POST /auth', 2],
    ]);
    expect(
      sends.filter((e) => e.flag === 'FIN' || e.flag === 'RST').map((e) => `${e.side} ${e.flag}`),
    ).toEqual(['server FIN', 'server RST']);
    expect(trace.filter((e) => e.kind === 'segment.deliver')).toHaveLength(sends.length);
  });

  it('a request and the FIN crossing: race window (needs the round trip: a capture at the client)', () => {
    const r = new TcpRecorder({ addr: '10.0.0.1', port: 40200 }, { addr: '10.0.0.2', port: 80 });
    // Captured on the client's host: 40 ms to the server and back, ~0 to the client.
    r.handshake(0, 40_000, 2);
    r.data('client', 50_000, GET);
    r.data('server', 90_000, OK);
    r.data('client', 5_019_990, GET); // leaves 10 µs before the FIN passes the capture point
    r.fin('server', 5_020_000);
    r.rst('server', 5_060_000);
    const got = captureToTrace(tcpCapture(r.packets));
    expect(got.connections[0]!.delays).toEqual({ client: 1, server: 20_000 });
    expect(got.failures).toEqual([expect.objectContaining({ req: 2, cause: 'eof', kind: 'race-window' })]);
    // The same capture, the FIN passing 10 µs before the request: stale.
    const s = new TcpRecorder({ addr: '10.0.0.1', port: 40200 }, { addr: '10.0.0.2', port: 80 });
    s.handshake(0, 40_000, 2);
    s.data('client', 50_000, GET);
    s.data('server', 90_000, OK);
    s.fin('server', 5_019_990);
    s.data('client', 5_020_000, GET);
    expect(captureToTrace(tcpCapture(s.packets)).failures[0]).toMatchObject({ kind: 'stale-reuse' });
  });

  it('the server closing after the request arrived: closed mid-request; the client closing first: ClientClosed', () => {
    const r = new TcpRecorder({ addr: '10.0.0.1', port: 40500 }, { addr: '10.0.0.2', port: 80 });
    r.handshake(0, 40_000, 2); // 20 ms each way to the server
    r.data('client', 50_000, GET);
    r.fin('server', 200_000); // the server closed 130 ms after the request reached it
    expect(captureToTrace(tcpCapture(r.packets)).failures[0]).toMatchObject({
      cause: 'eof',
      kind: 'closed-mid-request',
    });
    const c = new TcpRecorder({ addr: '10.0.0.1', port: 40501 }, { addr: '10.0.0.2', port: 80 });
    c.handshake(0);
    c.data('client', 100, GET);
    c.fin('client', 30_000_000); // gave up: a timeout or a cancel
    const got = captureToTrace(tcpCapture(c.packets));
    expect(got.failures[0]).toMatchObject({ cause: null });
    expect(summarize(got.trace).requests[0]!.error).toMatchObject({ class: 'ClientClosed' });
  });

  it('a retry on a new connection is the same request, attempt 2', () => {
    const a = new TcpRecorder({ addr: '127.0.0.1', port: 40300 }, { addr: '127.0.0.1', port: 8080 });
    a.handshake(0);
    a.data('client', 100, GET);
    a.data('server', 200, OK);
    a.fin('server', 1_000_000);
    a.data('client', 2_000_000, GET);
    a.rst('server', 2_000_010);
    const b = new TcpRecorder({ addr: '127.0.0.1', port: 40301 }, { addr: '127.0.0.1', port: 8080 });
    b.handshake(2_000_100);
    b.data('client', 2_000_200, GET);
    b.data('server', 2_000_300, OK);
    const { trace } = captureToTrace(tcpCapture([...a.packets, ...b.packets].sort((x, y) => x.tUs - y.tUs)));
    const summary = summarize(trace);
    expect(summary.requests.map((q) => [q.outcome, q.attempts])).toEqual([
      ['ok', 1],
      ['ok-after-retry', 2],
    ]);
    expect(
      trace.filter((e) => e.kind === 'attempt.start').map((e) => [e.req, e.attempt, e.conn, e.reused]),
    ).toEqual([
      [1, 1, 1, false],
      [2, 1, 1, true],
      [2, 2, 2, false],
    ]);
  });

  it('reassembles retransmitted and out-of-order segments; --port keeps one server', () => {
    const r = new TcpRecorder({ addr: '127.0.0.1', port: 40400 }, { addr: '127.0.0.1', port: 8080 });
    r.handshake(0);
    r.data('client', 10, GET);
    r.data('server', 20, OK);
    const packets = [...r.packets];
    const data = packets.findIndex((p) => p.sport === 8080 && (p.payload?.length ?? 0) > 0);
    const resp = packets[data]!;
    // The response in two segments, the second first, then the first twice.
    const head = { ...resp, payload: resp.payload!.subarray(0, 10) };
    const tail = { ...resp, seq: resp.seq + 10, payload: resp.payload!.subarray(10), tUs: resp.tUs + 1 };
    packets.splice(data, 1, tail, { ...head, tUs: resp.tUs + 2 }, { ...head, tUs: resp.tUs + 3 });
    const other = new TcpRecorder({ addr: '127.0.0.1', port: 40401 }, { addr: '127.0.0.1', port: 9090 });
    other.handshake(5);
    const all = [...packets, ...other.packets].sort((x, y) => x.tUs - y.tUs);
    const got = captureToTrace(tcpCapture(all), { port: 8080 });
    expect(got.connections).toHaveLength(1);
    expect(got.skipped).toEqual({ 'not port 8080': 3 });
    expect(summarize(got.trace).requests.map((q) => q.outcome)).toEqual(['ok']);
  });
});

describe('HTTP/1.1 boundaries', () => {
  it('Content-Length, chunked with extensions and trailers, HEAD, 204, 304, 100 Continue, to the close', () => {
    const req = parseRequests(
      text(
        'POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\nGET /d HTTP/1.1\r\n\r\nGET /e HTTP/1.1\r\n\r\nGET /f HTTP/1.1\r\nContent-Le',
      ),
    );
    expect(req.problem).toBeNull();
    expect(req.messages.map((m) => [m.method, m.target, m.end !== null])).toEqual([
      ['POST', '/a', true],
      ['HEAD', '/b', true],
      ['GET', '/c', true],
      ['GET', '/d', true],
      ['GET', '/e', true],
      ['GET', '/f', false],
    ]);
    const bodies =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n' + // HEAD: no body despite the length
      'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n' +
      'HTTP/1.1 200 OK\r\n\r\nto the close';
    const methods = req.messages.map((m) => m.method);
    const closed = parseResponses(text(bodies), methods, true);
    expect(closed.messages.map((m) => [m.status, m.end !== null])).toEqual([
      [200, true],
      [200, true],
      [204, true],
      [304, true],
      [200, true],
    ]);
    // Without the server's FIN, a body delimited by the close is not complete.
    expect(parseResponses(text(bodies), methods, false).messages.at(-1)!.end).toBeNull();
  });

  it('not HTTP: the problem names the byte offset', () => {
    const r = parseRequests(text('GET / HTTP/1.1\r\n\r\n\x16\x03\x01\x02\x00\r\n\r\n'));
    expect(r.messages).toHaveLength(1);
    expect(r.problem).toMatch(/^not an HTTP\/1\.1 request line at byte 18: /);
  });
});
