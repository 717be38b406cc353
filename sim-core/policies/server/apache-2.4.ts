import type { ServerProfile } from '../types';

/**
 * Apache httpd 2.4: `KeepAliveTimeout 5`, `MaxKeepAliveRequests 100`. It sends
 * `Keep-Alive: timeout=5, max=N` (N = requests left) only to requests that
 * carried `Connection: keep-alive`; HTTP/1.1 clients relying on the default
 * get keep-alive without the hint.
 */
export const apache24: ServerProfile = {
  name: 'apache-2.4',
  title: 'Apache httpd 2.4 (KeepAliveTimeout 5 s, 100 requests)',
  summary:
    'Idle timeout 5 s, 100 requests per connection; hint "timeout=5, max=N" only if the request asked for keep-alive.',
  source: {
    library: 'Apache httpd',
    version: '2.4.62',
    files: [
      'apache/httpd@2.4.62:include/httpd.h (DEFAULT_KEEPALIVE_TIMEOUT 5, DEFAULT_KEEPALIVE 100)',
      'apache/httpd@2.4.62:modules/http/http_protocol.c (ap_set_keepalive: "timeout=%d, max=%d" only when ka_sent)',
    ],
  },
  idleTimeoutMs: 5000,
  extraCloseDelayMs: 0,
  hint: 'if-requested',
  hintValue: (ms, left) =>
    left === null ? `timeout=${Math.floor(ms / 1000)}` : `timeout=${Math.floor(ms / 1000)}, max=${left}`,
  requestsPerConnection: 100,
};
