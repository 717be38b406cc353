/**
 * A packet capture → a trace v1 (`source: 'capture'`) the app and every analysis read like any
 * other: segments (SYN, SYN-ACK, ACK, DATA, FIN, RST) sent and delivered, requests with their
 * attempts and outcomes. Only what the wire shows: no `state`, `timer` or `pool` events, no
 * exception (a failed request's error says what the wire showed: `NoResponse`, `ClientClosed`).
 *
 * Times are µs from the first packet (plus the largest estimated one-way delay, so every
 * estimated send time is ≥ 0); send and delivery times are estimated from each connection's
 * handshake (exchanges.ts says how and what a single capture point cannot tell).
 *
 * A failed request followed, within RETRY_WINDOW_US, by the same request (method, target, body)
 * on another connection is one request with two attempts: what a client's retry looks like on
 * the wire (a capture cannot tell it from the application sending it again).
 */
import type { AttemptTimes, FailureKind } from '../metrics/failureKinds';
import type { FailureCause } from '../policies/types';
import { HTTP_METHODS, type HttpMethod } from '../scenario/types';
import {
  type SegmentFlag,
  SOURCE_DETAIL_MAX,
  TRACE_VERSION,
  type TraceEvent,
  type TraceInput,
} from '../trace/events';
import { TRACE_LIMITS } from '../trace/io';
import { decodeFrame, LINK_TYPE_NAMES, type Segment } from './decode';
import { connectionHttp, type Delays, type Exchange, endpointTimes, handshakeDelays } from './exchanges';
import { CaptureError, readCapture } from './pcapReader';
import { type TcpConnection, tcpConnections } from './tcpStreams';

export const RETRY_WINDOW_US = 200_000;

export interface CaptureOptions {
  /** Keep only TCP connections with this port on either side (the server's). */
  port?: number | null;
  /** The capture's file name, for the trace's run.start. */
  name?: string;
}

export interface CaptureFailure {
  req: number;
  attempt: number;
  conn: number;
  method: string;
  target: string;
  cause: FailureCause | null;
  /** The same classification as a simulated run's (metrics/failureKinds.ts), from the estimated times. */
  kind: FailureKind;
  times: AttemptTimes;
}

export interface CaptureConnection {
  conn: number;
  client: string;
  server: string;
  packets: number;
  requests: number;
  delays: Delays;
  handshake: boolean;
  problems: string[];
}

export interface CaptureResult {
  trace: TraceEvent[];
  format: 'pcap' | 'pcapng';
  frames: number;
  /** Frames not used, by reason (not TCP, another port, cut by the snap length, …). */
  skipped: Record<string, number>;
  connections: CaptureConnection[];
  failures: CaptureFailure[];
}

const KNOWN_METHODS = new Set<string>(HTTP_METHODS);
const endpoint = (e: { addr: string; port: number }) =>
  e.addr.includes(':') ? `[${e.addr}]:${e.port}` : `${e.addr}:${e.port}`;

