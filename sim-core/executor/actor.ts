/**
 * The executor's actor: XState 5.33's `Actor` contract as the world uses it (`getSnapshot`,
 * `send`, `subscribe`, `on`, `start`, `stop`), over a `CompiledMachine`. The step semantics are
 * XState's (xstate/src/stateUtils.ts macrostep/microstep, xstate/src/createActor.ts):
 * - a send runs one macrostep: the event's transitions (selected per `transitionNode`), then
 *   eventless `always` transitions and internally raised events until the state is stable;
 * - assigns update the context at once, in action order; emits, timer schedules and timer
 *   cancels are deferred and run in action order after the macrostep, then every subscriber is
 *   notified (also when nothing changed, as XState does);
 * - events sent while a macrostep runs wait in a mailbox; before `start()` too;
 * - initial entry actions resolve at construction, their effects run at `start()`;
 * - delayed transitions are raised events with a numeric delay, scheduled on the given clock
 *   (the kernel's): `xstate.after.<delay>.<state id>`, cancelled on exit; a delay that resolves
 *   to a non-number is raised at once (as XState does);
 * - a top-level final state ends the actor: exit actions run, observers are told, timers
 *   cancelled, later sends ignored.
 */
import type { AnyStateMachine, ContextFrom, EventFromLogic } from 'xstate';
import type { CompiledMachine, Config, CTransition } from './compile';
import {
  compileDynamicOp,
  OP_ASSIGN,
  OP_CANCEL,
  OP_EMIT,
  OP_ENQUEUE,
  OP_NONE,
  OP_RAISE,
  Op,
  WALK_EVERY_TIME,
} from './compile';

export interface Clock {
  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface ExecSnapshot<M extends AnyStateMachine = AnyStateMachine> {
  status: 'active' | 'done' | 'stopped';
  value: ReturnType<M['getInitialSnapshot']>['value'];
  context: ContextFrom<M>;
  output: undefined;
  error: undefined;
}

/** What the world needs from an actor; XState's `Actor` and `ExecutorActor` both satisfy it. */
export interface MachineActor<M extends AnyStateMachine = AnyStateMachine> {
  getSnapshot(): ExecSnapshot<M>;
  send(event: EventFromLogic<M>): void;
  subscribe(next: (snapshot: ExecSnapshot<M>) => void): { unsubscribe(): void };
  on(
    type: string,
    handler: (emitted: { type: string } & Record<string, unknown>) => void,
  ): {
    unsubscribe(): void;
  };
  start(): unknown;
  stop(): unknown;
}

type Event = { type: string } & Record<string, unknown>;
const EMIT = 0;
const SCHEDULE = 1;
const CANCEL = 2;
type Deferred = [typeof EMIT, Event] | [typeof SCHEDULE, Event, number, string] | [typeof CANCEL, string];

const NO_CLOCK: Clock = {
  setTimeout: () => {
    throw new Error('executor: this actor has a delayed transition but no clock');
  },
  clearTimeout: () => {},
};

const spawnUnsupported = () => {
  throw new Error('executor: spawn is not supported');
};

let raiseIds = 0;

export class ExecutorActor<M extends AnyStateMachine = AnyStateMachine> implements MachineActor<M> {
  private cfg: Config;
  private ctx: unknown;
  private status: 'active' | 'done' | 'stopped' = 'active';
  private snap: ExecSnapshot<M>;
  private deferred: Deferred[] = [];
  private internal: Event[] = [];
  private readonly observers = new Set<(s: ExecSnapshot<M>) => void>();
  /**
   * The observers in subscription order, as an array: notifying walks it without a Set iterator
   * per update (a step's most frequent allocation). Rebuilt when the set changes; the world never
   * subscribes or unsubscribes while observers are being told.
   */
  private observerList: ((s: ExecSnapshot<M>) => void)[] = [];
  private readonly listeners = new Map<string, Set<(e: Event) => void>>();
  private readonly timers = new Map<string, unknown>();
  private readonly mailbox: Event[] = [];
  private started = false;
  private processing = false;
  private stopped = false;
  private assigns = 0;
  private readonly chosen: CTransition[] = [];
  /** The own keys of `ctx` in order, or null until asked for (`nextContext`). */
  private ctxKeys: string[] | null = null;
  /**
   * The arguments XState passes an assign, and other actions; refilled for every call instead of
   * made per call (the machines' functions read them and return; none keeps them).
   */
  private readonly assignArgs = {
    context: undefined as unknown,
    event: undefined as unknown as Event,
    spawn: spawnUnsupported,
    self: this as ExecutorActor,
    system: undefined,
  };
  /** `{ context, event }` for guards, refilled per check (a guard reads it and returns). */
  private readonly guardArgs = { context: undefined as unknown, event: undefined as unknown };
  private readonly actionArgs = {
    context: undefined as unknown,
    event: undefined as unknown as Event,
    self: this as ExecutorActor,
    system: undefined,
  };
  private readonly clock: Clock;
  private readonly impls: Record<string, unknown>;
  /** Effects as they run, for the shadow comparison (null unless asked for). */
  effectLog: unknown[] | null = null;

