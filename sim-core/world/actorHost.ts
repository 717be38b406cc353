/**
 * Runs an XState machine as an actor on the kernel's virtual clock and records
 * every state change in the trace, with the event that caused it. Emitted
 * effects are deferred to the world's run-to-completion queue, so a machine
 * never re-enters another one mid-transition and the trace reads in causal
 * order: the state change first, then what it sent.
 */
import type { AnyStateMachine, ContextFrom, EventFromLogic, SnapshotFrom } from 'xstate';
import { createMachineActor, type MachineActor } from '../executor';
import { outcomeReadsState } from '../metrics/outcomeReads';
import type { MachineName, Side } from '../trace/events';
import type { World } from './world';

type TimerName = 'idle-timer' | 'processing' | 'time-wait' | 'expiry';
type TimerSpec<M extends AnyStateMachine> = {
  timer: TimerName;
  delayMs: (context: ContextFrom<M>) => number;
};

export interface HostOptions<M extends AnyStateMachine> {
  conn: number;
  side: Side;
  machine: MachineName;
  input?: unknown;
  /**
   * States that arm timers, so the trace can show each armed, fired or cancelled. When a state
   * arms several, the one due now is the one that fired; the others are cancelled.
   */
  timers?: Record<string, TimerSpec<M> | readonly TimerSpec<M>[]>;
  /** Handles what the machine emits (called after the transition, deferred). */
  onEmit?: (emitted: { type: string }) => void;
  /** Record state changes in the trace (default true). */
  record?: boolean;
  /** Called after each state change is recorded (bookkeeping only: it must not send events). */
  onState?: (from: string, to: string) => void;
}

type TimerTable = NonNullable<HostOptions<AnyStateMachine>['timers']>;
const timerMaps = new WeakMap<TimerTable, Map<string, TimerTable[string]>>();

/**
 * `options.timers` as a map, made once per table: the tables are module constants shared by every
 * connection, and building the map per actor was half of a host's construction (profiled).
 */
function timerMap<M extends AnyStateMachine>(
  table: NonNullable<HostOptions<M>['timers']>,
): Map<string, TimerSpec<M> | readonly TimerSpec<M>[]> {
  let m = timerMaps.get(table as TimerTable);
  if (!m) {
    m = new Map(Object.entries(table as TimerTable));
    timerMaps.set(table as TimerTable, m);
  }
  return m as Map<string, TimerSpec<M> | readonly TimerSpec<M>[]>;
}

export class HostedActor<M extends AnyStateMachine> {
  /** XState's actor or the executor's, per `executorMode()` (../executor). */
  readonly actor: MachineActor<M>;
  private current: string;
  private cause: string | null = null;
  /** Timers armed on entering the current state, with when each is due (µs). */
  private readonly armed: { timer: TimerName; at: number }[] = [];
  /** `options.timers` by state, as a map (a keyed load on the object was a visible cost). */
  private readonly timers: Map<string, TimerSpec<M> | readonly TimerSpec<M>[]> | null;
  /** Build the timer events (with a trace); else only count them (World.skip). */
  private readonly timerEvents: boolean;
  /** Record state changes: built, counted only, or neither (`options.record` false). */
  private readonly stateEvents: 'build' | 'count' | 'none';

  constructor(
    private readonly world: World,
    machine: M,
    private readonly options: HostOptions<M>,
  ) {
    this.timers = options.timers ? timerMap(options.timers) : null;
    this.timerEvents = world.full;
    this.stateEvents =
      options.record === false
        ? 'none'
        : world.full || outcomeReadsState(options.machine, options.side)
          ? 'build'
          : 'count';
    // `input: undefined` is no input for both engines (a conditional spread cost more).
    this.actor = createMachineActor(machine, { clock: world.sim.xstateClock(), input: options.input });
    if (options.onEmit) {
      const handler = options.onEmit;
      this.actor.on('*', (emitted: { type: string }) => world.deferCall(handler, emitted));
    }
    this.current = String((this.actor.getSnapshot() as { value: unknown }).value);
    this.actor.subscribe((snapshot) => this.observe(snapshot as SnapshotFrom<M>));
    this.actor.start();
    this.current = String((this.actor.getSnapshot() as { value: unknown }).value);
    this.armTimer(this.current);
  }

  get state(): string {
    return this.current;
  }

  get snapshot(): SnapshotFrom<M> {
    return this.actor.getSnapshot() as SnapshotFrom<M>;
  }

  get context(): ContextFrom<M> {
    return (this.actor.getSnapshot() as { context: ContextFrom<M> }).context;
  }

  send(event: EventFromLogic<M>, cause?: string): void {
    this.cause = cause ?? event.type;
    this.actor.send(event);
    this.cause = null;
  }

  private observe(snapshot: SnapshotFrom<M>): void {
    const next = String((snapshot as { value: unknown }).value);
    if (next === this.current) return;
    const { conn, side, machine } = this.options;
    const world = this.world;
    const build = this.stateEvents === 'build';
    const armed = this.armed;
    let fired: { timer: TimerName; at: number } | undefined;
    const now = world.sim.now;
    // No pending cause means the transition came from one of the machine's own timers: the one due now.
    if (this.cause === null && (build || this.timerEvents))
      for (const a of armed)
        if (a.at <= now) {
          fired = a;
          break;
        }
    for (const a of armed) {
      if (!this.timerEvents) world.skip();
      else
        world.record({
          seq: 0,
          t: 0,
          kind: a === fired ? 'timer.fire' : 'timer.cancel',
          conn,
          side,
          timer: a.timer,
          at: now,
        });
    }
    while (armed.length) armed.pop(); // emptied, not replaced: most state changes arm none
    if (build) {
      const cause = this.cause ?? (fired ? `after ${fired.timer}` : 'timer');
      world.record({ seq: 0, t: 0, kind: 'state', conn, side, machine, from: this.current, to: next, cause });
    } else if (this.stateEvents === 'count') world.skip();
    const from = this.current;
    this.current = next;
    this.armTimer(next);
    this.options.onState?.(from, next);
  }

  private armTimer(state: string): void {
    const spec = this.timers?.get(state);
    if (!spec) return;
    const { conn, side } = this.options;
    for (const timer of (Array.isArray(spec) ? spec : [spec]) as readonly TimerSpec<M>[]) {
      const delay = timer.delayMs(this.context);
      // A timer with no finite delay is not armed (e.g. no leaked idle timer).
      if (!Number.isFinite(delay)) continue;
      const at = this.world.sim.now + Math.max(0, Math.round(delay * 1000));
      this.armed.push({ timer: timer.timer, at });
      if (this.timerEvents)
        this.world.record({ seq: 0, t: 0, kind: 'timer.arm', conn, side, timer: timer.timer, at });
      else this.world.skip();
    }
  }
}
