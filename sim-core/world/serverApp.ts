/**
 * The server process: accepts connections, reads requests one event-loop
 * latency after their bytes arrive, and runs one `server` machine per
 * connection (uvicorn's H11Protocol). Service times are keyed by (request,
 * attempt) so every client policy sees the same server.
 */

import { sampleMs } from '../kernel/distributions';
import { IdTable } from '../kernel/idTable';
import { keyedUniform } from '../kernel/prng';
import { usFromMs } from '../kernel/simulator';
import { leakyServerMachine, SERVER_TIMERS, type ServerEmitted, serverMachine } from '../machines/server';
import { peekRead, writeError } from '../machines/tcpEndpoint';
import type { IdleCloseMode, ServerProfile } from '../policies/types';
import type { ServerSettings } from '../scenario/types';
import { HostedActor } from './actorHost';
import type { Connection, EndpointListener } from './connection';
import {
  RESPONSE_BODY_BYTES,
  type RequestMessage,
  type ResponseMessage,
  requestEvents,
  responseEvents,
  responseLabel,
} from './messages';
import type { World } from './world';

export interface ServerConfig {
  /** The configured keep-alive timeout (what a hint advertises). */
  idleTimeoutMs: number;
  /** How much later than that the idle socket is really closed. */
  extraCloseDelayMs: number;
  hint: ServerProfile['hint'];
  hintValue: ServerProfile['hintValue'];
  requestsPerConnection: number | null;
  leakyIdleTimer: boolean;
  /** How the idle timer's close goes out (FIN, RST, or nothing). */
  closeMode: IdleCloseMode;
}

/** The profile with the scenario's overrides applied. */
export function serverConfig(profile: ServerProfile, settings: ServerSettings): ServerConfig {
  let hint = profile.hint;
  // Hint on: the profile's own rule (or always, for a server that never sends one); off: as if
  // the handler had set `Connection: keep-alive` itself, which stops Node adding the header.
  if (settings.keepAliveHint === true && hint === 'never') hint = 'always';
  if (settings.keepAliveHint === false) hint = 'never';
  return {
    idleTimeoutMs: settings.idleTimeoutMs ?? profile.idleTimeoutMs,
    extraCloseDelayMs: profile.extraCloseDelayMs,
    hint,
    hintValue: profile.hintValue,
    requestsPerConnection:
      settings.requestsPerConnection === undefined
        ? profile.requestsPerConnection
        : settings.requestsPerConnection,
    leakyIdleTimer: settings.leakyIdleTimer ?? false,
    closeMode: profile.closeMode ?? 'fin',
  };
}

export class ServerApp implements EndpointListener {
  /** Times the server application handled each request id. */
  private readonly handled = new IdTable<number>();
  private readonly loopDelayUs: number;
  /** The request currently being served on each connection. */
  private readonly current = new IdTable<RequestMessage>();
  /** Requests read on each connection so far. */
  private readonly served = new IdTable<number>();
  /**
   * Connections whose next close is not the idle timer's (the peer went, or the response said
   * `Connection: close`): those always close() with a FIN, whatever the idle close mode.
   */
  private readonly closingNotIdle = new Set<number>();

  constructor(
    private readonly world: World,
    private readonly config: ServerConfig,
    private readonly settings: ServerSettings,
  ) {
    this.loopDelayUs = usFromMs(settings.eventLoopDelayMs);
  }

  established(conn: Connection): void {
    const machine = this.config.leakyIdleTimer ? leakyServerMachine : serverMachine;
    const app = new HostedActor(this.world, machine, {
      conn: conn.id,
      side: 'server',
      machine: 'server',
      input: {
        idleCloseMs: this.config.idleTimeoutMs + this.config.extraCloseDelayMs,
        requestsPerConnection: this.config.requestsPerConnection,
        nowMs: () => this.world.sim.now / 1000,
      },
      timers: SERVER_TIMERS,
      onEmit: (e) => this.onServerEmit(conn, e as ServerEmitted),
    });
    conn.attachServer(app);
    // Bytes may have arrived with the handshake's last ACK.
    this.readable(conn);
  }

