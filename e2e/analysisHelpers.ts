/** Helpers for the analysis views' specs (timeline, log, inspector, metrics, compare). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Page } from '@playwright/test';
import type { TraceEvent } from '../sim-core/trace/events';
import { ROOT } from './helpers';

const run = promisify(execFile);

/** The Node CLI's trace for a preset and seed (optionally another client), as events. */
export async function cliTrace(preset: string, seed: number, client?: string): Promise<TraceEvent[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'rw-trace-')), 'trace.jsonl');
  const args = ['sim-core/cli/main.ts', 'run', '--preset', preset, '--seed', String(seed), '--trace', file];
  if (client) args.push('--client', client);
  await run(join(ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TraceEvent);
}

/** The Node CLI's summary JSON for a preset and seed with another client policy. */
export async function cliRun(preset: string, seed: number, client: string): Promise<unknown> {
  const { stdout } = await run(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['sim-core/cli/main.ts', 'run', '--preset', preset, '--seed', String(seed), '--client', client],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout);
}

/** `5.003 120 s` as the inspector prints an instant with microseconds. */
export function instant6(us: number): string {
  const [whole, frac = ''] = (us / 1_000_000).toFixed(6).split('.');
  return `${whole}.${frac.slice(0, 3)}\u202f${frac.slice(3)} s`;
}

export const timeline = (page: Page) => page.getByTestId('timeline').locator('.tl');

/** The timeline's visible span (µs). */
export async function span(page: Page): Promise<number> {
  return Number(await timeline(page).getAttribute('data-span'));
}

/** Waits until the timeline shows a span satisfying `ok` (it animates). */
export async function expectSpan(page: Page, ok: (us: number) => boolean, message: string): Promise<void> {
  await expect.poll(async () => ok(await span(page)), { message, timeout: 30_000 }).toBe(true);
}

/** Scrolls a panel into view and waits a frame. */
export async function show(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}
