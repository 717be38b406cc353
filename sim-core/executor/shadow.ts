/**
 * Shadow mode: the executor runs the world while an XState actor of the same machine follows it
 * on a private clock; after `start()`, every send and every timer that fires, both must agree on
 * the state value, the context, what they emitted and which timers they scheduled or cancelled.
 * The first divergence throws, naming the machine, the event and what differs.
 */
import { type AnyStateMachine, createActor } from 'xstate';
import { type Clock, type ExecSnapshot, ExecutorActor, type MachineActor } from './actor';
import type { CompiledMachine } from './compile';

type Event = { type: string } & Record<string, unknown>;

/** Structural equality: same primitives, same references for functions, same own keys and values. */
export function sameValue(a: unknown, b: unknown, path = '$'): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${show(a)} ≠ ${show(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return `${path}: keys [${ka.join(',')}] ≠ [${kb.join(',')}]`;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return `${path}: key ${k} missing`;
    const d = sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function show(v: unknown): string {
  if (typeof v === 'function') return `function ${v.name}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export class ShadowDivergence extends Error {}

export class ShadowActor<M extends AnyStateMachine> implements MachineActor<M> {
  private readonly exec: ExecutorActor<M>;
  private readonly twin: ReturnType<typeof createActor>;
  private readonly execLog: unknown[] = [];
  private readonly twinLog: unknown[] = [];
  private readonly twinTimers: { fn: () => void; live: boolean }[] = [];
  private execTimers = 0;

  constructor(
    private readonly machine: M,
    compiled: CompiledMachine,
    options: { input?: unknown; clock?: Clock },
  ) {
    const real = options.clock;
    const execClock: Clock = {
      setTimeout: (fn, ms) => {
        const k = this.execTimers++;
        this.execLog.push(['schedule', ms]);
        if (!real) throw new Error('executor: this actor has a delayed transition but no clock');
        return {
          k,
          h: real.setTimeout(() => {
            fn();
            const t = this.twinTimers[k];
            if (t?.live) {
              t.live = false;
              t.fn();
            }
            this.compare(`timer ${k} (${ms} ms)`);
          }, ms),
        };
      },
      clearTimeout: (id) => {
        const { k, h } = id as { k: number; h: unknown };
        this.execLog.push(['cancel', k]);
        real?.clearTimeout(h);
      },
    };
    const twinClock: Clock = {
      setTimeout: (fn, ms) => {
        this.twinLog.push(['schedule', ms]);
        this.twinTimers.push({ fn: fn as () => void, live: true });
        return this.twinTimers.length - 1;
      },
      clearTimeout: (id) => {
        this.twinLog.push(['cancel', id]);
        const t = this.twinTimers[id as number];
        if (t) t.live = false;
      },
    };
    this.exec = new ExecutorActor<M>(compiled, { input: options.input, clock: execClock });
    this.twin = createActor(machine, { input: options.input, clock: twinClock } as never);
    this.exec.on('*', (e) => this.execLog.push(['emit', e]));
    this.twin.on('*', (e: Event) => this.twinLog.push(['emit', e]));
  }

  getSnapshot(): ExecSnapshot<M> {
    return this.exec.getSnapshot();
  }

  start(): this {
    this.exec.start();
    this.twin.start();
    this.compare('start');
    return this;
  }

  stop(): this {
    this.exec.stop();
    this.twin.stop();
    return this;
  }

  send(event: Parameters<MachineActor<M>['send']>[0]): void {
    this.exec.send(event);
    this.twin.send(event as never);
    this.compare((event as Event).type);
  }

  subscribe(next: (snapshot: ExecSnapshot<M>) => void): { unsubscribe(): void } {
    return this.exec.subscribe(next);
  }

  on(type: string, handler: (e: Event) => void): { unsubscribe(): void } {
    return this.exec.on(type, handler);
  }

  private compare(cause: string): void {
    const a = this.exec.getSnapshot();
    const b = this.twin.getSnapshot() as unknown as ExecSnapshot<M>;
    const diff =
      sameValue(a.status, b.status, 'status') ??
      sameValue(a.value, b.value, 'value') ??
      sameValue(a.context, b.context, 'context') ??
      sameValue(this.execLog, this.twinLog, 'effects');
    if (diff) {
      throw new ShadowDivergence(`shadow: ${this.machine.id} diverged from XState after ${cause}: ${diff}`);
    }
    this.execLog.length = 0;
    this.twinLog.length = 0;
  }
}
