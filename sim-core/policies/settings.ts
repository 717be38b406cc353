/**
 * The settings an engineer changes to move a stack's timers, in each library's own words, with a
 * config snippet and where the setting is documented. Data only: the risk explorer's fixes
 * (sim-core/risk/fixes.ts) measure each change in the model and quote these words.
 *
 * `null` means the library has no setting for it (said in `why`), not that we did not look.
 */

/** A setting, rendered for a value in the library's unit. */
export interface SettingText {
  /** The setting in the library's own words, for the value (`httpx.Limits(keepalive_expiry=4.0)`). */
  setting(valueMs: number): string;
  snippet(valueMs: number): string;
  /** The value as the library takes it (uvicorn takes whole seconds): ms the model should run with. */
  roundMs(valueMs: number): number;
  source: string;
}

export interface ClientSettingsDoc {
  /** The client's own idle expiry; null when it has none to set. */
  expiry: SettingText | null;
  /**
   * Turning retries of idempotent requests on: the policy whose retry rule models the library with
   * that setting (same pool and checks), with its words. Null: no setting retries this failure.
   */
  retriesOn: { policy: string; setting: string; snippet: string; source: string; note?: string } | null;
  retriesOff: { policy: string; setting: string; snippet: string; source: string; note?: string } | null;
  /** Why a missing setting is missing (shown beside the fixes). */
  why?: string;
  /** A later policy of the same library (the httpx ladder's top rung), or a sibling client. */
  upgrade: { policy: string; setting: string; snippet: string; source: string } | null;
}

export interface ServerSettingsDoc {
  timeout: SettingText;
  /** How to make it send `Keep-Alive: timeout=N`; null when it cannot. */
  hint: { setting: string; snippet(idleMs: number): string; source: string } | null;
}

const sec = (ms: number) => ms / 1000;
const fmtSec = (ms: number) => {
  const s = sec(ms);
  return Number.isInteger(s) ? `${s}.0` : `${s}`;
};
const wholeSecUp = (ms: number) => Math.max(1000, Math.ceil(ms / 1000) * 1000);
const wholeSecDown = (ms: number) => Math.max(1000, Math.floor(ms / 1000) * 1000);
const same = (ms: number) => Math.round(ms);

const HTTPX_DOCS = 'https://www.python-httpx.org/advanced/resource-limits/';
const httpxExpiry: SettingText = {
  setting: (ms) => `httpx.Limits(keepalive_expiry=${fmtSec(ms)})`,
  snippet: (ms) => `client = httpx.Client(limits=httpx.Limits(keepalive_expiry=${fmtSec(ms)}))`,
  roundMs: same,
  source: HTTPX_DOCS,
};
const HTTPX_UPGRADE = {
  policy: 'httpx-0.23',
  setting: 'httpx >= 0.23 (httpcore >= 0.15)',
  snippet: 'pip install "httpx>=0.23"',
  source: 'https://github.com/encode/httpx/blob/master/CHANGELOG.md',
};
const HTTPX_NO_RETRY =
  'httpx has no retry for this error: HTTPTransport(retries=N) retries only failures to connect (ConnectError, ConnectTimeout), not a request on a reused connection';
const URLLIB3_RETRY_DOCS =
  'https://urllib3.readthedocs.io/en/stable/reference/urllib3.util.html#urllib3.util.Retry';

const oldHttpx: ClientSettingsDoc = {
  expiry: null,
  retriesOn: null,
  retriesOff: null,
  why: `no keepalive_expiry before httpx 0.9; ${HTTPX_NO_RETRY}`,
  upgrade: HTTPX_UPGRADE,
};

