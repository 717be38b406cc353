import type { ClientPolicy } from '../types';

/**
 * httpx 0.23 on httpcore 0.15/0.16 — today's behaviour (unchanged through
 * httpx 0.28 / httpcore 1.x): before handing out an idle connection the pool
 * closes it if its keep-alive expiry passed or its socket polls readable
 * (the server's FIN has arrived). An EOF while the response is awaited is
 * reported as `RemoteProtocolError("Server disconnected without sending a
 * response.")`. Only connection *establishment* failures are retried (the
 * `retries` option of the transport, 0 by default); requests never are.
 */
export const httpx_0_23: ClientPolicy = {
  name: 'httpx-0.23',
  title: 'httpx 0.23 / httpcore (today’s handling)',
  summary: 'Readable-or-expired check at checkout, 5 s keep-alive expiry, no request retries.',
  source: {
    library: 'httpx + httpcore',
    version: 'httpx 0.23.0 / httpcore 0.15.0',
    files: [
      'encode/httpcore@0.15.0:httpcore/_async/connection_pool.py (_attempt_to_acquire_connection: closes expired idle connections)',
      'encode/httpcore@0.15.0:httpcore/_async/http11.py (has_expired: expiry passed or is_readable; _receive_event: "Server disconnected without sending a response.")',
      'encode/httpx@0.23.0:httpx/_config.py (Limits keepalive_expiry=5.0, max_connections=100)',
    ],
  },
  reuseOrder: 'lifo',
  closeDetection: 'checkout-poll',
  idleExpiryMs: 5000,
  hint: { use: false },
  maxConnections: 100,
  eventLoopDelayMs: 0.05,
  readTimeoutMs: 5000,
  retry: null,
  errorFor(cause) {
    switch (cause) {
      case 'eof':
        return {
          class: 'httpx.RemoteProtocolError',
          message: 'Server disconnected without sending a response.',
        };
      case 'reset':
        return { class: 'httpx.ReadError', message: '[Errno 104] Connection reset by peer' };
      case 'write-failed':
        return { class: 'httpx.WriteError', message: '[Errno 32] Broken pipe' };
      case 'timeout':
        return { class: 'httpx.ReadTimeout', message: 'timed out' };
    }
  },
};