  readable(conn: Connection): void {
    if (!conn.serverApp || conn.serverReadPending) return;
    conn.serverReadPending = true;
    this.world.sim.after(this.loopDelayUs, () => {
      conn.serverReadPending = false;
      this.read(conn);
    });
  }

  private read(conn: Connection): void {
    const endpoint = conn.server!;
    if (endpoint.context.appClosed) return;
    const result = peekRead(endpoint.context);
    if (result.kind === 'would-block') return;
    endpoint.send({ type: 'READ' }, 'read');
    const app = conn.serverApp!;
    const h11 = conn.serverH11!;
    if (result.kind === 'data') {
      const msg = result.payload.message as RequestMessage;
      const err = h11.run('receive', requestEvents(msg));
      if (err) {
        this.closingNotIdle.add(conn.id);
        app.send({ type: 'PEER_GONE' }, 'h11 error');
        return;
      }
      this.current.set(conn.id, msg);
      this.served.set(conn.id, (this.served.get(conn.id) ?? 0) + 1);
      const u1 = keyedUniform(this.world.seed, 'server', msg.req, msg.attempt, 1);
      const u2 = keyedUniform(this.world.seed, 'server', msg.req, msg.attempt, 2);
      const serviceMs = Math.max(0, sampleMs(this.settings.processing, u1, u2));
      app.send({ type: 'REQUEST', serviceMs, clientWantsClose: false }, `read ${msg.method} ${msg.path}`);
      // Anything queued behind it is read on the next turn.
      if (endpoint.context.recvQueue.length > 0) this.readable(conn);
      return;
    }
    h11.run('receive', [{ type: 'ConnectionClosed' }]);
    this.closingNotIdle.add(conn.id);
    app.send({ type: 'PEER_GONE' }, result.kind === 'eof' ? 'read EOF' : `read ${result.errno}`);
  }

  /** The `Keep-Alive` header this server puts on a keep-alive response to `msg`, or null. */
  private hintFor(conn: Connection, msg: RequestMessage): string | null {
    const { hint, requestsPerConnection } = this.config;
    if (hint === 'never' || (hint === 'if-requested' && !msg.keepAlive)) return null;
    const left =
      requestsPerConnection === null ? null : requestsPerConnection - (this.served.get(conn.id) ?? 0);
    return this.config.hintValue(this.config.idleTimeoutMs, left);
  }

  private onServerEmit(conn: Connection, e: ServerEmitted): void {
    const msg = this.current.get(conn.id);
    switch (e.type) {
      case 'handle': {
        if (!msg) return;
        const count = (this.handled.get(msg.req) ?? 0) + 1;
        this.handled.set(msg.req, count);
        this.world.record({ seq: 0, t: 0, kind: 'server.handle', req: msg.req, conn: conn.id, count });
        return;
      }
      case 'respond': {
        if (!msg) return;
        if (e.closeAfter) this.closingNotIdle.add(conn.id);
        const response: ResponseMessage = {
          kind: 'response',
          req: msg.req,
          attempt: msg.attempt,
          status: 200,
          close: e.closeAfter,
          keepAlive: e.closeAfter ? null : this.hintFor(conn, msg),
          bodyBytes: RESPONSE_BODY_BYTES,
        };
        const h11 = conn.serverH11!;
        h11.run('send', responseEvents(response));
        h11.tryStartNextCycle();
        const endpoint = conn.server!;
        const errno = writeError(endpoint.state as never, endpoint.context);
        if (errno) {
          endpoint.send(
            { type: 'WRITE', payload: { label: '', bytes: 0, message: null } },
            `write failed ${errno}`,
          );
          return;
        }
        endpoint.send(
          {
            type: 'WRITE',
            payload: { label: responseLabel(response), bytes: 120 + response.bodyBytes, message: response },
          },
          `write ${responseLabel(response)}`,
        );
        return;
      }
      case 'close': {
        const mode = this.closingNotIdle.delete(conn.id) ? 'fin' : this.config.closeMode;
        if (mode === 'rst') conn.server!.send({ type: 'ABORT' }, 'idle timeout: reset (RST)');
        else if (mode === 'silent-drop') conn.server!.send({ type: 'FORGET' }, 'idle timeout: flow dropped');
        else conn.server!.send({ type: 'CLOSE' }, 'close()');
        return;
      }
    }
  }
}
