/**
 * The pool's belief about one connection: what the client library thinks,
 * not what the sockets say. The race window is the time this machine says
 * `idle` (reusable) while the server has already closed the connection.
 */
import { setup } from 'xstate';

export type BeliefEvent =
  | { type: 'CONNECTED' }
  | { type: 'CHECKOUT' }
  | { type: 'RELEASE' }
  | { type: 'DISCARD'; reason: string };

export const pooledConnectionMachine = setup({
  types: { events: {} as BeliefEvent },
}).createMachine({
  id: 'pooledConnection',
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
          description: 'The response was read to the end: the connection goes back to the pool as reusable.',
        },
        DISCARD: 'closed',
      },
    },
    idle: {
      description: 'In the pool, believed reusable.',
      on: {
        CHECKOUT: 'active',
        DISCARD: {
          target: 'closed',
          description:
            'Expired, found dropped by a liveness check, or noticed closed by a background reader.',
        },
      },
    },
    closed: { type: 'final' },
  },
});
