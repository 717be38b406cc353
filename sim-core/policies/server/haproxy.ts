import type { ServerProfile } from '../types';

/**
 * HAProxy in HTTP mode, client-facing side. Documented (configuration manual, `timeout
 * http-keep-alive`): the time to wait for a new request on a kept-alive connection; if it is not
 * set, `timeout http-request` applies, and if neither is, `timeout client`. There is no built-in
 * default value (an unset `timeout client` means no timeout), so the 10 s here is a common
 * configured value, not HAProxy's default: give the one your config has. Not documented as a
 * guarantee: that the idle close is a FIN (it is the normal close; `option nolinger` would make
 * it an RST, which the model's server profiles cannot do). No `Keep-Alive` header is sent.
 */
export const haproxy: ServerProfile = {
  name: 'haproxy',
  title: 'HAProxy (timeout http-keep-alive 10 s, as configured)',
  summary:
    'Proxy: closes a client connection idle for timeout http-keep-alive (no default; 10 s as commonly configured).',
  source: {
    library: 'HAProxy',
    version: '2.8 docs',
    files: [
      'https://docs.haproxy.org/2.8/configuration.html#4.2-timeout%20http-keep-alive (falls back to timeout http-request, then timeout client)',
    ],
  },
  idleTimeoutMs: 10_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
};
