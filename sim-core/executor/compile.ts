/**
 * A machine's own definition (`machine.root`'s StateNodes, `machine.implementations`) compiled
 * for the executor: which features it uses is checked here, once per machine, and everything
 * that depends only on the active state configuration is cached on an interned `Config`:
 * candidate transitions per event type, the eventless candidates, and per chosen transition set
 * the exit/entry order, the flat ordered action list and the next configuration. Guards,
 * assigns, emits, delays and `enqueueActions` bodies are the machine's own functions, called at
 * run time with the same arguments XState 5.33 passes (xstate/src/stateUtils.ts,
 * actions/{assign,emit,raise,cancel,enqueueActions}.ts).
 */
import type { AnyStateMachine } from 'xstate';
import {
  childrenOf,
  entrySet,
  exitSet,
  initialNodes,
  isAtomic,
  properAncestors,
  removeConflicting,
  type SNode,
  type STransition,
  type StateValue,
  stateValue,
} from './algorithm';

export type Guard = (context: unknown, event: unknown) => boolean;
type Expr = (args: unknown, params: unknown) => unknown;
type Params = ((a: { context: unknown; event: unknown }) => unknown) | unknown;

/** What kind of builtin a resolved action is (`Op.kind`): plain numbers, compared in the actor's loop. */
export const OP_NONE = 0;
export const OP_ASSIGN = 1;
export const OP_EMIT = 2;
export const OP_RAISE = 3;
export const OP_CANCEL = 4;
export const OP_ENQUEUE = 5;
export type OpKind =
  | typeof OP_NONE
  | typeof OP_ASSIGN
  | typeof OP_EMIT
  | typeof OP_RAISE
  | typeof OP_CANCEL
  | typeof OP_ENQUEUE;

/**
 * A resolved action: what XState's builtin `resolve`/`execute` pair does, as data. One class
 * for every kind, so the actor's loop over a step's actions reads one object shape.
 */
export class Op {
  /** An object assignment's keys in order (`assign({ a: …, b: … })`); null for a function. */
  readonly keys: string[] | null;
  constructor(
    readonly kind: OpKind,
    /** assign: the assignment; emit/raise: the event; cancel: the send id; enqueue: the body. */
    readonly value: unknown,
    readonly params: Params = undefined,
    readonly hasParams = false,
    /** raise: its delay and id. */
    readonly delay: unknown = undefined,
    readonly id: string | undefined = undefined,
  ) {
    this.keys = kind === OP_ASSIGN && typeof value !== 'function' ? Object.keys(value as object) : null;
  }
}

const NONE_OP = new Op(OP_NONE, undefined);

export class Unsupported extends Error {}

/**
 * What a machine may declare about its eventless transitions (`declareSettledBy`): a function of
 * the context naming everything their guards (and guard params) read — which must not include the
 * event, though XState passes them the macrostep's event — so that the configuration an eventless
 * walk ends in depends only on the configuration it starts from and that key. The executor then walks
 * each (configuration, key) once and afterwards jumps to where the walk ended — only where the
 * walk ran no action at all (checked when it is first walked; else it is walked every time).
 */
export type SettledBy = (context: never) => string;
const settledByMachine = new WeakMap<AnyStateMachine, SettledBy>();

/**
 * Declares `key` for `machine` (before it is first compiled: call it where the machine is made).
 * A wrong declaration is a divergence from XState: the equivalence tests and shadow mode, which run
 * both engines step by step, find it on the paths they take (not on others).
 */
export function declareSettledBy<M extends AnyStateMachine>(
  machine: M,
  key: (context: ReturnType<M['getInitialSnapshot']>['context']) => string,
): void {
  settledByMachine.set(machine, key as SettledBy);
}

/**
 * Machines whose function assigns (`assign(fn)`) return a new object every call that nothing else
 * keeps (`declareFreshContexts`). XState makes the next context `Object.assign({}, context,
 * partial)`; when the partial has exactly the context's keys in their order, that is a copy of it
 * with the same contents, and for these machines the executor keeps the partial itself instead.
 */
const freshContextMachines = new WeakSet<AnyStateMachine>();

/**
 * Declares that `machine`'s function assigns return fresh objects nobody holds (before it is first
 * compiled). A wrong declaration (an assign returning an object it keeps, or its input) would let a
 * later change of that object change the context; the machine's module says why it holds.
 */
export function declareFreshContexts(machine: AnyStateMachine): void {
  freshContextMachines.add(machine);
}

/** A memo entry for a walk that ran actions: walked every time. */
export const WALK_EVERY_TIME: unique symbol = Symbol('walk every time');

interface Selector {
  kids: Selector[];
  cands: CTransition[];
  /**
   * What `walk` chooses when that does not depend on a guard (no guard is called on the way),
   * else null: set on the root selector of a configuration and event type (`Config.selector`).
   */
  fixed: CTransition[] | null;
}

