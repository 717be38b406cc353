/**
 * The risk explorer (issue 14) in Chromium: the Risk button and `?view=risk` links (with their
 * field problems), the estimate's progress, Cancel and a usable panel after it, the estimate with
 * its interval and causes, the same estimate with 1 worker and with 4, a map cell that opens its
 * first failure on the stage (a real run, same seed), a fix applied to the stage's scenario and the
 * explorer's question, "paste your error" (the seed's traceback → http3 0.6, stale reuse; unknown
 * text → not recognised), axe on the panel, and screenshots at 1280×800, 1920×1080 and 390×844
 * (reports/screenshots/risk-*.png). Every wait is on a state the page reaches.
 */

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ROOT, screenshot, waitForRun } from './helpers';

/** The shape of the seed's traceback (encode/httpx#96): http3's dispatcher, then h11. */
const SEED_TRACEBACK = `Traceback (most recent call last):
  File "/srv/venv/lib/python3.7/site-packages/http3/client.py", line 365, in post
    timeout=timeout,
  File "/srv/venv/lib/python3.7/site-packages/http3/dispatch/connection_pool.py", line 121, in send
    raise exc
  File "/srv/venv/lib/python3.7/site-packages/http3/dispatch/http11.py", line 65, in send
    event = await self._receive_event(timeout)
  File "/srv/venv/lib/python3.7/site-packages/h11/_connection.py", line 439, in next_event
    exc._reraise_as_remote_protocol_error()
h11._util.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE`;

const estimate = (page: Page) => page.getByTestId('risk-estimate');

