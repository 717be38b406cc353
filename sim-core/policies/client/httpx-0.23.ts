import type { ClientPolicy } from '../types';
import { PY_ERRNO, pyWriteErrno } from './shared';

/**
 * httpx 0.23 on httpcore 0.15/0.16 — today's behaviour in substance (httpcore
 * 1.0 picks the oldest idle connection instead): on every request the pool
 * closes each idle connection that `has_expired()` — its 5 s keep-alive expiry
 * passed, or a zero-timeout poll finds the raw socket readable (the server's
 * FIN has arrived, whether or not the event loop ran) — then hands out the
 * connection acquired most recently. An EOF while the response is awaited is
 * `RemoteProtocolError("Server disconnected without sending a response.")`.
 * Only connection *establishment* is retried (the transport's `retries`,
 * 0 by default); requests never are.
 */
export const httpx_0_23: ClientPolicy = {
  name: 'httpx-0.23',
  title: 'httpx 0.23 / httpcore (today’s handling)',
  summary:
    'Readable-or-expired check of every idle connection at checkout, 5 s keep-alive expiry, no request retries.',
  source: {
    library: 'httpx + httpcore',
    version: 'httpx 0.23.0 / httpcore 0.15.0',
    files: [
      'encode/httpcore@0.15.0:httpcore/_async/connection_pool.py (_close_expired_connections over the whole pool; acquired connection moved to the front)',
      'encode/httpcore@0.15.0:httpcore/_async/http11.py (has_expired: now > expire_at or is_readable; _receive_event: "Server disconnected without sending a response.")',
      'encode/httpcore@0.15.0:httpcore/backends/asyncio.py (is_readable: zero-timeout poll of the raw socket)',
      'encode/httpx@0.23.0:httpx/_config.py (Limits max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)',
    ],
  },
  reuseOrder: 'mru-acquired',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'poll', scope: 'whole-pool', eagerReader: false, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: 5000,
  expiryCheck: { kind: 'at-checkout' },
  hint: { use: false },
  maxConnections: 100,
  maxIdle: 20,
  eventLoopDelayMs: 0.05,
  readTimeoutMs: 5000,
  retry: null,
  errorFor(cause, ctx) {
    switch (cause) {
      case 'eof':
        return {
          class: 'httpx.RemoteProtocolError',
          message: 'Server disconnected without sending a response.',
        };
      case 'reset':
        return { class: 'httpx.ReadError', message: PY_ERRNO.ECONNRESET };
      case 'write-failed':
        return { class: 'httpx.WriteError', message: pyWriteErrno(ctx) };
      case 'timeout':
        return { class: 'httpx.ReadTimeout', message: 'timed out' };
    }
  },
};
