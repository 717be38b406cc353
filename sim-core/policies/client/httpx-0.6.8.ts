import type { ClientPolicy } from '../types';
import { http3_0_6 } from './http3-0.6';

/**
 * httpx 0.6.8 (the first release named httpx, PR #145): 0.6.7's retry is
 * gone; instead `pop_connection` asks the popped connection
 * `is_connection_dropped()`, which is asyncio's `StreamReader.at_eof()` — true
 * only once the event loop has read the FIN. A dropped connection is released
 * and a new one dialled; the other idle connections are not looked at.
 */
export const httpx_0_6_8: ClientPolicy = {
  ...http3_0_6,
  name: 'httpx-0.6.8',
  title: 'httpx 0.6.8 (drop check at checkout: asyncio at_eof)',
  summary:
    'LIFO; the popped connection is dropped if the event loop has seen its EOF, then a new one is dialled; no retry.',
  source: {
    library: 'httpx',
    version: '0.6.8',
    files: [
      'encode/httpx@0.6.8:httpx/dispatch/connection_pool.py (pop_connection: is_connection_dropped -> release, dial new)',
      'encode/httpx@0.6.8:httpx/concurrency.py (TCPStream.is_connection_dropped: stream_reader.at_eof())',
      'encode/httpx#145, encode/httpx#146',
    ],
  },
  detection: { atCheckout: 'eof-seen', scope: 'picked', eagerReader: false, yieldBeforeWrite: false },
  errorFor: (cause, ctx) =>
    cause === 'timeout'
      ? { class: 'httpx.exceptions.ReadTimeout', message: '' }
      : http3_0_6.errorFor(cause, ctx),
};
