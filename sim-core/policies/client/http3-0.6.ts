import type { ClientPolicy } from '../types';
import { asyncioEraError, h11OrEof } from './shared';

/**
 * http3 0.5.0–0.6.6 (the library later renamed httpx), the client of
 * encode/httpx#96. The pool hands out the most recently released connection,
 * never checks it, never expires it and never retries: h11's exception reaches
 * the caller unchanged. A read error is caught and treated as EOF, so a reset
 * shows the same h11 error as a clean close.
 */
export const http3_0_6: ClientPolicy = {
  name: 'http3-0.6',
  title: 'http3 0.6 (the buggy client of httpx#96)',
  summary: 'LIFO reuse, no liveness check, no idle expiry, no retry; the raw h11 error reaches the caller.',
  source: {
    library: 'http3',
    version: '0.6.6',
    files: [
      'encode/httpx@0.6.6:http3/dispatch/connection_pool.py (ConnectionStore.pop_by_origin: most recently added; acquire_connection: no check)',
      'encode/httpx@0.6.6:http3/dispatch/http11.py (_receive_event: OSError on read becomes b""; h11 errors not caught)',
      'encode/httpx@0.6.6:http3/config.py (PoolLimits soft_limit=10, hard_limit=100; TimeoutConfig 5 s)',
      'encode/httpx#96',
    ],
  },
  reuseOrder: 'lifo',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'none', scope: 'picked', eagerReader: false, yieldBeforeWrite: false },
  readErrorAsEof: true,
  idleExpiryMs: null,
  expiryCheck: { kind: 'at-checkout' },
  hint: { use: false },
  maxConnections: 100,
  maxIdle: 10,
  eventLoopDelayMs: 0.05,
  readTimeoutMs: 5000,
  retry: null,
  errorFor: (cause, ctx) => asyncioEraError(cause, ctx, h11OrEof, 'http3.exceptions.ReadTimeout'),
};
