import type { ClientPolicy } from '../types';
import { httpx_0_8 } from './httpx-0.8';

/**
 * httpx 0.9.4 (PR #627): `release_connection` stamps `expires_at = now + 5.0`
 * and `check_keepalive_expiry()`, run at the start of each `send()` but at most
 * once a second, closes every keep-alive connection past it. No background
 * timer: a connection can be handed out up to a second after it expired.
 */
export const httpx_0_9_4: ClientPolicy = {
  ...httpx_0_8,
  name: 'httpx-0.9.4',
  title: 'httpx 0.9.4 (5 s client expiry, swept at most once a second)',
  summary: 'As 0.8, plus a 5 s keep-alive expiry checked when a request is sent, at most once per second.',
  source: {
    library: 'httpx',
    version: '0.9.4',
    files: [
      'encode/httpx@0.9.4:httpx/dispatch/connection_pool.py (KEEP_ALIVE_EXPIRY = 5.0; check_keepalive_expiry: next_keepalive_check = now + 1.0; now > expires_at)',
      'encode/httpx#627, encode/httpx#631',
    ],
  },
  idleExpiryMs: 5000,
  expiryCheck: { kind: 'swept-at-checkout', everyMs: 1000 },
};