/** `ExecutorActor.walk`'s choice made without calling anything, or null where a guard decides. */
function fixedChoice(sel: Selector): CTransition[] | null {
  const out: CTransition[] = [];
  for (const k of sel.kids) {
    const c = fixedChoice(k);
    if (c === null) return null;
    out.push(...c);
  }
  if (out.length) return out;
  const first = sel.cands[0];
  if (first === undefined) return out;
  return first.guard === null ? [first] : null;
}

/** The machine's guard function and what XState passes it as params: called as `fn(args, params)`. */
export type GuardFn = (args: { context: unknown; event: unknown }, params: unknown) => boolean;

export interface CTransition {
  t: STransition;
  /** Index among the machine's transitions, for cache keys. */
  n: number;
  /**
   * The guard as (its function, its params), called by the actor with its own reused
   * `{ context, event }`: one call per check, no wrapper in between. Null: no guard.
   */
  guard: GuardFn | null;
  guardParams: unknown;
}

/** What a microstep over a chosen transition set does from one configuration. */
export interface Step {
  ops: Op[];
  next: Config;
  done: boolean;
}

export class Config {
  readonly atomic: SNode[];
  readonly done: boolean;
  readonly set: Set<SNode>;
  readonly value: StateValue;
  private readonly selectors = new Map<string, Selector | null>();
  private eventlessChains: CTransition[][] | undefined;
  readonly steps = new Map<string, Step>();
  /** The same for a single transition, keyed by it. */
  readonly single = new Map<CTransition, Step>();
  /** Where the eventless walk from here ends, by the machine's `SettledBy` key (see there). */
  readonly settled = new Map<string, Config | typeof WALK_EVERY_TIME>();

  constructor(
    readonly machine: CompiledMachine,
    readonly nodes: SNode[],
    readonly key: string,
  ) {
    this.set = new Set(nodes);
    this.atomic = nodes.filter(isAtomic);
    this.value = stateValue(machine.root, nodes);
    this.done = false;
  }

  /** The selection tree for an event type (transitionNode's order), null when nothing listens. */
  selector(eventType: string): Selector | null {
    let s = this.selectors.get(eventType);
    if (s === undefined) {
      s = this.buildSelector(this.machine.root, this.value, eventType);
      if (s) s.fixed = fixedChoice(s);
      this.selectors.set(eventType, s);
    }
    return s;
  }

  private buildSelector(node: SNode, value: StateValue, eventType: string): Selector | null {
    const kids: Selector[] = [];
    if (typeof value === 'string') {
      const child = node.states[value]!;
      const own = this.machine.candidates(child, eventType);
      if (own.length) kids.push({ kids: [], cands: own, fixed: null });
    } else {
      for (const key of Object.keys(value)) {
        const k = this.buildSelector(node.states[key]!, value[key]!, eventType);
        if (k) kids.push(k);
      }
    }
    const cands = this.machine.candidates(node, eventType);
    if (!kids.length && !cands.length) return null;
    return { kids, cands, fixed: null };
  }

  /** Per atomic node (in XState's node order), the `always` candidates of it and its ancestors. */
  eventless(): CTransition[][] {
    if (this.eventlessChains === undefined) {
      const chains: CTransition[][] = [];
      for (const a of this.atomic) {
        const chain: CTransition[] = [];
        for (const s of [a, ...properAncestors(a, undefined)]) {
          // selectEventlessTransitions: the first enabled `always` transition of the atomic node
          // or, when none of its own is enabled, of the nearest ancestor with one.
          for (const t of s.always ?? []) chain.push(this.machine.transition(t));
        }
        if (chain.length) chains.push(chain);
      }
      this.eventlessChains = chains;
    }
    return this.eventlessChains;
  }
}

export class CompiledMachine {
  readonly root: SNode;
  private readonly configs = new Map<string, Config>();
  private readonly compiled = new Map<STransition, CTransition>();
  private readonly candidateCache = new Map<SNode, Map<string, CTransition[]>>();
  private readonly opCache = new Map<unknown, Op>();
  readonly initialTransition: CTransition;
  readonly preInitial: Config;
  /** The machine's declared eventless key (`declareSettledBy`), or null. */
  readonly settledBy: ((context: unknown) => string) | null;
  /** The machine declared its function assigns' results fresh (`declareFreshContexts`). */
  readonly freshContexts: boolean;

