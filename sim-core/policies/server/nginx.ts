import type { ServerProfile } from '../types';

/**
 * nginx: `keepalive_timeout 75s` (the optional second parameter, which would
 * send `Keep-Alive: timeout=`, is unset by default) and `keepalive_requests
 * 1000` (since 1.19.10). An idle keep-alive connection is closed with a plain
 * `close()` when its timer fires.
 */
export const nginx: ServerProfile = {
  name: 'nginx',
  title: 'nginx (keepalive_timeout 75 s, 1000 requests)',
  summary: 'Idle timeout 75 s, closes after 1000 requests per connection; no Keep-Alive hint by default.',
  source: {
    library: 'nginx',
    version: '1.26',
    files: [
      'nginx/nginx@release-1.26.0:src/http/ngx_http_core_module.c (keepalive_timeout 75s, keepalive_requests 1000)',
      'nginx/nginx@release-1.26.0:src/http/ngx_http_request.c (ngx_http_set_keepalive: ngx_add_timer(keepalive_timeout); ngx_http_keepalive_handler -> ngx_http_close_connection)',
    ],
  },
  idleTimeoutMs: 75_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: 1000,
};
