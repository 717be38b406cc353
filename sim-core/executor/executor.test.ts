// The executor reads XState 5.33.3 internals (StateNode fields, builtin action objects): an
// XState upgrade must fail here first, loudly. Also: fallback on unsupported features, and
// shadow mode throwing at a divergence.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Actor,
  type AnyStateMachine,
  assign,
  cancel,
  createActor,
  createMachine,
  emit,
  enqueueActions,
  raise,
  setup,
} from 'xstate';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { CLIENT_POLICIES } from '../policies';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { traceHash } from '../trace/hash';
import { compile, createMachineActor, setExecutorMode } from '.';
import { ExecutorActor } from './actor';
import { CompiledMachine, declareSettledBy, Unsupported } from './compile';
import { LockStep, WORLD_MACHINES } from './harness';
import { ShadowDivergence } from './shadow';

const XSTATE_VERSION = '5.33.3';

describe('XState internals the executor relies on', () => {
  it(`xstate is exactly ${XSTATE_VERSION} (the executor mirrors its step semantics; re-check them before upgrading)`, () => {
    const require = createRequire(import.meta.url);
    const main = require.resolve('xstate');
    let dir = dirname(main);
    while (!readFileSafe(join(dir, 'package.json'))?.includes('"name": "xstate"')) dir = dirname(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(XSTATE_VERSION);
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(ours.dependencies.xstate).toBe(XSTATE_VERSION);
  });

  it('builtin action objects carry the fields compile.ts reads', () => {
    const a = assign({ x: 1 }) as unknown as Record<string, unknown>;
    expect([a.type, typeof a.resolve, a.assignment]).toEqual(['xstate.assign', 'function', { x: 1 }]);
    const e = emit({ type: 'e' }) as unknown as Record<string, unknown>;
    expect([e.type, e.event]).toEqual(['xstate.emit', { type: 'e' }]);
    const q = enqueueActions(() => {}) as unknown as Record<string, unknown>;
    expect([q.type, typeof q.collect]).toEqual(['xstate.enqueueActions', 'function']);
    const r = raise({ type: 'r' }, { id: 'i', delay: 5 }) as unknown as Record<string, unknown>;
    expect([r.type, r.event, r.id, r.delay]).toEqual(['xstate.raise', { type: 'r' }, 'i', 5]);
    const c = cancel('i') as unknown as Record<string, unknown>;
    expect([c.type, c.sendId]).toEqual(['xstate.cancel', 'i']);
  });

  it('StateNodes: order, formatted transitions, and `after` as raise/cancel on entry/exit', () => {
    const root = (tcpEndpointMachine as unknown as { root: Record<string, unknown> }).root;
    expect(root.transitions).toBeInstanceOf(Map);
    const tw = (root.states as Record<string, Record<string, unknown>>)['TIME-WAIT']!;
    expect(typeof tw.order).toBe('number');
    const afterType = 'xstate.after.timeWait.tcpEndpoint.TIME-WAIT';
    expect((tw.transitions as Map<string, unknown>).has(afterType)).toBe(true);
    const entry = tw.entry as Record<string, unknown>[];
    expect(entry.map((x) => [x.type, x.id, x.delay])).toEqual([['xstate.raise', afterType, 'timeWait']]);
    expect((tw.exit as Record<string, unknown>[]).map((x) => [x.type, x.sendId])).toEqual([
      ['xstate.cancel', afterType],
    ]);
  });

  it('compiles every machine the world runs (none falls back)', () => {
    for (const m of WORLD_MACHINES) expect(compile(m), m.id).toBeInstanceOf(CompiledMachine);
  });
});

function readFileSafe(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

describe('fallback and shadow', () => {
  afterEach(() => setExecutorMode(null));

  it('a machine with a feature the executor does not interpret runs on XState, found at construction', () => {
    const withHistory = createMachine({
      initial: 'a',
      states: { a: { initial: 'x', states: { x: {}, h: { type: 'history' } } }, b: {} },
    });
    const withCustomAction = createMachine({ initial: 'a', entry: () => {}, states: { a: {} } });
    const nestedFinal = createMachine({
      initial: 'a',
      states: { a: { initial: 'x', states: { x: { type: 'final' } }, onDone: 'b' }, b: {} },
    });
    for (const m of [withHistory, withCustomAction, nestedFinal]) {
      expect(() => new CompiledMachine(m)).toThrow(Unsupported);
      expect(createMachineActor(m, {}, 'executor')).toBeInstanceOf(Actor);
    }
    expect(createMachineActor(tcpEndpointMachine, {}, 'executor')).toBeInstanceOf(ExecutorActor);
  });

  it('shadow mode throws at the first divergence (an impure guard answers each engine differently)', () => {
    let flip = false;
    const impure = setup({ guards: { flip: () => (flip = !flip) } }).createMachine({
      initial: 'a',
      states: { a: { on: { go: { guard: 'flip', target: 'b' } } }, b: {} },
    });
    const actor = createMachineActor(impure, {}, 'shadow');
    actor.start();
    expect(() => actor.send({ type: 'go' })).toThrow(ShadowDivergence);
  });

  it('shadow mode runs a preset with every client policy without divergence, traces unchanged', () => {
    // httpx-0.13 reuses in `arbitrary` order: a seeded draw inside the pool's action, which the
    // shadow records on the executor's side and replays to XState (one draw, as without it)
    for (const policy of CLIENT_POLICIES) {
      const s = presetScenario('leaky-idle-timer', 1);
      s.client.policy = policy.name;
      setExecutorMode('xstate');
      const ref = runScenario(structuredClone(s)).trace;
      setExecutorMode('shadow');
      const shadowed = runScenario(structuredClone(s)).trace;
      expect(traceHash(shadowed), policy.name).toBe(traceHash(ref));
    }
  });
});

describe('declared eventless keys (declareSettledBy)', () => {
  // Three states in a ring, each walking on while context.want is elsewhere (as h11's regions walk
  // to the state its core computed).
  const ring = () =>
    setup({
      types: {
        context: {} as { want: 'a' | 'b' | 'c' },
        events: {} as { type: 'set'; to: 'a' | 'b' | 'c' },
      },
      guards: { wantsOther: ({ context }, p: { here: string }) => context.want !== p.here },
    }).createMachine({
      context: { want: 'a' },
      initial: 'a',
      on: { set: { actions: assign({ want: ({ event }) => event.to }) } },
      states: {
        a: { always: { guard: { type: 'wantsOther', params: { here: 'a' } }, target: 'b' } },
        b: { always: { guard: { type: 'wantsOther', params: { here: 'b' } }, target: 'c' } },
        c: { always: { guard: { type: 'wantsOther', params: { here: 'c' } }, target: 'a' } },
      },
    });

  /** Counts an executor actor's microsteps (the initial one, made in the constructor, is not counted). */
  const counted = (a: ExecutorActor) => {
    const box = { steps: 0 };
    const self = a as unknown as { microstep: (...x: unknown[]) => boolean };
    const real = self.microstep.bind(a);
    self.microstep = (...x) => {
      box.steps++;
      return real(...x);
    };
    return box;
  };

  it('walks each (configuration, key) once, then jumps where that walk ended', () => {
    const m = ring();
    declareSettledBy(m, (c) => c.want);
    const a = new ExecutorActor(new CompiledMachine(m));
    const box = counted(a);
    a.start();
    for (const to of ['c', 'a', 'c', 'a', 'c'] as const) a.send({ type: 'set', to });
    expect(a.getSnapshot().value).toBe('c');
    // 5 event microsteps; the walks a→b→c and c→a ran once each (3 microsteps), then were memoised
    expect(box.steps).toBe(5 + 3);
  });

  it('a wrong declaration is caught by the lock-step comparison with XState', () => {
    const m = ring();
    declareSettledBy(m, () => 'always the same'); // ignores `want`: where a walk ends is not a function of it
    // the initial walk (want 'a', from 'a') stays in 'a' and is memoised under the one key
    const ls = new LockStep(m, undefined);
    expect(() => ls.send({ type: 'set', to: 'c' })).toThrow(/executor ≠ XState .*value: "a" ≠ "c"/);
  });

  it('a walk that runs an action is walked every time', () => {
    const m = setup({
      types: { context: {} as { want: boolean; walks: number }, events: {} as { type: 'toggle' } },
    }).createMachine({
      context: { want: false, walks: 0 },
      initial: 'x',
      on: { toggle: { actions: assign({ want: ({ context }) => !context.want }) } },
      states: {
        x: {
          always: {
            guard: ({ context }) => context.want,
            target: 'y',
            actions: assign({ walks: ({ context }) => context.walks + 1 }),
          },
        },
        y: { always: { guard: ({ context }) => !context.want, target: 'x' } },
      },
    });
    declareSettledBy(m, (c) => String(c.want));
    const ls = new LockStep(m, undefined);
    for (let i = 0; i < 6; i++) ls.send({ type: 'toggle' });
    expect(ls.exec.getSnapshot().context).toEqual({ want: false, walks: 3 });
  });

  it('h11 declares its key: the same snapshots as without it, in fewer microsteps', () => {
    const undeclared = http11ConnectionMachine.provide({}); // a new machine object: no declaration
    const withKey = new ExecutorActor(new CompiledMachine(http11ConnectionMachine), {
      input: { ourRole: 'CLIENT' },
    });
    const without = new ExecutorActor(new CompiledMachine(undeclared), { input: { ourRole: 'CLIENT' } });
    expect((compile(http11ConnectionMachine) as CompiledMachine).settledBy).not.toBeNull();
    expect(new CompiledMachine(undeclared).settledBy).toBeNull();
    const [a, b] = [counted(withKey), counted(without)];
    withKey.start();
    without.start();
    const ops: Record<string, unknown>[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      ops.push(
        { type: 'send', event: { type: 'Request', method: 'GET', target: '/', headers: [['host', 'a']] } },
        { type: 'send', event: { type: 'EndOfMessage' } },
        {
          type: 'receive',
          event: { type: 'Response', status_code: 200, headers: [['content-length', '0']] },
        },
        { type: 'receive', event: { type: 'EndOfMessage' } },
        { type: 'startNextCycle' },
      );
    }
    ops.push({ type: 'receive', event: { type: 'ConnectionClosed' } });
    for (const op of ops) {
      withKey.send(op as never);
      without.send(op as never);
      const [x, y] = [withKey.getSnapshot(), without.getSnapshot()];
      expect([x.value, x.context], JSON.stringify(op)).toEqual([y.value, y.context]);
    }
    expect(withKey.getSnapshot().value).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'CLOSED' });
    expect(a.steps).toBeLessThan(b.steps);
  });
});

