/**
 * "Paste your error": an exception or traceback as a user would paste it, matched against the
 * errors the modelled libraries raise (policies/client/*.ts `errorFor` gives the same texts), to
 * the library, the mechanism it points to, what else it could mean, and what to open.
 */
import type { Diagnosis, RiskInput } from './types';

interface Signature {
  id: string;
  /** All must match. */
  match: RegExp[];
  library: (text: string) => string;
  mechanism: string;
  alternatives: string[];
  preset: string | null;
  client: string;
  server: string;
  method: 'GET' | 'POST';
}

const CLOSED_MID_REQUEST =
  'the server closed the connection while handling the request (a keep-alive timer bug such as uvicorn #824/#1637: preset leaky-idle-timer), or it crashed or restarted';
const PROXY =
  'a load balancer or proxy in between closed the idle connection (AWS ALB 60 s, HAProxy, Envoy): pick its profile';
const RACE =
  'a race window: the request left while the server’s FIN was on the wire (no check at checkout can see it; only an expiry below the server’s timeout or a retry helps)';

const SIGNATURES: readonly Signature[] = [
  {
    id: 'h11-send-response-http3',
    match: [/ConnectionClosed when role=SERVER and state=SEND_RESPONSE/, /\bhttp3\b/],
    library: () => 'http3 0.5–0.6.7 (the library before its rename to httpx), over h11',
    mechanism:
      'stale reuse: the pool handed out an idle keep-alive connection the server had already closed (no check at checkout, no idle expiry), the request went out, and h11 read end of file before any response (encode/httpx#96)',
    alternatives: [RACE, CLOSED_MID_REQUEST, PROXY],
    preset: 'issue-96',
    client: 'http3-0.6',
    server: 'uvicorn',
    method: 'POST',
  },
  {
    id: 'h11-send-response',
    match: [/ConnectionClosed when role=SERVER and state=SEND_RESPONSE/],
    library: (t) =>
      /httpx\.RemoteProtocolError|httpcore/.test(t)
        ? 'httpx with httpcore before 0.13.2 or 0.14.0–0.14.4, the releases without the "Server disconnected without sending a response" message (h11’s text passed through; encode/httpx#1478)'
        : 'h11 under a client that passes its error through (http3/httpx before that message, or another h11-based client)',
    mechanism:
      'the connection closed after the request was sent and before any response: a reused connection the server had closed (stale reuse or a race window)',
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: 'issue-96',
    client: 'http3-0.6',
    server: 'uvicorn',
    method: 'POST',
  },
  {
    id: 'httpx-server-disconnected',
    match: [/RemoteProtocolError/, /Server disconnected without sending a response/],
    library: () =>
      'httpx with httpcore 0.13.2 or later (except 0.14.0–0.14.4, which lost the message; encode/httpx#1478)',
    mechanism: `${RACE}; httpcore’s readability poll drops connections whose FIN had already arrived, so stale reuse is not the cause unless the client has no expiry and polls too late`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: 'issue-96-fixed',
    client: 'httpx-0.23',
    server: 'uvicorn',
    method: 'GET',
  },
  {
    id: 'httpx-connection-closed',
    match: [/httpx\.exceptions\.ConnectionClosed|httpx\._exceptions\.ConnectionClosed/],
    library: () => 'httpx 0.8–0.12',
    mechanism: `${RACE} (httpx 0.8 checks at_eof() at checkout, so a FIN that had arrived is seen)`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: null,
    client: 'httpx-0.9.4',
    server: 'uvicorn',
    method: 'GET',
  },
  {
    id: 'python-remote-disconnected',
    match: [/RemoteDisconnected/],
    library: (t) =>
      /requests\.exceptions/.test(t)
        ? 'requests (urllib3 underneath, http.client’s RemoteDisconnected)'
        : /urllib3/.test(t)
          ? 'urllib3 (http.client’s RemoteDisconnected)'
          : 'Python http.client (urllib3 / requests)',
    mechanism: `${RACE}: urllib3 polls the socket at checkout, so a FIN that had arrived is seen; requests does not retry (urllib3 retries idempotent methods by default)`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: null,
    client: 'requests',
    server: 'uvicorn',
    method: 'GET',
  },
  {
    id: 'aiohttp-server-disconnected',
    match: [/ServerDisconnectedError/],
    library: () => 'aiohttp',
    mechanism: `${RACE}; aiohttp retries an idempotent request once on a new connection, so a GET that still fails hit it twice, a POST is not retried`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: null,
    client: 'aiohttp-3.10',
    server: 'uvicorn',
    method: 'POST',
  },
  {
    id: 'undici-other-side-closed',
    match: [/other side closed|UND_ERR_SOCKET/],
    library: () => 'undici (Node’s fetch, or undici’s own Agent)',
    mechanism:
      'the server closed the connection under a request: undici reads the FIN on idle sockets and trims its expiry by the Keep-Alive hint, so this is a close mid-request or a close it had no hint for',
    alternatives: [RACE, PROXY],
    preset: null,
    client: 'undici-7',
    server: 'node-http-20',
    method: 'GET',
  },
  {
    id: 'node-socket-hang-up',
    match: [/socket hang up/],
    library: () => 'Node.js http (http.Agent), error code ECONNRESET',
    mechanism: `${RACE}: the Agent drops idle sockets when their FIN arrives, so only a request already on its way when the FIN crossed it fails`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: null,
    client: 'node-agent-20',
    server: 'node-http-20',
    method: 'GET',
  },
  {
    id: 'go-eof',
    match: [/(Get|Post|Put|Patch|Delete|Head) "[^"]*": EOF\b|\bnet\/http: .*EOF|: EOF$/m],
    library: () => 'Go net/http',
    mechanism: `${RACE}: Go’s read loop drops a closed idle connection, and retries replayable requests (GET, HEAD, or with an Idempotency-Key) itself; a POST is not retried`,
    alternatives: [CLOSED_MID_REQUEST, PROXY],
    preset: null,
    client: 'go-net-http',
    server: 'uvicorn',
    method: 'POST',
  },
  {
    id: 'connection-reset-by-peer',
    match: [/connection reset by peer/i],
    library: (t) =>
      /read tcp|write tcp|\bGet "|\bPost "/.test(t)
        ? 'Go net/http'
        : /Errno 104|ConnectionResetError/.test(t)
          ? 'Python (ConnectionResetError, errno 104)'
          : 'unknown library (the OS error ECONNRESET)',
    mechanism:
      'an RST: the server (or a middlebox) reset the connection — a close with unread data in its buffer, e.g. a request that arrived just after it closed',
    alternatives: [
      'a load balancer or NAT that forgot an idle flow answers with RST (not modelled: profiles here close with FIN)',
      CLOSED_MID_REQUEST,
    ],
    preset: null,
    client: 'go-net-http',
    server: 'node-http-20',
    method: 'GET',
  },
  {
    id: 'econnreset',
    match: [/ECONNRESET/],
    library: () => 'Node.js (err.code ECONNRESET)',
    mechanism:
      'an RST on a kept-alive socket: the server destroyed the connection with data unread, often a request that reached it just after its idle close',
    alternatives: [
      RACE,
      'a middlebox that dropped the flow answers with RST (not modelled)',
      CLOSED_MID_REQUEST,
    ],
    preset: null,
    client: 'node-agent-20',
    server: 'node-http-20',
    method: 'GET',
  },
];

