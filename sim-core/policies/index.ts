import { aiohttp_3_10 } from './client/aiohttp-3.10';
import { go_net_http } from './client/go-net-http';
import { http3_0_6 } from './client/http3-0.6';
import { httpx_0_6_7 } from './client/httpx-0.6.7';
import { httpx_0_6_8 } from './client/httpx-0.6.8';
import { httpx_0_8 } from './client/httpx-0.8';
import { httpx_0_9_4 } from './client/httpx-0.9.4';
import { httpx_0_13 } from './client/httpx-0.13';
import { httpx_0_23 } from './client/httpx-0.23';
import { node_agent_20 } from './client/node-agent-20';
import { node_fetch_20 } from './client/node-fetch-20';
import { requests } from './client/requests';
import { undici_7 } from './client/undici-7';
import { urllib3_2 } from './client/urllib3-2';
import { apache24 } from './server/apache-2.4';
import { awsAlb } from './server/aws-alb';
import { awsNlb } from './server/aws-nlb';
import { azureLb } from './server/azure-lb';
import { envoy } from './server/envoy';
import { gunicornUvicorn } from './server/gunicorn-uvicorn';
import { haproxy } from './server/haproxy';
import { nginx } from './server/nginx';
import { nodeHttp20 } from './server/node-http-20';
import { uvicorn } from './server/uvicorn';
import type { ClientPolicy, ServerProfile } from './types';

/** The httpx fix history, in order: each rung changes one thing. */
export const HTTPX_LADDER: readonly ClientPolicy[] = [
  http3_0_6,
  httpx_0_6_7,
  httpx_0_6_8,
  httpx_0_8,
  httpx_0_9_4,
  httpx_0_13,
  httpx_0_23,
];

/** Every client policy: the httpx ladder, then the other major clients. */
export const CLIENT_POLICIES: readonly ClientPolicy[] = [
  ...HTTPX_LADDER,
  urllib3_2,
  requests,
  go_net_http,
  node_agent_20,
  node_fetch_20,
  undici_7,
  aiohttp_3_10,
];
/** Load balancers and proxies, client-facing side (sources are vendor docs; what they leave undocumented is said in each). */
export const LOAD_BALANCER_PROFILES: readonly ServerProfile[] = [awsAlb, awsNlb, azureLb, haproxy, envoy];
/** Every server profile, load balancers last. */
export const SERVER_PROFILES: readonly ServerProfile[] = [
  uvicorn,
  gunicornUvicorn,
  nodeHttp20,
  nginx,
  apache24,
  ...LOAD_BALANCER_PROFILES,
];

export const clientPolicy = (name: string): ClientPolicy | undefined =>
  CLIENT_POLICIES.find((p) => p.name === name);
export const serverProfile = (name: string): ServerProfile | undefined =>
  SERVER_PROFILES.find((p) => p.name === name);
