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
/**
 * Effects waiting for the end of the macrostep, flat: `EMIT, event`, `SCHEDULE, event, delay, id`
 * or `CANCEL, id`, one after the other (no tuple per effect).
 */
type Deferred = unknown[];

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
  /** This macrostep's effects: NO_EFFECTS until the first, then an array from EFFECT_ARRAYS. */
  private deferred: Deferred = NO_EFFECTS;
  /** Events raised without a delay, waiting in the macrostep (NO_EVENTS until the first). */
  private internal: Event[] = NO_EVENTS;
  /**
   * The observers in subscription order, one entry per subscription (XState keeps a Set of
   * observer objects made per call): notifying walks the array without a Set iterator per update.
   * Replaced, not changed, when one subscribes or unsubscribes, so a walk in progress tells the
   * list as it began (XState walks its Set live: README, known differences).
   */
  private observerList: { next: (s: ExecSnapshot<M>) => void }[] = [];
  /** Listeners by event type; null while there is none or only `soleWildcard`. */
  private listeners: Map<string, Set<(e: Event) => void>> | null = null;
  /**
   * Delayed events pending, by id, in the order scheduled: parallel arrays, made at the first
   * schedule. Actors have none to a few; a Map allocated a new table on deleting its last entry.
   */
  private timerIds: string[] | null = null;
  private timerHandles: unknown[] | null = null;
  /** Events sent while busy or before `start()` (NO_EVENTS until the first). */
  private mailbox: Event[] = NO_EVENTS;
  private started = false;
  private processing = false;
  private stopped = false;
  private assigns = 0;
  /** The own keys of `ctx` in order, or null until asked for (`nextContext`). */
  private ctxKeys: string[] | null = null;
  /** The transitions `process` chose (one array per actor: a guard may send to another actor). */
  private readonly chosen: CTransition[] = [];
  /**
   * The arguments XState passes an assign (`assignArgs`), a guard (`guardArgs`) and the other
   * actions (`actionArgs`), each with XState's keys: one object each per actor, refilled for every
   * call instead of one made per call (the machines' functions read them and return; none keeps
   * them). Not shared by all actors: one shared object kept the last actor, and its run, alive.
   */
  private readonly assignArgs = {
    context: undefined as unknown,
    event: undefined as unknown as Event,
    spawn: spawnUnsupported,
    self: this as ExecutorActor,
    system: undefined,
  };
  private readonly guardArgs = { context: undefined as unknown, event: undefined as unknown as Event };
  private readonly actionArgs = {
    context: undefined as unknown,
    event: undefined as unknown as Event,
    self: this as ExecutorActor,
    system: undefined,
  };
  private readonly clock: Clock;
  private readonly impls: Record<string, unknown>;
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
    // As XState's: what a listener or observer sends meanwhile waits until the start is done.
    this.processing = true;
    try {
      this.update();
    } finally {
      this.processing = false;
    }
    this.drain();
    return this;
  }

  stop(): this {
    if (this.stopped) return this;
    this.mailbox = NO_EVENTS;
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
    // As XState's: every subscription is its own observer (the same function twice is told twice).
    const observer = { next };
    if (!this.stopped) this.observerList = [...this.observerList, observer];
    return {
      unsubscribe: () => {
        this.observerList = this.observerList.filter((o) => o !== observer);
      },
    };
  }

  on(type: string, handler: (emitted: Event) => void): { unsubscribe(): void } {
    // A wrapper per call, as XState's: the same handler twice is two listeners.
    const wrapped = handler.bind(undefined);
    if (type === '*' && this.listeners === null && this.soleWildcard === null) {
      this.soleWildcard = wrapped; // how the world listens: no Map or Set for it
    } else {
      const listeners = this.listenerMap();
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
      }
      set.add(wrapped);
      this.listenersChanged();
    }
    return { unsubscribe: () => this.off(type, wrapped) };
  }

  private off(type: string, wrapped: (e: Event) => void): void {
    if (this.listeners === null) {
      if (type === '*' && this.soleWildcard === wrapped) this.soleWildcard = null;
      return;
    }
    this.listeners.get(type)?.delete(wrapped);
    this.listenersChanged();
  }

  /** The listeners by type, made at the second listener (the first `'*'` one moves in). */
  private listenerMap(): Map<string, Set<(e: Event) => void>> {
    if (this.listeners === null) {
      this.listeners = new Map();
      if (this.soleWildcard !== null) this.listeners.set('*', new Set([this.soleWildcard]));
    }
    return this.listeners;
  }

  /**
   * The one listener when a single `'*'` handler is all there is (how the world listens), else
   * null: the only record of it until a second listener makes `listeners`, then derived from it.
   */
  private soleWildcard: ((e: Event) => void) | null = null;

  private listenersChanged(): void {
    this.soleWildcard = null;
    if (this.listeners === null) return;
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    const wild = this.listeners.get('*');
    if (count === 1 && wild?.size === 1) for (const h of wild) this.soleWildcard = h;
  }

  private receive(event: Event): void {
    if (this.stopped) return;
    if (!this.started || this.processing) {
      if (this.mailbox === NO_EVENTS) this.mailbox = [];
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
    // (NO_EVENTS is frozen: shift() on it throws even when empty)
    while (this.mailbox.length) {
      const e = this.mailbox.shift()!;
      if (this.stopped) {
        this.mailbox = NO_EVENTS;
        return;
      }
      this.process(e);
    }
    if (this.stopped) this.mailbox = NO_EVENTS;
  }

  private process(event: Event): void {
    // The actor's own array for the chosen transitions (a step is cached by them, not kept).
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
        // (NO_EVENTS is frozen: shift() on it throws even when empty)
        const raised = this.internal.length ? this.internal.shift() : undefined;
        if (raised === undefined) break;
        next = raised;
        enabled = this.select(raised, []);
      }
      const changed = this.microstep(enabled, next, false);
      selectEventless = fromEventless ? changed : true;
    }
    if (this.internal.length) this.internal = NO_EVENTS;
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
          this.effects().push(EMIT, ev);
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
          if (typeof delay !== 'number') {
            if (this.internal === NO_EVENTS) this.internal = [];
            this.internal.push(ev);
          } else this.effects().push(SCHEDULE, ev, delay, op.id ?? `xstate.raise.${raiseIds++}`);
          break;
        }
        case OP_CANCEL: {
          const s = op.value;
          const id = typeof s === 'function' ? s(this.args(event), params) : s;
          this.effects().push(CANCEL, id);
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

  /**
   * XState's `Object.assign({}, context, partial)`: a new object with the context's keys in its
   * order, then the partial's new keys, the partial's values winning (contexts are plain objects).
   * A partial that is a whole context (h11's pure core returns one for every event) has exactly
   * the context's keys in their order: the result is then a copy of it, made by cloning its shape
   * instead of adding its keys one by one to an empty object (the costliest line of a run) — or,
   * for a machine that declared its partials fresh (compile.ts `declareFreshContexts`), is the
   * partial itself.
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
    if (whole && i === keys.length) return this.cm.freshContexts ? partial : { ...partial };
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

  /** XState's `{ context, event }` for a guard, filled for this call. */
  private guardArgsFor(event: Event) {
    const a = this.guardArgs;
    a.context = this.ctx;
    a.event = event;
    return a;
  }

  /** XState's arguments to an emit, raise, cancel or delay expression, filled for this call. */
  private args(event: Event) {
    const a = this.actionArgs;
    a.context = this.ctx;
    a.event = event;
    return a;
  }

  /** The array this macrostep's effects go to (taken from EFFECT_ARRAYS at the first). */
  private effects(): Deferred {
    if (this.deferred === NO_EFFECTS) this.deferred = EFFECT_ARRAYS.pop() ?? [];
    return this.deferred;
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
    if (d !== NO_EFFECTS) {
      // Effects queued while these run (a listener that sends to this actor) go to another array.
      this.deferred = NO_EFFECTS;
      for (let i = 0; i < d.length; ) i = this.effect(d, i);
      while (d.length) d.pop(); // cheaper than setting its length (a runtime call)
      EFFECT_ARRAYS.push(d);
    }
    const s = this.snap;
    if (s.value !== this.cfg.value || s.context !== this.ctx || s.status !== this.status) {
      this.snap = this.makeSnapshot();
    }
    if (this.status === 'stopped') return;
    const list = this.observerList;
    for (let i = 0; i < list.length; i++) list[i]!.next(this.snap);
    if (this.status === 'done') {
      this.stopped = true;
      this.shutdown();
    }
  }

  /** Runs the effect that starts at `d[i]`; returns the index of the next one. */
  private effect(d: Deferred, i: number): number {
    switch (d[i]) {
      case EMIT: {
        const e = d[i + 1] as Event;
        if (this.soleWildcard !== null) this.soleWildcard(e);
        else if (this.listeners !== null) {
          const typed = this.listeners.get(e.type);
          const wild = this.listeners.get('*');
          // XState calls a copy of the listener list; with one listener that is the same thing
          if (!typed && wild?.size === 1) for (const h of wild) h(e);
          else if (typed || wild) for (const h of [...(typed ?? []), ...(wild ?? [])]) h(e);
        }
        return i + 2;
      }
      case SCHEDULE: {
        const event = d[i + 1] as Event;
        const id = d[i + 3] as string;
        // `clock` is the world's kernel clock (virtual time, XState's clock interface), not a real timer.
        const handle = this.clock.setTimeout(
          () => {
            this.forgetTimer(id);
            this.receive(event);
          },
          d[i + 2] as number,
        );
        // As XState's scheduler: a second schedule under the same id replaces the handle kept
        // (the first still fires, and then forgets the id).
        this.timerIds ??= [];
        this.timerHandles ??= [];
        const ids = this.timerIds;
        const handles = this.timerHandles;
        const at = ids.indexOf(id);
        if (at >= 0) handles[at] = handle;
        else {
          ids.push(id);
          handles.push(handle);
        }
        return i + 4;
      }
      default: {
        const handle = this.forgetTimer(d[i + 1] as string);
        if (handle !== undefined) this.clock.clearTimeout(handle);
        return i + 2;
      }
    }
  }

  /** Drops the pending timer `id`; returns its handle (undefined when none is pending). */
  private forgetTimer(id: string): unknown {
    const ids = this.timerIds;
    if (ids === null) return undefined;
    const at = ids.indexOf(id);
    if (at < 0) return undefined;
    const handles = this.timerHandles!;
    const handle = handles[at];
    // Removed in place, keeping the order (splice would allocate the removed part).
    for (let k = at + 1; k < ids.length; k++) {
      ids[k - 1] = ids[k]!;
      handles[k - 1] = handles[k];
    }
    ids.pop();
    handles.pop();
    return handle;
  }

  private shutdown(): void {
    const handles = this.timerHandles;
    if (handles !== null) {
      this.timerIds = null;
      this.timerHandles = null;
      for (const handle of handles) this.clock.clearTimeout(handle);
    }
    this.observerList = [];
    this.listeners = null;
    this.soleWildcard = null;
  }
}

const NONE: CTransition[] = [];
/** "None yet" for an actor's event arrays: frozen, so a push that forgot to replace it throws. */
const NO_EVENTS: Event[] = Object.freeze([]) as unknown as Event[];
const NO_EFFECTS: Deferred = Object.freeze([]) as unknown as Deferred;
/**
 * Emptied effect arrays, for the next actor that has effects: an actor holds one only from its
 * first effect to the end of the macrostep (a nested update takes another).
 */
const EFFECT_ARRAYS: Deferred[] = [];
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
