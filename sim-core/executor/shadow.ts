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

/**
 * Structural equality: same primitives, same references for functions, same own keys and values;
 * `pairs` names objects that stand for each other (the two sides of a recorded input).
 */
export function sameValue(
  a: unknown,
  b: unknown,
  path = '$',
  pairs?: WeakMap<object, unknown>,
): string | null {
  if (Object.is(a, b)) return null;
  if (pairs && (typeof a === 'object' || typeof a === 'function') && a !== null && pairs.get(a) === b) {
    return null;
  }
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
    const d = sameValue(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
      pairs,
    );
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

/**
 * The input twice: functions in it (top level, or methods of a top-level object, like the pool's
 * probe) are recorded on the executor's side and replayed on XState's, so a function with a side
 * effect (a seeded draw) runs once, as without the shadow, and both engines see the same answers.
 * Only the executor's own macrosteps are recorded, not the world calling them on its snapshot.
 */
function splitInput(
  input: unknown,
  pairs: WeakMap<object, unknown>,
  machineId: string,
  recording: () => boolean,
): [unknown, unknown, Map<string, unknown[]> | undefined] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [input, input, undefined];
  const queues = new Map<string, unknown[]>();
  const wrap = (fn: (...a: unknown[]) => unknown, name: string, self: unknown) => {
    const q: unknown[] = [];
    queues.set(name, q);
    const rec = (...args: unknown[]) => {
      const r = fn.apply(self, args);
      if (recording()) q.push(r);
      return r;
    };
    const rep = () => {
      if (!q.length) throw new ShadowDivergence(`shadow: ${machineId}: XState called ${name} more often`);
      return q.shift();
    };
    pairs.set(rec, rep);
    return [rec, rep] as const;
  };
  const a: Record<string, unknown> = {};
  const b: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    if (typeof v === 'function') {
      [a[key], b[key]] = wrap(v as (...x: unknown[]) => unknown, key, input);
    } else if (
      typeof v === 'object' &&
      v !== null &&
      Object.getPrototypeOf(v) === Object.prototype &&
      Object.values(v).some((m) => typeof m === 'function')
    ) {
      const va: Record<string, unknown> = {};
      const vb: Record<string, unknown> = {};
      for (const [k, m] of Object.entries(v)) {
        if (typeof m === 'function')
          [va[k], vb[k]] = wrap(m as (...x: unknown[]) => unknown, `${key}.${k}`, v);
        else va[k] = vb[k] = m;
      }
      pairs.set(va, vb);
      a[key] = va;
      b[key] = vb;
    } else a[key] = b[key] = v;
  }
  pairs.set(a, b);
  return [a, b, queues];
}

export class ShadowActor<M extends AnyStateMachine> implements MachineActor<M> {
  private readonly exec: ExecutorActor<M>;
  private readonly twin: ReturnType<typeof createActor>;
  private readonly execLog: unknown[] = [];
  private readonly twinLog: unknown[] = [];
  private readonly twinTimers: { fn: () => void; live: boolean }[] = [];
  private execTimers = 0;
  private readonly pairs = new WeakMap<object, unknown>();
  private readonly replays: Map<string, unknown[]> | undefined;
  /** The executor is inside a macrostep (its observers and listeners run after it). */
  private recording = true;

  constructor(
    private readonly machine: M,
    compiled: CompiledMachine,
    options: { input?: unknown; clock?: Clock },
  ) {
    // The world's clock: the kernel's virtual time (XState's clock interface), never a real timer.
    const kernelClock = options.clock;
    const execClock: Clock = {
      setTimeout: (fn, ms) => {
        const k = this.execTimers++;
        this.execLog.push(['schedule', ms]);
        if (!kernelClock) throw new Error('executor: this actor has a delayed transition but no clock');
        return {
          k,
          h: kernelClock.setTimeout(() => {
            this.recording = true;
            fn();
            this.recording = false;
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
        kernelClock?.clearTimeout(h);
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
    const [execInput, twinInput, replays] = splitInput(
      options.input,
      this.pairs,
      machine.id,
      () => this.recording,
    );
    this.replays = replays;
    this.exec = new ExecutorActor<M>(compiled, { input: execInput, clock: execClock });
    this.recording = false;
    this.twin = createActor(machine, { input: twinInput, clock: twinClock } as never);
    // registered before the world's: a macrostep's machine code has run when these are called
    this.exec.on('*', (e) => {
      this.recording = false;
      this.execLog.push(['emit', e]);
    });
    this.exec.subscribe(() => {
      this.recording = false;
    });
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
    this.recording = true;
    this.exec.send(event);
    this.recording = false;
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
    const unreplayed = [...(this.replays ?? [])].find(([, q]) => q.length);
    const diff =
      (unreplayed ? `XState called ${unreplayed[0]} less often` : null) ??
      sameValue(a.status, b.status, 'status') ??
      sameValue(a.value, b.value, 'value') ??
      sameValue(a.context, b.context, 'context', this.pairs) ??
      sameValue(this.execLog, this.twinLog, 'effects', this.pairs);
    if (diff) {
      throw new ShadowDivergence(`shadow: ${this.machine.id} diverged from XState after ${cause}: ${diff}`);
    }
    this.execLog.length = 0;
    this.twinLog.length = 0;
  }
}
