/**
 * `npm run bench:timeline` — timeline frame times while zooming and panning a 100,000-event
 * trace in Chromium, printed, never asserted (docs/architecture.md, performance budget: "the timeline stays smooth when
 * zoomed over 100,000 events"; target 60 fps). Builds the app, serves it, opens the seed preset
 * with 1,200 bursts (≈ 100 k trace events, ≈ 100 simulated minutes), then drives the timeline
 * with wheel notches and drags as a person would, recording every animation frame's interval and
 * every canvas draw's duration.
 *
 *   npm run bench:timeline                 # both viewports
 *   npm run bench:timeline -- --bursts 600 # a smaller trace
 *   npm run bench:timeline -- --no-build   # reuse dist-bench-tl/
 *   npm run bench:timeline -- --json       # machine-readable on stdout
 *   BENCH_PORT=4301 npm run bench:timeline # preview port (default 4223)
 */
import type { Page } from '@playwright/test';
import { log, option, quantile, runBrowserBench, start } from './harness';

const BURSTS = Math.round(option('--bursts', 1200));
const PORT = Number(process.env.BENCH_PORT ?? 4223);
const OUT_DIR = 'dist-bench-tl';

const INSTRUMENT = `
  window.__tl = { frames: [], recording: false };
  window.__rwTimelineDraws = [];
  const tick = (now) => {
    if (window.__tl.recording) window.__tl.frames.push(now);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

interface PhaseStats {
  phase: string;
  frames: number;
  fps: number;
  frameP50: number;
  frameP95: number;
  frameMax: number;
  /** Frames longer than 1.5 × 16.7 ms. */
  slow: number;
  draws: number;
  drawP50: number;
  drawP95: number;
  drawMax: number;
  /** The visible range at the end of the phase (µs). */
  spanUs: number;
}

async function measure(page: Page, name: string, drive: () => Promise<void>): Promise<PhaseStats> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __tl: { frames: number[]; recording: boolean };
      __rwTimelineDraws: number[];
    };
    w.__tl.frames = [];
    w.__tl.recording = true;
    w.__rwTimelineDraws.length = 0;
  });
  await drive();
  await page.waitForTimeout(250); // let the last frames land
  const { frames, draws } = await page.evaluate(() => {
    const w = window as unknown as {
      __tl: { frames: number[]; recording: boolean };
      __rwTimelineDraws: number[];
    };
    w.__tl.recording = false;
    return { frames: w.__tl.frames, draws: [...w.__rwTimelineDraws] };
  });
  const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
  const sortedFrames = [...deltas].sort((a, b) => a - b);
  const sortedDraws = [...draws].sort((a, b) => a - b);
  const span = frames.length > 1 ? frames[frames.length - 1]! - frames[0]! : 1;
  return {
    phase: name,
    frames: frames.length,
    fps: ((frames.length - 1) / span) * 1000,
    frameP50: quantile(sortedFrames, 0.5),
    frameP95: quantile(sortedFrames, 0.95),
    frameMax: sortedFrames[sortedFrames.length - 1] ?? 0,
    slow: deltas.filter((d) => d > 25).length,
    draws: draws.length,
    drawP50: quantile(sortedDraws, 0.5),
    drawP95: quantile(sortedDraws, 0.95),
    drawMax: sortedDraws[sortedDraws.length - 1] ?? 0,
    spanUs: Number(await page.getByTestId('timeline').locator('.tl').getAttribute('data-span')),
  };
}

async function run(
  page: Page,
  viewport: string,
): Promise<{ viewport: string; events: number; rows: number; connections: number; phases: PhaseStats[] }> {
  const query = `?preset=issue-96&seed=7&workload.bursts=${BURSTS}&limits.maxDurationMs=86400000`;
  await page.goto(`http://127.0.0.1:${PORT}/${query}`);
  await page.locator('[data-testid=run-status][data-status=done]').waitFor({ timeout: 180_000 });
  const events = Number(
    (await page.getByTestId('log-count').textContent())!.split(' of ')[1]!.replace(/[^\d]/g, ''),
  );
  const panel = page.getByTestId('timeline-panel');
  await panel.scrollIntoViewIfNeeded();
  const tl = page.getByTestId('timeline').locator('.tl');
  const rows = Number(await tl.getAttribute('data-rows'));
  const connections = Number(await tl.getAttribute('data-connections'));
  const box = (await tl.locator('.tl-zoom').boundingBox())!;
  const cx = box.x + box.width * 0.5;
  const cy = box.y + Math.min(box.height - 10, 80);
  await page.mouse.move(cx, cy);
  const phases: PhaseStats[] = [];
  const wheel = async (notches: number, delta: number) => {
    await page.mouse.move(cx, cy); // over the plot (a button click may have moved the pointer)
    for (let i = 0; i < notches; i++) {
      await page.mouse.wheel(0, delta);
      await page.waitForTimeout(16);
    }
  };
  const drag = async (times: number, dx: number) => {
    for (let i = 0; i < times; i++) {
      await page.mouse.move(cx - dx / 2, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dx / 2, cy, { steps: 30 });
      await page.mouse.up();
      await page.mouse.move(cx + dx / 2, cy);
      await page.mouse.down();
      await page.mouse.move(cx - dx / 2, cy, { steps: 30 });
      await page.mouse.up();
    }
  };
  await page.getByTestId('tl-fit').click();
  phases.push(await measure(page, 'zoom in: whole run → microseconds (wheel)', () => wheel(90, -240)));
  phases.push(await measure(page, 'pan at microseconds (drag)', () => drag(3, box.width * 0.6)));
  phases.push(await measure(page, 'zoom out: microseconds → whole run (wheel)', () => wheel(90, 240)));
  // A range where every pixel holds many events: the level of detail is doing the work.
  phases.push(
    await measure(page, 'zoom to ~10 minutes, then pan (drag)', async () => {
      await page.getByTestId('tl-fit').click();
      await wheel(12, -240);
      await drag(3, box.width * 0.6);
    }),
  );
  phases.push(
    await measure(page, 'near the whole run: zoom in and out (wheel)', async () => {
      await page.getByTestId('tl-fit').click();
      for (let i = 0; i < 40; i++) {
        await page.mouse.wheel(0, i % 20 < 10 ? -120 : 120);
        await page.waitForTimeout(16);
      }
    }),
  );
  return { viewport, events, rows, connections, phases };
}