describe('a choice without guards made once (Selector.fixed)', () => {
  // Two regions: in A the first candidate is guarded (so every send walks), in B it is not; the
  // root also listens, and must be skipped whenever a region chose (XState's transitionNode).
  const twoRegions = () =>
    setup({
      types: {
        context: {} as { n: number; open: boolean },
        events: {} as { type: 'go' } | { type: 'flip' } | { type: 'tick' },
      },
    }).createMachine({
      type: 'parallel',
      context: { n: 0, open: false },
      on: {
        go: { actions: assign({ n: ({ context }) => context.n + 100 }) },
        flip: { actions: assign({ open: ({ context }) => !context.open }) },
        tick: { actions: assign({ n: ({ context }) => context.n + 1000 }) },
      },
      states: {
        A: {
          initial: 'a1',
          states: {
            a1: {
              on: {
                go: [
                  { guard: ({ context }) => context.open, target: 'a2' },
                  { actions: assign({ n: ({ context }) => context.n + 1 }) },
                ],
              },
            },
            a2: { on: { go: 'a1' } },
          },
        },
        B: {
          initial: 'b1',
          states: { b1: { on: { go: 'b2', tick: 'b2' } }, b2: { on: { go: 'b1' } } },
        },
      },
    });

  it('matches XState step by step, guarded region, unguarded region and the skipped root alike', () => {
    const ls = new LockStep(twoRegions(), undefined);
    for (const type of ['tick', 'tick', 'go', 'go', 'flip', 'go', 'go', 'flip', 'go', 'tick'] as const)
      ls.send({ type });
    // `tick` in b1: region B's choice skips the root's; in b2 only the root listens (+1000, once).
    // `go`: region A always chooses (+1 while closed, three times), so the root's +100 never runs.
    expect(ls.exec.getSnapshot().context.n).toBe(1000 + 3);
  });

  it('is set only where no guard decides', () => {
    const cm = new CompiledMachine(twoRegions());
    const a = new ExecutorActor(cm);
    a.start();
    const cfg = (a as unknown as { cfg: { selector(t: string): { fixed: unknown } | null } }).cfg;
    expect(cfg.selector('go')!.fixed).toBeNull(); // region A's first candidate is guarded
    expect(cfg.selector('flip')!.fixed).toHaveLength(1); // only the root's, unguarded
    expect(cfg.selector('nothing')).toBeNull();
  });
});

