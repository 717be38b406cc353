/**
 * (~575 lines: the client's pool, attempts, checks, errors and retries are one event loop's
 * reactions to its sockets; split by rule they would each need the whole request state.)
 *
 * The calling service's HTTP client: one shared pool, requests with one or
 * more attempts, and the policy's rules for noticing closed connections,
 * expiring idle ones, reporting errors and retrying. It only acts on what its
 * own sockets tell it, one event-loop latency after they tell it.
 */
import type { Stream } from '../kernel/prng';
import { usFromMs } from '../kernel/simulator';
import { clientPoolMachine, type PoolEmitted, type Probe } from '../machines/clientPool';
import { isReadable, peekRead, type TcpState, writeError } from '../machines/tcpEndpoint';
import type { ClientPolicy, ErrorReport, FailureCause } from '../policies/types';
import type { ClientSettings, HttpMethod } from '../scenario/types';
import type { VirtualClock } from '../trace/recorder';
import { HostedActor } from './actorHost';
import { Connection, type EndpointListener } from './connection';
import {
  REQUEST_BYTES,
  type RequestMessage,
  type ResponseMessage,
  requestEvents,
  requestLabel,
  responseHeaders,
  SERVER_HOST,
} from './messages';
import type { Network } from './network';
import type { World } from './world';

interface RequestState {
  id: number;
  method: HttpMethod;
  path: string;
  startedAt: number;
  attempts: number;
  /** Some attempt's bytes left the client: the server may have processed it. */
  written: boolean;
  done: boolean;
  onDone: RequestDone;
}

/**
 * What the pool machine asks about its connections (machines/clientPool.ts `Probe`). A class, not
 * an object of closures made per run: the pool's checkout calls these for every request, and the
 * first run's closures were compiled into it (trace/recorder.ts `EventSink`).
 */
class ClientProbe implements Probe {
  constructor(
    private readonly client: ClientApp,
    private readonly clock: VirtualClock,
    private readonly stream: Stream,
  ) {}

  readable(id: number): boolean {
    return isReadable(this.client.connection(id).client.context);
  }

  eofSeen(id: number): boolean {
    return this.client.connection(id).eofSeen;
  }

  idleForMs(id: number): number {
    return (this.clock.now - this.client.connection(id).releasedAt) / 1000;
  }

  expiryMs(id: number): number | null {
    return this.client.expiryFor(this.client.connection(id));
  }

  nowMs(): number {
    return this.clock.now / 1000;
  }

  lastAcquiredMs(id: number): number {
    return this.client.connection(id).acquiredAt / 1000;
  }

  random(): number {
    return this.stream.uniform();
  }
}

/** What a request's end is told to (`ClientApp.request`); an object, not a closure (trace/recorder.ts `EventSink`). */
export interface RequestDone {
  readonly requestDone: () => void;
}

/**
 * One attempt of a request. A class, not an object literal: V8 gives literals whose keys start
 * alike one chain of hidden classes, and the failures' `{ req: number, attempt, … }` made at a
 * run's end turned this `req` (an object) into "any value" there, which threw away the optimised
 * code of every client function reading it (measured: the second run re-optimised them).
 */
class AttemptState {
  conn: Connection | null = null;
  reused = false;
  written = false;
  timeout: number | null = null;
  constructor(
    readonly req: RequestState,
    readonly n: number,
    /** `req.n`: its key in `attempts` and the pool's name for it, made once. */
    readonly key: string,
  ) {}
}

/** The client's idle expiry (the scenario's override, else the policy's), ms; null = none. */
export function clientExpiryMs(policy: ClientPolicy, settings: ClientSettings): number | null {
  return settings.idleExpiryMs === undefined ? policy.idleExpiryMs : settings.idleExpiryMs;
}

/** Whether idle connections expire by the belief machine's timer (the `timed` variant). */
export function clientExpiryByTimer(policy: ClientPolicy, settings: ClientSettings): boolean {
  return policy.expiryCheck.kind === 'timer' && clientExpiryMs(policy, settings) !== null;
}

/** `timeout=N` in a `Keep-Alive` header, in ms (Node: /^timeout=(\d+)/, undici: /timeout=(\d+)/). */
function parseHintMs(keepAlive: string | null): number | null {
  const m = keepAlive === null ? null : /timeout=(\d+)/.exec(keepAlive);
  return m ? Number(m[1]) * 1000 : null;
}

