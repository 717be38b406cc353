/**
 * The server's handling of one accepted connection, shaped like uvicorn's
 * H11Protocol (encode/uvicorn uvicorn/protocols/http/h11_impl.py): read a
 * request, run the application for a drawn service time, write the response,
 * then arm the keep-alive idle timer; new bytes cancel it; when it fires the
 * transport is closed. A server that reached its requests-per-connection limit,
 * or whose client asked for `Connection: close`, closes after the response.
 *
 * `leakyIdleTimer` models uvicorn's keep-alive timer bugs with httptools
 * (#824, fixed by #832 in 0.12.3; #1637, fixed by #2243 in 0.27.1): an idle
 * timer armed after a response is not cancelled when the next request comes,
 * so it fires `idleCloseMs` after that response whatever the connection is
 * doing — in the middle of a later request, or while idle before the timer the
 * server believes in. The real bugs needed an ordering to leak the timer (the
 * next request's bytes arriving before `on_response_complete`, e.g. with
 * pipelining); this models the leaked timer, not that ordering.
 */
import { assign, emit, setup } from 'xstate';

export interface ServerInput {
  /** When the idle socket is really closed, in ms after the response completed. */
  idleCloseMs: number;
  /** Requests served on this connection before closing it; null = unlimited. */
  requestsPerConnection: number | null;
  /** The server's clock in ms (the leaky timer needs to know when it was armed). */
  nowMs: () => number;
}

interface ServerContext extends ServerInput {
  handled: number;
  serviceMs: number;
  /** Keep-alive is off for this cycle (client sent `Connection: close`, or the limit is reached). */
  closeAfterResponse: boolean;
  /** When the current idle period began, ms. */
  idleSince: number;
  /** When a leaked idle timer fires, ms (leaky variant only); null = none leaked. */
  leakedTimerAt: number | null;
}

export type ServerEvent =
  /** The application read a complete request. */
  | { type: 'REQUEST'; serviceMs: number; clientWantsClose: boolean }
  /** The peer closed or reset the connection. */
  | { type: 'PEER_GONE' };

export type ServerEmitted =
  | { type: 'handle'; count: number }
  | { type: 'respond'; closeAfter: boolean }
  | { type: 'close' };

/**
 * The per-connection server machine; `leakyIdleTimer` gives uvicorn's buggy
 * variant (see above), whose idle timer survives the next request.
 */