  constructor(readonly machine: AnyStateMachine) {
    this.root = (machine as unknown as { root: SNode }).root;
    checkSupported(machine, this.root);
    this.settledBy = (settledByMachine.get(machine) as ((context: unknown) => string) | undefined) ?? null;
    this.freshContexts = freshContextMachines.has(machine);
    this.preInitial = this.config([this.root]);
    const t: STransition = {
      target: initialNodes(this.root),
      source: this.root,
      reenter: true,
      actions: [],
      eventType: null,
      guard: undefined,
    };
    this.initialTransition = { t, n: -2, guard: null, guardParams: undefined };
    // Compile every action and guard now: an unsupported one is found at construction.
    for (const s of allNodes(this.root)) {
      for (const a of [...s.entry, ...s.exit, ...s.initial.actions]) this.op(a);
      for (const list of s.transitions.values()) for (const x of list) this.transition(x);
      for (const x of s.always ?? []) this.transition(x);
    }
  }

  config(nodes: SNode[]): Config {
    const key = nodes.map((n) => n.order).join(',');
    let c = this.configs.get(key);
    if (!c) {
      c = new Config(this, nodes, key);
      const done = nodes.some((n) => n.type === 'final' && n.parent === this.root);
      (c as { done: boolean }).done = done;
      this.configs.set(key, c);
    }
    return c;
  }

  candidates(s: SNode, eventType: string): CTransition[] {
    let m = this.candidateCache.get(s);
    if (!m) {
      m = new Map();
      this.candidateCache.set(s, m);
    }
    let c = m.get(eventType);
    if (!c) {
      c = (s.transitions.get(eventType) ?? []).map((t) => this.transition(t));
      m.set(eventType, c);
    }
    return c;
  }

  transition(t: STransition): CTransition {
    let c = this.compiled.get(t);
    if (!c) {
      for (const a of t.actions) this.op(a);
      const g = t.guard === undefined ? null : this.guardCall(t.guard);
      c = { t, n: this.compiled.size, guard: g?.fn ?? null, guardParams: g?.params };
      this.compiled.set(t, c);
    }
    return c;
  }

  /**
   * evaluateGuard(guard, …) as the machine's function and the params XState passes it: a
   * string or `{ type }` names an implementation (params undefined), `{ type, params }` gives
   * static params; params that are a function are resolved per call, as XState does, with
   * objects of their own.
   */
  guardCall(guard: unknown): { fn: GuardFn; params: unknown } {
    if (typeof guard === 'function') {
      if ('check' in guard) throw new Unsupported('builtin guard (and/or/not/stateIn)');
      return { fn: guard as GuardFn, params: undefined };
    }
    const name = typeof guard === 'string' ? guard : (guard as { type: string }).type;
    const impl = (this.machine.implementations.guards as Record<string, unknown>)[name];
    if (!impl) throw new Unsupported(`guard '${name}' is not implemented`);
    if (typeof impl !== 'function') return this.guardCall(impl);
    if ('check' in impl) throw new Unsupported('builtin guard (and/or/not/stateIn)');
    const fn = impl as GuardFn;
    if (typeof guard === 'string' || !('params' in (guard as object))) return { fn, params: undefined };
    const params = (guard as { params: unknown }).params;
    if (typeof params !== 'function') return { fn, params };
    const resolve = params as (a: { context: unknown; event: unknown }) => unknown;
    return {
      fn: ({ context, event }) => fn({ context, event }, resolve({ context, event })),
      params: undefined,
    };
  }

  /** The guard as a function of (context, event) (`check()` in an `enqueueActions` body). */
  guard(guard: unknown): Guard {
    const { fn, params } = this.guardCall(guard);
    return (context, event) => fn({ context, event }, params);
  }

  /** An action as XState resolves it: a string or `{ type, params }` names an implementation. */
  op(action: unknown): Op {
    let op = this.opCache.get(action);
    if (!op) {
      op = compileOp(action, this.machine.implementations.actions as Record<string, unknown>);
      this.opCache.set(action, op);
    }
    return op;
  }

  /** The microstep over `transitions` (already chosen) from `from`, cached per configuration. */
  step(from: Config, transitions: CTransition[], isInitial = false): Step {
    if (transitions.length === 1) {
      // Nearly every microstep takes one transition: keyed by it, without building a string key.
      const t = transitions[0]!;
      let s = from.single.get(t);
      if (!s) {
        s = this.buildStep(from, transitions, isInitial);
        from.single.set(t, s);
      }
      return s;
    }
    let key = '';
    for (const t of transitions) key += `${t.n},`;
    let s = from.steps.get(key);
    if (!s) {
      s = this.buildStep(from, transitions, isInitial);
      from.steps.set(key, s);
    }
    return s;
  }

