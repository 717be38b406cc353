/**
 * `npm run bench:ui` — the UI performance figures (docs/architecture.md, performance budget), printed,
 * never asserted: builds the app, serves it, drives the seed preset's playback in Chromium and
 * reports frames per second and frame times, the longest main-thread task (PerformanceObserver
 * `longtask`), and the time from a parameter change to the repaint of the re-run.
 *
 *   npm run bench:ui                      # targets: 60 fps, no task > 50 ms, re-run + repaint ≤ 200 ms
 *   npm run bench:ui -- --seconds 5       # each playback phase lasts 5 s (default 8)
 *   npm run bench:ui -- --forks 10        # parameter changes to time (default 6)
 *   npm run bench:ui -- --no-build        # reuse dist-bench/
 *   npm run bench:ui -- --json            # machine-readable on stdout
 *   npm run bench:ui -- --cpu             # also trace the changes: main-thread tasks by thread CPU time
 *   BENCH_PORT=4300 npm run bench:ui      # preview port (default 4219)
 *   BENCH_OUT_DIR=dist-bench-x npm run bench:ui   # build directory (default dist-bench)
 *
 * "Re-run and repaint" runs from the change (the store's `changeRequestedAt`, taken in the change
 * handler) to the first frame that shows the new run on the stage (`rw:rerun-repaint`, after the
 * stage's redraw and the next animation frame); "every panel" to the frame after the last panel
 * below the stage took the run (`rw:rerun-settled`: the panels switch one per frame,
 * app/store/runTiers.ts). Long tasks are counted from the first change to the end.
 *
 * On a loaded machine wall times stretch with every other process; `--cpu` records a Chromium
 * trace of the changes and prints the main thread's tasks by their own CPU time (RunTask `tdur`),
 * which the load does not stretch: the figure to compare across runs on a busy box.
 */
import { loadavg } from 'node:os';
import type { Page } from '@playwright/test';
import { flag, log, option, quantile, runBrowserBench, start } from './harness';

const SECONDS = option('--seconds', 8);
const FORKS = Math.round(option('--forks', 6));
const PORT = Number(process.env.BENCH_PORT ?? 4219);
const OUT_DIR = process.env.BENCH_OUT_DIR ?? 'dist-bench';
const CPU = flag('--cpu');