async function estimateDone(page: Page) {
  await expect(estimate(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
}

/** The estimate's figures as the page shows them (headline attributes and the cause table). */
async function figures(page: Page) {
  const headline = page.getByTestId('risk-headline');
  const causes = await page.getByTestId('risk-by-cause').locator('tr').allInnerTexts();
  return {
    fpm: await headline.getAttribute('data-fpm'),
    requests: await headline.getAttribute('data-requests'),
    interval: await page.getByTestId('risk-interval').textContent(),
    causes,
  };
}

test.describe('risk explorer', () => {
  test('the top bar opens it; the estimate shows progress, cancels, then answers', async ({ page }) => {
    await page.goto('/?preset=issue-96&seed=96');
    await waitForRun(page);
    // A big Monte Carlo, so that it is still running when Cancel is pressed.
    await page.getByTestId('risk-button').click();
    const dialog = page.getByTestId('risk-dialog');
    await expect(dialog).toBeVisible();
    const requests = page.getByTestId('risk-field-requests');
    await requests.fill('2000000');
    await requests.press('Enter');
    const progress = page.getByTestId('risk-estimate-progress');
    await expect(progress).toHaveAttribute('data-status', 'running');
    await expect(page.getByTestId('risk-estimate-progress-bar')).toBeVisible();
    await page.getByTestId('risk-estimate-progress-cancel').click();
    await expect(progress).toHaveAttribute('data-status', 'cancelled');
    await expect(estimate(page)).toHaveAttribute('data-status', 'cancelled');

    // The panel stays usable: a value out of range is named with its limit, a good one runs.
    await requests.fill('0');
    await requests.press('Enter');
    await expect(dialog.getByRole('alert').filter({ hasText: 'requests' })).toContainText('1..10000000');
    await requests.fill('4000');
    await requests.press('Enter');
    await estimateDone(page);
    const f = await figures(page);
    expect(Number(f.requests)).toBeGreaterThanOrEqual(4000);
    expect(Number(f.fpm)).toBeGreaterThan(0);
    expect(f.interval).toMatch(/95 % interval [\d,.]+–[\d,.]+/);
    // httpx 0.23 against uvicorn fails in the race window, never by stale reuse (its poll sees the FIN).
    const row = (name: string) => f.causes.find((c) => c.startsWith(name)) ?? '';
    expect(row('race window')).not.toMatch(/\t0\t/);
    expect(row('stale reuse')).toMatch(/\t0\t/);
    await expect(page).toHaveURL(/view=risk/);
    await expect(page).toHaveURL(/risk\.requests=4000/);
  });

  test('the same input and seed give the same estimate with 1 worker and with 4', async ({ browser }) => {
    const base = test.info().project.use.baseURL;
    const results = [];
    for (const workers of [1, 4]) {
      const page = await browser.newPage();
      await page.addInitScript((n) => {
        Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n });
      }, workers);
      await page.goto(`${base}/?view=risk&risk.requests=3000&risk.seed=7&risk.traffic=sequential:exp:2500`);
      await estimateDone(page);
      await expect(page.getByTestId('risk-estimate-progress')).toContainText(
        `on ${workers} worker${workers === 1 ? '' : 's'}`,
      );
      results.push(await figures(page));
      await page.close();
    }
    expect(results[1]).toEqual(results[0]);
  });

  test('the page and the CLI give the same estimate for the same question', async ({ page }) => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(
      tsx,
      [
        'sim-core/cli/main.ts',
        'risk',
        '--client',
        'httpx-0.23',
        '--server',
        'uvicorn',
        '--delay-ms',
        '15',
        '--requests',
        '4000',
        '--json',
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const cli = JSON.parse(stdout) as { requests: number; failed: number; failuresPerMillion: number };
    await page.goto('/?view=risk&risk.requests=4000');
    await estimateDone(page);
    const headline = page.getByTestId('risk-headline');
    await expect(headline).toHaveAttribute('data-fpm', String(cli.failuresPerMillion));
    await expect(headline).toHaveAttribute('data-requests', String(cli.requests));
  });

  test('a map cell opens its first failure on the stage', async ({ page }) => {
    await page.goto('/?preset=issue-96&seed=96&view=risk&risk.requests=3000');
    await expect(page.getByTestId('risk-dialog')).toBeVisible();
    // A small map: client expiry 4000–5000 × server timeout 5000–6000.
    await page.getByTestId('risk-map-x-range').fill('4000:5000:1000');
    await page.getByTestId('risk-map-x-range').press('Enter');
    await page.getByTestId('risk-map-y-range').fill('5000:6000:1000');
    await page.getByTestId('risk-map-y-range').press('Enter');
    await page.getByTestId('risk-map-draw').click();
    await expect(page.getByTestId('risk-map')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const cells = page.getByTestId('risk-map-cell');
    await expect(cells).toHaveCount(4);
    // Expiry 5000 ms against a 5000 ms timeout: the race window is open.
    const cell = page.locator('[data-testid=risk-map-cell][data-x="5000"][data-y="5000"]');
    await expect(cell).toHaveAttribute('data-state', 'measured');
    const req = await cell.getAttribute('data-first-req');
    expect(Number(req)).toBeGreaterThan(0);
    await expect(cell).toHaveAttribute('aria-label', /failures per million \(95 % \d+–\d+\)/);
    await cell.click();
    await expect(page.getByTestId('risk-dialog')).toBeHidden();
    await waitForRun(page);
    const card = page.getByTestId('request-card');
    await expect(card).toHaveAttribute('data-outcome', 'failed');
    await expect(card).toHaveAttribute('data-req', req!);
  });

  test('a fix is applied to the stage’s scenario and to the explorer’s question', async ({ page }) => {
    await page.goto('/?preset=issue-96&seed=96&view=risk&risk.requests=2000');
    const fixes = page.getByTestId('risk-fixes');
    await expect(fixes).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const fix = page.locator('[data-testid=risk-fix][data-fix=client-expiry]');
    await expect(fix).toBeVisible();
    await expect(fix).toContainText('httpx.Limits(keepalive_expiry=');
    const setting = (await fix.locator('code').first().textContent()) ?? '';
    const seconds = Number(/keepalive_expiry=([\d.]+)/.exec(setting)![1]);
    await fix.getByTestId('risk-fix-apply').click();
    await expect(page.getByTestId('risk-fix-applied')).toContainText('the explorer and the stage');
    // The explorer re-estimates with the fix; the stage forks the seed run with it.
    await expect(page).toHaveURL(new RegExp(`risk\\.expiry=${seconds * 1000}\\b`));
    await estimateDone(page);
    await waitForRun(page);
    await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
    await expect(page).toHaveURL(new RegExp(`client\\.idleExpiryMs=${seconds * 1000}\\b`));
    await expect(page).toHaveURL(/seed=96/);
  });

  test('paste your error: the seed traceback, then text it does not know', async ({ page }) => {
    await page.goto('/?view=risk&risk.tab=diagnose');
    await page.getByTestId('risk-paste').fill(SEED_TRACEBACK);
    await page.getByTestId('risk-diagnose-button').click();
    const d = page.getByTestId('risk-diagnosis');
    await expect(d).toHaveAttribute('data-recognised', 'true');
    await expect(page.getByTestId('risk-diagnosis-library')).toContainText('http3 0.5–0.6');
    await expect(page.getByTestId('risk-diagnosis-mechanism')).toContainText('stale reuse');
    await expect(page.getByTestId('risk-diagnosis-mechanism')).toContainText('already closed');
    // It opens the stage preset at its first failure.
    await page.getByTestId('risk-diagnosis-stage').click();
    await expect(page.getByTestId('risk-dialog')).toBeHidden();
    await waitForRun(page);
    await expect(page.getByTestId('summary')).toContainText('issue-96');
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');

    await page.getByTestId('risk-button').click();
    await page.getByTestId('risk-tab-diagnose').click();
    await page.getByTestId('risk-paste').fill('TypeError: undefined is not a function');
    await page.getByTestId('risk-diagnose-button').click();
    await expect(d).toHaveAttribute('data-recognised', 'false');
    await expect(d).toContainText('Not recognised');
    expect(await page.getByTestId('risk-known').locator('li').count()).toBeGreaterThan(3);
  });

  test('a link with bad risk parameters names each and its limit, and opens the default question', async ({
    page,
  }) => {
    await page.goto('/?view=risk&risk.delay=abc&risk.post=3&risk.client=httpx-0.2');
    const notice = page.getByTestId('notice-url');
    await expect(notice).toContainText('risk.delay: must be a number');
    await expect(notice).toContainText('risk.post');
    await expect(notice).toContainText('0..1');
    await expect(notice).toContainText('risk.client');
    await expect(page.getByTestId('risk-dialog')).toBeVisible();
    await expect(page.getByTestId('risk-field-client.policy')).toHaveValue('httpx-0.23');
    await expect(page.getByTestId('risk-field-network.delayMs')).toHaveValue('15');
  });

  test('axe: no serious or critical violation on the panel', async ({ page }) => {
    await page.goto('/?view=risk&risk.requests=2000');
    await expect(page.getByTestId('risk-fixes')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    for (const tab of ['explore', 'diagnose'] as const) {
      await page.getByTestId(`risk-tab-${tab}`).click();
      if (tab === 'diagnose') {
        await page.getByTestId('risk-paste').fill(SEED_TRACEBACK);
        await page.getByTestId('risk-diagnose-button').click();
        await expect(page.getByTestId('risk-diagnosis')).toBeVisible();
      }
      const result = await new AxeBuilder({ page })
        .include('[data-testid=risk-dialog]')
        .withTags(['wcag2a', 'wcag2aa'])
        .analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `axe on the ${tab} tab`,
      ).toEqual([]);
    }
  });

  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
    // docs/risk-explorer.png: the whole answer on one screen.
    [1600, 1200],
  ] as const) {
    test(`screenshots at ${w}×${h}: the explorer answering httpx 0.23 → uvicorn, 30 ms round trip`, async ({
      page,
    }) => {
      // A hang guard, not a speed check: the map is 56 cells × 3,000 requests on a shared machine.
      test.setTimeout(300_000);
      await page.setViewportSize({ width: w, height: h });
      await page.goto('/?view=risk');
      await expect(page.getByTestId('risk-map')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
      await screenshot(page, `risk-${w}`, { fullPage: false });
      await page.getByTestId('risk-fixes').scrollIntoViewIfNeeded();
      await screenshot(page, `risk-${w}-fixes`, { fullPage: false });
      await page.getByTestId('risk-heatmap').scrollIntoViewIfNeeded();
      await screenshot(page, `risk-${w}-map`, { fullPage: false });
      // Nothing in the dialog is wider than the dialog (no sideways scroll, nothing cut).
      const overflow = await page
        .getByTestId('risk-dialog')
        .evaluate(
          (d) =>
            [...d.querySelectorAll('.risk-card')].filter((c) => c.scrollWidth > c.clientWidth + 1).length,
        );
      expect(overflow).toBe(0);
    });
  }
});
