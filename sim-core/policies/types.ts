import type { HttpMethod } from '../scenario/types';

/** Where a policy's behaviour comes from: the library, the version and the file. */
export interface Source {
  library: string;
  version: string;
  /** repo@tag:path entries (and issue/PR numbers) that this policy models. */
  files: string[];
}

/** How the transport failed, as seen on the wire and in the socket API. */
export type FailureCause = 'eof' | 'reset' | 'write-failed' | 'timeout';

export interface ErrorReport {
  /** Exception class as the library names it, e.g. `httpx.RemoteProtocolError`. */
  class: string;
  message: string;
  /** An error code the library attaches (Node's `err.code`: `ECONNRESET`, `UND_ERR_SOCKET`). */
  code?: string;
}

/**
 * How a client notices that the server closed an idle connection. Three
 * independent mechanisms; a library has any combination of them.
 */
export interface CloseDetection {
  /**
   * A check when a connection is taken from the pool:
   * - `none`: the connection is handed out as it is (http3 0.6).
   * - `poll`: a zero-timeout readability poll of the kernel socket; sees a FIN
   *   only if it has already arrived (httpcore, urllib3).
   * - `eof-seen`: a flag the event loop set when it read the EOF, which it does
   *   one loop turn after the FIN arrives, because asyncio keeps reading idle
   *   sockets (asyncio `StreamReader.at_eof()`, aiohttp `is_connected()`).
   */
  atCheckout: 'none' | 'poll' | 'eof-seen';
  /**
   * Which idle connections the checkout check (and expiry) looks at:
   * - `whole-pool`: every idle connection, closing each that fails, then picks
   *   one (httpcore's `_close_expired_connections`);
   * - `until-good`: picks one, and if it fails closes it and picks the next
   *   (aiohttp's `_get`);
   * - `picked`: picks one, and if it fails closes it and dials a new connection
   *   without looking at the others (http3/httpx 0.6.8 `pop_connection`,
   *   urllib3 `_get_conn`).
   */
  scope: 'whole-pool' | 'until-good' | 'picked';
  /**
   * A reader is always pending on idle sockets and removes the connection from
   * the pool one event-loop turn after the FIN arrives (Go's readLoop, Node's
   * Agent listening for a free socket's close, undici's socket `end`).
   */
  eagerReader: boolean;
  /**
   * One event-loop turn between taking a connection and writing the request, so
   * a FIN that has already arrived is processed first (undici).
   */
  yieldBeforeWrite: boolean;
}

/** How the client's own idle limit is enforced. */
export type ExpiryCheck =
  /** Compared with the clock when a connection is taken from the pool (httpcore ≥ 0.14.5). */
  | { kind: 'at-checkout' }
  /**
   * Compared at checkout, but only when the last sweep is at least `everyMs`
   * old, so a connection can be used up to `everyMs` past its expiry (httpx 0.9.4).
   */
  | { kind: 'swept-at-checkout'; everyMs: number }
  /** A timer per idle connection; the client closes it when it fires (Node, undici, Go). */
  | { kind: 'timer' };

/** What a retry rule looks at when an attempt fails. */
export interface RetryContext {
  cause: FailureCause;
  method: HttpMethod;
  /** The failed attempt's connection came from the pool. */
  reused: boolean;
  /** Request bytes of the failed attempt reached the socket. */
  written: boolean;
  /** Which attempt failed (1 = the first). */
  attempt: number;
  /** For `write-failed`: the errno the write reported. */
  writeErrno: string | null;
  /** The request carries an `Idempotency-Key` header. */
  idempotencyKey: boolean;
}

export interface RetryRule {
  /** Retries per request at most (attempts = 1 + maxRetries). */
  maxRetries: number;
  /** The retry dials a new connection instead of taking another idle one. */
  freshConnection: boolean;
  /**
   * Which methods the rule may retry once request bytes were written:
   * `idempotent` = RFC 9110 §9.2.2's (GET, HEAD, OPTIONS, TRACE, PUT, DELETE),
   * `replayable` = Go's (GET, HEAD, OPTIONS, TRACE), `any`, or `none`.
   * Used by tests and docs; `decide` is the rule itself.
   */
  afterWrite: 'idempotent' | 'replayable' | 'any' | 'none';
  /** Why this failure is retried (recorded in the trace), or null when it is not. */
  decide(ctx: RetryContext): string | null;
}

