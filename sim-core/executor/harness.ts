/**
 * Test support (no test runner here, so it typechecks with sim-core): the world's machines with
 * inputs, a manual clock, and a lock-step pair of engines (the executor and XState's own
 * `createActor`) fed the same events, compared after every step on status, state value,
 * context, emitted events and scheduled/cancelled timers. Used by the equivalence tests.
 */
import { type AnyStateMachine, createActor } from 'xstate';
import type { PoolRules, Probe } from '../machines/clientPool';
import { clientPoolMachine } from '../machines/clientPool';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import { leakyServerMachine, serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { type Clock, type ExecSnapshot, ExecutorActor } from './actor';
import { CompiledMachine } from './compile';
import { sameValue } from './shadow';

type Event = { type: string } & Record<string, unknown>;

/** A clock whose timers fire only when asked, earliest first (ties in scheduling order). */
export class ManualClock implements Clock {
  private seq = 0;
  readonly pending: { at: number; seq: number; fn: () => void; live: boolean; ms: number }[] = [];
  readonly log: unknown[] = [];
  constructor(private readonly now: () => number) {}
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown {
    const t = { at: this.now() + ms, seq: this.seq++, fn: fn as () => void, live: true, ms };
    this.pending.push(t);
    this.log.push(['schedule', ms]);
    return t;
  }
  clearTimeout(id: unknown): void {
    const t = id as { live: boolean; seq: number };
    this.log.push(['cancel', t.seq]);
    t.live = false;
  }
  /** The earliest live timer, taken off the clock. */
  take(): { at: number; fn: () => void } | undefined {
    let best: (typeof this.pending)[number] | undefined;
    for (const t of this.pending) {
      if (t.live && (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    if (best) best.live = false;
    return best;
  }
}

/** The executor and XState side by side on the same events; `check()` throws at a difference. */
export class LockStep {
  now = 0;
  readonly exec: ExecutorActor;
  readonly ref: ReturnType<typeof createActor>;
  private readonly execClock = new ManualClock(() => this.now);
  private readonly refClock = new ManualClock(() => this.now);
  private readonly execEmits: unknown[] = [];
  private readonly refEmits: unknown[] = [];
  steps = 0;

  constructor(
    readonly machine: AnyStateMachine,
    input: ((now: () => number) => unknown) | undefined,
  ) {
    const i = input?.(() => this.now);
    this.exec = new ExecutorActor(new CompiledMachine(machine), { input: i, clock: this.execClock });
    this.ref = createActor(machine, { input: i, clock: this.refClock } as never);
    this.exec.on('*', (e) => this.execEmits.push(e));
    this.ref.on('*', (e: Event) => this.refEmits.push(e));
    this.exec.start();
    this.ref.start();
    this.check('start');
  }

  send(event: Event): void {
    this.exec.send(event as never);
    // XState warns on every event sent to a stopped actor: once it is done, only the executor
    // gets the event, and must ignore it too (check compares with XState's final snapshot).
    if (this.ref.getSnapshot().status === 'active') this.ref.send(event as never);
    this.check(JSON.stringify(event));
  }

  /** Fires the earliest pending timer of each engine (they must agree on when); false if none. */
  fire(): boolean {
    const a = this.execClock.take();
    const b = this.refClock.take();
    if (!a && !b) return false;
    if (!a || !b || a.at !== b.at) throw new Error(`timers differ: executor ${a?.at}, XState ${b?.at}`);
    this.now = a.at;
    a.fn();
    b.fn();
    this.check(`timer at ${a.at}`);
    return true;
  }

  check(cause: string): void {
    this.steps++;
    const a = this.exec.getSnapshot();
    const b = this.ref.getSnapshot() as unknown as ExecSnapshot;
    const diff =
      sameValue(a.status, b.status, 'status') ??
      sameValue(a.value, b.value, 'value') ??
      sameValue(a.context, b.context, 'context') ??
      sameValue(this.execEmits, this.refEmits, 'emitted') ??
      sameValue(this.execClock.log, this.refClock.log, 'timers');
    if (diff) throw new Error(`${this.machine.id}: executor ≠ XState after ${cause}: ${diff}`);
  }
}

export const POOL_RULE_CHOICES = {
  reuseOrder: ['lifo', 'fifo', 'mru-acquired', 'oldest-created', 'arbitrary'] as const,
  atCheckout: ['none', 'poll', 'eof-seen'] as const,
  scope: ['whole-pool', 'until-good', 'picked'] as const,
};

/** A pool input whose probe answers from fixed per-connection facts (pure, so both engines agree). */
export function poolInput(rules: PoolRules, facts: (conn: number) => number, now: () => number) {
  const probe: Probe = {
    readable: (c) => facts(c) % 2 === 1,
    eofSeen: (c) => facts(c) % 3 === 1,
    idleForMs: (c) => (facts(c) * 37) % 9000,
    expiryMs: (c) => (facts(c) % 5 === 0 ? null : 5000),
    nowMs: now,
    lastAcquiredMs: (c) => (facts(c) * 13) % 100,
    random: () => (now() % 1000) / 1000,
  };
  return { rules, probe };
}

/** The world's machines (every variant it creates). */
export const WORLD_MACHINES: readonly AnyStateMachine[] = [
  tcpEndpointMachine,
  http11ConnectionMachine,
  clientPoolMachine,
  pooledConnectionMachine,
  timedPooledConnectionMachine,
  serverMachine,
  leakyServerMachine,
];

/** `xstate.after.*` event types of a machine's delayed transitions. */
export function afterEventTypes(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (s: { transitions: Map<string, unknown>; states: Record<string, unknown> }) => {
    for (const k of s.transitions.keys()) if (k.startsWith('xstate.after.')) out.push(k);
    for (const c of Object.values(s.states)) walk(c as typeof s);
  };
  walk((machine as unknown as { root: Parameters<typeof walk>[0] }).root);
  return out;
}
