/**
 * What the browser benchmarks share: command-line options, a build of the app served by
 * `vite preview` on its own port, Debian's (or Playwright's) Chromium, and one page per viewport
 * (1280×800, then 1920×1080) with an instrumentation script. Figures are printed, never asserted.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browser.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);

export const flag = (name: string) => argv.includes(name);
/** A positive number after `name`, else `fallback`. */
export const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  const v = i === -1 ? Number.NaN : Number(argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
export const JSON_OUT = flag('--json');
/** Progress and tables go to stdout unless `--json` asked for the JSON alone. */
export const log = (line: string) => {
  if (!JSON_OUT) console.log(line);
};

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function waitForServer(name: string, url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name}: the preview server did not answer at ${url} within ${timeoutMs} ms`);
}

export interface BenchOptions<R> {
  /** `bench:ui`, `bench:timeline`: prefixes messages. */
  name: string;
  port: number;
  outDir: string;
  /** Runs in every page before the app (PerformanceObserver, rAF counters…). */
  instrument: string;
  /** What one viewport measures; `describe` says it in the progress line. */
  measure: (page: Page, viewport: string) => Promise<R>;
  describe: string;
  report: (result: R) => void;
}

/** Builds (unless `--no-build`), serves, measures at both viewports, prints; `--json` prints the results. */
export async function runBrowserBench<R>(o: BenchOptions<R>): Promise<void> {
  const browserPath = findChromium();
  if (browserPath.path === null) throw new Error(`${o.name}: ${browserPath.problem}`);
  if (!flag('--no-build')) {
    log(`building into ${o.outDir}/ …`);
    const b = spawnSync('npx', ['vite', 'build', '--outDir', o.outDir], { cwd: ROOT, stdio: 'ignore' });
    if (b.status !== 0) throw new Error(`${o.name}: vite build failed (run \`npx vite build\` to see why)`);
  }
  let server: ChildProcess | null = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(o.port),
      '--strictPort',
      '--outDir',
      o.outDir,
    ],
    { cwd: ROOT, stdio: 'ignore', detached: true },
  );
  const stop = () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    server = null;
  };
  process.on('exit', stop);
  try {
    await waitForServer(o.name, `http://127.0.0.1:${o.port}/`, 30_000);
    const browser = await chromium.launch({
      ...(browserPath.source !== 'playwright' ? { executablePath: browserPath.path } : {}),
      args: [...CHROMIUM_ARGS],
    });
    const results: R[] = [];
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      await page.addInitScript(o.instrument);
      log(`measuring at ${w}×${h} (${o.describe}) …`);
      const r = await o.measure(page, `${w}×${h}`);
      results.push(r);
      o.report(r);
      await page.close();
    }
    await browser.close();
    if (JSON_OUT) console.log(JSON.stringify(results, null, 2));
  } finally {
    stop();
  }
}

/** Runs `main`, printing its error as one line and exiting 1. */
export function start(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exitCode = 1;
  });
}
