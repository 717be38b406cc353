/**
 * A connection's HTTP exchanges and how each ended, and the endpoint times a single capture point
 * lets us estimate.
 *
 * One capture point sees each segment once, at the moment it passed that point. It cannot see
 * when a segment left its sender or reached its receiver; what it can tell is the round trip on
 * each side of it, from the handshake: SYN → SYN-ACK is the round trip to the server (2b), SYN-ACK
 * → the client's ACK the round trip to the client (2a). Assuming each path is symmetric (and the
 * kernels answer at once), a segment the client sent at capture time p left the client at p − a
 * and reached the server at p + b; one the server sent left it at p − b and reached the client at
 * p + a. A capture on the client's host gives a ≈ 0 (on loopback both are ≈ 0); a connection whose
 * handshake is not in the capture gets a = b = 0, every time the capture point's.
 */
import { type AttemptTimes, type FailureKind, failureKind } from '../metrics/failureKinds';
import type { ErrorReport, FailureCause } from '../policies/types';
import { type HttpMessage, parseRequests, parseResponses } from './http1';
import { type Dir, packetAt, streamBytes, type TcpConnection } from './tcpStreams';

export interface Delays {
  /** One-way delay between the capture point and the client (a), and the server (b), µs. */
  client: number;
  server: number;
}

export function handshakeDelays(c: TcpConnection): Delays {
  const t = (i: number | null) => (i === null ? null : c.packets[i]!.seg.tUs);
  const syn = t(c.syn);
  const synAck = t(c.synAck);
  const ack = t(c.handshakeAck);
  const half = (from: number | null, to: number | null) =>
    from !== null && to !== null && to >= from ? Math.floor((to - from) / 2) : 0;
  return { client: half(synAck, ack), server: half(syn, synAck) };
}

/** When a packet passed the capture point (µs, the file's clock). */
export const packetTime = (c: TcpConnection, i: number) => c.packets[i]!.seg.tUs;

/** Estimated send and delivery time of a packet (see the module comment). */
export function endpointTimes(c: TcpConnection, d: Delays, i: number): { sentAt: number; arrivesAt: number } {
  const p = packetTime(c, i);
  return c.packets[i]!.from === 'client'
    ? { sentAt: p - d.client, arrivesAt: p + d.server }
    : { sentAt: p - d.server, arrivesAt: p + d.client };
}

export interface Exchange {
  conn: TcpConnection;
  /** Its position on the connection (0: the first request, a new connection). */
  index: number;
  method: string;
  target: string;
  bodyKey: string | null;
  /** Packet that carried the request's first byte, and its estimated send time at the client. */
  requestPacket: number;
  writtenAt: number;
  /** Packet that carried the response's first byte, when there is one. */
  responsePacket: number | null;
  status: number | null;
  reason: string;
  /** How it ended, at the client (estimated), or unfinished when the capture ends first. */
  end:
    | { outcome: 'ok'; at: number }
    | {
        outcome: 'failed';
        at: number;
        cause: FailureCause | null;
        error: ErrorReport;
        kind: FailureKind;
        times: AttemptTimes;
      }
    | { outcome: 'unfinished' };
}

export interface ConnectionHttp {
  exchanges: Exchange[];
  /** Why some of the streams could not be read as HTTP/1.1, if so. */
  problems: string[];
}

const first = (...xs: (number | null)[]) =>
  xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : Math.min(m, x)), null);

/** The connection's close signals: first FIN of each side and first RST from each side (packet indexes). */
function closeSignals(c: TcpConnection) {
  const rstFrom = (from: Dir) => {
    const i = c.packets.findIndex((p) => p.from === from && p.seg.rst);
    return i === -1 ? null : i;
  };
  return {
    serverFin: c.streams.server.fin,
    clientFin: c.streams.client.fin,
    serverRst: rstFrom('server'),
    clientRst: rstFrom('client'),
  };
}

