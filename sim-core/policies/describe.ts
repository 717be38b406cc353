/** One-line plain descriptions of a policy's rules, for `sim policies`, the README and the app. */
import type { ClientPolicy, ServerProfile } from './types';

const ORDER: Record<ClientPolicy['reuseOrder'], string> = {
  lifo: 'most recently released first',
  fifo: 'least recently released first',
  'mru-acquired': 'most recently acquired first',
  'oldest-created': 'oldest connection first',
  arbitrary: 'arbitrary (set) order',
};

export function describeClientRules(p: ClientPolicy): string {
  const d = p.detection;
  const check =
    d.atCheckout === 'none'
      ? 'no check at checkout'
      : `${d.atCheckout === 'poll' ? 'readability poll' : 'EOF-seen check'} at checkout (${d.scope})`;
  const parts = [
    `reuse: ${ORDER[p.reuseOrder]}`,
    check,
    ...(d.eagerReader ? ['background reader drops closed idle connections'] : []),
    ...(d.yieldBeforeWrite ? ['one event-loop turn before writing on an idle socket'] : []),
    p.idleExpiryMs === null
      ? 'no idle expiry'
      : `idle expiry ${p.idleExpiryMs} ms (${
          p.expiryCheck.kind === 'timer'
            ? 'timer'
            : p.expiryCheck.kind === 'swept-at-checkout'
              ? `checked at most every ${p.expiryCheck.everyMs} ms`
              : 'checked at checkout'
        })`,
    p.hint.use
      ? `Keep-Alive hint − ${p.hint.subtractMs} ms${p.hint.neverReuseAtOrBelowZero ? ', not reused if ≤ 0' : ''}`
      : 'ignores Keep-Alive hints',
    p.retry
      ? `retries: up to ${Number.isFinite(p.retry.maxRetries) ? p.retry.maxRetries : 'unbounded'}${
          p.retry.freshConnection ? ' on a new connection' : ''
        }; after a write: ${p.retry.afterWrite === 'none' ? 'never' : `${p.retry.afterWrite} methods`}`
      : 'no request retries',
  ];
  return parts.join(' · ');
}

export function describeServerRules(p: ServerProfile): string {
  return [
    `idle timeout ${p.idleTimeoutMs} ms${p.extraCloseDelayMs ? ` (really closes ${p.extraCloseDelayMs} ms later)` : ''}`,
    p.hint === 'never'
      ? 'no Keep-Alive hint'
      : `Keep-Alive: ${p.hintValue(p.idleTimeoutMs, p.requestsPerConnection)}${p.hint === 'if-requested' ? ' (only if the request asked for keep-alive)' : ''}`,
    p.requestsPerConnection === null
      ? 'unlimited requests per connection'
      : `${p.requestsPerConnection} requests per connection`,
  ].join(' · ');
}
