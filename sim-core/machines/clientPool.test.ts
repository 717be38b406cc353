import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { Simulator, usFromMs } from '../kernel/simulator';
import { checkout, clientPoolMachine, type PoolEmitted, type PoolRules, type Probe } from './clientPool';
import { pooledConnectionMachine, timedPooledConnectionMachine } from './pooledConnection';

const rules = (over: Partial<PoolRules> = {}): PoolRules => ({
  reuseOrder: 'lifo',
  atCheckout: 'none',
  scope: 'whole-pool',
  expiryCheck: null,
  maxConnections: 10,
  maxIdle: null,
  ...over,
});

/** What a probe reports of one idle connection. */
interface ProbedConn {
  readable?: boolean;
  eofSeen?: boolean;
  idleMs?: number;
  expiryMs?: number | null;
  acquiredMs?: number;
}

/** A probe over a table of idle connections: readable (FIN arrived), EOF seen by the loop, idle time. */
function probe(table: Record<number, ProbedConn>, nowMs = 0, random = 0): Probe {
  return {
    readable: (c) => table[c]?.readable ?? false,
    eofSeen: (c) => table[c]?.eofSeen ?? false,
    idleForMs: (c) => table[c]?.idleMs ?? 0,
    expiryMs: (c) => table[c]?.expiryMs ?? null,
    nowMs: () => nowMs,
    lastAcquiredMs: (c) => table[c]?.acquiredMs ?? 0,
    random: () => random,
  };
}

const at = (idle: number[], busy = 0) => ({ idle, busy, lastSweepMs: Number.NEGATIVE_INFINITY });

describe('checkout', () => {
  it('LIFO hands out the most recently released connection, FIFO the oldest', () => {
    const state = at([1, 2, 3]);
    expect(checkout(rules(), probe({}), state, 'a', false)!.effects).toEqual([
      { type: 'reuse', attempt: 'a', conn: 3 },
    ]);
    expect(checkout(rules({ reuseOrder: 'fifo' }), probe({}), state, 'a', false)!.effects).toEqual([
      { type: 'reuse', attempt: 'a', conn: 1 },
    ]);
  });

  it('without a check, a connection whose FIN has arrived is handed out anyway', () => {
    const result = checkout(rules(), probe({ 3: { readable: true } }), at([3]), 'a', false)!;
    expect(result.effects).toEqual([{ type: 'reuse', attempt: 'a', conn: 3 }]);
  });

  it('a polling pool discards every idle connection that reads as dropped or expired, then reuses or dials', () => {
    const p = probe({ 1: { idleMs: 6000, expiryMs: 5000 }, 2: { readable: true }, 3: {} });
    const result = checkout(
      rules({ atCheckout: 'poll', expiryCheck: { kind: 'at-checkout' } }),
      p,
      at([1, 2, 3]),
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
      rules({ atCheckout: 'poll' }),
      probe({ 1: { readable: true } }),
      at([1]),
      'b',
      false,
    )!;
    expect(none.effects).toEqual([
      { type: 'discard', conn: 1, reason: 'readable: dropped by server' },
      { type: 'dial', attempt: 'b' },
    ]);
  });

  it('expiry alone (no poll) discards by idle time only, once it is past the limit (now > expires_at)', () => {
    const r = rules({ expiryCheck: { kind: 'at-checkout' } });
    const first = (idleMs: number) =>
      checkout(r, probe({ 1: { idleMs, expiryMs: 5000, readable: true } }), at([1]), 'a', false)!.effects[0]!
        .type;
    expect(first(5000)).toBe('reuse');
    expect(first(5000.001)).toBe('discard');
  });

  it('a swept expiry (httpx 0.9.4) is checked at most once per interval', () => {
    const r = rules({ expiryCheck: { kind: 'swept-at-checkout', everyMs: 1000 } });
    const table = { 1: { idleMs: 5500, expiryMs: 5000 } };
    const swept = checkout(r, probe(table, 10_000), at([1]), 'a', false)!;
    expect(swept.effects[0]).toEqual({ type: 'discard', conn: 1, reason: 'expired' });
    expect(swept.lastSweepMs).toBe(10_000);
    // Half a second after the last sweep, an expired connection is handed out.
    const unswept = checkout(r, probe(table, 10_500), { ...at([1]), lastSweepMs: 10_000 }, 'b', false)!;
    expect(unswept.effects).toEqual([{ type: 'reuse', attempt: 'b', conn: 1 }]);
  });

  it('scope: picked dials when the popped connection is dropped; until-good tries the next; whole-pool closes all', () => {
    const table = { 1: {}, 2: { eofSeen: true }, 3: { eofSeen: true } };
    const run = (scope: PoolRules['scope']) =>
      checkout(rules({ atCheckout: 'eof-seen', scope }), probe(table), at([1, 2, 3]), 'a', false)!.effects;
    expect(run('picked')).toEqual([
      { type: 'discard', conn: 3, reason: 'EOF seen: dropped by server' },
      { type: 'dial', attempt: 'a' },
    ]);
    expect(run('until-good')).toEqual([
      { type: 'discard', conn: 3, reason: 'EOF seen: dropped by server' },
      { type: 'discard', conn: 2, reason: 'EOF seen: dropped by server' },
      { type: 'reuse', attempt: 'a', conn: 1 },
    ]);
    expect(run('whole-pool')).toEqual([
      { type: 'discard', conn: 2, reason: 'EOF seen: dropped by server' },
      { type: 'discard', conn: 3, reason: 'EOF seen: dropped by server' },
      { type: 'reuse', attempt: 'a', conn: 1 },
    ]);
  });

  it('reuse orders: most recently acquired, oldest created, arbitrary (from the seeded stream)', () => {
    const table = { 5: { acquiredMs: 30 }, 2: { acquiredMs: 10 }, 9: { acquiredMs: 20 } };
    const pick = (reuseOrder: PoolRules['reuseOrder'], random = 0) =>
      checkout(rules({ reuseOrder }), probe(table, 0, random), at([5, 2, 9]), 'a', false)!.effects[0];
    expect(pick('mru-acquired')).toEqual({ type: 'reuse', attempt: 'a', conn: 5 });
    expect(pick('oldest-created')).toEqual({ type: 'reuse', attempt: 'a', conn: 2 });
    expect(pick('arbitrary', 0.99)).toEqual({ type: 'reuse', attempt: 'a', conn: 9 });
    expect(pick('arbitrary', 0.4)).toEqual({ type: 'reuse', attempt: 'a', conn: 2 });
  });

  it('dials under the limit and queues at it', () => {
    expect(checkout(rules({ maxConnections: 2 }), probe({}), at([], 1), 'a', false)!.effects).toEqual([
      { type: 'dial', attempt: 'a' },
    ]);
    expect(checkout(rules({ maxConnections: 2 }), probe({}), at([], 2), 'a', false)).toBeNull();
  });

  it('a fresh-connection retry skips idle connections, closing the oldest when the pool is full', () => {
    const result = checkout(rules({ maxConnections: 2 }), probe({}), at([4, 5]), 'r', true)!;
    expect(result.effects).toEqual([
      { type: 'discard', conn: 4, reason: 'room for a fresh connection' },
      { type: 'dial', attempt: 'r' },
    ]);
    expect(result.idle).toEqual([5]);
  });
});

