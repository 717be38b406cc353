/**
 * The client's connection pool, driven by a policy: which idle connection a
 * request gets (LIFO/FIFO), whether it is checked first (expiry, readability),
 * when a new connection is dialled, and when requests wait for a free slot.
 * The pool only knows what its library knows: its probe reads the local
 * socket (a zero-timeout poll), never the server.
 */
import { enqueueActions, setup } from 'xstate';
import type { CloseDetection, ExpiryCheck, ReuseOrder } from '../policies/types';
import { Fifo } from './fifo';

export interface PoolRules {
  reuseOrder: ReuseOrder;
  atCheckout: CloseDetection['atCheckout'];
  scope: CloseDetection['scope'];
  /** How expiry is enforced at checkout; null = no client expiry (or a timer handles it). */
  expiryCheck: ExpiryCheck | null;
  maxConnections: number;
  /** Idle connections kept at most: a release beyond it closes the connection (null = no limit). */
  maxIdle: number | null;
}

/** What a pool can learn about an idle connection locally. */
export interface Probe {
  /** A zero-timeout poll says readable (EOF, data or an error is pending in the kernel). */
  readable(conn: number): boolean;
  /** The event loop has already read EOF (or an error) on this idle socket. */
  eofSeen(conn: number): boolean;
  /** ms since the connection was released to the pool. */
  idleForMs(conn: number): number;
  /** ms the policy allows this connection to stay idle (expiry, after any hint); null = forever. */
  expiryMs(conn: number): number | null;
  /** The client's clock, ms. */
  nowMs(): number;
  /** When the connection was last handed out (ms), for `mru-acquired`. */
  lastAcquiredMs(conn: number): number;
  /** A uniform draw in [0, 1) from the seeded client stream, for `arbitrary`. */
  random(): number;
}

/** The idle connection a policy's reuse order picks (idle is in release order, oldest first). */
export function pickIdle(order: ReuseOrder, idle: readonly number[], probe: Probe): number | undefined {
  if (idle.length === 0) return undefined;
  switch (order) {
    case 'lifo':
      return idle[idle.length - 1];
    case 'fifo':
      return idle[0];
    case 'oldest-created':
      // Connection ids grow with creation.
      return Math.min(...idle);
    case 'mru-acquired':
      return idle.reduce((best, c) => (probe.lastAcquiredMs(c) > probe.lastAcquiredMs(best) ? c : best));
    case 'arbitrary':
      return idle[Math.floor(probe.random() * idle.length)];
  }
}

export interface PoolInput {
  rules: PoolRules;
  probe: Probe;
}

interface PoolState {
  /** Idle connections, oldest release first. */
  idle: number[];
  /** Connections connecting or carrying a request. */
  busy: number;
  /** When expiry was last swept (`swept-at-checkout`), ms; -Infinity before the first sweep. */
  lastSweepMs: number;
}

interface PoolContext extends PoolInput, PoolState {
  /** Attempts waiting for a slot, first come first served (O(1) per push and shift). */
  waiting: Fifo<string>;
}

export type PoolEvent =
  /** A request attempt needs a connection; `fresh` skips idle ones (a retry that must dial). */
  | { type: 'ACQUIRE'; attempt: string; fresh: boolean }
  /** A response was read to the end and the connection is reusable. */
  | { type: 'RELEASE'; conn: number }
  /** A busy connection is gone (failed or closed after its response). */
  | { type: 'DROP_BUSY'; conn: number }
  /** An idle connection was noticed closed (background reader) or expired (client timer). */
  | { type: 'DROP_IDLE'; conn: number; reason: string };

export type PoolEmitted =
  | { type: 'reuse'; attempt: string; conn: number }
  | { type: 'dial'; attempt: string }
  | { type: 'queue'; attempt: string }
  | { type: 'discard'; conn: number; reason: string };

export type PoolEffect = PoolEmitted;

interface Checkout extends PoolState {
  effects: PoolEffect[];
}

/** Why an idle connection must not be used, or null if it looks fine to this library. */
function rejectReason(rules: PoolRules, probe: Probe, conn: number, checkExpiry: boolean): string | null {
  if (checkExpiry) {
    const expiry = probe.expiryMs(conn);
    // `now > expires_at`, as httpx and httpcore compare.
    if (expiry !== null && probe.idleForMs(conn) > expiry) return 'expired';
  }
  if (rules.atCheckout === 'poll' && probe.readable(conn)) return 'readable: dropped by server';
  if (rules.atCheckout === 'eof-seen' && probe.eofSeen(conn)) return 'EOF seen: dropped by server';
  return null;
}