/** Reads a capture and builds its trace. Throws only CaptureError (a file it cannot read, with the byte offset). */
export function captureToTrace(bytes: Uint8Array, o: CaptureOptions = {}): CaptureResult {
  const file = readCapture(bytes);
  const skipped: Record<string, number> = Object.create(null);
  const count = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const segments: Segment[] = [];
  const port = o.port ?? null;
  file.frames.forEach((f, frame) => {
    const d = decodeFrame(f.linkType, f.data);
    if (!d.ok) count(d.skip);
    else if (port !== null && d.segment.sport !== port && d.segment.dport !== port) count(`not port ${port}`);
    else segments.push({ ...d.segment, tUs: f.tUs, frame, offset: f.offset });
  });
  // Captures are written in time order; a file merged out of order is read in time order.
  segments.sort((a, b) => a.tUs - b.tUs || a.frame - b.frame);
  const conns = tcpConnections(segments, port);
  const delays = conns.map(handshakeDelays);
  const http = conns.map((c, i) => connectionHttp(c, delays[i]!));
  const t0 = segments.length > 0 ? segments[0]!.tUs : 0;
  const pad = delays.reduce((m, d) => Math.max(m, d.client, d.server), 0);
  const rel = (t: number) => Math.max(0, Math.round(t - t0 + pad));

  const events = new TraceBuilder(file.frames[file.frames.length - 1]?.offset ?? 0);
  const linkTypes = [
    ...new Set(file.frames.map((f) => LINK_TYPE_NAMES[f.linkType] ?? `link type ${f.linkType}`)),
  ];
  const detail = `${o.name ?? 'a capture'}: ${file.format} (${linkTypes.join(', ') || 'no packets'}), ${file.frames.length} frames, ${conns.length} TCP connections${port !== null ? ` on port ${port}` : ''}; times at the capture point, send and delivery estimated from each handshake`;
  const ends = endpointNames(conns);
  events.push(0, 0, {
    kind: 'run.start',
    version: TRACE_VERSION,
    scenario: o.name ?? 'capture',
    seed: 0,
    // What the capture names the two sides by: their addresses (no library or server name).
    client: ends.client,
    server: ends.server,
    source: 'capture',
    sourceDetail: detail.slice(0, SOURCE_DETAIL_MAX),
  } as TraceInput);

  // Requests: each exchange, with a failed one's retry folded in as its next attempt.
  const all = http.flatMap((h) => h.exchanges).filter((e) => KNOWN_METHODS.has(e.method));
  all.sort((a, b) => a.writtenAt - b.writtenAt);
  const chains = chainRetries(all);
  const tag = new Map<Exchange, { req: number; attempt: number }>();
  const failures: CaptureFailure[] = [];
  chains.forEach((chain, k) => {
    const req = k + 1;
    chain.forEach((e, j) => {
      tag.set(e, { req, attempt: j + 1 });
    });
    requestEvents(events, chain, req, delays, conns, rel, failures);
  });

  // Segments: every packet, in the order it passed the capture point.
  let seg = 0;
  conns.forEach((c, ci) => {
    const d = delays[ci]!;
    const labels = new Map<number, { label: string; req: number; attempt: number }>();
    for (const e of http[ci]!.exchanges) {
      const t = tag.get(e);
      if (!t) continue;
      labels.set(e.requestPacket, { label: `${e.method} ${e.target}`.slice(0, 200), ...t });
      if (e.responsePacket !== null && e.status !== null)
        labels.set(e.responsePacket, { label: `${e.status} ${e.reason}`.trim().slice(0, 200), ...t });
    }
    c.packets.forEach((p, i) => {
      const { sentAt, arrivesAt } = endpointTimes(c, d, i);
      const to = p.from === 'client' ? 'server' : 'client';
      for (const flag of flagsOf(p.seg)) {
        seg++;
        const l = flag === 'DATA' ? labels.get(i) : undefined;
        events.push(rel(sentAt), 4, {
          kind: 'segment.send',
          conn: c.id,
          side: p.from,
          seg,
          flag,
          label: l?.label ?? null,
          bytes: flag === 'DATA' ? p.seg.payload.length : 0,
          arriveAt: rel(arrivesAt),
          ...(l ? { req: l.req, attempt: l.attempt } : {}),
        });
        events.push(rel(arrivesAt), 5, { kind: 'segment.deliver', conn: c.id, side: to, seg, flag });
      }
    });
  });
  // run.end `done` says every request finished; a capture that ends mid-request has none.
  const trace = events.finish(all.every((e) => e.end.outcome !== 'unfinished'));
  const connections = conns.map(
    (c, i): CaptureConnection => ({
      conn: c.id,
      client: endpoint(c.client),
      server: endpoint(c.server),
      packets: c.packets.length,
      requests: http[i]!.exchanges.length,
      delays: delays[i]!,
      handshake: c.syn !== null && c.synAck !== null,
      problems: [
        ...http[i]!.problems,
        ...http[i]!.exchanges.filter((e) => !KNOWN_METHODS.has(e.method)).map(
          (e) => `a ${e.method} request is not in the trace (methods: ${HTTP_METHODS.join(', ')})`,
        ),
      ],
    }),
  );
  return {
    trace,
    format: file.format,
    frames: file.frames.length,
    skipped: { ...skipped },
    connections,
    failures,
  };
}

/** A packet's segments in the trace: DATA and FIN are two when one packet carries both. */
function flagsOf(s: Segment): SegmentFlag[] {
  if (s.syn) return [s.ackFlag ? 'SYN-ACK' : 'SYN'];
  if (s.rst) return ['RST'];
  const out: SegmentFlag[] = [];
  if (s.payload.length > 0) out.push('DATA');
  if (s.fin) out.push('FIN');
  return out.length > 0 ? out : ['ACK'];
}

/** Exchanges in send order → requests: a failure's same request on another connection soon after is its retry. */
function chainRetries(all: readonly Exchange[]): Exchange[][] {
  const chains: Exchange[][] = [];
  const taken = new Set<Exchange>();
  for (const e of all) {
    if (taken.has(e)) continue;
    const chain = [e];
    taken.add(e);
    for (let last = e; last.end.outcome === 'failed'; ) {
      const failedAt = last.end.at;
      const next = all.find(
        (x) =>
          !taken.has(x) &&
          x.conn !== last.conn &&
          x.method === last.method &&
          x.target === last.target &&
          x.bodyKey === last.bodyKey &&
          x.writtenAt >= failedAt - 1000 &&
          x.writtenAt - failedAt <= RETRY_WINDOW_US,
      );
      if (!next) break;
      chain.push(next);
      taken.add(next);
      last = next;
    }
    chains.push(chain);
  }
  return chains;
}

