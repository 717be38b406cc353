import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRunTier, type FrameScheduler, TierSequencer } from './runTiers';
import type { AppStore } from './store';
import { testStore } from './testing';
import type { AppState, RunData } from './types';

/** A scheduler whose turns run when the test says so, recording how each was asked for. */
function manualFrames() {
  const queue: { how: 'paint' | 'task'; fn: () => void }[] = [];
  const add = (how: 'paint' | 'task') => (fn: () => void) => {
    const item = { how, fn };
    queue.push(item);
    return () => {
      const i = queue.indexOf(item);
      if (i >= 0) queue.splice(i, 1);
    };
  };
  const frames: FrameScheduler = { afterPaint: add('paint'), nextTask: add('task') };
  return {
    frames,
    queue,
    /** Runs the oldest waiting callback; returns how it was scheduled (null: nothing waited). */
    step: () => {
      const item = queue.shift();
      item?.fn();
      return item?.how ?? null;
    },
  };
}

const fakeRun = (runId: number) => ({ runId }) as unknown as RunData;

function setup(orders: number[]) {
  const { store } = testStore();
  const m = manualFrames();
  let settled = 0;
  const seq = new TierSequencer(m.frames, () => settled++);
  const tiers = orders.map((o) => createRunTier(store, o, seq));
  const disconnect = tiers.map((t) => t.connect());
  return { store, m, seq, tiers, disconnect, settled: () => settled };
}

describe('run tiers', () => {
  it('follow every change but a new run at once', () => {
    const { store, tiers, m } = setup([1]);
    const tier = tiers[0]!.store;
    store.getState().seek(1234);
    expect(tier.getState().cursorUs).toBe(store.getState().cursorUs);
    expect(tier.getState()).toBe(store.getState());
    expect(m.queue).toHaveLength(0);
  });

  it('keep the whole previous state until their turn, then take the latest state whole', () => {
    const { store, tiers, m } = setup([1]);
    const tier = tiers[0]!.store;
    store.setState({ run: fakeRun(1), cursorUs: 10 });
    const shown = tier.getState();
    expect(shown.run).toBeNull();
    store.setState({ cursorUs: 20 });
    // Not a new run with an old cursor, nor the old run with a new cursor: the old snapshot.
    expect(tier.getState()).toBe(shown);
    expect(m.step()).toBe('paint');
    expect(tier.getState()).toBe(store.getState());
    expect(tier.getState().run?.runId).toBe(1);
    expect(tier.getState().cursorUs).toBe(20);
  });

  it('switch lowest order first, one order per turn; the first turn after a paint, the rest as tasks', () => {
    const { store, tiers, m, settled } = setup([3, 1, 2, 1]);
    store.setState({ run: fakeRun(7) });
    const runIds = () => tiers.map((t) => t.store.getState().run?.runId ?? null);
    expect(runIds()).toEqual([null, null, null, null]);
    expect(m.step()).toBe('paint');
    expect(runIds()).toEqual([null, 7, null, 7]);
    expect(m.step()).toBe('task');
    expect(runIds()).toEqual([null, 7, 7, 7]);
    expect(settled()).toBe(0);
    expect(m.step()).toBe('task');
    expect(runIds()).toEqual([7, 7, 7, 7]);
    expect(settled()).toBe(1);
    expect(m.step()).toBeNull();
  });

  it('notify their subscribers once, at the turn', () => {
    const { store, tiers, m } = setup([1]);
    const seen: (number | null)[] = [];
    tiers[0]!.store.subscribe(
      (s) => s.run?.runId ?? null,
      (id) => seen.push(id),
    );
    store.setState({ run: fakeRun(1) });
    store.setState({ run: fakeRun(2) });
    expect(seen).toEqual([]);
    m.step();
    expect(seen).toEqual([2]);
  });

  it('write to the store: setState and the actions in their state', () => {
    const { store, tiers } = setup([1]);
    const tier = tiers[0]!.store;
    tier.setState({ cursorUs: 55 });
    expect(store.getState().cursorUs).toBe(55);
    tier.getState().setTimelineDomain([1, 2]);
    expect(store.getState().timelineDomain).toEqual([1, 2]);
    expect(tier.getState().timelineDomain).toEqual([1, 2]);
  });

  it('stop following when disconnected, and withdraw their turn', () => {
    const { store, tiers, m, disconnect, seq } = setup([1]);
    store.setState({ run: fakeRun(1) });
    expect(seq.busy).toBe(true);
    disconnect[0]!();
    expect(seq.busy).toBe(false);
    expect(m.queue).toHaveLength(0);
    store.setState({ cursorUs: 5 });
    expect(tiers[0]!.store.getState().run).toBeNull();
  });

  it('catch up when connected after the store moved on', () => {
    const { store } = testStore();
    const m = manualFrames();
    const seq = new TierSequencer(m.frames);
    const tier = createRunTier(store, 1, seq);
    store.setState({ cursorUs: 9 });
    store.setState({ run: fakeRun(4) });
    tier.connect();
    m.step();
    expect(tier.store.getState()).toBe(store.getState());
  });

  it('always show a state the store had, never a newer run than a lower tier, and the latest once settled', () => {
    type Op = { kind: 'run' } | { kind: 'cursor'; t: number } | { kind: 'step' };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'run' }),
      fc.integer({ min: 0, max: 1e6 }).map<Op>((t) => ({ kind: 'cursor', t })),
      fc.constant<Op>({ kind: 'step' }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.array(op, { maxLength: 40 }),
        (orders, ops) => {
          const { store, tiers, m } = setup(orders);
          const history = new Set<AppState>([store.getState()]);
          store.subscribe((s) => history.add(s));
          let nextRun = 1;
          const check = (tiersOf: { store: AppStore }[]) => {
            for (const [i, t] of tiersOf.entries()) {
              expect(history.has(t.store.getState())).toBe(true);
              for (const [j, u] of tiersOf.entries()) {
                if (orders[j]! < orders[i]!) {
                  expect(t.store.getState().run?.runId ?? 0).toBeLessThanOrEqual(
                    u.store.getState().run?.runId ?? 0,
                  );
                }
              }
            }
          };
          for (const o of ops) {
            if (o.kind === 'run') store.setState({ run: fakeRun(nextRun++) });
            else if (o.kind === 'cursor') store.setState({ cursorUs: o.t });
            else m.step();
            check(tiers);
          }
          while (m.step() !== null);
          for (const t of tiers) expect(t.store.getState()).toBe(store.getState());
        },
      ),
    );
  });
});
