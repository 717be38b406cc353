import type { ClientPolicy, ErrorContext } from '../types';
import { isReplayable } from './shared';

/** Go's `net.OpError` text for a socket error on connection `conn` (the local port stands in for it). */
const opError = (ctx: ErrorContext, op: 'read' | 'write', what: string) =>
  `${op} tcp 10.0.0.1:${40000 + ctx.conn}->10.0.0.2:80: ${op}: ${what}`;

/**
 * Go net/http's `Transport` (DefaultTransport): a read loop blocked in
 * `Peek(1)` on every idle connection notices the server's EOF and removes it
 * (`errServerClosedIdle`); idle connections are reused most recent first,
 * 2 kept per host, closed after 90 s by a timer. A request that fails on a
 * *reused* connection is retried — in a loop, on whatever `getConn` returns —
 * when nothing was written, or when it is replayable (GET, HEAD, OPTIONS,
 * TRACE, or an `Idempotency-Key` header: scenario `client.idempotencyKey`) and
 * failed before any response byte. The first failure on a fresh connection
 * ends the loop.
 */
export const go_net_http: ClientPolicy = {
  name: 'go-net-http',
  title: 'Go net/http (background reader, retries replayable requests)',
  summary:
    'Background reader drops closed idle connections; LIFO; 90 s idle timer; retries a reused connection’s failure if nothing was written or the method is replayable.',
  source: {
    library: 'Go net/http',
    version: 'go1.22',
    files: [
      'golang/go@go1.22.0:src/net/http/transport.go (readLoop Peek -> readLoopPeekFailLocked: errServerClosedIdle; queueForIdleConn: most recently used; tryPutIdleConn: MaxIdleConnsPerHost; IdleConnTimeout AfterFunc)',
      'golang/go@go1.22.0:src/net/http/transport.go (roundTrip retry loop; shouldRetryRequest; DefaultMaxIdleConnsPerHost = 2; DefaultTransport IdleConnTimeout 90 s)',
      'golang/go@go1.22.0:src/net/http/request.go (isReplayable: GET/HEAD/OPTIONS/TRACE or Idempotency-Key)',
    ],
  },
  reuseOrder: 'lifo',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'none', scope: 'until-good', eagerReader: true, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: 90_000,
  expiryCheck: { kind: 'timer' },
  hint: { use: false },
  maxConnections: 10_000,
  maxIdle: 2,
  eventLoopDelayMs: 0.01,
  // http.Client has no timeout by default; 30 s stands in so that a lost response still ends.
  readTimeoutMs: 30_000,
  retry: {
    maxRetries: Number.POSITIVE_INFINITY,
    freshConnection: false,
    afterWrite: 'replayable',
    decide(ctx) {
      if (!ctx.reused || ctx.cause === 'timeout') return null;
      if (!ctx.written) return 'nothingWrittenError on a reused connection: the request can be sent again';
      if (!isReplayable(ctx.method) && !ctx.idempotencyKey) return null;
      return `reused connection failed before any response byte and the request is replayable (${
        ctx.idempotencyKey ? 'Idempotency-Key header' : ctx.method
      })`;
    },
  },
  errorFor(cause, ctx) {
    const prefix = `${ctx.method[0]}${ctx.method.slice(1).toLowerCase()} "${ctx.url}"`;
    switch (cause) {
      case 'eof':
        return { class: '*url.Error', message: `${prefix}: EOF` };
      case 'reset':
        return {
          class: '*url.Error',
          message: `${prefix}: ${opError(ctx, 'read', 'connection reset by peer')}`,
        };
      case 'write-failed':
        return {
          class: '*url.Error',
          message: `${prefix}: ${opError(ctx, 'write', ctx.errno === 'ECONNRESET' ? 'connection reset by peer' : 'broken pipe')}`,
        };
      case 'timeout':
        return {
          class: '*url.Error',
          message: `${prefix}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        };
    }
  },
};
