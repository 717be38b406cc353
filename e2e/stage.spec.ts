import type { Page } from '@playwright/test';
import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { raceIntervals } from '../sim-core/trace/raceWindows';
import { expect, test, watchPage } from './fixtures';
import { H11_CONNECTION_CLOSED, openPreset, screenshot, waitForRun } from './helpers';
import { traceOf } from './teachHelpers';

/** The cursor time the stage shows (µs). */
async function cursor(page: Page): Promise<number> {
  return Number(await page.getByTestId('stage').getAttribute('data-cursor-us'));
}

async function expectPaused(page: Page) {
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'false');
}

const card = (page: Page) => page.getByTestId('request-card');

test.describe('the stage', () => {
  test('issue-96: play to the first failure and read h11’s error on the stage', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openPreset(page, 'issue-96', 96);
    await expectPaused(page);
    expect(await cursor(page)).toBe(0);
    await expect(page.getByTestId('stage')).toContainText('No connection yet');

    await page.getByTestId('speed-select').selectOption('16');
    await page.getByTestId('play-button').click();
    // "Pause at failures" is on: playback stops by itself at the first failed request (the one
    // Node finds), and says so. (No check that it is playing on the way: at ×16 it may be there
    // before any check could look.)
    const failure = breakpointHits(traceOf(presetScenario('issue-96')), { kind: 'failure' })[0]!;
    await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(failure.t), {
      timeout: 60_000,
    });
    await expectPaused(page);
    await expect(page.getByTestId('breakpoint-stop')).toHaveAttribute('data-by', 'failure');
    const stoppedAt = await cursor(page);

    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    await expect(card(page).getByTestId('error-class')).toHaveText('h11._util.RemoteProtocolError');
    await expect(card(page).getByTestId('error-message')).toHaveText(H11_CONNECTION_CLOSED);
    await expect(card(page).getByTestId('cause-sentence')).toContainText(
      /The server closed connection #\d+ .* before/,
    );
    await expect(page.getByTestId('counter-failed-value')).toHaveText('1');
    const conn = await card(page).getAttribute('data-conn');
    const row = page.locator(`[data-testid=stage-row][data-conn="${conn}"]`);
    await expect(row).toHaveAttribute('data-failed-req', (await card(page).getAttribute('data-req')) ?? '');
    await expect(row).toContainText('RemoteProtocolError');

    // It was the first failure: there is none before it (keys are handled synchronously, so the
    // cursor read after the press is the one it left).
    await page.keyboard.press('PageUp');
    expect(await cursor(page)).toBe(stoppedAt);
    expect(errors).toEqual([]);
  });

  test('switching to the fixed client re-runs the same seed at the same moment, and the request succeeds on a fresh connection', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', 96);
    await page.getByTestId('next-failure').click();
    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    const req = await card(page).getAttribute('data-req');
    const at = await cursor(page);
    const runId = await page.getByTestId('stage').getAttribute('data-run-id');

    await page.getByTestId('field-client.policy').selectOption('httpx-0.23');
    await expect(page.getByTestId('stage')).not.toHaveAttribute('data-run-id', runId ?? '');
    await waitForRun(page);
    // Same moment, same request selected, paused.
    expect(await cursor(page)).toBe(at);
    await expectPaused(page);
    await expect(card(page)).toHaveAttribute('data-req', req ?? '');
    await expect(card(page)).not.toHaveAttribute('data-outcome', 'failed');
    // The link, once written, is exactly this moment of the new run.
    await expect
      .poll(() => page.evaluate(() => location.search))
      .toBe(`?preset=issue-96&seed=96&client.policy=httpx-0.23&t=${at}&sel=req:${req}`);

    // Play on until that request has its outcome.
    await page.getByTestId('play-button').click();
    await expect(card(page)).toHaveAttribute('data-outcome', 'ok', { timeout: 20_000 });
    await page.keyboard.press('Space');
    await expectPaused(page);
    await expect(card(page)).toHaveAttribute('data-reused', 'false');
    await expect(card(page)).toContainText('a fresh connection');
    await expect(card(page)).toContainText('200 OK');
    await expect(page.getByTestId('counter-failed-value')).toHaveText('0');
    await screenshot(page, 'stage-fixed-client-same-moment', { fullPage: false });
  });

  test('step back and forward across the failure', async ({ page }) => {
    await openPreset(page, 'issue-96', 96);
    await page.keyboard.press('PageDown');
    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    const failedAt = await cursor(page);
    const conn = await card(page).getAttribute('data-conn');
    const row = page.locator(`[data-testid=stage-row][data-conn="${conn}"]`);
    await expect(row).toHaveAttribute('data-failed-req', /\d+/);

    await page.getByTestId('step-back').click();
    expect(await cursor(page)).toBeLessThan(failedAt);
    await expect(page.getByTestId('counter-failed-value')).toHaveText('0');
    await expect(card(page)).toHaveAttribute('data-outcome', 'in-flight');
    // Just before: the pool has handed the stale connection out (its FIN had arrived): belief and
    // reality disagree, and the stage says it is stale, not a race window.
    await expect(row).toHaveAttribute('data-race', 'stale');
    await expect(row.locator('.race-caption')).toHaveText(/^STALE · FIN arrived \d.* ago$/);
    await expect(row).toHaveAttribute('data-belief', 'active');
    await expect(row).not.toHaveAttribute('data-failed-req', /\d+/);

    await page.getByTestId('step-forward').click();
    expect(await cursor(page)).toBe(failedAt);
    await expect(page.getByTestId('counter-failed-value')).toHaveText('1');
    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    await expect(row).toHaveAttribute('data-failed-req', /\d+/);
    await expect(row).toHaveAttribute('data-race', 'false');
  });

  test('the race window and stale are two things, drawn and named apart', async ({ page }) => {
    // polling-at-timeout: a health check sent as the server closes crosses its FIN (race window).
    const scenario = presetScenario('polling-at-timeout');
    const windows = raceIntervals(traceOf(scenario));
    const crossing = windows.find((w) => w.kind === 'race-window' && w.entered.length > 0)!;
    const sent = crossing.entered[0]!;
    await openPreset(page, 'polling-at-timeout', scenario.seed, `&t=${sent.t}`);
    const row = page.locator(`[data-testid=stage-row][data-conn="${crossing.conn}"]`);
    await expect(row).toHaveAttribute('data-race', 'race-window');
    await expect(row.locator('.race-caption')).toHaveText('RACE WINDOW · request and FIN cross');
    await expect(row.locator('.race-caption')).not.toHaveClass(/stale/);
    await expect(page.getByTestId('legend-race-window')).toContainText(
      'crosses the server’s FIN on the wire',
    );
    await expect(page.getByTestId('legend-stale')).toContainText('a check at checkout would see it');
    await screenshot(page, 'stage-race-window-1280x800', { fullPage: false });
    // Its failure is of that kind, and says so.
    await page.keyboard.press('PageDown');
    await expect(card(page)).toHaveAttribute('data-req', String(sent.req));
    await expect(card(page)).toHaveAttribute('data-kind', 'race-window');
    await expect(card(page).getByTestId('failure-kind')).toHaveText('race window');

    // A stale stretch of the same run: violet, with how long ago the FIN arrived.
    const stale = windows.find((w) => w.kind === 'stale' && w.end - w.start > 50)!;
    const mid = Math.round((stale.start + stale.end) / 2);
    await openPreset(page, 'polling-at-timeout', scenario.seed, `&t=${mid}`);
    const staleRow = page.locator(`[data-testid=stage-row][data-conn="${stale.conn}"]`);
    await expect(staleRow).toHaveAttribute('data-race', 'stale');
    await expect(staleRow.locator('.race-caption')).toHaveText(/^STALE · FIN arrived \d.* ago$/);
    await expect(staleRow.locator('.race-caption')).toHaveClass(/stale/);
    const fill = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((e) => getComputedStyle(e).fill);
    expect(await fill(`[data-testid=stage-row][data-conn="${stale.conn}"] .race-caption`)).toBe(
      'rgb(109, 40, 217)',
    );
  });

  test('the fixed client never fails, and shows no long “race window”', async ({ page }) => {
    // Its connections go stale (FIN arrived) and are dropped; their race windows are a few ms.
    const scenario = presetScenario('issue-96-fixed');
    const windows = raceIntervals(traceOf(scenario));
    const stale = windows.find((w) => w.kind === 'stale')!;
    await openPreset(page, 'issue-96-fixed', scenario.seed, `&t=${stale.end - 1000}`);
    const row = page.locator(`[data-testid=stage-row][data-conn="${stale.conn}"]`);
    await expect(row).toHaveAttribute('data-race', 'stale');
    await expect(row.locator('.race-caption')).toHaveText(/^STALE · /);
    await expect(page.locator('[data-testid=stage-row][data-race=race-window]')).toHaveCount(0);
    await expect(page.getByTestId('counter-failed-value')).toHaveText('0');
  });

  test('clicking a connection or a segment tells its story', async ({ page }) => {
    await openPreset(page, 'issue-96', 96);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft'); // the request is on the wire, sent on a stale connection
    const racing = page.locator('[data-testid=stage-row][data-race=stale]').first();
    const conn = await racing.getAttribute('data-conn');
    await racing.click();
    const connCard = page.getByTestId('connection-card');
    await expect(connCard).toHaveAttribute('data-conn', conn ?? '');
    await expect(connCard).toHaveAttribute('data-race', 'stale');
    await expect(connCard).toContainText(
      'but the pool still believes it reusable (a check at checkout would see it)',
    );
    await expect(page).toHaveURL(new RegExp(`sel=conn:${conn}`));
    await page.locator('[data-testid=segment][data-kind=request]').first().dispatchEvent('click');
    await expect(page.getByTestId('segment-card')).toContainText('POST /auth');
    await expect(page.getByTestId('segment-card')).toContainText('on the wire');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('segment-card')).toHaveCount(0);
  });

  test('a shared URL reopens the same moment, paused, with the same selection', async ({ page, browser }) => {
    await openPreset(page, 'issue-96', 96);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft');
    const at = await cursor(page);
    const req = await card(page).getAttribute('data-req');
    await expect
      .poll(() => page.evaluate(() => location.search))
      .toBe(`?preset=issue-96&seed=96&t=${at}&sel=req:${req}`);
    const url = page.url();
    const rows = await page
      .getByTestId('stage-row')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-conn'),
          e.getAttribute('data-race'),
          e.getAttribute('aria-label'),
        ]),
      );

    const other = await browser.newPage();
    const otherProblems = await watchPage(other);
    await other.goto(url);
    await waitForRun(other);
    expect(await cursor(other)).toBe(at);
    await expectPaused(other);
    await expect(card(other)).toHaveAttribute('data-req', (await card(page).getAttribute('data-req')) ?? '');
    const again = await other
      .getByTestId('stage-row')
      .evaluateAll((els) =>
        els.map((e) => [
          e.getAttribute('data-conn'),
          e.getAttribute('data-race'),
          e.getAttribute('aria-label'),
        ]),
      );
    expect(again).toEqual(rows);
    await expect(other.getByTestId('cursor-time')).toHaveText(
      (await page.getByTestId('cursor-time').textContent()) ?? '',
    );
    otherProblems.expectNone();
    await other.close();
  });

  test('keyboard shortcuts: play/pause, step, failures, start/end, mode, help', async ({ page }) => {
    await openPreset(page, 'issue-96', 96);
    const stage = page.getByTestId('stage');
    await page.keyboard.press('Space');
    await expect(stage).toHaveAttribute('data-playing', 'true');
    await page.keyboard.press('.');
    await expect(stage).toHaveAttribute('data-playing', 'false');

    await page.keyboard.press('Home');
    expect(await cursor(page)).toBe(0);
    await page.keyboard.press('ArrowRight');
    const first = await cursor(page);
    expect(first).toBeGreaterThan(0);
    await page.keyboard.press('ArrowRight');
    expect(await cursor(page)).toBeGreaterThan(first);
    await page.keyboard.press('ArrowLeft');
    expect(await cursor(page)).toBe(first);

    await page.keyboard.press('PageDown');
    const f1 = await cursor(page);
    await expect(page.getByTestId('counter-failed-value')).toHaveText('1');
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('counter-failed-value')).toHaveText('2');
    expect(await cursor(page)).toBeGreaterThan(f1);
    await page.keyboard.press('PageUp');
    expect(await cursor(page)).toBe(f1);

    await page.keyboard.press('End');
    await expect(page.getByTestId('counter-requests-value')).toHaveText('99');
    await page.keyboard.press('a');
    await expect(page.getByTestId('mode-fixed')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('a');
    await expect(page.getByTestId('mode-adaptive')).toHaveAttribute('aria-pressed', 'true');

    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Next failed request');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Typing in a field is typing, not a shortcut.
    await page.getByTestId('seed-input').focus();
    await page.keyboard.press('Space');
    await expect(stage).toHaveAttribute('data-playing', 'false');
    // Every control is reachable with Tab and shows where focus is.
    await page.getByTestId('play-button').focus();
    await expect(page.getByTestId('play-button')).toBeFocused();
    const outline = await page
      .getByTestId('play-button')
      .evaluate((el) => getComputedStyle(el).outlineStyle + getComputedStyle(el).outlineWidth);
    expect(outline).not.toMatch(/^none/);
  });

  test('bad link parameters get a notice naming each parameter and its limit, and the page still works', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/?preset=isue-96&network.delayMs=99999&t=soon&sel=nope&seed=-4');
    await waitForRun(page);
    const notice = page.getByTestId('notice-url');
    await expect(notice).toContainText('preset: unknown preset "isue-96" (did you mean "issue-96"?)');
    await expect(notice).toContainText('network.delayMs: must be from 0 to 10000, got 99999; using 2');
    await expect(notice).toContainText('seed: must be a whole number from 0 to 4294967295, got "-4"');
    await expect(notice).toContainText('t: must be a time');
    await expect(notice).toContainText('sel: must be conn:N, req:N or seg:N');
    expect(await cursor(page)).toBe(0);
    await expect(page.getByTestId('summary')).toContainText('issue-96, seed 96');
    await screenshot(page, 'bad-url-parameters', { fullPage: false });
    await page.getByRole('button', { name: /Dismiss/ }).click();
    await expect(notice).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('an invalid setting is refused under its field with the limit, and nothing re-runs', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', 96);
    const runId = await page.getByTestId('stage').getAttribute('data-run-id');
    const field = page.getByTestId('field-server.idleTimeoutMs');
    await field.fill('0');
    await field.press('Enter');
    await expect(page.getByTestId('field-error-f-server-idleTimeoutMs')).toHaveText(
      'must be from 1 to 3600000, got 0',
    );
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    // A run would have started in the same handler that showed the error (status "running").
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('stage')).toHaveAttribute('data-run-id', runId ?? '');
    await field.fill('4000');
    await field.press('Enter');
    await expect(page.getByTestId('stage')).not.toHaveAttribute('data-run-id', runId ?? '');
    await waitForRun(page);
    await expect(page.getByTestId('stage')).toContainText('idle timeout 4 s');
    await expect
      .poll(() => page.evaluate(() => location.search))
      .toBe('?preset=issue-96&seed=96&server.idleTimeoutMs=4000');
  });

  test('a failure flashes its row, unless the person prefers reduced motion', async ({ page }) => {
    // Count the animations started (a flash lasts under 2 s: one still running when looked at
    // later would depend on how fast the machine is).
    await page.addInitScript(() => {
      const w = window as unknown as { flashes: number };
      w.flashes = 0;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (...args: Parameters<typeof animate>) {
        w.flashes++;
        return animate.apply(this, args);
      };
    });
    const flashes = () => page.evaluate(() => (window as unknown as { flashes: number }).flashes);
    await openPreset(page, 'issue-96', 96);
    expect(await flashes()).toBe(0);
    await page.keyboard.press('PageDown');
    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    expect(await flashes()).toBeGreaterThan(0);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openPreset(page, 'issue-96', 96);
    await page.keyboard.press('PageDown');
    await expect(card(page)).toHaveAttribute('data-outcome', 'failed');
    await expect(page.locator('.row-back.failed')).toHaveCount(1);
    expect(await flashes()).toBe(0);
  });

  test('the stage mid-race, at a laptop’s and a projector’s size', async ({ page }) => {
    await openPreset(page, 'issue-96', 96);
    await page.keyboard.press('PageDown');
    const failedAt = await cursor(page);
    const req = await card(page).getAttribute('data-req');
    // 1.1 ms after the failure: the request is still on its way to the closed server socket.
    const url = `/?preset=issue-96&seed=96&t=${failedAt + 1100}&sel=req:${req}`;
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(url);
      await waitForRun(page);
      await expect(page.locator('[data-testid=segment][data-kind=request]')).toHaveCount(1);
      await expect(page.locator('[data-testid=stage-row][data-race=stale]')).not.toHaveCount(0);
      await expect(card(page).getByTestId('error-message')).toHaveText(H11_CONNECTION_CLOSED);
      // A still picture, not mid-flash.
      await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBe(0);
      await screenshot(page, `stage-mid-race-${w}x${h}`, { fullPage: false });
    }
  });
});