export const CLIENT_SETTINGS: Readonly<Record<string, ClientSettingsDoc>> = {
  'http3-0.6': oldHttpx,
  'httpx-0.6.7': oldHttpx,
  'httpx-0.6.8': oldHttpx,
  'httpx-0.8': oldHttpx,
  'httpx-0.9.4': {
    expiry: {
      setting: (ms) => `httpx.PoolLimits(keepalive_expiry=${fmtSec(ms)})`,
      snippet: (ms) => `client = httpx.Client(pool_limits=httpx.PoolLimits(keepalive_expiry=${fmtSec(ms)}))`,
      roundMs: same,
      source: 'https://github.com/encode/httpx/blob/0.9.4/httpx/config.py',
    },
    retriesOn: null,
    retriesOff: null,
    why: HTTPX_NO_RETRY,
    upgrade: HTTPX_UPGRADE,
  },
  'httpx-0.13': {
    expiry: null,
    retriesOn: null,
    retriesOff: null,
    why: `httpcore 0.9's pool has no working keepalive_expiry in this model (none at checkout); ${HTTPX_NO_RETRY}`,
    upgrade: HTTPX_UPGRADE,
  },
  'httpx-0.23': {
    expiry: httpxExpiry,
    retriesOn: null,
    retriesOff: null,
    why: HTTPX_NO_RETRY,
    upgrade: null,
  },
  'urllib3-2': {
    expiry: null,
    retriesOn: null,
    retriesOff: {
      policy: 'requests',
      setting: 'urllib3.Retry(0, read=False)',
      snippet: 'http = urllib3.PoolManager(retries=urllib3.Retry(0, read=False))',
      source: URLLIB3_RETRY_DOCS,
      note: 'measured with the requests policy (the same pool without retries; it keeps 10 idle connections, not 1)',
    },
    why: 'urllib3 has no idle expiry for pooled connections',
    upgrade: null,
  },
  requests: {
    expiry: null,
    retriesOn: {
      policy: 'urllib3-2',
      setting:
        'HTTPAdapter(max_retries=urllib3.Retry(total=3, allowed_methods=Retry.DEFAULT_ALLOWED_METHODS))',
      snippet:
        's = requests.Session()\ns.mount("http://", HTTPAdapter(max_retries=Retry(total=3, allowed_methods=Retry.DEFAULT_ALLOWED_METHODS)))',
      source: 'https://requests.readthedocs.io/en/latest/api/#requests.adapters.HTTPAdapter',
      note: 'measured with the urllib3-2 policy (the same pool with urllib3’s Retry(3); it keeps 1 idle connection, not 10)',
    },
    retriesOff: null,
    why: 'requests (urllib3) has no idle expiry for pooled connections',
    upgrade: null,
  },
  'go-net-http': {
    expiry: {
      setting: (ms) => `http.Transport{IdleConnTimeout: ${ms} * time.Millisecond}`,
      snippet: (ms) =>
        `client := &http.Client{Transport: &http.Transport{IdleConnTimeout: ${ms} * time.Millisecond}}`,
      roundMs: same,
      source: 'https://pkg.go.dev/net/http#Transport',
    },
    retriesOn: null,
    retriesOff: null,
    why: 'Go retries replayable requests on reused connections by itself and has no setting to change it (an Idempotency-Key header makes a POST replayable)',
    upgrade: null,
  },
  'node-agent-20': {
    expiry: {
      setting: (ms) => `new http.Agent({ keepAlive: true, timeout: ${ms} })`,
      snippet: (ms) => `const agent = new http.Agent({ keepAlive: true, timeout: ${ms} });`,
      roundMs: same,
      source: 'https://nodejs.org/docs/latest-v20.x/api/http.html#new-agentoptions',
    },
    retriesOn: null,
    retriesOff: null,
    why: 'Node’s http.Agent does not retry requests',
    upgrade: {
      policy: 'undici-7',
      setting: 'undici 7 Agent (fetch)',
      snippet: 'npm install undici@7',
      source: 'https://undici.nodejs.org/#/docs/api/Agent',
    },
  },
  'node-fetch-20': {
    expiry: {
      setting: (ms) => `new undici.Agent({ keepAliveTimeout: ${ms} })`,
      snippet: (ms) =>
        `setGlobalDispatcher(new Agent({ keepAliveTimeout: ${ms}, keepAliveTimeoutThreshold: 2000 }));`,
      roundMs: same,
      source: 'https://undici.nodejs.org/#/docs/api/Client?id=parameter-clientoptions',
    },
    retriesOn: null,
    retriesOff: null,
    why: 'fetch does not retry (undici’s RetryAgent is a separate dispatcher, not modelled)',
    upgrade: null,
  },
  'undici-7': {
    expiry: {
      setting: (ms) => `new Agent({ keepAliveTimeout: ${ms} })`,
      snippet: (ms) =>
        `setGlobalDispatcher(new Agent({ keepAliveTimeout: ${ms}, keepAliveTimeoutThreshold: 2000 }));`,
      roundMs: same,
      source: 'https://undici.nodejs.org/#/docs/api/Client?id=parameter-clientoptions',
    },
    retriesOn: null,
    retriesOff: null,
    why: 'undici’s Agent does not retry (its RetryAgent is a separate dispatcher, not modelled)',
    upgrade: null,
  },
  'aiohttp-3.10': {
    expiry: {
      setting: (ms) => `aiohttp.TCPConnector(keepalive_timeout=${fmtSec(ms)})`,
      snippet: (ms) =>
        `session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=${fmtSec(ms)}))`,
      roundMs: same,
      source: 'https://docs.aiohttp.org/en/stable/client_reference.html#aiohttp.TCPConnector',
    },
    retriesOn: null,
    retriesOff: null,
    why: 'aiohttp’s one retry of idempotent requests on a reused connection is built in, not a setting',
    upgrade: null,
  },
};