export class ClientApp implements EndpointListener {
  readonly pool: HostedActor<typeof clientPoolMachine>;
  /** Connections the pool may still name (closed ones are dropped). */
  readonly connections = new Map<number, Connection>();
  private readonly attempts = new Map<string, AttemptState>();
  private readonly loopDelayUs: number;
  private readonly expiryMs: number | null;
  private readonly expiryByTimer: boolean;
  private readonly idempotencyKey: boolean;
  private nextConnId = 1;
  connectionsOpened = 0;
  /**
   * Connections with an endpoint not yet CLOSED (TIME-WAIT included). Each holds its actors in
   * memory (~30 kB), so run.ts bounds this.
   */
  openConnections = 0;

  constructor(
    private readonly world: World,
    private readonly network: Network,
    private readonly policy: ClientPolicy,
    settings: ClientSettings,
    private readonly serverSide: EndpointListener,
    clientStream: Stream,
  ) {
    this.loopDelayUs = usFromMs(settings.eventLoopDelayMs);
    this.expiryMs = clientExpiryMs(policy, settings);
    this.expiryByTimer = clientExpiryByTimer(policy, settings);
    this.idempotencyKey = settings.idempotencyKey ?? false;
    const probe = new ClientProbe(this, world.sim, clientStream);
    this.pool = new HostedActor(world, clientPoolMachine, {
      conn: 0,
      side: 'client',
      machine: 'pool',
      input: {
        rules: {
          reuseOrder: policy.reuseOrder,
          atCheckout: policy.detection.atCheckout,
          scope: policy.detection.scope,
          expiryCheck: this.expiryMs === null || this.expiryByTimer ? null : policy.expiryCheck,
          maxConnections: settings.maxConnections ?? policy.maxConnections,
          maxIdle: policy.maxIdle,
        },
        probe,
      },
      onEmit: (e) => this.onPoolEmit(e as PoolEmitted),
    });
  }

  /** Request attempts waiting in the pool for a connection. */
  get waitingAttempts(): number {
    return this.pool.context.waiting.size;
  }

  /** The connection `id` (open: the pool names only those; ClientProbe's). */
  connection(id: number): Connection {
    return this.connections.get(id)!;
  }

  /** The policy's idle limit for this connection after any server hint, ms; null = none. */
  expiryFor(conn: Connection): number | null {
    const hint = this.policy.hint;
    if (!hint.use || conn.hintMs === null) return this.expiryMs;
    const fromHint = Math.max(0, conn.hintMs - hint.subtractMs);
    if (fromHint === 0 && hint.neverReuseAtOrBelowZero) return 0;
    return this.expiryMs === null ? fromHint : Math.min(this.expiryMs, fromHint);
  }

  /** The application asks for `method path`; `onDone.requestDone()` is called when the request has its outcome. */
  request(id: number, method: HttpMethod, path: string, gapMs: number | null, onDone: RequestDone): void {
    const req: RequestState = {
      id,
      method,
      path,
      startedAt: this.world.sim.now,
      attempts: 0,
      written: false,
      done: false,
      onDone,
    };
    this.world.record({ seq: 0, t: 0, kind: 'request.start', req: id, method, path, gapMs });
    this.startAttempt(req, false);
  }

  private startAttempt(req: RequestState, fresh: boolean): void {
    req.attempts++;
    const key = `${req.id}.${req.attempts}`;
    this.attempts.set(key, new AttemptState(req, req.attempts, key));
    this.pool.send({ type: 'ACQUIRE', attempt: key, fresh }, `request ${req.method} ${req.path}`);
  }

