import type { ClientPolicy, ErrorContext, FailureCause } from '../types';

/** Node's errors for a socket failure (`code` is set on each). */
export function nodeSocketError(cause: FailureCause, ctx: ErrorContext) {
  if (cause === 'reset') return { class: 'Error', message: 'read ECONNRESET', code: 'ECONNRESET' };
  const errno = ctx.errno ?? 'EPIPE';
  return { class: 'Error', message: `write ${errno}`, code: errno };
}

/**
 * Node 20's `http.globalAgent` (v20.20.2): keep-alive, LIFO, `timeout: 5000`
 * (a socket inactivity timer that destroys a free socket). A free socket
 * whose FIN is read ends, closes and is removed; but taking a free socket and
 * writing the request happen in one `process.nextTick`, which never yields to
 * I/O, so a FIN sitting unread in the kernel does not stop the write. A
 * `Keep-Alive: timeout=N` hint is used as N − 1 s when that is below the
 * agent's timeout, and a socket is not kept when it is 0 or less (the 1 s
 * buffer came with nodejs/node#54863; earlier v20 used the hint as is).
 */
export const node_agent_20: ClientPolicy = {
  name: 'node-agent-20',
  title: 'Node 20 http.Agent (globalAgent: 5 s timer, hint − 1 s, no yield)',
  summary:
    'LIFO; drops a free socket once its FIN is processed but can write before that; 5 s idle timer, min(timer, hint − 1 s); no retry.',
  source: {
    library: 'Node.js http',
    version: 'v20.20.2',
    files: [
      'nodejs/node@v20.20.2:lib/_http_agent.js (globalAgent keepAlive, scheduling lifo, timeout 5000; keepSocketAlive: hint*1000 - HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER; removeSocket on close)',
      'nodejs/node@v20.20.2:lib/_http_client.js (onSocket -> process.nextTick(onSocketNT); socketOnEnd: "socket hang up" ConnResetException)',
      'nodejs/node#54863 (the 1 s hint buffer)',
    ],
  },
  reuseOrder: 'lifo',
  sendsKeepAliveHeader: true,
  detection: { atCheckout: 'none', scope: 'until-good', eagerReader: true, yieldBeforeWrite: false },
  readErrorAsEof: false,
  idleExpiryMs: 5000,
  expiryCheck: { kind: 'timer' },
  hint: { use: true, subtractMs: 1000, neverReuseAtOrBelowZero: true },
  maxConnections: 10_000,
  maxIdle: 256,
  eventLoopDelayMs: 0.02,
  // No response timeout by default; 30 s stands in so that a lost response still ends.
  readTimeoutMs: 30_000,
  retry: null,
  errorFor(cause, ctx) {
    switch (cause) {
      case 'eof':
        return { class: 'Error', message: 'socket hang up', code: 'ECONNRESET' };
      case 'timeout':
        return { class: 'Error', message: 'socket hang up', code: 'ECONNRESET' };
      default:
        return nodeSocketError(cause, ctx);
    }
  },
};
