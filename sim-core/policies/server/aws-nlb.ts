import type { ServerProfile } from '../types';

/**
 * AWS Network Load Balancer, TCP listener (a layer-4 balancer: the client's TCP connection is
 * tracked in its flow table and passed to a target). Documented: "If no data is sent through the
 * connection by either the client or target for longer than the idle timeout, the connection is
 * closed"; the TCP idle timeout is 350 s by default, 60–6000 s. AWS's networking blog describes
 * the close: the idle connection is removed from the flow table, and a client that sends after
 * that is answered with a TCP RST. Modelled as `silent-drop`: nothing reaches the client at the
 * timeout, and its next segment (a reused request, or its own FIN) meets RST. Not documented:
 * whether the target also gets an RST (the model has no target side) and any grace after the
 * timeout; modelled as none. An NLB sends no HTTP headers, so no `Keep-Alive` hint.
 */
export const awsNlb: ServerProfile = {
  name: 'aws-nlb',
  title: 'AWS Network Load Balancer (TCP idle timeout 350 s, silent drop)',
  summary:
    'Layer-4 load balancer: forgets a flow idle for 350 s without a segment; the next request is answered with RST.',
  source: {
    library: 'AWS Elastic Load Balancing (NLB)',
    version: 'docs 2024',
    files: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html (default 350 seconds, 60-6000)',
      'https://aws.amazon.com/blogs/networking-and-content-delivery/introducing-nlb-tcp-configurable-idle-timeout/ (removed from the flow table; traffic after that gets a TCP RST)',
    ],
  },
  idleTimeoutMs: 350_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
  closeMode: 'silent-drop',
};