  private onPoolEmit(e: PoolEmitted): void {
    switch (e.type) {
      case 'reuse': {
        const conn = this.connections.get(e.conn)!;
        const att = this.attempts.get(e.attempt)!;
        this.world.record({
          seq: 0,
          t: 0,
          kind: 'pool',
          decision: 'reuse',
          conn: conn.id,
          req: att.req.id,
          detail: `idle ${((this.world.sim.now - conn.releasedAt) / 1000).toFixed(3)} ms`,
        });
        conn.acquiredAt = this.world.sim.now;
        conn.belief.send({ type: 'CHECKOUT' }, 'checkout');
        this.begin(att, conn, true);
        return;
      }
      case 'dial': {
        const att = this.attempts.get(e.attempt)!;
        const conn = new Connection(
          this.world,
          this.network,
          this.nextConnId++,
          this,
          this.serverSide,
          this.expiryByTimer,
          (c) => this.onIdleTimerFired(c),
          (delta) => {
            this.openConnections += delta;
          },
        );
        this.connections.set(conn.id, conn);
        this.connectionsOpened++;
        att.conn = conn;
        conn.acquiredAt = this.world.sim.now;
        conn.inFlight = { req: att.req.id, attempt: att.n, key: att.key };
        this.world.record({
          seq: 0,
          t: 0,
          kind: 'pool',
          decision: 'dial',
          conn: conn.id,
          req: att.req.id,
          detail: 'new connection',
        });
        conn.client.send({ type: 'CONNECT' }, 'connect()');
        return;
      }
      case 'queue': {
        const att = this.attempts.get(e.attempt)!;
        this.world.record({
          seq: 0,
          t: 0,
          kind: 'pool',
          decision: 'queue',
          conn: null,
          req: att.req.id,
          detail: 'pool full',
        });
        return;
      }
      case 'discard': {
        const conn = this.connections.get(e.conn)!;
        this.world.record({
          seq: 0,
          t: 0,
          kind: 'pool',
          decision: 'discard',
          conn: conn.id,
          req: null,
          detail: e.reason,
        });
        this.closeConnection(conn, e.reason);
        return;
      }
    }
  }

  /** The belief machine's idle timer fired: the library closes the connection itself. */
  private onIdleTimerFired(conn: Connection): void {
    this.pool.send({ type: 'DROP_IDLE', conn: conn.id, reason: 'expired: client idle timer' }, 'idle timer');
  }

  // --- endpoint events -------------------------------------------------

  established(conn: Connection): void {
    conn.belief.send({ type: 'CONNECTED' }, 'connected');
    const inFlight = conn.inFlight;
    if (!inFlight) return;
    const att = this.attempts.get(inFlight.key)!;
    this.begin(att, conn, false);
  }

  readable(conn: Connection): void {
    if (conn.inFlight) {
      this.scheduleRead(conn);
      return;
    }
    const { eagerReader, atCheckout } = this.policy.detection;
    if (!eagerReader && atCheckout !== 'eof-seen') return;
    // The event loop reads the idle socket on its next turn (asyncio keeps reading idle
    // transports; Go's readLoop and Node's socket are always reading).
    this.world.sim.after(this.loopDelayUs, () => {
      if (conn.belief.state !== 'idle' || !isReadable(conn.client.context)) return;
      conn.client.send({ type: 'READ' }, 'event loop read');
      conn.eofSeen = true;
      if (eagerReader)
        this.pool.send({ type: 'DROP_IDLE', conn: conn.id, reason: 'reader saw the close' }, 'reader');
    });
  }

  // --- one attempt -----------------------------------------------------

  private begin(att: AttemptState, conn: Connection, reused: boolean): void {
    att.conn = conn;
    att.reused = reused;
    conn.inFlight = { req: att.req.id, attempt: att.n, key: att.key };
    this.world.record({
      seq: 0,
      t: 0,
      kind: 'attempt.start',
      req: att.req.id,
      attempt: att.n,
      conn: conn.id,
      reused,
    });
    if (!reused || !this.policy.detection.yieldBeforeWrite) {
      this.write(att, conn);
      return;
    }
    // One event-loop turn before writing on an idle socket: a FIN that already arrived is
    // processed first, the socket is destroyed, and the request goes out on another connection.
    this.world.sim.after(this.loopDelayUs, () => {
      if (!isReadable(conn.client.context)) {
        this.write(att, conn);
        return;
      }
      this.world.record({
        seq: 0,
        t: 0,
        kind: 'pool',
        decision: 'discard',
        conn: conn.id,
        req: att.req.id,
        detail: 'closed before write',
      });
      conn.inFlight = null;
      this.closeConnection(conn, 'closed before write');
      this.pool.send({ type: 'DROP_BUSY', conn: conn.id }, 'dropped');
      // Not a new attempt: nothing was sent; the same attempt is dispatched again.
      att.req.attempts--;
      this.attempts.delete(att.key);
      this.startAttempt(att.req, false);
    });
  }

