import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page } from '@playwright/test';

export const ROOT = join(import.meta.dirname, '..');

/** The message h11 raises when a client reads EOF where a response should be. */
export const H11_CONNECTION_CLOSED =
  "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE";

const run = promisify(execFile);

export interface CliSummary {
  traceHash: string;
  events: number;
  totals: { requests: number; failed: number };
}

/** The Node CLI's summary for a preset and seed (`sim run --preset NAME --seed N`). */
export async function cliSummary(preset: string, seed: number): Promise<CliSummary> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const { stdout } = await run(
    tsx,
    ['sim-core/cli/main.ts', 'run', '--preset', preset, '--seed', String(seed)],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as CliSummary;
}

/** Opens `/?preset=NAME&seed=N` and waits until that run is done and shown. */
export async function openPreset(
  page: Page,
  preset: string,
  seed: number | string,
  extra = '',
): Promise<void> {
  await page.goto(`/?preset=${preset}&seed=${seed}${extra}`);
  await waitForRun(page);
  await expect(page.getByTestId('summary')).toContainText(`${preset}, seed ${seed}`);
}

/** Waits until the current run is done (after a page load or a parameter change). */
export async function waitForRun(page: Page): Promise<void> {
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
}

/** The JS files the built page loads on the main thread, and the worker chunk(s), from the e2e build. */
export function builtChunks(): { main: string[]; workers: string[] } {
  const dist = join(ROOT, process.env.E2E_OUT_DIR ?? 'dist-e2e');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const main = [...html.matchAll(/(?:src|href)="[^"]*?(assets\/[^"]+\.js)"/g)].map((m) => join(dist, m[1]!));
  const assets = join(dist, 'assets');
  const workers = existsSync(assets)
    ? readdirSync(assets)
        .filter((f) => /^sim\.worker-.*\.js$/.test(f))
        .map((f) => join(assets, f))
    : [];
  return { main, workers };
}

/** Saves a screenshot to reports/screenshots/NAME.png (kept after the run, unlike test-results/). */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  const dir = join(ROOT, 'reports', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Waits until the page has stopped scrolling (a lesson step scrolls itself into view smoothly):
 * the scroll position unchanged for three animation frames.
 */
export async function scrollSettled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = Number.NaN;
        let still = 0;
        const tick = () => {
          const y = window.scrollY;
          still = y === last ? still + 1 : 0;
          last = y;
          if (still >= 3) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}
