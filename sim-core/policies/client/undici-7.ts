import type { ClientPolicy } from '../types';
import { nodeSocketError } from './node-agent-20';

/**
 * undici 7.28+ (`Pool` / `request()`): each connection is a `Client`; the pool
 * dispatches to the first one not busy (the oldest). Idle sockets are always
 * read: `end` destroys them. Keep-alive: 4 s by default, or the server's hint
 * minus 2 s (capped at 600 s); 0 or less and the socket is not reused. Since
 * 7.28.0 (a fix for GHSA-35p6-xmwp-9g52, not for this race) dispatching onto
 * a previously used idle socket waits one event-loop turn, so a FIN that has
 * arrived is processed first and the request goes out on another connection.
 * EOF before the response: `SocketError: other side closed`. No retries
 * without the opt-in RetryAgent.
 */
export const undici_7: ClientPolicy = {
  name: 'undici-7',
  title: 'undici 7.28+ (4 s, hint − 2 s, one-turn yield before writing)',
  summary:
    'Oldest idle connection; eager close detection plus one event-loop turn before writing on an idle socket; 4 s idle timer, hint − 2 s; no retry.',
  source: {
    library: 'undici',
    version: '7.28.0',
    files: [
      'nodejs/undici@v7.28.0:lib/dispatcher/client-h1.js (onHeadersComplete: keep-alive = min(hint - keepAliveTimeoutThreshold, keepAliveMaxTimeout), <= 0 -> socket[kReset]; resumeH1 -> scheduleIdleSocketValidation; socket end -> SocketError("other side closed"))',
      'nodejs/undici@v7.28.0:lib/dispatcher/client.js (keepAliveTimeout 4e3, keepAliveTimeoutThreshold 2e3, keepAliveMaxTimeout 6e5)',
      'nodejs/undici@v7.28.0:lib/dispatcher/pool.js (kGetDispatcher: the first client not needing drain; not re-read for this model)',
      'nodejs/undici#5493, #5499 (GHSA-35p6-xmwp-9g52)',
    ],
  },
  reuseOrder: 'oldest-created',
  sendsKeepAliveHeader: true,
  detection: { atCheckout: 'none', scope: 'until-good', eagerReader: true, yieldBeforeWrite: true },
  readErrorAsEof: false,
  idleExpiryMs: 4000,
  expiryCheck: { kind: 'timer' },
  hint: { use: true, subtractMs: 2000, neverReuseAtOrBelowZero: true },
  maxConnections: 10_000,
  maxIdle: null,
  eventLoopDelayMs: 0.02,
  // headersTimeout: 300 s.
  readTimeoutMs: 300_000,
  retry: null,
  errorFor(cause, ctx) {
    switch (cause) {
      case 'eof':
        return { class: 'SocketError', message: 'other side closed', code: 'UND_ERR_SOCKET' };
      case 'timeout':
        return {
          class: 'HeadersTimeoutError',
          message: 'Headers Timeout Error',
          code: 'UND_ERR_HEADERS_TIMEOUT',
        };
      default:
        return nodeSocketError(cause, ctx);
    }
  },
};