  private write(att: AttemptState, conn: Connection): void {
    const msg: RequestMessage = {
      kind: 'request',
      req: att.req.id,
      attempt: att.n,
      method: att.req.method,
      path: att.req.path,
      keepAlive: this.policy.sendsKeepAliveHeader,
      idempotencyKey: this.idempotencyKey,
    };
    const h11Error = conn.clientH11.run('send', requestEvents(msg));
    const endpoint = conn.client;
    const errno = writeError(endpoint.state as TcpState, endpoint.context);
    if (errno || h11Error) {
      this.world.record({
        seq: 0,
        t: 0,
        kind: 'attempt.write',
        req: att.req.id,
        attempt: att.n,
        conn: conn.id,
        ok: false,
        errno: errno ?? null,
      });
      if (errno)
        endpoint.send({ type: 'WRITE', payload: { label: '', bytes: 0, message: null } }, `write ${errno}`);
      this.fail(att, errno ? 'write-failed' : 'eof', h11Error, errno);
      return;
    }
    endpoint.send(
      { type: 'WRITE', payload: { label: requestLabel(msg), bytes: REQUEST_BYTES, message: msg } },
      `write ${requestLabel(msg)}`,
    );
    att.written = true;
    att.req.written = true;
    this.world.record({
      seq: 0,
      t: 0,
      kind: 'attempt.write',
      req: att.req.id,
      attempt: att.n,
      conn: conn.id,
      ok: true,
      errno: null,
    });
    att.timeout = this.world.sim.after(usFromMs(this.policy.readTimeoutMs), () => {
      att.timeout = null;
      this.fail(att, 'timeout', null, null);
    });
    // EOF or an error may already be waiting (a stale connection): the read finds it.
    if (isReadable(endpoint.context)) this.scheduleRead(conn);
  }

  private scheduleRead(conn: Connection): void {
    if (conn.clientReadPending) return;
    conn.clientReadPending = true;
    this.world.sim.after(this.loopDelayUs, () => {
      conn.clientReadPending = false;
      this.read(conn);
    });
  }

  private read(conn: Connection): void {
    const inFlight = conn.inFlight;
    if (!inFlight) return;
    const att = this.attempts.get(inFlight.key);
    if (!att?.written) return;
    const endpoint = conn.client;
    const result = peekRead(endpoint.context);
    if (result.kind === 'would-block') return;
    endpoint.send({ type: 'READ' }, 'read');
    if (result.kind === 'data') {
      const msg = result.payload.message as ResponseMessage;
      const h11Error = conn.clientH11.run('receive', [
        { type: 'Response', status_code: msg.status, headers: responseHeaders(msg), http_version: '1.1' },
        { type: 'Data', data: '', length: msg.bodyBytes },
        { type: 'EndOfMessage' },
      ]);
      if (h11Error) {
        this.fail(att, 'eof', h11Error, null);
        return;
      }
      conn.hintMs = parseHintMs(msg.keepAlive);
      this.succeed(att, conn, msg.close);
      return;
    }
    if (result.kind === 'eof' || this.policy.readErrorAsEof) {
      // h11 turns EOF into ConnectionClosed; with the server role still in SEND_RESPONSE that
      // raises RemoteProtocolError. Libraries that catch read errors and treat them as b""
      // (http3 0.6 to httpx 0.12) feed h11 the same EOF after a reset.
      const h11Error = conn.clientH11.run('receive', [{ type: 'ConnectionClosed' }]);
      this.fail(att, result.kind === 'eof' ? 'eof' : 'reset', h11Error, null);
      return;
    }
    this.fail(att, result.errno === 'ECONNRESET' ? 'reset' : 'write-failed', null, result.errno);
  }

  private succeed(att: AttemptState, conn: Connection, serverSaidClose: boolean): void {
    this.clearTimeout(att);
    const req = att.req;
    // Finished attempts are forgotten (a failed one is deleted in fail): kept, each held its
    // request and its connection, with all its actors, until the run ended.
    this.attempts.delete(att.key);
    if (!this.world.full) this.world.skip();
    else
      this.world.record({
        seq: 0,
        t: 0,
        kind: 'attempt.end',
        req: req.id,
        attempt: att.n,
        conn: conn.id,
        ok: true,
        cause: null,
        error: null,
      });
    conn.inFlight = null;
    this.releaseOrClose(conn, req.id, serverSaidClose);
    this.finish(req, req.attempts > 1 ? 'ok-after-retry' : 'ok', null, null);
  }

