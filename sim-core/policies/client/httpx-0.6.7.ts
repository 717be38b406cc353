import type { ClientPolicy } from '../types';
import { http3_0_6 } from './http3-0.6';

/**
 * http3 0.6.7 (PR #111): `@safe_connection_error` turns a `ConnectionResetError`
 * raised while sending into `NotConnected`, and the pool's `send` retries once,
 * with connection reuse off, so on a new connection. Read errors are already
 * turned into EOF and body-write errors are swallowed, so only a failed header
 * write can trigger it — and the first write after the server's FIN succeeds.
 * An EOF before the response, the real failure of #96, is not retried.
 */
export const httpx_0_6_7: ClientPolicy = {
  ...http3_0_6,
  name: 'httpx-0.6.7',
  title: 'http3 0.6.7 (retry once when writing the headers hits a reset)',
  summary:
    'As 0.6.6, plus one retry on a new connection when writing the request headers fails; EOF is not retried.',
  source: {
    library: 'http3',
    version: '0.6.7',
    files: [
      'encode/httpx@0.6.7:http3/decorators.py (safe_connection_error: ConnectionResetError -> NotConnected)',
      'encode/httpx@0.6.7:http3/dispatch/connection_pool.py (send: on NotConnected retry once with allow_connection_reuse=False)',
      'encode/httpx#111',
    ],
  },
  retry: {
    maxRetries: 1,
    freshConnection: true,
    afterWrite: 'none',
    decide: (ctx) =>
      ctx.cause === 'write-failed'
        ? 'writing the request headers raised ConnectionResetError → NotConnected: retry once on a new connection'
        : null,
  },
  errorFor: (cause, ctx) =>
    cause === 'write-failed'
      ? {
          class: 'http3.exceptions.NotConnected',
          message:
            'A connection was lost at the point of starting a request, prior to any writes succeeding.',
        }
      : http3_0_6.errorFor(cause, ctx),
};
