import { readFileSync } from 'node:fs';
import type { Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  builtChunks,
  cliSummary,
  H11_CONNECTION_CLOSED,
  openPreset,
  screenshot,
  waitForRun,
} from './helpers';

const SEED = 7;

test.describe('simulation in the worker', () => {
  test('issue-96 fails with h11’s error, in a worker, with the same trace hash as the Node CLI', async ({
    page,
  }) => {
    const cli = cliSummary('issue-96', SEED); // runs in parallel with the browser
    const workers: Worker[] = [];
    page.on('worker', (w) => workers.push(w));
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await openPreset(page, 'issue-96', SEED);
    await expect(page.getByRole('heading', { name: 'Race Window' })).toBeVisible();

    // The run happened in a dedicated worker loaded from the sim.worker chunk.
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.map((w) => w.url()).some((u) => /\/assets\/sim\.worker-[\w-]+\.js$/.test(u))).toBe(true);

    // Failures are shown, with h11's exact message, in the failed-requests table.
    await expect(page.getByTestId('stat-failed').locator('dd')).toHaveText(/^[1-9][\d,]*$/);
    const rows = page.getByTestId('failed-request');
    await expect(rows.first()).toBeVisible();
    await expect(rows.first().getByTestId('error-message')).toHaveText(H11_CONNECTION_CLOSED);
    await expect(page.getByTestId('by-error-class')).toContainText('RemoteProtocolError');

    // Same scenario + seed ⇒ same trace in Node and in Chromium.
    const expected = await cli;
    await expect(page.getByTestId('trace-hash')).toHaveText(expected.traceHash);
    await expect(page.getByTestId('event-count')).toHaveText(expected.events.toLocaleString('en-US'));
    // …and every event crossed from the worker in trace batches.
    await expect(page.getByTestId('run-status')).toContainText(
      `${expected.events.toLocaleString('en-US')} trace events received from the worker`,
    );
    await expect(page.getByTestId('stat-requests').locator('dd')).toHaveText(
      expected.totals.requests.toLocaleString('en-US'),
    );
    await expect(rows).toHaveCount(expected.totals.failed);

    expect(pageErrors).toEqual([]);
    await screenshot(page, 'issue-96-seed-7');
    await screenshot(page, 'issue-96-seed-7-top', { fullPage: false });
  });

  test('issue-96-fixed has no h11 ConnectionClosed failure', async ({ page }) => {
    const cli = cliSummary('issue-96-fixed', SEED);
    await openPreset(page, 'issue-96-fixed', SEED);
    await expect(page.getByTestId('trace-hash')).toHaveText((await cli).traceHash);
    await expect(page.getByTestId('summary')).not.toContainText(H11_CONNECTION_CLOSED);
    await expect(page.getByTestId('failed-request')).toHaveCount(0);
    await expect(page.getByTestId('no-failures')).toBeVisible();
    await expect(page.getByTestId('stat-failed').locator('dd')).toHaveText('0');
    await screenshot(page, 'issue-96-fixed-seed-7');
  });

  test('a bad seed gets a clear message, no run, and the page still works after', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openPreset(page, 'issue-96', SEED);
    const hash = await page.getByTestId('trace-hash').textContent();
    const seed = page.getByTestId('seed-input');
    for (const bad of ['-3', '1.5', 'abc', '99999999999']) {
      await seed.fill(bad);
      await seed.press('Enter');
      await expect(page.getByTestId('seed-error')).toContainText(/Seed must be/);
      await expect(seed).toHaveAttribute('aria-invalid', 'true');
      // Nothing ran: the previous run is still the one shown.
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
      await expect(page.getByTestId('trace-hash')).toHaveText(hash ?? '');
    }
    await screenshot(page, 'bad-seed', { fullPage: false });

    await page.getByTestId('preset-select').selectOption('polling-at-timeout');
    await seed.fill('3');
    await seed.press('Enter');
    // The new run's summary (waiting for "done" alone could see the previous run's).
    await expect(page.getByTestId('summary')).toContainText('polling-at-timeout, seed 3', {
      timeout: 60_000,
    });
    await waitForRun(page);
    await expect(page.getByTestId('seed-error')).toHaveCount(0);
    await expect(page.getByTestId('trace-hash')).toHaveText(/^[0-9a-f]+$/);
    expect(pageErrors).toEqual([]);
  });

  test('sim-core’s run code ships only in the worker chunk, never on the main thread', () => {
    const { main, workers } = builtChunks(); // the webServer's build (E2E_OUT_DIR)
    expect(main.length).toBeGreaterThan(0);
    expect(workers.length).toBe(1);
    // A string from the h11 machine, which only runScenario reaches.
    const marker = "can't handle event type";
    for (const file of main) expect(readFileSync(file, 'utf8'), file).not.toContain(marker);
    expect(readFileSync(workers[0]!, 'utf8')).toContain(marker);
  });
});
