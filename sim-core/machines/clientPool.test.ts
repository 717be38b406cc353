import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { checkout, clientPoolMachine, type PoolEmitted, type PoolRules, type Probe } from './clientPool';
import { pooledConnectionMachine } from './pooledConnection';

const rules = (over: Partial<PoolRules> = {}): PoolRules => ({
  reuseOrder: 'lifo',
  closeDetection: 'none',
  idleExpiryMs: null,
  maxConnections: 10,
  ...over,
});

/** A probe over a table of idle connections: readable (FIN arrived) and idle time. */
function probe(
  table: Record<number, { readable?: boolean; idleMs?: number; expiryMs?: number | null }>,
): Probe {
  return {
    readable: (c) => table[c]?.readable ?? false,
    idleForMs: (c) => table[c]?.idleMs ?? 0,
    expiryMs: (c) => table[c]?.expiryMs ?? null,
  };
}

describe('checkout', () => {
  it('LIFO hands out the most recently released connection, FIFO the oldest', () => {
    const state = { idle: [1, 2, 3], busy: 0 };
    expect(checkout(rules(), probe({}), state, 'a', false)!.effects).toEqual([
      { type: 'reuse', attempt: 'a', conn: 3 },
    ]);
    expect(checkout(rules({ reuseOrder: 'fifo' }), probe({}), state, 'a', false)!.effects).toEqual([
      { type: 'reuse', attempt: 'a', conn: 1 },
    ]);
  });

  it('without a check, a connection whose FIN has arrived is handed out anyway', () => {
    const result = checkout(rules(), probe({ 3: { readable: true } }), { idle: [3], busy: 0 }, 'a', false)!;
    expect(result.effects).toEqual([{ type: 'reuse', attempt: 'a', conn: 3 }]);
  });

  it('a polling pool discards every idle connection that reads as dropped or expired, then reuses or dials', () => {
    const p = probe({ 1: { idleMs: 6000, expiryMs: 5000 }, 2: { readable: true }, 3: {} });
    const result = checkout(
      rules({ closeDetection: 'checkout-poll', idleExpiryMs: 5000 }),
      p,
      { idle: [1, 2, 3], busy: 0 },
      'a',
      false,
    )!;
    expect(result.effects).toEqual([
      { type: 'discard', conn: 1, reason: 'expired' },
      { type: 'discard', conn: 2, reason: 'readable: dropped by server' },
      { type: 'reuse', attempt: 'a', conn: 3 },
    ]);
    expect(result.idle).toEqual([]);
    expect(result.busy).toBe(1);

    const none = checkout(
      rules({ closeDetection: 'checkout-poll' }),
      probe({ 1: { readable: true } }),
      { idle: [1], busy: 0 },
      'b',
      false,
    )!;
    expect(none.effects).toEqual([
      { type: 'discard', conn: 1, reason: 'readable: dropped by server' },
      { type: 'dial', attempt: 'b' },
    ]);
  });

  it('expiry alone (no poll) discards by idle time only, at exactly the limit', () => {
    const r = rules({ idleExpiryMs: 5000 });
    const at = (idleMs: number) =>
      checkout(
        r,
        probe({ 1: { idleMs, expiryMs: 5000, readable: true } }),
        { idle: [1], busy: 0 },
        'a',
        false,
      )!.effects[0]!.type;
    expect(at(4999.999)).toBe('reuse');
    expect(at(5000)).toBe('discard');
  });

  it('dials under the limit and queues at it', () => {
    expect(
      checkout(rules({ maxConnections: 2 }), probe({}), { idle: [], busy: 1 }, 'a', false)!.effects,
    ).toEqual([{ type: 'dial', attempt: 'a' }]);
    expect(checkout(rules({ maxConnections: 2 }), probe({}), { idle: [], busy: 2 }, 'a', false)).toBeNull();
  });

  it('a fresh-connection retry skips idle connections, closing the oldest when the pool is full', () => {
    const result = checkout(rules({ maxConnections: 2 }), probe({}), { idle: [4, 5], busy: 0 }, 'r', true)!;
    expect(result.effects).toEqual([
      { type: 'discard', conn: 4, reason: 'room for a fresh connection' },
      { type: 'dial', attempt: 'r' },
    ]);
    expect(result.idle).toEqual([5]);
  });
});

describe('clientPool machine', () => {
  function pool(maxConnections: number) {
    const actor = createActor(clientPoolMachine, {
      input: { rules: rules({ maxConnections }), probe: probe({}) },
    });
    const emitted: PoolEmitted[] = [];
    actor.on('*', (e) => emitted.push(e as PoolEmitted));
    actor.start();
    return { actor, emitted, state: () => actor.getSnapshot().value };
  }

  it('saturates at the limit, queues, and hands a released connection straight to the first waiter', () => {
    const p = pool(1);
    p.actor.send({ type: 'ACQUIRE', attempt: '1.1', fresh: false });
    expect(p.state()).toBe('saturated');
    p.actor.send({ type: 'ACQUIRE', attempt: '2.1', fresh: false });
    p.actor.send({ type: 'RELEASE', conn: 1 });
    expect(p.emitted).toEqual([
      { type: 'dial', attempt: '1.1' },
      { type: 'queue', attempt: '2.1' },
      { type: 'reuse', attempt: '2.1', conn: 1 },
    ]);
    expect(p.state()).toBe('saturated');
    p.actor.send({ type: 'RELEASE', conn: 1 });
    expect(p.state()).toBe('available');
    expect(p.actor.getSnapshot().context.idle).toEqual([1]);
  });

  it('gives a waiter a new dial when a busy connection is dropped', () => {
    const p = pool(1);
    p.actor.send({ type: 'ACQUIRE', attempt: '1.1', fresh: false });
    p.actor.send({ type: 'ACQUIRE', attempt: '2.1', fresh: false });
    p.actor.send({ type: 'DROP_BUSY', conn: 1 });
    expect(p.emitted.at(-1)).toEqual({ type: 'dial', attempt: '2.1' });
  });

  it('drops an idle connection a background reader saw closed, and ignores one that is not idle', () => {
    const p = pool(4);
    p.actor.send({ type: 'ACQUIRE', attempt: '1.1', fresh: false });
    p.actor.send({ type: 'RELEASE', conn: 1 });
    p.actor.send({ type: 'DROP_IDLE', conn: 1, reason: 'reader' });
    p.actor.send({ type: 'DROP_IDLE', conn: 1, reason: 'reader' });
    expect(p.emitted.filter((e) => e.type === 'discard')).toEqual([
      { type: 'discard', conn: 1, reason: 'reader' },
    ]);
    expect(p.actor.getSnapshot().context.idle).toEqual([]);
  });
});

describe('pooledConnection (the pool’s belief)', () => {
  it('goes connecting → active → idle → active → closed, and never leaves closed', () => {
    const actor = createActor(pooledConnectionMachine).start();
    const states: string[] = [];
    actor.subscribe((s) => states.push(String(s.value)));
    for (const type of ['CONNECTED', 'RELEASE', 'CHECKOUT', 'RELEASE'] as const) actor.send({ type });
    actor.send({ type: 'DISCARD', reason: 'expired' });
    actor.send({ type: 'CHECKOUT' });
    expect(states).toEqual(['active', 'idle', 'active', 'idle', 'closed']);
    expect(actor.getSnapshot().status).toBe('done');
  });
});