  constructor(
    private readonly cm: CompiledMachine,
    options: { input?: unknown; clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? NO_CLOCK;
    this.impls = cm.machine.implementations.actions as Record<string, unknown>;
    const config = cm.machine.config as { context?: unknown };
    const initEvent: Event = { type: 'xstate.init', input: options.input };
    if (typeof config.context === 'function') {
      const made = (config.context as (a: unknown) => unknown)({
        spawn: spawnUnsupported,
        input: options.input,
        self: this,
      });
      // XState's own copy. Not a spread: contexts copied from a spread copy measured ≈ 5 % slower
      // over a whole run (issue-96-fixed, full trace, 5 paired rounds).
      this.ctx = Object.assign({}, {}, made);
      this.assigns++;
    } else {
      this.ctx = config.context ?? {};
    }
    this.cfg = cm.preInitial;
    this.microstep([cm.initialTransition], initEvent, true);
    this.settle(initEvent);
    this.snap = this.makeSnapshot();
  }

  getSnapshot(): ExecSnapshot<M> {
    return this.snap;
  }

  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    this.update();
    this.drain();
    return this;
  }

  stop(): this {
    if (this.stopped) return this;
    this.mailbox.length = 0;
    this.stopped = true;
    if (!this.started) return this;
    this.status = 'stopped';
    this.snap = this.makeSnapshot();
    this.shutdown();
    return this;
  }

  send(event: EventFromLogic<M>): void {
    this.receive(event as Event);
  }

  subscribe(next: (snapshot: ExecSnapshot<M>) => void): { unsubscribe(): void } {
    if (!this.stopped) {
      this.observers.add(next);
      this.observerList = [...this.observers];
    }
    return {
      unsubscribe: () => {
        this.observers.delete(next);
        this.observerList = [...this.observers];
      },
    };
  }

  on(type: string, handler: (emitted: Event) => void): { unsubscribe(): void } {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    const wrapped = handler.bind(undefined);
    set.add(wrapped);
    this.listenersChanged();
    return {
      unsubscribe: () => {
        set.delete(wrapped);
        this.listenersChanged();
      },
    };
  }

  /** The one listener when a single `'*'` handler is all there is (how the world listens), else null. */
  private soleWildcard: ((e: Event) => void) | null = null;

  private listenersChanged(): void {
    this.soleWildcard = null;
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    const wild = this.listeners.get('*');
    if (count === 1 && wild?.size === 1) for (const h of wild) this.soleWildcard = h;
  }

  private receive(event: Event): void {
    if (this.stopped) return;
    if (!this.started || this.processing) {
      this.mailbox.push(event);
      return;
    }
    // Idle and started: the mailbox is empty, so the event is processed at once (no push and
    // shift for the common case); what it sends to itself meanwhile waits, as in `drain`.
    this.processing = true;
    try {
      this.process(event);
      if (this.mailbox.length) this.drainQueued();
    } finally {
      this.processing = false;
    }
  }

  private drain(): void {
    this.processing = true;
    try {
      this.drainQueued();
    } finally {
      this.processing = false;
    }
  }

