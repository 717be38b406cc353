import type { ClientPolicy } from '../types';
import { isIdempotent, PY_ERRNO, pyWriteErrno } from './shared';

/**
 * aiohttp 3.10 `ClientSession` with the default `TCPConnector`: idle
 * connections are a LIFO list per host; `_get` pops one, skips it if the
 * protocol is no longer connected (asyncio has called `connection_lost`, which
 * needs the event loop to have read the FIN) or if it has been idle longer
 * than `keepalive_timeout` (15 s), and tries the next. `_request` retries once
 * on `ServerDisconnectedError` or `ClientOSError` for idempotent methods —
 * whether or not the connection was reused, through the connector again, so
 * possibly on another stale idle connection.
 */
export const aiohttp_3_10: ClientPolicy = {
  name: 'aiohttp-3.10',
  title: 'aiohttp 3.10 (15 s keep-alive, one retry for idempotent methods)',
  summary:
    'LIFO, skips connections the loop saw closed or idle > 15 s; retries once for idempotent methods on ServerDisconnectedError / ClientOSError.',
  source: {
    library: 'aiohttp',
    version: '3.10.0',
    files: [
      'aio-libs/aiohttp@v3.10.0:aiohttp/connector.py (BaseConnector keepalive_timeout=15.0, limit=100; _get: conns.pop(), proto.is_connected(), t1 - t0 > keepalive_timeout)',
      'aio-libs/aiohttp@v3.10.0:aiohttp/client.py (_request: retry_persistent_connection = method in IDEMPOTENT_METHODS; except (ClientOSError, ServerDisconnectedError): retry once)',
      'aio-libs/aiohttp#7363, #8038 (the retry; release not pinned, the reference dates it to 3.10)',
    ],
  },
  reuseOrder: 'lifo',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'eof-seen', scope: 'until-good', eagerReader: false, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: 15_000,
  expiryCheck: { kind: 'at-checkout' },
  hint: { use: false },
  maxConnections: 100,
  maxIdle: null,
  eventLoopDelayMs: 0.05,
  // ClientTimeout(total=300).
  readTimeoutMs: 300_000,
  retry: {
    maxRetries: 1,
    freshConnection: false,
    afterWrite: 'idempotent',
    decide: (ctx) =>
      ctx.cause !== 'timeout' && ctx.attempt === 1 && isIdempotent(ctx.method)
        ? `${ctx.cause === 'eof' ? 'ServerDisconnectedError' : 'ClientOSError'} on an idempotent ${ctx.method}: aiohttp retries once`
        : null,
  },
  errorFor(cause, ctx) {
    switch (cause) {
      case 'eof':
        return { class: 'aiohttp.client_exceptions.ServerDisconnectedError', message: 'Server disconnected' };
      case 'reset':
        return { class: 'aiohttp.client_exceptions.ClientOSError', message: PY_ERRNO.ECONNRESET };
      case 'write-failed':
        return { class: 'aiohttp.client_exceptions.ClientOSError', message: pyWriteErrno(ctx) };
      case 'timeout':
        return { class: 'asyncio.exceptions.TimeoutError', message: '' };
    }
  },
};
