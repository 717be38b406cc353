import type { ServerProfile } from '../types';

/**
 * Azure Standard Load Balancer with "TCP reset on idle" enabled on the rule. Documented: the idle
 * timeout is 4 minutes by default (4–100 min); the default behaviour is to silently drop a flow
 * at its idle timeout, and with TCP reset enabled the balancer sends bidirectional TCP resets (to
 * client and server) at the idle timeout, so endpoints close the socket at once. Modelled as
 * `rst`: at 240 s the client is sent an RST and the flow is forgotten. With the option off
 * (Azure's default) the behaviour is the `silent-drop` of `aws-nlb` with a 4-minute timeout. Not
 * documented: what answers a segment sent after the reset (modelled as RST, as from a host that
 * no longer knows the flow). A layer-4 balancer sends no `Keep-Alive` header.
 */
export const azureLb: ServerProfile = {
  name: 'azure-lb',
  title: 'Azure Load Balancer, TCP reset on idle (idle timeout 4 min)',
  summary: 'Layer-4 load balancer with TCP reset on idle: resets a flow idle for 4 min (RST to the client).',
  source: {
    library: 'Azure Load Balancer (Standard)',
    version: 'docs 2024',
    files: [
      'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-reset (default: silently drop; TCP reset on idle: bidirectional RST)',
      'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout (default 4 minutes, 4-100)',
    ],
  },
  idleTimeoutMs: 240_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
  closeMode: 'rst',
};