  private drainQueued(): void {
    for (let e = this.mailbox.shift(); e !== undefined; e = this.mailbox.shift()) {
      if (this.stopped) {
        this.mailbox.length = 0;
        return;
      }
      this.process(e);
    }
    if (this.stopped) this.mailbox.length = 0;
  }

  private process(event: Event): void {
    // One array per actor for the chosen transitions (a step is cached by them, not kept).
    const out = this.chosen;
    while (out.length) out.pop(); // cheaper than setting its length (a runtime call)
    const chosen = this.select(event, out);
    if (chosen.length) this.microstep(chosen, event, false);
    this.settle(event);
    this.update();
  }

  /**
   * macrostep's loop (`walk`), or for a machine that declared its eventless key
   * (compile.ts `declareSettledBy`) the configuration an earlier walk from the same configuration
   * with the same key ended in — when that walk ran no action and no event was raised.
   */
  private settle(event: Event): void {
    const by = this.cm.settledBy;
    if (by === null || this.internal.length !== 0 || this.status !== 'active') {
      this.walkToStable(event);
      return;
    }
    const from = this.cfg;
    const key = by(this.ctx);
    const memo = from.settled.get(key);
    if (memo === undefined) {
      this.ranOps = false;
      this.walkToStable(event);
      const clean = !this.ranOps && this.status === 'active' && !this.cfg.done;
      from.settled.set(key, clean ? this.cfg : WALK_EVERY_TIME);
    } else if (memo === WALK_EVERY_TIME) this.walkToStable(event);
    else this.cfg = memo;
  }

  /** Set when a microstep has actions (read by `settle` for its memo). */
  private ranOps = false;

  /** macrostep's loop: eventless transitions, then raised events, until stable or done. */
  private walkToStable(event: Event): void {
    let next = event;
    let selectEventless = true;
    while (this.status === 'active') {
      let enabled: CTransition[] = selectEventless ? this.eventless(next) : NONE;
      const fromEventless: boolean = enabled.length > 0;
      if (!fromEventless) {
        const raised = this.internal.shift();
        if (raised === undefined) break;
        next = raised;
        enabled = this.select(raised, []);
      }
      const changed = this.microstep(enabled, next, false);
      selectEventless = fromEventless ? changed : true;
    }
    if (this.internal.length) this.internal.length = 0;
  }

  /**
   * The transitions `event` takes from here: the selection's fixed choice where no guard decides
   * (compile.ts `fixedChoice`; not to be changed), else `out` filled by walking it.
   */
  private select(event: Event, out: CTransition[]): CTransition[] {
    const sel = this.cfg.selector(event.type);
    if (sel === null) return out;
    if (sel.fixed !== null) return sel.fixed;
    this.walk(sel, event, out);
    return out;
  }

  private walk(sel: { kids: (typeof sel)[]; cands: CTransition[] }, event: Event, out: CTransition[]): void {
    const start = out.length;
    for (const k of sel.kids) this.walk(k, event, out);
    if (out.length > start) return;
    for (const c of sel.cands) {
      if (c.guard === null || c.guard(this.guardArgsFor(event), c.guardParams)) {
        out.push(c);
        return;
      }
    }
  }

  private eventless(event: Event): CTransition[] {
    const chains = this.cfg.eventless();
    if (!chains.length) return NONE;
    let enabled: CTransition[] | null = null;
    for (const chain of chains) {
      for (const c of chain) {
        if (c.guard === null || c.guard(this.guardArgsFor(event), c.guardParams)) {
          enabled ??= [];
          if (!enabled.includes(c)) enabled.push(c);
          break;
        }
      }
    }
    return enabled ?? NONE;
  }

  /** One microstep; true when the snapshot changed (configuration or an assign). */
  private microstep(transitions: CTransition[], event: Event, isInitial: boolean): boolean {
    if (!transitions.length) return false;
    const step = this.cm.step(this.cfg, transitions, isInitial);
    if (step.ops.length) this.ranOps = true;
    const before = this.assigns;
    this.run(step.ops, event);
    const changed = step.next !== this.cfg || this.assigns !== before;
    this.cfg = step.next;
    if (step.done) this.status = 'done';
    return changed;
  }

