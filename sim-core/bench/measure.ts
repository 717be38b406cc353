/** Wall and CPU time of a piece of work, and heap figures. Node only (bench). */
import { performance } from 'node:perf_hooks';

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export function measure<T>(fn: () => T): Timing & { value: T } {
  collectGarbage();
  return measureWithoutGc(fn);
}

/** `measure` without the forced collection first (which makes the engine warm up again). */
export function measureWithoutGc<T>(fn: () => T): Timing & { value: T } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

/** True when node runs with --expose-gc. */
export const gcExposed = (): boolean => typeof globalThis.gc === 'function';

export function collectGarbage(): void {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

export function heapUsedMB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