export function connectionHttp(c: TcpConnection, d: Delays): ConnectionHttp {
  const problems: string[] = [];
  const req = parseRequests(streamBytes(c.streams.client));
  if (req.problem) problems.push(`client → server: ${req.problem}`);
  const requests = req.messages.filter(
    (m): m is HttpMessage & { method: string; target: string } => m.method !== undefined,
  );
  const signals = closeSignals(c);
  const res = parseResponses(
    streamBytes(c.streams.server),
    requests.map((r) => r.method),
    signals.serverFin !== null,
  );
  if (res.problem) problems.push(`server → client: ${res.problem}`);
  if (c.streams.client.missing > 0)
    problems.push(`client → server: ${c.streams.client.missing} bytes after a hole the capture missed`);
  if (c.streams.server.missing > 0)
    problems.push(`server → client: ${c.streams.server.missing} bytes after a hole the capture missed`);

  const at = (i: number) => endpointTimes(c, d, i);
  const p = (i: number | null) => (i === null ? null : packetTime(c, i));
  const serverCloseP = first(p(signals.serverFin), p(signals.serverRst));
  const exchanges = requests.map((r, index): Exchange => {
    const requestPacket = packetAt(c.streams.client, r.start);
    const writtenAt = at(requestPacket).sentAt;
    const resp = res.messages[index];
    const responsePacket = resp ? packetAt(c.streams.server, resp.start) : null;
    const base = {
      conn: c,
      index,
      method: r.method,
      target: r.target,
      bodyKey: r.bodyKey ?? null,
      requestPacket,
      writtenAt,
      responsePacket,
      status: resp?.status ?? null,
      reason: resp?.reason ?? '',
    };
    if (resp?.end != null) {
      const last = packetAt(c.streams.server, resp.end - 1);
      return { ...base, end: { outcome: 'ok', at: Math.max(writtenAt, at(last).arrivesAt) } };
    }
    const reqP = packetTime(c, requestPacket);
    const clientCloseP = first(p(signals.clientFin), p(signals.clientRst));
    // The server closed (or reset) before a response: the client reads EOF or gets the reset.
    if (
      serverCloseP !== null &&
      (clientCloseP === null || serverCloseP <= clientCloseP || clientCloseP < reqP)
    ) {
      const finFirst =
        signals.serverFin !== null && (signals.serverRst === null || signals.serverFin < signals.serverRst);
      const cause: FailureCause = finFirst ? 'eof' : 'reset';
      const arrival = (i: number | null) => (i === null ? null : at(i).arrivesAt);
      const times: AttemptTimes = {
        attemptAt: writtenAt,
        releasedAt: null,
        writtenAt,
        requestArrivedAt: at(requestPacket).arrivesAt,
        serverClosedAt: serverCloseP - d.server,
        finArrivedAt: arrival(signals.serverFin),
        resetAt: arrival(signals.serverRst),
      };
      const signalArrival = finFirst ? times.finArrivedAt! : times.resetAt!;
      return {
        ...base,
        end: {
          outcome: 'failed',
          at: Math.max(writtenAt, signalArrival),
          cause,
          error: {
            class: 'NoResponse',
            message: finFirst
              ? 'The server closed the connection (FIN) without sending a response.'
              : 'The connection was reset (RST) before a response.',
          },
          kind: failureKind(cause, times),
          times,
        },
      };
    }
    if (clientCloseP !== null && clientCloseP >= reqP) {
      const i = first(signals.clientFin, signals.clientRst)!;
      const times: AttemptTimes = {
        attemptAt: writtenAt,
        releasedAt: null,
        writtenAt,
        requestArrivedAt: at(requestPacket).arrivesAt,
        serverClosedAt: null,
        finArrivedAt: null,
        resetAt: null,
      };
      return {
        ...base,
        end: {
          outcome: 'failed',
          at: Math.max(writtenAt, at(i).sentAt),
          cause: null,
          error: {
            class: 'ClientClosed',
            message:
              'The client closed the connection before a response (a timeout or a cancel: the capture does not say which).',
          },
          kind: failureKind(null, times),
          times,
        },
      };
    }
    return { ...base, end: { outcome: 'unfinished' } };
  });
  // A reused connection's idle time starts when the previous response reached the client.
  for (let i = 1; i < exchanges.length; i++) {
    const e = exchanges[i]!;
    const prev = exchanges[i - 1]!.end;
    if (e.end.outcome === 'failed' && prev.outcome === 'ok') {
      e.end.times = { ...e.end.times, releasedAt: prev.at };
      e.end.kind = failureKind(e.end.cause, e.end.times);
    }
  }
  return { exchanges, problems };
}