export function createServerMachine(leakyIdleTimer: boolean) {
  return setup({
    types: {
      input: {} as ServerInput,
      context: {} as ServerContext,
      events: {} as ServerEvent,
      emitted: {} as ServerEmitted,
    },
    guards: {
      mustCloseAfterResponse: ({ context }) => context.closeAfterResponse,
      timerLeaked: ({ context }) => context.leakedTimerAt !== null,
    },
    actions: {
      acceptRequest: assign(({ context, event }) => {
        const e = event as Extract<ServerEvent, { type: 'REQUEST' }>;
        const handled = context.handled + 1;
        const limitReached =
          context.requestsPerConnection !== null && handled >= context.requestsPerConnection;
        return { handled, serviceMs: e.serviceMs, closeAfterResponse: e.clientWantsClose || limitReached };
      }),
      runApplication: emit(({ context }) => ({ type: 'handle', count: context.handled }) as ServerEmitted),
      writeResponse: emit(
        ({ context }) => ({ type: 'respond', closeAfter: context.closeAfterResponse }) as ServerEmitted,
      ),
      closeTransport: emit({ type: 'close' }),
      startIdlePeriod: assign({ idleSince: ({ context }) => context.nowMs() }),
      /** The idle timer armed for this idle period is never cancelled: remember when it fires. */
      leakIdleTimer: assign({
        leakedTimerAt: ({ context }) => {
          const at = context.idleSince + context.idleCloseMs;
          return context.leakedTimerAt === null ? at : Math.min(context.leakedTimerAt, at);
        },
      }),
    },
    delays: {
      processing: ({ context }) => context.serviceMs,
      idleTimeout: ({ context }) =>
        context.leakedTimerAt === null
          ? context.idleCloseMs
          : Math.max(0, Math.min(context.idleCloseMs, context.leakedTimerAt - context.nowMs())),
      /** Not a number when nothing leaked: XState then raises it at once and the guard drops it. */
      leakedTimer: ({ context }) => {
        const ms = leakedDelayMs(context);
        return (Number.isFinite(ms) ? ms : undefined) as number;
      },
    },
  }).createMachine({
    id: 'server',
    // The input's fields one by one, not `...input`: V8 adds keys to a spread copy on a slow
    // path (≈ 6 µs here, once per connection; measured in sim-core/bench/README.md).
    context: ({ input }) => ({
      idleCloseMs: input.idleCloseMs,
      requestsPerConnection: input.requestsPerConnection,
      nowMs: input.nowMs,
      handled: 0,
      serviceMs: 0,
      closeAfterResponse: false,
      idleSince: 0,
      leakedTimerAt: null,
    }),
    initial: 'awaitingRequest',
    states: {
      awaitingRequest: {
        description:
          'Connection accepted; no request read yet (uvicorn arms no timer before the first request).',
        on: {
          REQUEST: { target: 'processing', actions: ['acceptRequest', 'runApplication'] },
          PEER_GONE: { target: 'closed', actions: 'closeTransport' },
        },
      },
      processing: {
        after: {
          processing: [
            {
              guard: 'mustCloseAfterResponse',
              target: 'closed',
              actions: ['writeResponse', 'closeTransport'],
            },
            { target: 'keepAliveIdle', actions: 'writeResponse' },
          ],
          ...(leakyIdleTimer
            ? {
                leakedTimer: {
                  guard: 'timerLeaked',
                  target: 'closed',
                  actions: 'closeTransport',
                  description:
                    'A leaked idle timer fired mid-request: the server closes the transport before responding.',
                },
              }
            : {}),
        },
        on: {
          PEER_GONE: {
            actions: assign({ closeAfterResponse: true }),
            description: 'The application still finishes; its response goes to a closed peer.',
          },
        },
      },
      keepAliveIdle: {
        description: 'Response complete; the keep-alive idle timer runs. New bytes cancel it.',
        entry: 'startIdlePeriod',
        after: {
          idleTimeout: {
            target: 'closed',
            actions: 'closeTransport',
            description:
              'The idle timer fired: the server closes the transport (FIN, or RST if bytes sit unread).',
          },
        },
        on: {
          REQUEST: {
            target: 'processing',
            actions: leakyIdleTimer
              ? ['leakIdleTimer', 'acceptRequest', 'runApplication']
              : ['acceptRequest', 'runApplication'],
            ...(leakyIdleTimer
              ? { description: 'The request does not cancel the idle timer (the leak): it keeps running.' }
              : {}),
          },
          PEER_GONE: { target: 'closed', actions: 'closeTransport' },
        },
      },
      closed: { type: 'final' },
    },
  });
}

/** A correct server: the idle timer is cancelled by the next request. */
export const serverMachine = createServerMachine(false);
/** uvicorn's leaky-timer variant. */
export const leakyServerMachine = createServerMachine(true);

/** The idle timer's delay on entering keepAliveIdle: a leaked timer due earlier wins. */
function idleDelayMs(c: ServerContext): number {
  return c.leakedTimerAt === null
    ? c.idleCloseMs
    : Math.max(0, Math.min(c.idleCloseMs, c.leakedTimerAt - c.nowMs()));
}

/** A leaked timer's delay while a request is processed; Infinity when none leaked. */
function leakedDelayMs(c: ServerContext): number {
  return c.leakedTimerAt === null ? Number.POSITIVE_INFINITY : Math.max(0, c.leakedTimerAt - c.nowMs());
}

/** Timers the trace names, per state that arms them. */
export const SERVER_TIMERS = {
  processing: [
    { timer: 'processing', delayMs: (c: ServerContext) => c.serviceMs },
    { timer: 'idle-timer', delayMs: leakedDelayMs },
  ],
  keepAliveIdle: { timer: 'idle-timer', delayMs: idleDelayMs },
} as const;
