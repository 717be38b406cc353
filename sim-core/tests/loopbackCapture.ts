/**
 * Records a real loopback exchange as a packet capture, for the capture tests and the e2e: a Node
 * `http.Server` (keepAliveTimeout 100 ms) behind a tiny in-process TCP relay that forwards every
 * chunk, FIN and RST and records each, with its time, through TcpRecorder → pcapWriter. No
 * tcpdump, no root, no capture file of unknown origin.
 *
 * The client is a raw `node:net` socket doing what the seed's client does: one GET, a response,
 * then — after the server's idle close has reached it (its `end` event: the FIN) — a POST on the
 * same connection, then closes its side. The server's kernel answers with RST, which the relay
 * records when its upstream socket reports it (ECONNRESET or EPIPE). Every socket and server is closed
 * before the promise settles; every wait is on an event, bounded by the server's own timeout.
 */
import http from 'node:http';
import net from 'node:net';
import { type CaptureFrame, LINKTYPE, tcpCapture } from '../capture/pcapWriter';
import { TcpRecorder } from '../capture/tcpRecorder';

export type { CaptureFrame };

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const once = <T>(emitter: NodeJS.EventEmitter, event: string) =>
  new Promise<T>((resolve) => emitter.once(event, resolve as (v: unknown) => void));

export interface LoopbackCapture {
  pcap: Uint8Array;
  /** What the client saw on the stale write (ECONNRESET, EPIPE, or 'end' without a response). */
  clientError: string;
  serverPort: number;
}

export async function recordStaleReuse(): Promise<LoopbackCapture> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const serverPort = (server.address() as net.AddressInfo).port;
  let recorder: TcpRecorder | null = null;
  // The relay's connection has finished (both its sockets closed): everything is recorded.
  let relayDone: () => void = () => {};
  const finished = new Promise<void>((r) => {
    relayDone = r;
  });
  const relay = net.createServer({ allowHalfOpen: true }, (down) => {
    const up = net.connect({ host: '127.0.0.1', port: serverPort, allowHalfOpen: true });
    const r = new TcpRecorder(
      { addr: '127.0.0.1', port: down.remotePort ?? 0 },
      { addr: '127.0.0.1', port: serverPort },
    );
    recorder = r;
    // Recorded at accept: the client may send before the relay's own upstream connect completes.
    r.handshake(nowUs());
    down.on('data', (b: Buffer) => {
      r.data('client', nowUs(), new Uint8Array(b));
      up.write(b);
    });
    up.on('data', (b: Buffer) => {
      r.data('server', nowUs(), new Uint8Array(b));
      down.write(b);
    });
    down.on('end', () => {
      r.fin('client', nowUs());
      up.end();
    });
    up.on('end', () => {
      r.fin('server', nowUs());
      down.end();
    });
    up.on('error', () => {
      r.rst('server', nowUs());
      down.resetAndDestroy();
    });
    down.on('error', () => up.destroy());
    let open = 2;
    const closed = () => {
      if (--open === 0) relayDone();
    };
    down.on('close', closed);
    up.on('close', closed);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const relayPort = (relay.address() as net.AddressInfo).port;
  try {
    const client = net.connect({ host: '127.0.0.1', port: relayPort, allowHalfOpen: true });
    await once(client, 'connect');
    const got: Buffer[] = [];
    client.on('data', (b: Buffer) => got.push(b));
    const ended = once(client, 'end');
    client.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await ended; // the server's idle close, forwarded: the FIN has reached the client
    const settled = new Promise<string>((resolve) => {
      client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      client.on('close', () => resolve('closed without a response'));
    });
    client.write('POST /auth HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello');
    // The client closes its side too: a socket that has read EOF notices a later RST only on
    // another read or write, so without this nothing would end the exchange.
    client.end();
    const clientError = await settled;
    client.destroy();
    await finished;
    if (!Buffer.concat(got).toString('latin1').startsWith('HTTP/1.1 200 OK'))
      throw new Error('the first request got no 200 response');
    if (!recorder) throw new Error('the relay saw no connection');
    return {
      pcap: tcpCapture((recorder as TcpRecorder).packets, { linkType: LINKTYPE.ETHERNET }),
      clientError,
      serverPort,
    };
  } finally {
    relay.close();
    server.closeAllConnections();
    server.close();
  }
}