  /** After a complete response: back to the pool, unless keep-alive is off or the hint forbids reuse. */
  private releaseOrClose(conn: Connection, req: number, serverSaidClose: boolean): void {
    const expiry = this.expiryFor(conn);
    let why: string | null = null;
    if (serverSaidClose || !conn.clientH11.tryStartNextCycle()) why = 'connection: close';
    else if (expiry === 0) why = 'Keep-Alive hint too short to reuse';
    if (why) {
      this.world.record({ seq: 0, t: 0, kind: 'pool', decision: 'close', conn: conn.id, req, detail: why });
      this.closeConnection(conn, why);
      this.pool.send({ type: 'DROP_BUSY', conn: conn.id }, 'closed');
      return;
    }
    const now = this.world.sim.now;
    conn.releasedAt = now;
    conn.eofSeen = false;
    this.world.record({
      seq: 0,
      t: 0,
      kind: 'pool',
      decision: 'release',
      conn: conn.id,
      req,
      detail: expiry === null ? 'response closed' : `response closed; expires after ${expiry} ms idle`,
      ...(expiry === null ? {} : { expiresAt: now + usFromMs(expiry) }),
    });
    conn.belief.send({ type: 'RELEASE', expiryMs: expiry }, 'response closed');
    this.pool.send({ type: 'RELEASE', conn: conn.id }, 'release');
  }

  private fail(
    att: AttemptState,
    cause: FailureCause,
    h11Error: ErrorReport | null,
    errno: string | null,
  ): void {
    if (att.req.done || !this.attempts.has(att.key)) return;
    this.clearTimeout(att);
    this.attempts.delete(att.key);
    const req = att.req;
    const conn = att.conn!;
    const error = this.policy.errorFor(cause, {
      h11Error,
      method: req.method,
      url: `http://${SERVER_HOST}${req.path}`,
      reused: att.reused,
      errno,
      attempt: att.n,
      conn: conn.id,
    });
    this.world.record({
      seq: 0,
      t: 0,
      kind: 'attempt.end',
      req: req.id,
      attempt: att.n,
      conn: conn.id,
      ok: false,
      cause,
      error,
    });
    conn.inFlight = null;
    this.closeConnection(conn, 'request failed');
    this.pool.send({ type: 'DROP_BUSY', conn: conn.id }, 'failed');
    const retry = this.policy.retry;
    const reason =
      retry && att.n <= retry.maxRetries
        ? retry.decide({
            cause,
            method: req.method,
            reused: att.reused,
            written: att.written,
            attempt: att.n,
            writeErrno: errno,
            idempotencyKey: this.idempotencyKey,
          })
        : null;
    if (retry && reason) {
      this.world.record({
        seq: 0,
        t: 0,
        kind: 'pool',
        decision: 'retry',
        conn: conn.id,
        req: req.id,
        detail: reason,
      });
      this.startAttempt(req, retry.freshConnection);
      return;
    }
    this.finish(req, 'failed', error, cause);
  }

  private finish(
    req: RequestState,
    outcome: 'ok' | 'ok-after-retry' | 'failed',
    error: ErrorReport | null,
    cause: FailureCause | null,
  ): void {
    req.done = true;
    this.world.record({
      seq: 0,
      t: 0,
      kind: 'request.end',
      req: req.id,
      outcome,
      error,
      cause,
      indeterminate: outcome === 'failed' && req.written,
      latency: this.world.sim.now - req.startedAt,
    });
    req.onDone.requestDone();
  }

  private clearTimeout(att: AttemptState): void {
    if (att.timeout !== null) this.world.sim.cancel(att.timeout);
    att.timeout = null;
  }

  private closeConnection(conn: Connection, reason: string): void {
    if (conn.belief.state !== 'closed') conn.belief.send({ type: 'DISCARD', reason }, reason);
    if (!conn.client.context.appClosed) conn.client.send({ type: 'CLOSE' }, 'close()');
    // Out of the pool for good (the pool names only idle connections, and this one never will be
    // again): what is still in flight holds it until it is delivered, then it is garbage. Kept,
    // every closed connection (six actors, ~30 kB) stayed in memory until the run ended.
    this.connections.delete(conn.id);
  }
}
