/**
 * The client's connection pool, driven by a policy: which idle connection a
 * request gets (LIFO/FIFO), whether it is checked first (expiry, readability),
 * when a new connection is dialled, and when requests wait for a free slot.
 * The pool only knows what its library knows: its probe reads the local
 * socket (a zero-timeout poll), never the server.
 */
import { enqueueActions, setup } from 'xstate';
import type { CloseDetection } from '../policies/types';

export interface PoolRules {
  reuseOrder: 'lifo' | 'fifo';
  closeDetection: CloseDetection;
  /** ms from the response being closed; null = no client expiry. */
  idleExpiryMs: number | null;
  maxConnections: number;
}

/** What a pool can learn about an idle connection locally. */
export interface Probe {
  /** A zero-timeout poll says readable (EOF, data or an error is pending). */
  readable(conn: number): boolean;
  /** ms since the connection was released to the pool. */
  idleForMs(conn: number): number;
  /** ms the policy allows this connection to stay idle (expiry, after any hint); null = forever. */
  expiryMs(conn: number): number | null;
}

export interface PoolInput {
  rules: PoolRules;
  probe: Probe;
}

interface PoolContext extends PoolInput {
  /** Idle connections, oldest release first. */
  idle: number[];
  /** Connections connecting or carrying a request. */
  busy: number;
  /** Attempts waiting for a slot, first come first served. */
  waiting: string[];
}

export type PoolEvent =
  /** A request attempt needs a connection; `fresh` skips idle ones (a retry that must dial). */
  | { type: 'ACQUIRE'; attempt: string; fresh: boolean }
  /** A response was read to the end and the connection is reusable. */
  | { type: 'RELEASE'; conn: number }
  /** A busy connection is gone (failed or closed after its response). */
  | { type: 'DROP_BUSY'; conn: number }
  /** An idle connection was noticed closed (background reader). */
  | { type: 'DROP_IDLE'; conn: number; reason: string };

export type PoolEmitted =
  | { type: 'reuse'; attempt: string; conn: number }
  | { type: 'dial'; attempt: string }
  | { type: 'queue'; attempt: string }
  | { type: 'discard'; conn: number; reason: string };

export type PoolEffect = PoolEmitted;

interface Checkout {
  idle: number[];
  busy: number;
  effects: PoolEffect[];
}

/** Why an idle connection must not be used, or null if it looks fine. */
function rejectReason(rules: PoolRules, probe: Probe, conn: number): string | null {
  const expiry = probe.expiryMs(conn);
  if (expiry !== null && probe.idleForMs(conn) >= expiry) return 'expired';
  if (rules.closeDetection === 'checkout-poll' && probe.readable(conn)) return 'readable: dropped by server';
  return null;
}

/**
 * The checkout decision as a pure function. A polling pool first closes every
 * idle connection that has expired or reads as dropped (httpcore does this for
 * the whole pool on each request), then takes one by reuse order; otherwise it
 * dials when under the limit, else the attempt waits.
 */
export function checkout(
  rules: PoolRules,
  probe: Probe,
  state: { idle: number[]; busy: number },
  attempt: string,
  fresh: boolean,
): Checkout | null {
  const effects: PoolEffect[] = [];
  let idle = state.idle;
  if (rules.closeDetection === 'checkout-poll' || rules.idleExpiryMs !== null) {
    const keep: number[] = [];
    for (const conn of idle) {
      const reason = rejectReason(rules, probe, conn);
      if (reason) effects.push({ type: 'discard', conn, reason });
      else keep.push(conn);
    }
    idle = keep;
  }
  if (!fresh && idle.length > 0) {
    const conn = rules.reuseOrder === 'lifo' ? idle[idle.length - 1]! : idle[0]!;
    effects.push({ type: 'reuse', attempt, conn });
    return { idle: idle.filter((c) => c !== conn), busy: state.busy + 1, effects };
  }
  if (fresh && idle.length + state.busy >= rules.maxConnections && idle.length > 0) {
    // Make room for the fresh connection by closing the oldest idle one.
    const oldest = idle[0]!;
    effects.push({ type: 'discard', conn: oldest, reason: 'room for a fresh connection' });
    idle = idle.slice(1);
  }
  if (idle.length + state.busy < rules.maxConnections) {
    effects.push({ type: 'dial', attempt });
    return { idle, busy: state.busy + 1, effects };
  }
  return null;
}

export const clientPoolMachine = setup({
  types: {
    input: {} as PoolInput,
    context: {} as PoolContext,
    events: {} as PoolEvent,
    emitted: {} as PoolEmitted,
  },
  guards: {
    atCapacity: ({ context }) => context.idle.length === 0 && context.busy >= context.rules.maxConnections,
  },
  actions: {
    acquire: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Extract<PoolEvent, { type: 'ACQUIRE' }>;
      const result = checkout(context.rules, context.probe, context, e.attempt, e.fresh);
      if (!result) {
        enqueue.assign({ waiting: [...context.waiting, e.attempt] });
        enqueue.emit({ type: 'queue', attempt: e.attempt });
        return;
      }
      enqueue.assign({ idle: result.idle, busy: result.busy });
      for (const effect of result.effects) enqueue.emit(effect);
    }),
    release: enqueueActions(({ context, event, enqueue }) => {
      const conn = (event as Extract<PoolEvent, { type: 'RELEASE' }>).conn;
      const [next, ...rest] = context.waiting;
      if (next !== undefined) {
        // A waiting request takes the connection straight away.
        enqueue.assign({ waiting: rest });
        enqueue.emit({ type: 'reuse', attempt: next, conn });
        return;
      }
      enqueue.assign({ idle: [...context.idle, conn], busy: context.busy - 1 });
    }),
    dropBusy: enqueueActions(({ context, enqueue }) => {
      const [next, ...rest] = context.waiting;
      if (next !== undefined) {
        // The freed slot goes to the first waiting request, as a new dial.
        enqueue.assign({ waiting: rest });
        enqueue.emit({ type: 'dial', attempt: next });
        return;
      }
      enqueue.assign({ busy: context.busy - 1 });
    }),
    dropIdle: enqueueActions(({ context, event, enqueue }) => {
      const e = event as Extract<PoolEvent, { type: 'DROP_IDLE' }>;
      if (!context.idle.includes(e.conn)) return;
      enqueue.assign({ idle: context.idle.filter((c) => c !== e.conn) });
      enqueue.emit({ type: 'discard', conn: e.conn, reason: e.reason });
    }),
  },
}).createMachine({
  id: 'clientPool',
  context: ({ input }) => ({ ...input, idle: [], busy: 0, waiting: [] }),
  initial: 'available',
  on: {
    ACQUIRE: { actions: 'acquire' },
    RELEASE: { actions: 'release' },
    DROP_BUSY: { actions: 'dropBusy' },
    DROP_IDLE: { actions: 'dropIdle' },
  },
  states: {
    available: {
      description: 'A request can get a connection now: an idle one or a new dial.',
      always: { guard: 'atCapacity', target: 'saturated' },
    },
    saturated: {
      description: 'Every slot is busy: new requests wait for a release.',
      always: {
        guard: ({ context }) => !(context.idle.length === 0 && context.busy >= context.rules.maxConnections),
        target: 'available',
      },
    },
  },
});
