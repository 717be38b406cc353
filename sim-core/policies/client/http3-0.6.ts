import type { ClientPolicy } from '../types';

/**
 * http3 0.5.0–0.6.6 (the library later renamed httpx), the client of
 * encode/httpx#96. The pool hands out the most recently released connection,
 * never checks it, never expires it and never retries: h11's exception reaches
 * the caller unchanged.
 */
export const http3_0_6: ClientPolicy = {
  name: 'http3-0.6',
  title: 'http3 0.6 (the buggy client of httpx#96)',
  summary: 'LIFO reuse, no liveness check, no idle expiry, no retry; the raw h11 error reaches the caller.',
  source: {
    library: 'http3',
    version: '0.6.6',
    files: [
      'encode/httpx@0.6.6:http3/dispatch/connection_pool.py (ConnectionStore.pop_by_origin: most recently added)',
      'encode/httpx@0.6.6:http3/dispatch/http11.py (_receive_event: h11 errors not caught)',
      'encode/httpx@0.6.6:http3/config.py (PoolLimits soft_limit=10, hard_limit=100; TimeoutConfig 5 s)',
      'encode/httpx#96',
    ],
  },
  reuseOrder: 'lifo',
  closeDetection: 'none',
  idleExpiryMs: null,
  hint: { use: false },
  maxConnections: 100,
  eventLoopDelayMs: 0.05,
  readTimeoutMs: 5000,
  retry: null,
  errorFor(cause, h11Error) {
    switch (cause) {
      case 'eof':
        // The EOF becomes h11's ConnectionClosed; the h11 exception escapes as is.
        return (
          h11Error ?? {
            class: 'h11._util.RemoteProtocolError',
            message: 'peer unexpectedly closed connection',
          }
        );
      case 'reset':
        return { class: 'ConnectionResetError', message: '[Errno 104] Connection reset by peer' };
      case 'write-failed':
        return { class: 'BrokenPipeError', message: '[Errno 32] Broken pipe' };
      case 'timeout':
        return { class: 'http3.exceptions.ReadTimeout', message: '' };
    }
  },
};
