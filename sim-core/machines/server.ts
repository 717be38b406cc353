/**
 * The server's handling of one accepted connection, shaped like uvicorn's
 * H11Protocol (encode/uvicorn uvicorn/protocols/http/h11_impl.py): read a
 * request, run the application for a drawn service time, write the response,
 * then arm the keep-alive idle timer; new bytes cancel it; when it fires the
 * transport is closed. A server that reached its requests-per-connection limit,
 * or whose client asked for `Connection: close`, closes after the response.
 */
import { assign, emit, setup } from 'xstate';

export interface ServerInput {
  /** When the idle socket is really closed, in ms after the response completed. */
  idleCloseMs: number;
  /** Requests served on this connection before closing it; null = unlimited. */
  requestsPerConnection: number | null;
}

interface ServerContext extends ServerInput {
  handled: number;
  serviceMs: number;
  /** Keep-alive is off for this cycle (client sent `Connection: close`, or the limit is reached). */
  closeAfterResponse: boolean;
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

export const serverMachine = setup({
  types: {
    input: {} as ServerInput,
    context: {} as ServerContext,
    events: {} as ServerEvent,
    emitted: {} as ServerEmitted,
  },
  guards: {
    mustCloseAfterResponse: ({ context }) => context.closeAfterResponse,
  },
  actions: {
    acceptRequest: assign(({ context, event }) => {
      const e = event as Extract<ServerEvent, { type: 'REQUEST' }>;
      const handled = context.handled + 1;
      const limitReached = context.requestsPerConnection !== null && handled >= context.requestsPerConnection;
      return { handled, serviceMs: e.serviceMs, closeAfterResponse: e.clientWantsClose || limitReached };
    }),
    runApplication: emit(({ context }) => ({ type: 'handle', count: context.handled }) as ServerEmitted),
    writeResponse: emit(
      ({ context }) => ({ type: 'respond', closeAfter: context.closeAfterResponse }) as ServerEmitted,
    ),
    closeTransport: emit({ type: 'close' }),
  },
  delays: {
    processing: ({ context }) => context.serviceMs,
    idleTimeout: ({ context }) => context.idleCloseMs,
  },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ ...input, handled: 0, serviceMs: 0, closeAfterResponse: false }),
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
          { guard: 'mustCloseAfterResponse', target: 'closed', actions: ['writeResponse', 'closeTransport'] },
          { target: 'keepAliveIdle', actions: 'writeResponse' },
        ],
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
      after: {
        idleTimeout: {
          target: 'closed',
          actions: 'closeTransport',
          description:
            'The idle timer fired: the server closes the transport (FIN, or RST if bytes sit unread).',
        },
      },
      on: {
        REQUEST: { target: 'processing', actions: ['acceptRequest', 'runApplication'] },
        PEER_GONE: { target: 'closed', actions: 'closeTransport' },
      },
    },
    closed: { type: 'final' },
  },
});

/** Timers the trace names, per state that arms one. */
export const SERVER_TIMERS = {
  processing: { timer: 'processing', delayMs: (c: ServerContext) => c.serviceMs },
  keepAliveIdle: { timer: 'idle-timer', delayMs: (c: ServerContext) => c.idleCloseMs },
} as const;