describe('walks the memo does not keep', () => {
  it('when the event raised an event, and when the walk ends the actor', () => {
    const m = setup({
      types: {
        context: {} as { want: boolean },
        events: {} as { type: 'go' } | { type: 'ping' } | { type: 'end' },
      },
    }).createMachine({
      context: { want: false },
      initial: 'x',
      on: {
        go: { actions: [assign({ want: ({ context }) => !context.want }), raise({ type: 'ping' })] },
        end: { target: '.done' },
      },
      states: {
        x: { always: { guard: ({ context }) => context.want, target: 'y' }, on: { ping: 'z' } },
        y: { always: { guard: ({ context }) => !context.want, target: 'x' } },
        z: { on: { go: 'x' } },
        done: { type: 'final' },
      },
    });
    declareSettledBy(m, (c) => String(c.want));
    // LockStep compares both engines after every send: a memo used while `ping` waits would skip
    // it (x → z), one kept for the final walk would leave the actor active.
    const ls = new LockStep(m, undefined);
    const values: unknown[] = [];
    for (const type of ['go', 'go', 'go', 'go'] as const) {
      ls.send({ type });
      values.push(ls.exec.getSnapshot().value);
    }
    expect(values).toEqual(['y', 'z', 'x', 'y']);
    ls.send({ type: 'end' });
    expect(ls.exec.getSnapshot().status).toBe('done');
  });
});

