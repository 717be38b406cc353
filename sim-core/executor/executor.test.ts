// The executor reads XState 5.33.3 internals (StateNode fields, builtin action objects): an
// XState upgrade must fail here first, loudly. Also: fallback on unsupported features, and
// shadow mode throwing at a divergence.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Actor, assign, cancel, createMachine, emit, enqueueActions, raise, setup } from 'xstate';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { CLIENT_POLICIES } from '../policies';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { traceHash } from '../trace/hash';
import { compile, createMachineActor, setExecutorMode } from '.';
import { ExecutorActor } from './actor';
import { CompiledMachine, Unsupported } from './compile';
import { WORLD_MACHINES } from './harness';
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
