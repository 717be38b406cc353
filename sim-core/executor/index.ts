/**
 * Where the world gets its actors. The machines in ../machines stay the model; this picks what
 * runs them:
 * - `xstate`   XState's own `createActor`;
 * - `executor` the executor (./compile.ts, ./actor.ts), which interprets the same definition
 *              objects with XState's step semantics and caches what depends only on the
 *              active state configuration; a machine using a feature it does not interpret is
 *              found when it is compiled and runs on XState instead (`fallbacks()` says which);
 * - `shadow`   both, compared after every send; the first divergence throws (./shadow.ts).
 * The mode is `setExecutorMode(…)`, else the `RW_EXECUTOR` environment variable where there is
 * one (Node), else the default below: the executor (hash gate identical, bench/hashes.ts).
 */
import { type AnyStateMachine, createActor } from 'xstate';
import { type Clock, ExecutorActor, type MachineActor } from './actor';
import { CompiledMachine, Unsupported } from './compile';
import { ShadowActor } from './shadow';

export type { Clock, ExecSnapshot, MachineActor } from './actor';

export type ExecutorMode = 'xstate' | 'executor' | 'shadow';
export const EXECUTOR_MODES: readonly ExecutorMode[] = ['xstate', 'executor', 'shadow'];
export const DEFAULT_EXECUTOR_MODE: ExecutorMode = 'executor';

let mode: ExecutorMode | null = null;

function envMode(): ExecutorMode | null {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.RW_EXECUTOR;
  if (v === undefined || v === '') return null;
  if (!(EXECUTOR_MODES as readonly string[]).includes(v)) {
    throw new Error(`RW_EXECUTOR must be one of ${EXECUTOR_MODES.join(', ')} (got '${v}')`);
  }
  return v as ExecutorMode;
}

export function executorMode(): ExecutorMode {
  mode ??= envMode() ?? DEFAULT_EXECUTOR_MODE;
  return mode;
}

/** Sets the mode for actors created from now on (tests, the bench); null = back to env/default. */
export function setExecutorMode(next: ExecutorMode | null): void {
  mode = next;
}

const compiled = new WeakMap<AnyStateMachine, CompiledMachine | Unsupported>();
const fallbackReasons = new Map<string, string>();

/** The compiled form of a machine, or why the executor does not run it. */
export function compile(machine: AnyStateMachine): CompiledMachine | Unsupported {
  let c = compiled.get(machine);
  if (!c) {
    try {
      c = new CompiledMachine(machine);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      c = e;
      fallbackReasons.set(machine.id, e.message);
    }
    compiled.set(machine, c);
  }
  return c;
}

/** Machines that ran on XState although the executor was asked for, with the reason. */
export function fallbacks(): ReadonlyMap<string, string> {
  return fallbackReasons;
}

export interface ActorOptions {
  input?: unknown;
  clock?: Clock;
}

/** An actor for `machine` in the current mode (not started). */
export function createMachineActor<M extends AnyStateMachine>(
  machine: M,
  options: ActorOptions = {},
  as: ExecutorMode = executorMode(),
): MachineActor<M> {
  if (as !== 'xstate') {
    const c = compile(machine);
    if (c instanceof CompiledMachine) {
      if (as === 'executor') return new ExecutorActor<M>(c, options);
      return new ShadowActor<M>(machine, c, options);
    }
  }
  return createActor(machine, options as never) as unknown as MachineActor<M>;
}
