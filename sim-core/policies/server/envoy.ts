import type { ServerProfile } from '../types';

/**
 * Envoy's HTTP connection manager, downstream (client-facing) HTTP/1.1 connections. Documented
 * (FAQ "How do I configure timeouts?"): `common_http_protocol_options.idle_timeout`, the period
 * with no active requests after which the connection is closed, 1 hour by default; for HTTP/1 "the
 * connection terminates directly" (HTTP/2 drains first). Not documented: FIN or RST; modelled as
 * a FIN. No `Keep-Alive` header is sent.
 */
export const envoy: ServerProfile = {
  name: 'envoy',
  title: 'Envoy (downstream idle_timeout 1 h)',
  summary: 'Proxy: closes a downstream HTTP/1 connection with no active request for 1 h (default).',
  source: {
    library: 'Envoy',
    version: 'v1.39 docs',
    files: [
      'https://www.envoyproxy.io/docs/envoy/v1.39.0/faq/configuration/timeouts (idle_timeout default 1 hour; HttpConnectionManager common_http_protocol_options)',
    ],
  },
  idleTimeoutMs: 3_600_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
};