  private buildStep(from: Config, chosen: CTransition[], isInitial: boolean): Step {
    const set = new Set(from.nodes);
    const filtered = removeConflicting(
      chosen.map((c) => c.t),
      set,
    );
    const ops: Op[] = [];
    if (!isInitial) {
      const exits = exitSet(filtered, set).sort((a, b) => b.order - a.order);
      for (const s of exits) {
        for (const a of s.exit) ops.push(this.op(a));
        set.delete(s);
      }
    }
    for (const t of filtered) for (const a of t.actions) ops.push(this.op(a));
    const toEnter = new Set<SNode>();
    const defaultEntry = new Set<SNode>();
    entrySet(filtered, toEnter, defaultEntry);
    if (isInitial) defaultEntry.add(this.root);
    let done = false;
    for (const s of [...toEnter].sort((a, b) => a.order - b.order)) {
      set.add(s);
      for (const a of s.entry) ops.push(this.op(a));
      if (defaultEntry.has(s)) for (const a of s.initial?.actions ?? []) ops.push(this.op(a));
      if (s.type === 'final') done = true;
    }
    const nodes = [...set];
    if (done) {
      for (const s of [...nodes].sort((a, b) => b.order - a.order))
        for (const a of s.exit) ops.push(this.op(a));
    }
    const same = from.nodes.length === set.size && from.nodes.every((n) => set.has(n));
    return { ops, next: same ? from : this.config(nodes), done };
  }
}

function compileOp(action: unknown, impls: Record<string, unknown>): Op {
  const inline = typeof action === 'function';
  const type = typeof action === 'string' ? action : (action as { type?: string } | null)?.type;
  const resolved = inline ? action : impls[type as string];
  const hasParams = !inline && typeof action === 'object' && action !== null && 'params' in action;
  const params = hasParams ? (action as { params: unknown }).params : undefined;
  if (!resolved) return NONE_OP;
  if (typeof resolved !== 'function' || !('resolve' in resolved)) {
    throw new Unsupported(`custom action '${String(type ?? (resolved as { name?: string }).name)}'`);
  }
  const r = resolved as unknown as Record<string, unknown>;
  switch (r.type) {
    case 'xstate.assign':
      return new Op(OP_ASSIGN, r.assignment, params, hasParams);
    case 'xstate.emit':
      return new Op(OP_EMIT, r.event, params, hasParams);
    case 'xstate.raise':
      return new Op(OP_RAISE, r.event, params, hasParams, r.delay, r.id as string | undefined);
    case 'xstate.cancel':
      return new Op(OP_CANCEL, r.sendId, params, hasParams);
    case 'xstate.enqueueActions':
      return new Op(OP_ENQUEUE, r.collect as Expr, params, hasParams);
    default:
      throw new Unsupported(`builtin action '${String(r.type)}'`);
  }
}

/** Runtime form of `compileOp` for actions an `enqueueActions` body queues (no cache: they are new). */
export function compileDynamicOp(action: unknown, impls: Record<string, unknown>): Op {
  return compileOp(action, impls);
}

function allNodes(root: SNode): SNode[] {
  const out: SNode[] = [];
  const walk = (s: SNode) => {
    out.push(s);
    for (const c of Object.values(s.states)) walk(c);
  };
  walk(root);
  return out;
}

/** Throws `Unsupported` for any feature the executor does not interpret. */
function checkSupported(machine: AnyStateMachine, root: SNode): void {
  if (!root || typeof root !== 'object' || !(root.transitions instanceof Map)) {
    throw new Unsupported('machine.root is not an XState 5 StateNode');
  }
  const options = (machine as unknown as { options?: { maxIterations?: number } }).options;
  if (options?.maxIterations !== undefined && options.maxIterations !== Number.POSITIVE_INFINITY) {
    throw new Unsupported('options.maxIterations');
  }
  if (root.output !== undefined) throw new Unsupported('machine output');
  if (root.type === 'final') throw new Unsupported('final root');
  for (const s of allNodes(root)) {
    if (s.type === 'history') throw new Unsupported(`history state #${s.id}`);
    if (s.invoke.length) throw new Unsupported(`invoke in #${s.id}`);
    if (s.type === 'final' && (s.parent !== root || root.type !== 'compound')) {
      throw new Unsupported(`final state #${s.id} below the root (done events)`);
    }
    if ((s.config as { tags?: unknown }).tags !== undefined) throw new Unsupported(`tags in #${s.id}`);
    for (const key of s.transitions.keys()) {
      if (key.includes('*')) throw new Unsupported(`wildcard descriptor '${key}' in #${s.id}`);
      if (key.startsWith('xstate.') && !key.startsWith('xstate.after.')) {
        throw new Unsupported(`'${key}' transitions in #${s.id}`);
      }
    }
    const transitions = [...[...s.transitions.values()].flat(), ...(s.always ?? [])];
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        if (target.type === 'history') throw new Unsupported('history target');
      }
    }
    if (s.type === 'parallel' && childrenOf(s).length === 0) throw new Unsupported('empty parallel state');
  }
}
