import type { ClientPolicy } from '../types';
import { PY_ERRNO } from './shared';

/**
 * httpx 0.13.0–0.13.2 on httpcore 0.9: the pool keeps a set of connections per
 * origin, checks every idle one for a drop (asyncio `at_eof()`) and discards
 * those, then reuses one in set-iteration order (object addresses: arbitrary).
 * httpx forgot to pass `keepalive_expiry`, so nothing expires (0.13.3 restored
 * 5 s, PR #1005). EOF before the response surfaces as `ProtocolError` with
 * h11's text; `ConnectionClosed` is gone.
 */
export const httpx_0_13: ClientPolicy = {
  name: 'httpx-0.13',
  title: 'httpx 0.13 / httpcore 0.9 (every idle connection checked; ProtocolError)',
  summary:
    'Drops idle connections whose EOF the loop has seen, reuses one in arbitrary order, no expiry (0.13.0–0.13.2), no retry; ProtocolError.',
  source: {
    library: 'httpx + httpcore',
    version: 'httpx 0.13.0 / httpcore 0.9.1',
    files: [
      'encode/httpcore@0.9.1:httpcore/_async/connection_pool.py (_get_connection_from_pool: drops every IDLE connection that is_connection_dropped; set order)',
      'encode/httpcore@0.9.1:httpcore/_backends/asyncio.py (is_connection_dropped: stream_reader.at_eof())',
      'encode/httpcore@0.9.1:httpcore/_async/http11.py (_receive_event: map_exceptions h11.RemoteProtocolError -> ProtocolError)',
      'encode/httpx#1005 (keepalive_expiry not passed in 0.13.0–0.13.2)',
    ],
  },
  reuseOrder: 'arbitrary',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'eof-seen', scope: 'whole-pool', eagerReader: false, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: null,
  expiryCheck: { kind: 'at-checkout' },
  hint: { use: false },
  maxConnections: 100,
  maxIdle: 10,
  eventLoopDelayMs: 0.05,
  readTimeoutMs: 5000,
  retry: null,
  errorFor(cause, ctx) {
    switch (cause) {
      case 'eof':
        return {
          class: 'httpcore.ProtocolError',
          message: ctx.h11Error?.message ?? 'peer unexpectedly closed connection',
        };
      // httpcore 0.9's exact socket-error mapping is unverified; later 0.x map OSError to ReadError / WriteError.
      case 'reset':
        return { class: 'httpcore.ReadError', message: PY_ERRNO.ECONNRESET };
      case 'write-failed':
        return { class: 'httpcore.WriteError', message: PY_ERRNO.EPIPE };
      case 'timeout':
        return { class: 'httpcore.ReadTimeout', message: '' };
    }
  },
};
