import type { ClientPolicy } from '../types';
import { undici_7 } from './undici-7';

/**
 * Node 20's global `fetch` (v20.20.2 bundles undici 6.24.1): undici's pool and
 * keep-alive rules, but without the one-turn yield before writing on an idle
 * socket (that arrived in 6.27.0 / 7.28.0), so like `http.Agent` it can write
 * on a socket whose FIN is waiting unprocessed. `fetch` wraps every network
 * error as `TypeError: fetch failed` with the socket error as its `cause`.
 */
export const node_fetch_20: ClientPolicy = {
  ...undici_7,
  name: 'node-fetch-20',
  title: 'Node 20 fetch (bundled undici 6.24.1: no yield before writing)',
  summary:
    'As undici 7 but writes in the same tick it takes an idle socket; errors are TypeError: fetch failed.',
  source: {
    library: 'undici (bundled in Node.js)',
    version: 'undici 6.24.1 in Node v20.20.2',
    files: [
      'nodejs/node@v20.20.2:deps/undici/undici.js (Client[kDispatch] -> _resume -> writeH1 synchronously; keepAliveTimeout 4e3, threshold 2e3)',
      'nodejs/undici@v6.24.1:lib/web/fetch/index.js (TypeError("fetch failed", { cause }))',
    ],
  },
  detection: { ...undici_7.detection, yieldBeforeWrite: false },
  errorFor(cause, ctx) {
    const inner = undici_7.errorFor(cause, ctx);
    return {
      class: 'TypeError',
      message: `fetch failed (cause: ${inner.class}: ${inner.message})`,
      code: inner.code,
    };
  },
};
