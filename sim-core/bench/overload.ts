/**
 * Cost against load for an overloaded open workload (issue 10): Poisson GETs at 100,000/s into
 * the default client (http3 0.6, a pool of 100) — nearly every request waits in the pool's queue.
 * Prints, per size, the requests started and finished, CPU seconds, requests per CPU-second, kernel and trace
 * events, the heap (after gc: the most seen during the run, and at its end) and how it ended. Linear scaling shows as a flat
 * requests/CPU-s column beyond the first size's warm-up (when the pool copied its queue per
 * event it fell with size: 32,000 requests took 2.8× the CPU of 16,000). The last row is the issue's scenario as given (a million requests), which
 * the engine's bounds stop (run.ts: MAX_QUEUED_REQUESTS). Figures are printed, never asserted.
 *
 *   npx tsx sim-core/bench/overload.ts                       # 2k, 4k, 8k, 16k, 32k, then 1M
 *   npx tsx sim-core/bench/overload.ts --sizes 1000,10000    # any sizes (1M row kept)
 *   npx tsx sim-core/bench/overload.ts --json
 *
 * Each size runs in its own child process (node --expose-gc via tsx), one after the other, so a
 * size's heap and CPU are its own.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../run';
import { withDefaults } from '../scenario/defaults';
import type { Scenario } from '../scenario/types';
import { captureSimulators } from './hooks';
import { collectGarbage, gcExposed } from './measure';

const ISSUE_COUNT = 1_000_000;
const DEFAULT_SIZES = [2000, 4000, 8000, 16000, 32000];

export interface Row {
  count: number;
  /** Requests that arrived (the rest were never drawn into the run). */
  started: number;
  finished: number;
  cpuS: number;
  reqPerCpuS: number;
  kernelEvents: number;
  traceEvents: number;
  /** Heap used after gc, MB: the most seen during the run, and at its end with its world alive. */
  peakHeapMB: number;
  endHeapMB: number;
  reason: string;
}

/** The issue's scenario, with `count` requests (the CLI fills the rest from the defaults). */
function overloadScenario(count: number): Scenario {
  return withDefaults({
    workload: { kind: 'poisson', ratePerSec: 100_000, count, method: 'GET', path: '/' },
    limits: { maxRequests: 1_000_000, maxDurationMs: 86_400_000 },
  }) as Scenario;
}

const cpuS = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

/** One size, measured in this process (the child's work: overload.ts's own, or main.ts's bundle). */
export function measureRow(count: number): Row {
  if (!gcExposed()) throw new Error('overload bench child: run with --expose-gc');
  const scenario = overloadScenario(count);
  const capture = captureSimulators();
  collectGarbage();
  let peak = 0;
  let end = 0;
  let gcCpu = 0;
  const cpu0 = process.cpuUsage();
  const { trace, summary } = runScenario(scenario, {
    // Every 20,000 kernel events, and once more after run.end with the world still alive: the
    // heap after gc (its CPU is left out of the figure).
    onProgress: () => {
      const g0 = process.cpuUsage();
      collectGarbage();
      end = process.memoryUsage().heapUsed;
      peak = Math.max(peak, end);
      gcCpu += cpuS(process.cpuUsage(g0));
    },
  });
  const cpu = cpuS(process.cpuUsage(cpu0)) - gcCpu;
  capture.restore();
  const finished = summary.totals.requests - summary.totals.unfinished;
  return {
    count,
    started: summary.totals.requests,
    finished,
    cpuS: cpu,
    reqPerCpuS: finished / cpu,
    kernelEvents: capture.sims[0]?.delivered ?? 0,
    traceEvents: trace.length,
    peakHeapMB: peak / 2 ** 20,
    endHeapMB: end / 2 ** 20,
    reason: summary.endReason ?? 'none',
  };
}

/**
 * This file. In `npm run bench`'s Vite bundle, bundle.ts makes it this source file's path too
 * (not the bundle's), so the check at the bottom stays false there.
 */
const SELF = fileURLToPath(import.meta.url);

/** How to start the child: `node execArgv script args`, printing one Row as JSON. */
export interface OverloadCommand {
  execArgv: string[];
  script: string;
  args: string[];
}

/**
 * One size in its own child process: by default this file through the parent's loader (node
 * --expose-gc through tsx); `npm run bench` passes its Vite bundle's child (`--child overload`).
 */
export function overloadChild(count: number, command?: OverloadCommand): Promise<Row> {
  const execArgv = [...(command?.execArgv ?? process.execArgv)];
  if (!execArgv.includes('--expose-gc')) execArgv.push('--expose-gc');
  const script = command?.script ?? SELF;
  const args = command?.args ?? ['--child', String(count)];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...execArgv, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as Row);
      else reject(new Error(`overload bench child ${count} exited with ${code}`));
    });
  });
}

function table(rows: Row[]): string {
  const head = [
    'requests',
    'finished',
    'CPU s',
    'req/CPU-s',
    'kernel ev',
    'trace ev',
    'peak MB',
    'end MB',
    'run.end',
  ];
  const cells = rows.map((r) => [
    r.count.toLocaleString('en'),
    r.started.toLocaleString('en'),
    r.finished.toLocaleString('en'),
    r.cpuS.toFixed(2),
    Math.round(r.reqPerCpuS).toLocaleString('en'),
    r.kernelEvents.toLocaleString('en'),
    r.traceEvents.toLocaleString('en'),
    r.peakHeapMB.toFixed(0),
    r.endHeapMB.toFixed(0),
    r.reason,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c.map((x, i) => (i === head.length - 1 ? x : x.padStart(widths[i]!))).join('  ');
  return [line(head), ...cells.map(line)].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--child');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(measureRow(Number(argv[at + 1]))));
    return;
  }
  const s = argv.indexOf('--sizes');
  const sizes = s >= 0 ? (argv[s + 1] ?? '').split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1 || n > ISSUE_COUNT))
    throw new Error(`--sizes: whole numbers 1–${ISSUE_COUNT}, comma-separated`);
  const json = argv.includes('--json');
  const rows: Row[] = [];
  for (const n of [...sizes, ISSUE_COUNT]) {
    if (!json) process.stderr.write(`overload: ${n.toLocaleString('en')} requests…\n`);
    rows.push(await overloadChild(n));
  }
  if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else
    process.stdout.write(
      `Poisson GET at 100,000/s into the default client (pool of 100), default scenario otherwise\n${table(rows)}\n`,
    );
}

// Run as a script (or as its own child), not when main.ts imports overloadChild.
if (process.argv[1] === SELF)
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
