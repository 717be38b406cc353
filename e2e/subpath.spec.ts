/**
 * The demo as a static site under a sub-path, the way GitHub Pages serves a project site: build
 * with RACE_WINDOW_BASE=/race-window/, serve the folder with a plain static server (no preview
 * server, no rewrites), and open a shared link there. It must land on the shared moment, paused,
 * with the selection; the simulation worker, the trace-import worker, the lazy statechart chunk
 * and the favicon must all load from the sub-path; the address bar must stay under it; and a
 * lesson link must work there too.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../scripts/csp.mjs';
import { startStaticServer } from '../scripts/static-server.mjs';
import { presetScenario } from '../sim-core/scenario/presets';
import { LESSONS } from '../sim-core/teach/lessons';
import { serializeTrace } from '../sim-core/trace/io';
import { expect, test } from './fixtures';
import { ROOT } from './helpers';
import { traceOf } from './teachHelpers';

const BASE = '/race-window/';
const E2E_BUILD = process.env.E2E_OUT_DIR ?? 'dist-e2e';
/** A production build (no e2e mode), beside the e2e one. */
const OUT = `${E2E_BUILD}-subpath`;

test.describe('the built site under a sub-path', () => {
  let server: Awaited<ReturnType<typeof startStaticServer>>;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    rmSync(join(ROOT, OUT), { recursive: true, force: true });
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--outDir', OUT, '--logLevel', 'error'],
      {
        cwd: ROOT,
        env: { ...process.env, RACE_WINDOW_BASE: BASE },
        stdio: 'pipe',
      },
    );
    server = await startStaticServer({ dir: join(ROOT, OUT), base: BASE });
  });
  test.afterAll(async () => {
    await server?.close();
  });

  test('opens a shared link at its moment, paused, with every asset from the sub-path', async ({ page }) => {
    const requests: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));

    const t = 9_977_738; // request 8 of issue-96 fails here
    await page.goto(`${server.url}?preset=issue-96&seed=96&t=${t}&sel=req:8`);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const stage = page.getByTestId('stage');
    await expect(stage).toHaveAttribute('data-cursor-us', String(t));
    await expect(stage).toHaveAttribute('data-playing', 'false');
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', '8');
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
    // The inspector's statechart is a lazy chunk.
    await expect(page.getByTestId('statechart').first()).toBeVisible({ timeout: 20_000 });

    const favicon = await page.locator('link[rel="icon"]').evaluate((l) => (l as HTMLLinkElement).href);
    expect(new URL(favicon).pathname).toBe(`${BASE}favicon.svg`);
    expect((await page.request.get(favicon)).status()).toBe(200);
    expect(requests.some((p) => new RegExp(`^${BASE}assets/sim\\.worker-[^/]+\\.js$`).test(p))).toBe(true);
    expect(requests.some((p) => new RegExp(`^${BASE}assets/machineCharts-[^/]+\\.js$`).test(p))).toBe(true);
    expect(requests.filter((p) => !p.startsWith(BASE))).toEqual([]);

    // The address bar stays under the sub-path as the moment changes.
    await page.getByTestId('step-forward').click();
    await expect(stage).not.toHaveAttribute('data-cursor-us', String(t));
    const next = await stage.getAttribute('data-cursor-us');
    expect(Number(next)).toBeGreaterThan(t);
    await expect
      .poll(() => page.evaluate(() => location.pathname + location.search))
      .toBe(`${BASE}?preset=issue-96&seed=96&t=${next}&sel=req:8`);

    // A trace file imports through its own worker, also from the sub-path.
    const scenario = presetScenario('polling-at-timeout');
    const text = serializeTrace(traceOf(scenario), scenario);
    await page.getByTestId('share-button').click();
    await page.getByTestId('import-trace-input').setInputFiles({
      name: 'polling.trace.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(text),
    });
    await expect(page.getByTestId('notice-import')).toContainText('polling.trace.jsonl');
    expect(requests.some((p) => new RegExp(`^${BASE}assets/trace\\.worker-[^/]+\\.js$`).test(p))).toBe(true);
    expect(failed).toEqual([]);
  });

  test('the production build has the CSP and no test fault probe; the e2e build has the probe', () => {
    const read = (dir: string) => {
      const assets = join(ROOT, dir, 'assets');
      return readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(assets, f), 'utf8'))
        .join('\n');
    };
    const probe = 'test fault: the';
    expect(read(OUT)).not.toContain(probe);
    expect(read(E2E_BUILD)).toContain(probe);
    for (const dir of [OUT, E2E_BUILD])
      expect(readFileSync(join(ROOT, dir, 'index.html'), 'utf8')).toContain(
        `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
  });

  test('a lesson link works under the sub-path', async ({ page }) => {
    await page.goto(`${server.url}?lesson=anatomy&step=2`);
    const panel = page.getByTestId('lesson-panel');
    await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await expect(panel).toHaveAttribute('data-step', '2');
    // The step's own words (the lesson text up to its first placeholder), so a reworded lesson
    // does not break this check of the sub-path.
    const step2 = LESSONS.find((l) => l.id === 'anatomy')!.steps[1]!.text;
    await expect(page.getByTestId('lesson-text')).toContainText(step2.slice(0, step2.indexOf('{')));
    await page.keyboard.press('PageDown');
    await expect(panel).toHaveAttribute('data-step', '3');
    await expect
      .poll(() => page.evaluate(() => location.pathname + location.search))
      .toBe(`${BASE}?lesson=anatomy&step=3`);
  });
});