  private run(ops: readonly Op[], event: Event): void {
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const kind = op.kind;
      if (kind === OP_NONE) continue;
      const params = op.hasParams
        ? typeof op.params === 'function'
          ? (op.params as (a: unknown) => unknown)({ context: this.ctx, event })
          : op.params
        : undefined;
      switch (kind) {
        case OP_ASSIGN: {
          const args = this.assignArgs;
          args.context = this.ctx;
          args.event = event;
          const a = op.value;
          const keys = op.keys;
          if (keys === null) this.ctx = this.nextContext((a as AssignFn)(args, params));
          else {
            // Object.assign({}, context, partial) with the partial's values written straight
            // into the copy: every value is computed from `args.context`, the old context, as
            // XState computes the whole partial first. New keys go last, in the partial's order.
            const prev = this.ctx as Record<string, unknown>;
            const next: Record<string, unknown> = { ...prev };
            for (let k = 0; k < keys.length; k++) {
              const key = keys[k]!;
              const p = (a as Record<string, unknown>)[key];
              if (this.ctxKeys !== null && !Object.hasOwn(prev, key)) this.ctxKeys = null;
              next[key] = typeof p === 'function' ? p(args, params) : p;
            }
            this.ctx = next;
          }
          this.assigns++;
          break;
        }
        case OP_EMIT: {
          const e = op.value;
          const ev = typeof e === 'function' ? e(this.args(event), params) : e;
          this.deferred.push([EMIT, ev as Event]);
          break;
        }
        case OP_RAISE: {
          const args = this.args(event);
          const e = op.value;
          const ev = (typeof e === 'function' ? e(args, params) : e) as Event;
          let delay: unknown;
          if (typeof op.delay === 'string') {
            const d = (this.cm.machine.implementations.delays as Record<string, unknown>)[op.delay];
            delay = typeof d === 'function' ? d(args, params) : d;
          } else delay = typeof op.delay === 'function' ? op.delay(args, params) : op.delay;
          if (typeof delay !== 'number') this.internal.push(ev);
          else this.deferred.push([SCHEDULE, ev, delay, op.id ?? `xstate.raise.${raiseIds++}`]);
          break;
        }
        case OP_CANCEL: {
          const s = op.value;
          const id = typeof s === 'function' ? s(this.args(event), params) : s;
          this.deferred.push([CANCEL, id as string]);
          break;
        }
        case OP_ENQUEUE: {
          // One enqueue object and one `check` for every call (no closures per call): they act
          // on the call in progress, saved and restored around the body.
          const saved = enq;
          const queued: Op[] = [];
          enq = { queued, impls: this.impls, actor: this, context: this.ctx, event };
          try {
            (op.value as Expr)(
              { context: this.ctx, event, enqueue: ENQUEUE, check: CHECK, self: this, system: undefined },
              params,
            );
          } finally {
            enq = saved;
          }
          this.run(queued, event);
          break;
        }
      }
    }
  }

  /** XState's action arguments; one object per actor, refilled for each call (see `assignArgs`). */
  /**
   * XState's `Object.assign({}, context, partial)`: a new object with the context's keys in its
   * order, then the partial's new keys, the partial's values winning (contexts are plain objects).
   * A partial that is a whole context (h11's pure core returns one for every event) has exactly
   * the context's keys in their order: the result is then a copy of it, made by cloning its shape
   * instead of adding its keys one by one to an empty object (the costliest line of a run).
   */
  private nextContext(partial: Record<string, unknown>): unknown {
    const prev = this.ctx as Record<string, unknown>;
    this.ctxKeys ??= Object.keys(prev);
    const keys = this.ctxKeys;
    let i = 0;
    let whole = true;
    for (const k in partial) {
      if (k !== keys[i++]) {
        whole = false;
        break;
      }
    }
    if (whole && i === keys.length) return { ...partial };
    const next = Object.assign({ ...prev }, partial);
    // The keys stay those of `prev` unless the partial added one.
    for (const k in partial) {
      if (!Object.hasOwn(prev, k)) {
        this.ctxKeys = null;
        break;
      }
    }
    return next;
  }