/** The ids of the signatures `diagnose` knows, in the order it tries them. */
export const DIAGNOSE_SIGNATURES: readonly string[] = SIGNATURES.map((s) => s.id);

/** What a signature opens in the explorer: its stack, sequential calls around the server's timeout. */
function riskInputFor(s: Signature): RiskInput {
  return {
    client: { policy: s.client },
    server: { profile: s.server },
    network: { delayMs: 2, jitterMs: 0.5 },
    traffic:
      s.preset === 'issue-96'
        ? { kind: 'seed-bursts' }
        : { kind: 'sequential', gap: { kind: 'exponential', meanMs: 5000 } },
    postShare: s.method === 'POST' ? 1 : 0,
    processes: 1,
    requests: 20_000,
    seed: 1,
  };
}

/** At most this much of a paste is read (a traceback is a few kB). */
export const DIAGNOSE_MAX_CHARS = 200_000;

export function diagnose(text: string): Diagnosis {
  const t = text.slice(0, DIAGNOSE_MAX_CHARS);
  const s = SIGNATURES.find((sig) => sig.match.every((re) => re.test(t)));
  if (!s)
    return {
      recognised: false,
      signature: null,
      library: null,
      mechanism: 'not recognised',
      alternatives: [],
      preset: null,
      riskInput: null,
      known: [...DIAGNOSE_SIGNATURES],
    };
  return {
    recognised: true,
    signature: s.id,
    library: s.library(t),
    mechanism: s.mechanism,
    alternatives: s.alternatives,
    preset: s.preset,
    riskInput: riskInputFor(s),
    known: [...DIAGNOSE_SIGNATURES],
  };
}