/** The renderer main thread's tasks in a Chromium trace, by thread CPU time (ms), longest first. */
function mainTaskCpuMs(traceJson: string): number[] {
  type Ev = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
  const parsed = JSON.parse(traceJson) as { traceEvents?: Ev[] } | Ev[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events
    .filter(
      (e) => e.name === 'RunTask' && e.ph === 'X' && e.tdur !== undefined && main.has(`${e.pid}:${e.tid}`),
    )
    .map((e) => (e.tdur ?? 0) / 1000)
    .sort((a, b) => b - a);
}

interface FrameStats {
  phase: string;
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  max: number;
  /** Frames longer than 1.5 × 16.7 ms. */
  slow: number;
  simulatedUs: number;
}

interface Result {
  viewport: string;
  phases: FrameStats[];
  longestTaskMs: number;
  longTasks: { phase: string; ms: number }[];
  rerunRepaintMs: number[];
  /** With --cpu: the main thread's tasks during the changes by CPU time, longest first (ms). */
  changeTaskCpuMs: number[];
  /** From the change to the frame after every panel shows the new run. */
  rerunSettledMs: number[];
  /** From the change to the run's data reaching the stage (worker + transfer + React commit). */
  rerunDataMs: number[];
  workerElapsedMs: number[];
}

// Injected before the app: a long-task observer and a frame recorder the bench switches on and off.
const INSTRUMENT = `
  window.__bench = { phase: 'load', longTasks: [], frames: [], recording: false };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ phase: window.__bench.phase, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const tick = (now) => {
    if (window.__bench.recording) window.__bench.frames.push(now);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

/** Starts playback with the button (a focused checkbox would keep Space to itself). */
async function play(page: Page): Promise<void> {
  await page.getByTestId('play-button').click();
  await page.getByTestId('stage').and(page.locator('[data-playing=true]')).waitFor();
}

async function phase(page: Page, name: string, setup: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate((n) => {
    (window as unknown as { __bench: { phase: string } }).__bench.phase = n;
  }, name);
  await setup();
  const startUs = Number(await page.getByTestId('stage').getAttribute('data-cursor-us'));
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; recording: boolean } }).__bench;
    b.frames = [];
    b.recording = true;
  });
  await page.waitForTimeout(SECONDS * 1000);
  const frames = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; recording: boolean } }).__bench;
    b.recording = false;
    return b.frames;
  });
  await page.getByTestId('play-button').click(); // pause
  const endUs = Number(await page.getByTestId('stage').getAttribute('data-cursor-us'));
  const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
  const sorted = [...deltas].sort((a, b) => a - b);
  const span = frames.length > 1 ? frames[frames.length - 1]! - frames[0]! : 1;
  return {
    phase: name,
    frames: frames.length,
    fps: ((frames.length - 1) / span) * 1000,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? 0,
    slow: deltas.filter((d) => d > 25).length,
    simulatedUs: endUs - startUs,
  };
}

async function run(page: Page, viewport: string): Promise<Result> {
  await page.goto(`http://127.0.0.1:${PORT}/?preset=issue-96`);
  await page.getByTestId('run-status').and(page.locator('[data-status=done]')).waitFor({ timeout: 60_000 });
  await page.getByTestId('pause-at-failures').uncheck();
  await page.getByTestId('play-button').focus(); // shortcuts, not the checkbox, get the keys
  const phases: FrameStats[] = [];

  phases.push(
    await phase(page, 'adaptive ×1 from t=0 (first burst: handshakes, requests, responses)', async () => {
      await page.keyboard.press('Home');
      await play(page);
    }),
  );
  phases.push(
    await phase(page, 'adaptive ×1 across the first failure (race window, FIN, RST)', async () => {
      await page.keyboard.press('PageDown');
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
      await play(page);
    }),
  );
  phases.push(
    await phase(page, 'adaptive ×16 (many events per frame)', async () => {
      await page.keyboard.press('Home');
      await page.getByTestId('speed-select').selectOption('16');
      await play(page);
    }),
  );
  phases.push(
    await phase(page, 'fixed 1 s = 1 s (idle seconds and bursts alike)', async () => {
      await page.getByTestId('mode-fixed').click();
      await page.getByTestId('rate-select').selectOption('1000000');
      await page.keyboard.press('Home');
      await play(page);
    }),
  );
  await page.getByTestId('mode-adaptive').click();

  // Parameter changes: the client policy flips between the buggy and the fixed client.
  await page.evaluate(() => {
    (window as unknown as { __bench: { phase: string } }).__bench.phase = 'parameter change';
    performance.clearMeasures('rw:rerun-repaint');
    performance.clearMeasures('rw:rerun-data');
    performance.clearMeasures('rw:rerun-settled');
  });
  await page.keyboard.press('PageDown');
  // A build without run tiers (an older commit, for a before/after) has no settled measure.
  const tiers = await page.evaluate(() => document.documentElement.dataset.runSettled !== undefined);
  const workerElapsedMs: number[] = [];
  const browser = page.context().browser();
  if (CPU && browser)
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
  for (let i = 0; i < FORKS; i++) {
    const before = await page.getByTestId('stage').getAttribute('data-run-id');
    await page.getByTestId('field-client.policy').selectOption(i % 2 === 0 ? 'httpx-0.23' : 'http3-0.6');
    await page.waitForFunction(
      ([prev, n, tiers]) =>
        document.querySelector('[data-testid=stage]')?.getAttribute('data-run-id') !== prev &&
        performance.getEntriesByName('rw:rerun-repaint').length >= Number(n) &&
        (!tiers || performance.getEntriesByName('rw:rerun-settled').length >= Number(n)),
      [before, i + 1, tiers] as const,
      { timeout: 30_000 },
    );
    const status = (await page.getByTestId('run-status').textContent()) ?? '';
    const m = /simulated in ([\d,]+) ms/.exec(status);
    if (m) workerElapsedMs.push(Number(m[1]!.replace(/,/g, '')));
  }
  const changeTaskCpuMs = CPU && browser ? mainTaskCpuMs((await browser.stopTracing()).toString('utf8')) : [];
  const rerunRepaintMs = await page.evaluate(() =>
    performance.getEntriesByName('rw:rerun-repaint').map((e) => e.duration),
  );
  const rerunSettledMs = await page.evaluate(() =>
    performance.getEntriesByName('rw:rerun-settled').map((e) => e.duration),
  );
  const rerunDataMs = await page.evaluate(() =>
    performance.getEntriesByName('rw:rerun-data').map((e) => e.duration),
  );
  const longTasks = await page.evaluate(
    () =>
      (window as unknown as { __bench: { longTasks: { phase: string; ms: number }[] } }).__bench.longTasks,
  );
  return {
    viewport,
    phases,
    longestTaskMs: Math.max(0, ...longTasks.map((t) => t.ms)),
    longTasks,
    changeTaskCpuMs,
    rerunRepaintMs,
    rerunSettledMs,
    rerunDataMs,
    workerElapsedMs,
  };
}

