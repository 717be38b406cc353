/** A scenario is everything needed for a run, seed included. Plain JSON. */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'TRACE' | 'PATCH';
export const HTTP_METHODS: readonly HttpMethod[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PATCH',
];

/** A duration distribution in milliseconds. */
export type Distribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'lognormal'; medianMs: number; sigma: number };

export type Workload =
  /** One client program: request, read the response, sleep gapsMs[i], request again. */
  | {
      kind: 'sequential';
      gapsMs: number[];
      method: HttpMethod;
      /** Optional per-request methods (same length as gapsMs + 1, or cycled). */
      methods?: HttpMethod[];
      path: string;
    }
  /** Independent arrivals at `ratePerSec`, `count` requests. */
  | { kind: 'poisson'; ratePerSec: number; count: number; method: HttpMethod; path: string }
  /** Idle periods then bursts of `concurrency` simultaneous requests. */
  | {
      kind: 'idle-then-burst';
      bursts: number;
      idleMs: Distribution;
      concurrency: number;
      method: HttpMethod;
      path: string;
    }
  /**
   * The seed's shape (encode/httpx#96): service A receives bursts of incoming
   * traffic after idle periods, and for each incoming request calls service B
   * through one shared client after `handlingMs` of its own work.
   */
  | {
      kind: 'service-chain';
      bursts: number;
      idleMs: Distribution;
      burstSize: { min: number; max: number };
      withinBurstMs: Distribution;
      handlingMs: Distribution;
      method: HttpMethod;
      path: string;
    };

export interface ServerSettings {
  /** Name of a server profile (`uvicorn`, …). */
  profile: string;
  /** Overrides the profile's configured idle (keep-alive) timeout. */
  idleTimeoutMs?: number;
  /** Overrides whether a `Keep-Alive: timeout=N` hint is sent. */
  keepAliveHint?: boolean;
  /** Overrides requests per connection (null = unlimited). */
  requestsPerConnection?: number | null;
  /**
   * uvicorn's keep-alive timer bug (httptools, before 0.12.3 / 0.27.1): an idle
   * timer is not cancelled by the next request and closes the connection later,
   * possibly mid-request.
   */
  leakyIdleTimer?: boolean;
  /** Service time of one request. */
  processing: Distribution;
  /** Server event-loop latency between bytes arriving and the app reading them. */
  eventLoopDelayMs: number;
}

export interface ClientSettings {
  /** Name of a client policy (`http3-0.6`, `httpx-0.23`, …). */
  policy: string;
  /** Client event-loop latency between a socket becoming readable and the app seeing it. */
  eventLoopDelayMs: number;
  /** Overrides the policy's own idle expiry (null = none). */
  idleExpiryMs?: number | null;
  /** Overrides the policy's maximum number of connections. */
  maxConnections?: number;
  /**
   * The calling code sends an `Idempotency-Key` header with every request, which
   * makes a POST replayable for Go's net/http. The server does not deduplicate.
   */
  idempotencyKey?: boolean;
}

export interface NetworkSettings {
  /** One-way delay, each direction. */
  delayMs: number;
  /** Extra one-way delay drawn uniformly in [0, jitterMs] per segment (FIFO is kept). */
  jitterMs: number;
}

export interface Limits {
  maxRequests: number;
  maxDurationMs: number;
}

export interface Scenario {
  version: 1;
  name: string;
  description?: string;
  seed: number;
  server: ServerSettings;
  client: ClientSettings;
  network: NetworkSettings;
  workload: Workload;
  limits: Limits;
}
