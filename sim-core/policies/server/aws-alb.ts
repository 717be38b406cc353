import type { ServerProfile } from '../types';

/**
 * AWS Application Load Balancer, client-facing side. Documented: the connection idle timeout
 * ("the period of time an existing client or target connection can remain inactive ... before
 * the load balancer closes the connection") is 60 s by default, 1–4000 s. Not documented: how it
 * closes (FIN or RST) and whether it sends a `Keep-Alive` header; modelled as a FIN and no header,
 * like a server's idle close. The separate "HTTP client keepalive duration" (default 3600 s, a
 * maximum connection age) is not modelled.
 */
export const awsAlb: ServerProfile = {
  name: 'aws-alb',
  title: 'AWS Application Load Balancer (idle timeout 60 s)',
  summary: 'Load balancer: closes a client connection idle for 60 s (default); close as FIN (undocumented).',
  source: {
    library: 'AWS Elastic Load Balancing (ALB)',
    version: 'docs 2024',
    files: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (default 60 seconds)',
    ],
  },
  idleTimeoutMs: 60_000,
  extraCloseDelayMs: 0,
  hint: 'never',
  hintValue: (ms) => `timeout=${Math.floor(ms / 1000)}`,
  requestsPerConnection: null,
};