/** What a policy's error report may depend on, besides the wire outcome. */
export interface ErrorContext {
  /** The exception the client's h11 connection raised, when there was one. */
  h11Error: ErrorReport | null;
  method: HttpMethod;
  /** `http://service-b/path` */
  url: string;
  reused: boolean;
  /** For `write-failed`: EPIPE, ECONNRESET. */
  errno: string | null;
  /** Which attempt failed (1 = the first). */
  attempt: number;
  /** The connection's id (Go prints the local port, which stands in for it). */
  conn: number;
}

/**
 * Which idle connection a request gets:
 * - `lifo`: the most recently released (a stack: http3, urllib3, Go, Node, aiohttp);
 * - `fifo`: the least recently released;
 * - `mru-acquired`: the most recently *acquired* one (httpcore 0.14–0.17 moves a
 *   connection to the front of its list when it is handed out);
 * - `oldest-created`: the first one created that is idle (httpcore 1.0, undici's Pool);
 * - `arbitrary`: Python set iteration order, which follows object addresses —
 *   drawn from the seeded `client` stream (httpcore 0.9–0.13).
 */
export type ReuseOrder = 'lifo' | 'fifo' | 'mru-acquired' | 'oldest-created' | 'arbitrary';

export interface ClientPolicy {
  name: string;
  title: string;
  summary: string;
  source: Source;
  reuseOrder: ReuseOrder;
  /** Requests carry `Connection: keep-alive` (Apache only sends its hint to such requests). */
  sendsKeepAliveHeader: boolean;
  detection: CloseDetection;
  /**
   * A read that fails (ECONNRESET) is caught and treated as EOF, so h11 sees
   * ConnectionClosed as after a FIN (http3 0.6 to httpx 0.12 catch `OSError`
   * around `reader.read()` and use `b""`).
   */
  readErrorAsEof: boolean;
  /** Client-side keep-alive expiry in ms, measured from when the response was read; null = none. */
  idleExpiryMs: number | null;
  expiryCheck: ExpiryCheck;
  /** How a server's `Keep-Alive: timeout=N` hint changes the expiry. */
  hint: { use: false } | { use: true; subtractMs: number; neverReuseAtOrBelowZero: boolean };
  maxConnections: number;
  /** Idle connections kept at most; a released connection beyond it is closed (null = no limit). */
  maxIdle: number | null;
  /** Default client event-loop latency in ms (scenario may override). */
  eventLoopDelayMs: number;
  /** How long the caller waits for a response before giving up. */
  readTimeoutMs: number;
  retry: RetryRule | null;
  /** The error the caller sees for a failure, as the library reports it. */
  errorFor(cause: FailureCause, ctx: ErrorContext): ErrorReport;
}

export interface ServerProfile {
  name: string;
  title: string;
  summary: string;
  source: Source;
  /** Configured keep-alive (idle) timeout in ms. */
  idleTimeoutMs: number;
  /** The idle socket is really closed this much after the configured timeout (Node's hidden buffer). */
  extraCloseDelayMs: number;
  /**
   * When it sends a `Keep-Alive: timeout=N` hint: never, on every keep-alive
   * response, or only to requests that carried `Connection: keep-alive` (Apache).
   */
  hint: 'never' | 'always' | 'if-requested';
  /** The `Keep-Alive` header value, from the configured timeout and the requests left on the connection. */
  hintValue(idleTimeoutMs: number, requestsLeft: number | null): string;
  /** Requests served on one connection before it closes it (null = unlimited). */
  requestsPerConnection: number | null;
  /** How its idle timeout ends a connection (default `fin`); see `IdleCloseMode`. */
  closeMode?: IdleCloseMode;
}

/**
 * How a server or middlebox ends a connection when its idle timeout fires:
 * - `fin`: close(), as a server does (FIN; RST only if unread bytes sit in its buffer);
 * - `rst`: abortive close (SO_LINGER 0, Azure Load Balancer's "TCP reset on idle"): it sends
 *   RST and forgets the connection;
 * - `silent-drop`: the flow leaves the middlebox's table and nothing is sent (AWS NLB, Azure's
 *   default): the client learns only when its next segment is answered with RST.
 */
export type IdleCloseMode = 'fin' | 'rst' | 'silent-drop';

/** RFC 9110 §9.2.2. */
export const IDEMPOTENT_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'];
/** Go's net/http `isReplayable` without a body: safe methods only (an Idempotency-Key header also counts). */
export const REPLAYABLE_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'TRACE'];