/**
 * The checkout decision as a pure function: which idle connections the
 * library closes as dropped or expired (per its scope), which one it hands
 * out (per its reuse order), or whether it dials, or makes the attempt wait.
 */
export function checkout(
  rules: PoolRules,
  probe: Probe,
  state: PoolState,
  attempt: string,
  fresh: boolean,
): Checkout | null {
  const effects: PoolEffect[] = [];
  let idle = state.idle;
  let lastSweepMs = state.lastSweepMs;
  let checkExpiry = rules.expiryCheck !== null && rules.expiryCheck.kind !== 'timer';
  if (rules.expiryCheck?.kind === 'swept-at-checkout') {
    const now = probe.nowMs();
    checkExpiry = now - lastSweepMs >= rules.expiryCheck.everyMs;
    if (checkExpiry) lastSweepMs = now;
  }
  const discard = (conn: number, reason: string) => {
    effects.push({ type: 'discard', conn, reason });
    idle = idle.filter((c) => c !== conn);
  };
  const pick = () => pickIdle(rules.reuseOrder, idle, probe);

  if (rules.scope === 'whole-pool' || (checkExpiry && rules.expiryCheck?.kind === 'swept-at-checkout')) {
    // Expiry sweeps always cover the whole pool; a whole-pool check also covers drops.
    for (const conn of [...idle]) {
      const reason =
        rules.scope === 'whole-pool'
          ? rejectReason(rules, probe, conn, checkExpiry)
          : rejectReason({ ...rules, atCheckout: 'none' }, probe, conn, true);
      if (reason) discard(conn, reason);
    }
  }
  if (!fresh && idle.length > 0) {
    let conn = pick();
    if (rules.scope !== 'whole-pool') {
      const expiryAtPick = checkExpiry && rules.expiryCheck?.kind === 'at-checkout';
      while (conn !== undefined) {
        const reason = rejectReason(rules, probe, conn, expiryAtPick);
        if (!reason) break;
        discard(conn, reason);
        conn = rules.scope === 'until-good' ? pick() : undefined;
      }
    }
    if (conn !== undefined) {
      const chosen = conn;
      effects.push({ type: 'reuse', attempt, conn: chosen });
      return { idle: idle.filter((c) => c !== chosen), busy: state.busy + 1, lastSweepMs, effects };
    }
  }
  if (fresh && idle.length + state.busy >= rules.maxConnections && idle.length > 0) {
    // Make room for the fresh connection by closing the oldest idle one.
    discard(idle[0]!, 'room for a fresh connection');
  }
  if (idle.length + state.busy < rules.maxConnections) {
    effects.push({ type: 'dial', attempt });
    return { idle, busy: state.busy + 1, lastSweepMs, effects };
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
        enqueue.assign({ waiting: context.waiting.push(e.attempt) });
        enqueue.emit({ type: 'queue', attempt: e.attempt });
        return;
      }
      enqueue.assign({ idle: result.idle, busy: result.busy, lastSweepMs: result.lastSweepMs });
      for (const effect of result.effects) enqueue.emit(effect);
    }),
    release: enqueueActions(({ context, event, enqueue }) => {
      const conn = (event as Extract<PoolEvent, { type: 'RELEASE' }>).conn;
      const first = context.waiting.shift();
      if (first !== undefined) {
        // A waiting request takes the connection straight away.
        const [next, rest] = first;
        enqueue.assign({ waiting: rest });
        enqueue.emit({ type: 'reuse', attempt: next, conn });
        return;
      }
      const limit = context.rules.maxIdle;
      if (limit !== null && context.idle.length >= limit) {
        // The pool keeps no more idle connections: this one is closed.
        enqueue.assign({ busy: context.busy - 1 });
        enqueue.emit({ type: 'discard', conn, reason: `idle limit (${limit}) reached` });
        return;
      }
      enqueue.assign({ idle: [...context.idle, conn], busy: context.busy - 1 });
    }),
    dropBusy: enqueueActions(({ context, enqueue }) => {
      const first = context.waiting.shift();
      if (first !== undefined) {
        // The freed slot goes to the first waiting request, as a new dial.
        const [next, rest] = first;
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
  context: ({ input }) => ({
    ...input,
    idle: [],
    busy: 0,
    waiting: Fifo.empty<string>(),
    lastSweepMs: Number.NEGATIVE_INFINITY,
  }),
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