describe('listeners, observers and timers kept as XState keeps them', () => {
  const emitter = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
    initial: 'a',
    states: {
      a: { on: { go: { target: 'b', actions: [emit({ type: 'x' }), emit({ type: 'y' })] } } },
      b: { on: { go: { target: 'a', actions: emit({ type: 'x' }) } } },
    },
  });
  type Subscribable = {
    on(type: string, h: (e: { type: string }) => void): { unsubscribe(): void };
    subscribe(o: (s: { value: unknown }) => void): { unsubscribe(): void };
    send(e: { type: 'go' }): void;
  };

  /** Adds and removes listeners and observers between sends; returns who was told what, in order. */
  function script(actor: Subscribable): string[] {
    const log: string[] = [];
    const listen = (name: string) => (e: { type: string }) => log.push(`${name}:${e.type}`);
    const watch = (name: string) => (s: { value: unknown }) => log.push(`${name}@${String(s.value)}`);
    const go = () => actor.send({ type: 'go' });
    const w1 = actor.on('*', listen('w1')); // the lone wildcard (no Map in the executor)
    const o = watch('o');
    const o1 = actor.subscribe(o);
    go();
    const x = actor.on('x', listen('x')); // a second listener: typed before wildcard
    const w2 = actor.on('*', listen('w2'));
    const o2 = actor.subscribe(o); // the same observer twice is told twice
    const p = actor.subscribe(watch('p'));
    go();
    w1.unsubscribe();
    o1.unsubscribe(); // the first subscription of `o` ends: `p` is then told before `o`
    go();
    x.unsubscribe();
    w2.unsubscribe();
    o2.unsubscribe();
    go(); // nobody listens, only `p` watches
    const same = listen('s');
    const s1 = actor.on('*', same);
    actor.on('*', same); // the same handler twice is two listeners
    go();
    s1.unsubscribe();
    p.unsubscribe();
    go();
    return log;
  }

  it('listeners and observers: added, doubled and removed between sends, told in the same order', () => {
    const exec = script(new ExecutorActor(new CompiledMachine(emitter)).start());
    const ref = script(createActor(emitter).start() as unknown as Subscribable);
    expect(exec).toEqual(ref);
    expect(exec).toContain('o@a'); // the script did reach both observers' removal paths
    expect(exec.filter((l) => l.startsWith('s:'))).toHaveLength(5); // x, y twice each, then x once
  });

  it('what a listener or an observer sends during start() waits until the start is done', () => {
    const m = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
      initial: 'a',
      entry: [emit({ type: 'e1' }), emit({ type: 'e2' })],
      states: { a: { on: { go: { target: 'b', actions: emit({ type: 'fromGo' }) } } }, b: {} },
    });
    const script = (actor: Subscribable & { start(): unknown }) => {
      const log: string[] = [];
      let sent = false;
      actor.on('*', (e) => {
        log.push(`L:${e.type}`);
        if (e.type === 'e1') actor.send({ type: 'go' });
      });
      actor.subscribe((s) => {
        log.push(`O1@${String(s.value)}`);
        if (!sent) {
          sent = true;
          actor.send({ type: 'go' });
        }
      });
      actor.subscribe((s) => log.push(`O2@${String(s.value)}`));
      actor.start();
      return log;
    };
    const ref = script(createActor(m) as unknown as Subscribable & { start(): unknown });
    expect(script(new ExecutorActor(new CompiledMachine(m)))).toEqual(ref);
    expect(ref.slice(0, 4)).toEqual(['L:e1', 'L:e2', 'O1@a', 'O2@a']);
  });

  it('a delayed event scheduled again under its id, cancelled, and left pending at a final state', () => {
    const m = setup({
      types: {
        context: {} as { fired: number },
        events: {} as { type: 'arm' } | { type: 'disarm' } | { type: 't' } | { type: 'end' },
      },
    }).createMachine({
      context: { fired: 0 },
      initial: 'on',
      states: {
        on: {
          on: {
            arm: { actions: raise({ type: 't' }, { delay: 100, id: 'x' }) },
            disarm: { actions: cancel('x') },
            t: { actions: assign({ fired: ({ context }) => context.fired + 1 }) },
            end: 'done',
          },
        },
        done: { type: 'final' },
      },
    });
    const ls = new LockStep(m, undefined);
    ls.send({ type: 'arm' });
    ls.now = 40;
    ls.send({ type: 'arm' }); // XState keeps the second handle under 'x'; the first still fires
    while (ls.fire()) {}
    expect(ls.exec.getSnapshot().context).toEqual({ fired: 2 });
    ls.send({ type: 'arm' });
    ls.send({ type: 'disarm' });
    expect(ls.fire()).toBe(false);
    ls.send({ type: 'arm' });
    ls.send({ type: 'end' }); // the pending timer is cancelled when the actor ends
    expect(ls.fire()).toBe(false);
    expect(ls.exec.getSnapshot().status).toBe('done');
  });
});