function report(r: Awaited<ReturnType<typeof run>>): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  log(
    `\nviewport ${r.viewport}: ${r.events.toLocaleString('en-US')} trace events, ${r.connections.toLocaleString('en-US')} connections in ${r.rows} timeline rows`,
  );
  const row = (c: string[]) =>
    `  ${c[0]!.padEnd(48)}${c[1]!.padStart(6)}${c[2]!.padStart(20)}${c[3]!.padStart(12)}${c[4]!.padStart(22)}${c[5]!.padStart(12)}`;
  log(row(['timeline phase', 'fps', 'frame p50/p95/max', 'frames>25ms', 'draw p50/p95/max', 'span']));
  for (const p of r.phases) {
    log(
      row([
        p.phase,
        f(p.fps),
        `${f(p.frameP50)}/${f(p.frameP95)}/${f(p.frameMax)} ms`,
        `${p.slow}/${p.frames}`,
        `${f(p.drawP50, 2)}/${f(p.drawP95, 2)}/${f(p.drawMax, 2)} ms`,
        `${(p.spanUs / 1e6).toPrecision(3)} s`,
      ]),
    );
  }
  log('  target: 60 fps (frame ≈ 16.7 ms); a draw is the canvas work of one frame.');
}

start(() =>
  runBrowserBench({
    name: 'bench:timeline',
    port: PORT,
    outDir: OUT_DIR,
    instrument: INSTRUMENT,
    describe: `the seed preset with ${BURSTS} bursts`,
    measure: run,
    report,
  }),
);
