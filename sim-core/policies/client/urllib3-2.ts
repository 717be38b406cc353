import type { ClientPolicy, ErrorContext, FailureCause } from '../types';
import { isIdempotent } from './shared';

const DISCONNECTED =
  "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))";
const RESET = "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))";

/**
 * What urllib3 raises from `urlopen` for a failed request: the read error
 * wrapped as `ProtocolError('Connection aborted.', …)`. A failed write is
 * swallowed (`_make_request`), so the response read that follows reports it.
 */
export function urllib3Cause(cause: FailureCause): string {
  return cause === 'reset' ? RESET : DISCONNECTED;
}

const RETRIES = 3;

/**
 * urllib3 2.x (`PoolManager`, the defaults): a LIFO queue per host with
 * maxsize 1 (extra connections are discarded on release); `_get_conn` checks
 * the popped connection with a zero-timeout readability poll and reconnects a
 * dropped one. `Retry(3)`: a `ProtocolError` counts as a read error, retried
 * only for HEAD, GET, PUT, DELETE, OPTIONS, TRACE; the failed slot goes back
 * as `None`, so a retry dials a new connection.
 */
export const urllib3_2: ClientPolicy = {
  name: 'urllib3-2',
  title: 'urllib3 2.x (readability poll, Retry(3) for idempotent methods)',
  summary:
    'LIFO, zero-timeout readability poll of the popped connection, up to 3 retries of read errors for idempotent methods on new connections.',
  source: {
    library: 'urllib3',
    version: '2.2.1',
    files: [
      'urllib3/urllib3@2.2.1:src/urllib3/connectionpool.py (QueueCls = LifoQueue; _get_conn: is_connection_dropped -> close; _make_request swallows BrokenPipeError; urlopen: ProtocolError("Connection aborted.", e))',
      'urllib3/urllib3@2.2.1:src/urllib3/util/connection.py (is_connection_dropped: not conn.is_connected -> wait_for_read(sock, timeout=0.0))',
      'urllib3/urllib3@2.2.1:src/urllib3/util/retry.py (Retry.DEFAULT = Retry(3); DEFAULT_ALLOWED_METHODS; _is_read_error: ProtocolError)',
      'urllib3/urllib3@2.2.1:src/urllib3/poolmanager.py (maxsize=1 per pool, block=False)',
    ],
  },
  reuseOrder: 'lifo',
  sendsKeepAliveHeader: false,
  detection: { atCheckout: 'poll', scope: 'picked', eagerReader: false, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: null,
  expiryCheck: { kind: 'at-checkout' },
  hint: { use: false },
  maxConnections: 10_000,
  maxIdle: 1,
  eventLoopDelayMs: 0.02,
  // No read timeout by default; 30 s stands in so that a lost response still ends.
  readTimeoutMs: 30_000,
  retry: {
    maxRetries: RETRIES,
    freshConnection: true,
    afterWrite: 'idempotent',
    decide: (ctx) =>
      ctx.cause !== 'timeout' && isIdempotent(ctx.method)
        ? `ProtocolError is a read error and ${ctx.method} is in Retry.DEFAULT_ALLOWED_METHODS: retry ${ctx.attempt} of ${RETRIES}, on a new connection`
        : null,
  },
  errorFor(cause: FailureCause, ctx: ErrorContext) {
    if (cause === 'timeout')
      return {
        class: 'urllib3.exceptions.ReadTimeoutError',
        message: "HTTPConnectionPool(host='service-b', port=80): Read timed out.",
      };
    const inner = urllib3Cause(cause);
    if (isIdempotent(ctx.method) && ctx.attempt > RETRIES)
      return {
        class: 'urllib3.exceptions.MaxRetryError',
        message: `HTTPConnectionPool(host='service-b', port=80): Max retries exceeded with url: ${ctx.url.replace('http://service-b', '')} (Caused by ProtocolError${inner})`,
      };
    return { class: 'urllib3.exceptions.ProtocolError', message: inner };
  },
};