export const SERVER_SETTINGS: Readonly<Record<string, ServerSettingsDoc>> = {
  uvicorn: {
    timeout: {
      setting: (ms) => `uvicorn --timeout-keep-alive ${sec(wholeSecUp(ms))}`,
      snippet: (ms) => `uvicorn app:app --timeout-keep-alive ${sec(wholeSecUp(ms))}`,
      roundMs: wholeSecUp,
      source: 'https://www.uvicorn.org/settings/#timeouts',
    },
    hint: null,
  },
  'gunicorn-uvicorn': {
    timeout: {
      setting: (ms) => `gunicorn --keep-alive ${sec(wholeSecUp(ms))}`,
      snippet: (ms) =>
        `gunicorn app:app -k uvicorn.workers.UvicornWorker --keep-alive ${sec(wholeSecUp(ms))}`,
      roundMs: wholeSecUp,
      source: 'https://docs.gunicorn.org/en/stable/settings.html#keepalive',
    },
    hint: null,
  },
  'node-http-20': {
    timeout: {
      setting: (ms) => `server.keepAliveTimeout = ${ms}`,
      snippet: (ms) => `const server = http.createServer(app);\nserver.keepAliveTimeout = ${ms};`,
      roundMs: same,
      source: 'https://nodejs.org/docs/latest-v20.x/api/http.html#serverkeepalivetimeout',
    },
    hint: null,
  },
  nginx: {
    timeout: {
      setting: (ms) => `keepalive_timeout ${sec(wholeSecUp(ms))}s;`,
      snippet: (ms) => `http {\n    keepalive_timeout ${sec(wholeSecUp(ms))}s;\n}`,
      roundMs: wholeSecUp,
      source: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout',
    },
    hint: {
      setting: 'keepalive_timeout TIMEOUT HEADER_TIMEOUT (the second parameter sends Keep-Alive: timeout=)',
      snippet: (ms) => `keepalive_timeout ${sec(wholeSecUp(ms))}s ${sec(wholeSecDown(ms))}s;`,
      source: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout',
    },
  },
  'apache-2.4': {
    timeout: {
      setting: (ms) => `KeepAliveTimeout ${sec(wholeSecUp(ms))}`,
      snippet: (ms) => `KeepAlive On\nKeepAliveTimeout ${sec(wholeSecUp(ms))}`,
      roundMs: wholeSecUp,
      source: 'https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout',
    },
    hint: null,
  },
  'aws-alb': {
    timeout: {
      setting: (ms) => `idle_timeout.timeout_seconds = ${sec(wholeSecUp(ms))}`,
      snippet: (ms) =>
        `aws elbv2 modify-load-balancer-attributes --load-balancer-arn $ALB --attributes Key=idle_timeout.timeout_seconds,Value=${sec(wholeSecUp(ms))}`,
      roundMs: wholeSecUp,
      source:
        'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout',
    },
    hint: null,
  },
  'aws-nlb': {
    timeout: {
      setting: (ms) => `tcp.idle_timeout.seconds = ${sec(wholeSecUp(ms))}`,
      snippet: (ms) =>
        `aws elbv2 modify-listener-attributes --listener-arn $LISTENER --attributes Key=tcp.idle_timeout.seconds,Value=${sec(wholeSecUp(ms))}`,
      roundMs: wholeSecUp,
      source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html',
    },
    hint: null,
  },
  'azure-lb': {
    timeout: {
      setting: (ms) => `idleTimeoutInMinutes = ${Math.ceil(ms / 60_000)}`,
      snippet: (ms) =>
        `az network lb rule update --resource-group $RG --lb-name $LB --name $RULE --idle-timeout ${Math.ceil(ms / 60_000)} --enable-tcp-reset true`,
      roundMs: (ms) => Math.ceil(ms / 60_000) * 60_000,
      source: 'https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout',
    },
    hint: null,
  },
  haproxy: {
    timeout: {
      setting: (ms) => `timeout http-keep-alive ${ms}ms`,
      snippet: (ms) => `defaults\n    mode http\n    timeout http-keep-alive ${ms}ms`,
      roundMs: same,
      source: 'https://docs.haproxy.org/2.8/configuration.html#4.2-timeout%20http-keep-alive',
    },
    hint: null,
  },
  envoy: {
    timeout: {
      setting: (ms) => `common_http_protocol_options.idle_timeout: ${sec(wholeSecUp(ms))}s`,
      snippet: (ms) =>
        `typed_config:\n  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n  common_http_protocol_options:\n    idle_timeout: ${sec(wholeSecUp(ms))}s`,
      roundMs: wholeSecUp,
      source: 'https://www.envoyproxy.io/docs/envoy/latest/faq/configuration/timeouts',
    },
    hint: null,
  },
};
