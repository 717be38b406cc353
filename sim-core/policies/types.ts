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
}

/**
 * How a client notices that the server closed an idle connection.
 * - `none`: it does not; a stale connection is handed out (http3 0.6).
 * - `checkout-poll`: a zero-timeout readability poll when the connection is
 *   taken from the pool; sees a FIN only if it has already arrived (httpcore).
 * - `eager-reader`: a reader is always pending on idle sockets and drops the
 *   connection one event-loop turn after the FIN arrives (Go, asyncio).
 * - `yield-before-write`: one event-loop turn between checkout and write, so a
 *   FIN that arrived just before is processed first (recent undici).
 */
export type CloseDetection = 'none' | 'checkout-poll' | 'eager-reader' | 'yield-before-write';

export interface RetryRule {
  /** Failures that may be retried. */
  on: FailureCause[];
  /** Methods that may be retried (`*` for any). */
  methods: HttpMethod[] | '*';
  /** Retries per request (attempts = 1 + maxRetries). */
  maxRetries: number;
  /** Only when the failed connection was reused from the pool. */
  onlyIfReused: boolean;
  /** Also retry a non-replayable request when nothing reached the wire. */
  whenNothingWritten?: boolean;
  /** The retry always dials a new connection instead of taking another idle one. */
  freshConnection: boolean;
}

export interface ClientPolicy {
  name: string;
  title: string;
  summary: string;
  source: Source;
  reuseOrder: 'lifo' | 'fifo';
  closeDetection: CloseDetection;
  /** Client-side keep-alive expiry in ms, measured from when the response was closed; null = none. */
  idleExpiryMs: number | null;
  /** How a server's `Keep-Alive: timeout=N` hint changes the expiry. */
  hint: { use: false } | { use: true; subtractMs: number; neverReuseAtOrBelowZero: boolean };
  maxConnections: number;
  /** Default client event-loop latency in ms (scenario may override). */
  eventLoopDelayMs: number;
  /** How long the caller waits for a response before giving up. */
  readTimeoutMs: number;
  retry: RetryRule | null;
  /**
   * The error the caller sees for a failure. `h11Error` is the exception the
   * client's h11 connection raised, when there was one.
   */
  errorFor(cause: FailureCause, h11Error: ErrorReport | null): ErrorReport;
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
  /** Whether it sends `Keep-Alive: timeout=N` by default. */
  keepAliveHint: boolean;
  /** Requests served on one connection before it closes it (null = unlimited). */
  requestsPerConnection: number | null;
}