function requestEvents(
  events: TraceBuilder,
  chain: readonly Exchange[],
  req: number,
  delays: readonly Delays[],
  conns: readonly TcpConnection[],
  rel: (t: number) => number,
  failures: CaptureFailure[],
): void {
  const firstEx = chain[0]!;
  // A request on a new connection was issued before its SYN; its attempt starts when the dial completes.
  const dialTimes = (e: Exchange) => {
    const c = e.conn;
    const d = delays[conns.indexOf(c)]!;
    if (e.index > 0 || c.syn === null) return { issued: e.writtenAt, took: e.writtenAt };
    const issued = endpointTimes(c, d, c.syn).sentAt;
    const took = c.synAck !== null ? endpointTimes(c, d, c.synAck).arrivesAt : issued;
    return { issued, took: Math.min(took, e.writtenAt) };
  };
  const startAt = rel(dialTimes(firstEx).issued);
  events.push(startAt, 1, {
    kind: 'request.start',
    req,
    method: firstEx.method as HttpMethod,
    path: firstEx.target.slice(0, 2000),
    gapMs: null,
  });
  let floor = startAt;
  chain.forEach((e, j) => {
    const attempt = j + 1;
    const took = Math.max(floor, rel(dialTimes(e).took));
    const written = Math.max(took, rel(e.writtenAt));
    events.push(took, 2, { kind: 'attempt.start', req, attempt, conn: e.conn.id, reused: e.index > 0 });
    events.push(written, 3, { kind: 'attempt.write', req, attempt, conn: e.conn.id, ok: true, errno: null });
    if (e.end.outcome === 'unfinished') return;
    const endAt = Math.max(written, rel(e.end.at));
    floor = endAt;
    const ok = e.end.outcome === 'ok';
    const failed = e.end.outcome === 'failed' ? e.end : null;
    events.push(endAt, 6, {
      kind: 'attempt.end',
      req,
      attempt,
      conn: e.conn.id,
      ok,
      cause: failed?.cause ?? null,
      error: failed?.error ?? null,
    });
    const last = j === chain.length - 1;
    if (failed && last) {
      const shift = (t: number | null) => (t === null ? null : rel(t));
      const t = failed.times;
      failures.push({
        req,
        attempt,
        conn: e.conn.id,
        method: e.method,
        target: e.target,
        cause: failed.cause,
        kind: failed.kind,
        times: {
          attemptAt: rel(t.attemptAt),
          releasedAt: shift(t.releasedAt),
          writtenAt: shift(t.writtenAt),
          requestArrivedAt: shift(t.requestArrivedAt),
          serverClosedAt: shift(t.serverClosedAt),
          finArrivedAt: shift(t.finArrivedAt),
          resetAt: shift(t.resetAt),
        },
      });
    }
    if (!last) return;
    events.push(endAt, 7, {
      kind: 'request.end',
      req,
      outcome: ok ? (j > 0 ? 'ok-after-retry' : 'ok') : 'failed',
      error: failed?.error ?? null,
      cause: failed?.cause ?? null,
      indeterminate: !ok,
      latency: endAt - startAt,
    });
  });
}

/** Events with their time and an order among events at the same time, sorted and numbered at the end. */
class TraceBuilder {
  private readonly items: { t: number; pri: number; n: number; e: TraceInput }[] = [];
  constructor(private readonly lastOffset: number) {}

  push(t: number, pri: number, e: TraceInput): void {
    if (this.items.length >= TRACE_LIMITS.events - 1)
      throw new CaptureError(
        this.lastOffset,
        `expected at most ${TRACE_LIMITS.events} trace events from this capture; filter it (--port, or tcpdump) first`,
      );
    this.items.push({ t, pri, n: this.items.length, e });
  }

  finish(done: boolean): TraceEvent[] {
    this.items.sort((a, b) => a.t - b.t || a.pri - b.pri || a.n - b.n);
    const out = this.items.map(({ t, e }, seq) => ({ seq, t, ...e }) as TraceEvent);
    if (done) out.push({ seq: out.length, t: out[out.length - 1]!.t, kind: 'run.end', reason: 'done' });
    return out;
  }
}

const hostPort = (e: { addr: string; port: number }) =>
  `${e.addr.includes(':') ? `[${e.addr}]` : e.addr}:${e.port}`;

/** A list's first item, and how many others: `10.0.0.1:40200 (+2)`. */
const firstAndMore = (names: readonly string[]) =>
  names.length === 0 ? 'not seen' : `${names[0]}${names.length > 1 ? ` (+${names.length - 1})` : ''}`;

/**
 * The two sides as a capture names them: the client's address and port (one connection) or its
 * address (several, its ports differ), the server's address and port; `+N` for others.
 */
export function endpointNames(
  conns: readonly { client: { addr: string; port: number }; server: { addr: string; port: number } }[],
): {
  client: string;
  server: string;
} {
  const clients = [...new Set(conns.map((c) => (conns.length === 1 ? hostPort(c.client) : c.client.addr)))];
  const servers = [...new Set(conns.map((c) => hostPort(c.server)))];
  return { client: firstAndMore(clients), server: firstAndMore(servers) };
}
