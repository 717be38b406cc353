/**
 * The pool's belief about one connection: what the client library thinks,
 * not what the sockets say. The race window is the time this machine says
 * `idle` (reusable) while the server has already closed the connection.
 *
 * Libraries that enforce their idle limit with a timer (Node's Agent, undici,
 * Go) get an `after` on `idle`: when it fires the client closes the
 * connection itself. Libraries that compare the clock at checkout have no
 * timer here; the pool discards them when asked for a connection.
 */
import { assign, emit, setup } from 'xstate';

export type BeliefEvent =
  | { type: 'CONNECTED' }
  | { type: 'CHECKOUT' }
  /** The response was read; `expiryMs` is this connection's idle limit (after any hint), null = none. */
  | { type: 'RELEASE'; expiryMs: number | null }
  | { type: 'DISCARD'; reason: string };

export type BeliefEmitted = { type: 'expired' };

interface BeliefContext {
  /** This connection's idle limit after its last response (after any hint), ms; null = none. */
  expiryMs: number | null;
}

const IDLE_DESCRIPTION = 'In the pool, believed reusable.';
const DISCARD_DESCRIPTION =
  'Expired, found dropped by a liveness check, or noticed closed by a background reader.';

/**
 * The belief machine for a library. `expiryByTimer`: the library closes idle
 * connections itself when a per-connection timer fires (Node's Agent, undici,
 * Go); otherwise `idle` has no timer and expiry is judged at checkout.
 */
export function createPooledConnectionMachine(expiryByTimer: boolean) {
  return setup({
    types: {
      events: {} as BeliefEvent,
      emitted: {} as BeliefEmitted,
      context: {} as BeliefContext,
    },
    actions: {
      rememberExpiry: assign({
        expiryMs: ({ event }) => (event.type === 'RELEASE' ? event.expiryMs : null),
      }),
      reportExpired: emit({ type: 'expired' } as BeliefEmitted),
    },
    delays: {
      idleExpiry: ({ context }) => context.expiryMs ?? 0,
    },
  }).createMachine({
    id: 'pooledConnection',
    context: { expiryMs: null },
    initial: 'connecting',
    states: {
      connecting: {
        on: { CONNECTED: 'active', DISCARD: 'closed' },
      },
      active: {
        description: 'Carrying a request and its response.',
        on: {
          RELEASE: {
            target: 'idle',
            actions: 'rememberExpiry',
            description:
              'The response was read to the end: the connection goes back to the pool as reusable.',
          },
          DISCARD: 'closed',
        },
      },
      idle: {
        description: expiryByTimer
          ? `${IDLE_DESCRIPTION} The client’s own idle timer runs.`
          : IDLE_DESCRIPTION,
        ...(expiryByTimer
          ? {
              after: {
                idleExpiry: {
                  target: 'closed',
                  actions: 'reportExpired',
                  description: 'The client’s idle timer fired: the client closes the connection itself.',
                },
              },
            }
          : {}),
        on: {
          CHECKOUT: 'active',
          DISCARD: { target: 'closed', description: DISCARD_DESCRIPTION },
        },
      },
      closed: { type: 'final' },
    },
  });
}

/** The belief of a library that judges expiry at checkout (no idle timer). */
export const pooledConnectionMachine = createPooledConnectionMachine(false);
/** The belief of a library with a per-connection idle timer. */
export const timedPooledConnectionMachine = createPooledConnectionMachine(true);