describe('clientPool machine', () => {
  function pool(maxConnections: number, maxIdle: number | null = null) {
    const actor = createActor(clientPoolMachine, {
      input: { rules: rules({ maxConnections, maxIdle }), probe: probe({}) },
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

  it('closes a released connection beyond the idle limit', () => {
    const p = pool(10, 1);
    p.actor.send({ type: 'ACQUIRE', attempt: '1.1', fresh: false });
    p.actor.send({ type: 'ACQUIRE', attempt: '2.1', fresh: false });
    p.actor.send({ type: 'RELEASE', conn: 1 });
    p.actor.send({ type: 'RELEASE', conn: 2 });
    expect(p.emitted.at(-1)).toEqual({ type: 'discard', conn: 2, reason: 'idle limit (1) reached' });
    expect(p.actor.getSnapshot().context).toMatchObject({ idle: [1], busy: 0 });
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
    actor.send({ type: 'CONNECTED' });
    actor.send({ type: 'RELEASE', expiryMs: 5000 });
    actor.send({ type: 'CHECKOUT' });
    actor.send({ type: 'RELEASE', expiryMs: null });
    actor.send({ type: 'DISCARD', reason: 'expired' });
    actor.send({ type: 'CHECKOUT' });
    expect(states).toEqual(['active', 'idle', 'active', 'idle', 'closed']);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('with an idle timer, closes itself when the expiry passes, and a checkout cancels the timer', () => {
    const sim = new Simulator();
    const actor = createActor(timedPooledConnectionMachine, { clock: sim.xstateClock() }).start();
    const expired: number[] = [];
    actor.on('expired', () => expired.push(sim.now));
    actor.send({ type: 'CONNECTED' });
    actor.send({ type: 'RELEASE', expiryMs: 4000 });
    sim.at(usFromMs(1000), () => actor.send({ type: 'CHECKOUT' }));
    sim.at(usFromMs(1010), () => actor.send({ type: 'RELEASE', expiryMs: 4000 }));
    sim.run();
    expect(expired).toEqual([usFromMs(5010)]);
    expect(actor.getSnapshot().value).toBe('closed');
  });
});