function report(r: Result): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  log(
    `\nviewport ${r.viewport} (load average now ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  const row = (cells: string[]) =>
    `  ${cells[0]!.padEnd(62)}${cells[1]!.padStart(6)}${cells[2]!.padStart(22)}${cells[3]!.padStart(14)}${cells[4]!.padStart(14)}`;
  log(row(['playback phase', 'fps', 'frame p50/p95/max', 'frames >25ms', 'simulated']));
  for (const p of r.phases) {
    log(
      row([
        p.phase.length > 60 ? `${p.phase.slice(0, 59)}…` : p.phase,
        f(p.fps),
        `${f(p.p50)}/${f(p.p95)}/${f(p.max)} ms`,
        `${p.slow}/${p.frames}`,
        `${(p.simulatedUs / 1e6).toFixed(3)} s`,
      ]),
    );
  }
  const byPhase = new Map<string, number>();
  for (const t of r.longTasks) byPhase.set(t.phase, Math.max(byPhase.get(t.phase) ?? 0, t.ms));
  log(`  longest main-thread task: ${f(r.longestTaskMs, 0)} ms (target ≤ 50 ms)`);
  for (const [p, ms] of byPhase) log(`    in "${p}": ${f(ms, 0)} ms`);
  const sorted = [...r.rerunRepaintMs].sort((a, b) => a - b);
  log(
    `  parameter change → re-run → repaint: median ${f(quantile(sorted, 0.5), 0)} ms, max ${f(sorted[sorted.length - 1] ?? 0, 0)} ms over ${sorted.length} changes (target ≤ 200 ms)`,
  );
  log(`    each: ${r.rerunRepaintMs.map((x) => f(x, 0)).join(', ')} ms`);
  const settled = [...r.rerunSettledMs].sort((a, b) => a - b);
  log(
    `    … and every panel below the stage: median ${f(quantile(settled, 0.5), 0)} ms, max ${f(settled[settled.length - 1] ?? 0, 0)} ms (${r.rerunSettledMs.map((x) => f(x, 0)).join(', ')})`,
  );
  if (r.changeTaskCpuMs.length > 0) {
    const over = r.changeTaskCpuMs.filter((x) => x > 50).length;
    log(
      `    main-thread tasks during the changes by CPU time: longest ${r.changeTaskCpuMs
        .slice(0, 6)
        .map((x) => f(x, 0))
        .join(', ')} ms; ${over} over 50 ms; ${f(
        r.changeTaskCpuMs.reduce((a, b) => a + b, 0) / Math.max(1, r.rerunRepaintMs.length),
        0,
      )} ms per change in all`,
    );
  }
  log(`    change → data on the page: ${r.rerunDataMs.map((x) => f(x, 0)).join(', ')} ms`);
  log(`    of which simulation + indexing in the worker: ${r.workerElapsedMs.join(', ')} ms`);
}

start(() =>
  runBrowserBench({
    name: 'bench:ui',
    port: PORT,
    outDir: OUT_DIR,
    instrument: INSTRUMENT,
    describe: `${SECONDS} s per phase, ${FORKS} parameter changes`,
    measure: run,
    report,
  }),
);
