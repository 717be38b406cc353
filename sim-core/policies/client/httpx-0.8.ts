import type { ClientPolicy } from '../types';
import { httpx_0_6_8 } from './httpx-0.6.8';
import { asyncioEraError } from './shared';

/**
 * httpx 0.8 (PR #524, "Resolves #96"): `_receive_event` catches h11's
 * RemoteProtocolError and raises `ConnectionClosed(e)` if the socket is at EOF,
 * else `ProtocolError(e)` — h11's text either way. It renames the failure; it
 * neither prevents nor retries it. A reset is read as `b""` but leaves
 * `at_eof()` false (asyncio sets an exception, not EOF), so it is a ProtocolError.
 */
export const httpx_0_8: ClientPolicy = {
  ...httpx_0_6_8,
  name: 'httpx-0.8',
  title: 'httpx 0.8 (the h11 error renamed: ConnectionClosed / ProtocolError)',
  summary: 'As 0.6.8; the h11 error becomes ConnectionClosed (socket at EOF) or ProtocolError (otherwise).',
  source: {
    library: 'httpx',
    version: '0.8.0',
    files: [
      'encode/httpx@0.8.0:httpx/dispatch/http11.py (_receive_event: RemoteProtocolError -> ConnectionClosed if is_connection_dropped() else ProtocolError)',
      'encode/httpx@0.8.0:httpx/exceptions.py (ConnectionClosed, ProtocolError)',
      'encode/httpx#524 (release not pinned: proposed 2019-11, between 0.7.7 and 0.8.0)',
    ],
  },
  errorFor: (cause, ctx) =>
    asyncioEraError(
      cause,
      ctx,
      (c, why) => ({
        class: why === 'eof' ? 'httpx.exceptions.ConnectionClosed' : 'httpx.exceptions.ProtocolError',
        message: c.h11Error?.message ?? 'peer unexpectedly closed connection',
      }),
      'httpx.exceptions.ReadTimeout',
    ),
};
