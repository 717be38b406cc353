import type { ServerProfile } from '../types';

/**
 * Node 20's `http.Server` (v20.20.2): `keepAliveTimeout` 5000 ms, advertised
 * as `Keep-Alive: timeout=5`, but the idle socket's timeout is set to
 * keepAliveTimeout + 1000 ms (`HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER`, from
 * nodejs/node#54863; earlier v20 builds close at exactly 5 s). When it fires
 * the socket is destroyed: FIN, or RST with unread data. If the handler sets
 * `Connection: keep-alive` itself, Node adds no `Keep-Alive` header.
 */
export const nodeHttp20: ServerProfile = {
  name: 'node-http-20',
  title: 'Node 20 http.Server (keepAliveTimeout 5 s, really ~6 s, hint timeout=5)',
  summary: 'Advertises Keep-Alive: timeout=5 but closes an idle socket 1 s later (6 s).',
  source: {
    library: 'Node.js http',
    version: 'v20.20.2',
    files: [
      'nodejs/node@v20.20.2:lib/_http_server.js (keepAliveTimeout = 5000; resOnFinish: idle socket timeout = keepAliveTimeout + HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER)',
      'nodejs/node@v20.20.2:lib/_http_outgoing.js (Keep-Alive: timeout=floor(keepAliveTimeout/1000) when _defaultKeepAlive)',
      'nodejs/node#54863',
    ],
  },
  idleTimeoutMs: 5000,
  extraCloseDelayMs: 1000,
  hint: 'always',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
};