  private guardArgsFor(event: Event) {
    const a = this.guardArgs;
    a.context = this.ctx;
    a.event = event;
    return a;
  }

  private args(event: Event) {
    const a = this.actionArgs;
    a.context = this.ctx;
    a.event = event;
    return a;
  }

  private makeSnapshot(): ExecSnapshot<M> {
    return {
      status: this.status,
      value: this.cfg.value as ExecSnapshot<M>['value'],
      context: this.ctx as ContextFrom<M>,
      output: undefined,
      error: undefined,
    };
  }

  /** Actor.update: deferred effects in action order, then observers; a final state ends it. */
  private update(): void {
    const d = this.deferred;
    if (d.length) {
      this.deferred = [];
      for (const item of d) this.effect(item);
    }
    const s = this.snap;
    if (s.value !== this.cfg.value || s.context !== this.ctx || s.status !== this.status) {
      this.snap = this.makeSnapshot();
    }
    if (this.status === 'stopped') return;
    const list = this.observerList;
    for (let i = 0; i < list.length; i++) list[i]!(this.snap);
    if (this.status === 'done') {
      this.stopped = true;
      this.shutdown();
    }
  }

  private effect(item: Deferred): void {
    this.effectLog?.push(item.slice());
    switch (item[0]) {
      case EMIT: {
        const e = item[1];
        if (this.soleWildcard !== null) {
          this.soleWildcard(e);
          return;
        }
        const typed = this.listeners.get(e.type);
        const wild = this.listeners.get('*');
        if (!typed && !wild) return;
        // XState calls a copy of the listener list; with one listener that is the same thing
        if (!typed && wild!.size === 1) for (const h of wild!) h(e);
        else for (const h of [...(typed ?? []), ...(wild ?? [])]) h(e);
        return;
      }
      case SCHEDULE: {
        const [, event, delay, id] = item;
        // `clock` is the world's kernel clock (virtual time, XState's clock interface), not a real timer.
        const handle = this.clock.setTimeout(() => {
          this.timers.delete(id);
          this.receive(event);
        }, delay);
        this.timers.set(id, handle);
        return;
      }
      case CANCEL: {
        const handle = this.timers.get(item[1]);
        this.timers.delete(item[1]);
        if (handle !== undefined) this.clock.clearTimeout(handle);
        return;
      }
    }
  }

  private shutdown(): void {
    for (const [id, handle] of this.timers) {
      this.timers.delete(id);
      this.clock.clearTimeout(handle);
    }
    this.observers.clear();
    this.observerList = [];
    this.listeners.clear();
    this.soleWildcard = null;
  }
}

const NONE: CTransition[] = [];
type AssignFn = (args: unknown, params: unknown) => Record<string, unknown>;
type Expr = (args: unknown, params: unknown) => unknown;

/** The `enqueueActions` call in progress (null outside one: late calls are dropped, as XState's are). */
let enq: {
  queued: Op[];
  impls: Record<string, unknown>;
  actor: ExecutorActor;
  context: unknown;
  event: Event;
} | null = null;
const queue = (op: Op) => {
  enq?.queued.push(op);
};
const ENQUEUE = Object.assign((action: unknown) => enq && queue(compileDynamicOp(action, enq.impls)), {
  assign: (a: unknown) => queue(new Op(OP_ASSIGN, a)),
  emit: (e: unknown) => queue(new Op(OP_EMIT, e)),
  raise: (e: unknown, o?: { id?: string; delay?: unknown }) =>
    queue(new Op(OP_RAISE, e, undefined, false, o?.delay, o?.id)),
  cancel: (id: unknown) => queue(new Op(OP_CANCEL, id)),
  sendTo: unsupported('sendTo'),
  sendParent: unsupported('sendParent'),
  spawnChild: unsupported('spawnChild'),
  stopChild: unsupported('stopChild'),
});
const CHECK = (guard: unknown): boolean => {
  if (!enq) throw new Error('executor: check() called outside its enqueueActions body');
  return (enq.actor as unknown as { cm: CompiledMachine }).cm.guard(guard)(enq.context, enq.event);
};

function unsupported(name: string) {
  return () => {
    throw new Error(`executor: enqueue.${name} is not supported`);
  };
}