describe('what the machines’ functions receive, and a guard that reaches another actor', () => {
  const engines = {
    xstate: (m: AnyStateMachine) => createActor(m),
    executor: (m: AnyStateMachine) => new ExecutorActor(new CompiledMachine(m)),
  };

  it('guards, assigns and emits get the argument keys XState gives them', () => {
    const seen: string[] = [];
    const note = (kind: string, args: object) => {
      seen.push(`${kind}:${Object.keys(args).join(',')}`);
      return true;
    };
    const m = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
      context: { n: 0 },
      on: {
        go: {
          guard: (args) => note('guard', args),
          actions: [
            assign((args) => {
              note('assign', args);
              return { n: 1 };
            }),
            emit((args) => {
              note('emit', args);
              return { type: 'e' };
            }),
          ],
        },
      },
    });
    const got = Object.entries(engines).map(([, make]) => {
      seen.length = 0;
      make(m).start().send({ type: 'go' });
      return [...seen];
    });
    expect(got[1]).toEqual(got[0]);
    expect(got[0]).toEqual([
      'guard:context,event',
      'assign:context,event,spawn,self,system',
      'emit:context,event,self,system',
    ]);
  });

  it('a guard that sends to another actor while this one chooses its transitions', () => {
    // Regression: one chosen-transitions array for all actors let the other actor's choice replace
    // region r1's here (r1 stayed in `a`).
    const other = setup({}).createMachine({ initial: 'x', states: { x: { on: { poke: 'y' } }, y: {} } });
    let poke = () => {};
    const main = setup({}).createMachine({
      type: 'parallel',
      states: {
        r1: { initial: 'a', states: { a: { on: { go: 'b' } }, b: {} } },
        r2: {
          initial: 'c',
          states: {
            c: {
              on: {
                go: {
                  target: 'd',
                  guard: () => {
                    poke();
                    return true;
                  },
                },
              },
            },
            d: {},
          },
        },
      },
    });
    const values = Object.entries(engines).map(([, make]) => {
      const o = make(other).start();
      const a = make(main).start();
      poke = () => o.send({ type: 'poke' });
      a.send({ type: 'go' });
      return [a.getSnapshot().value, o.getSnapshot().value];
    });
    expect(values[1]).toEqual(values[0]);
    expect(values[0]).toEqual([{ r1: 'b', r2: 'd' }, 'y']);
  });
});
