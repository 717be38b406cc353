/**
 * Presenter mode: large type, the stage and the narration with the step counter, the rest
 * collapsed; a presenter remote's keys (Page Down / Page Up = next / previous step, `.` play /
 * pause, `b` blank screen and back); Esc backs out (un-blank, then leave); the `?` dialog lists
 * the keys. Screenshots at a laptop's and a projector's size.
 */

import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { expect, test } from './fixtures';
import { screenshot, scrollSettled } from './helpers';
import { traceOf } from './teachHelpers';

test('presenter mode with a lesson: remote keys, blank screen, Esc out', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  // No breakpoints: playing from a step's pause then runs on until paused by the remote (with the
  // default, it could stop at the next failure by itself before the test looked).
  await page.goto('/?lesson=issue-96&step=3&bp=none');
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const rootSize = () =>
    page.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootSize();

  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter-bar')).toBeVisible();
  // The root class is set by an effect: wait for the type to grow.
  await expect.poll(rootSize).toBeGreaterThan(normal * 1.25);
  await expect(page.getByTestId('presenter-counter')).toHaveText('Step 3 / 5');
  // Collapsed to the stage, the narration and the counter.
  for (const hidden of ['preset-select', 'summary', 'log-panel', 'timeline-panel', 'copy-link'])
    await expect(page.getByTestId(hidden)).toBeHidden();
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page.getByTestId('lesson-text')).toBeVisible();
  // Step 3's focus view (the inspector) stays, below the stage.
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.getByTestId('lesson-text')).toBeInViewport();
  await scrollSettled(page);
  await screenshot(page, 'presenter-1920x1080', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
  await scrollSettled(page);
  await screenshot(page, 'presenter-1280x800', { fullPage: false });

  // The remote: next and previous step, play / pause.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('presenter-counter')).toHaveText('Step 4 / 5');
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('presenter-counter')).toHaveText('Step 3 / 5');
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'false');
  await page.keyboard.press('.');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('.');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'false');

  // Blank and back, with B; then with Esc (which un-blanks before it leaves).
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeVisible();
  await screenshot(page, 'presenter-blank', { fullPage: false });
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank-screen')).toBeHidden();
  await page.keyboard.press('b');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('blank-screen')).toBeHidden();
  await expect(page.getByTestId('presenter-bar')).toBeVisible();

  // The help lists the keys, and Esc closes the help before it leaves presenter mode.
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toContainText('Presenter mode on / off');
  await expect(help).toContainText('Blank the screen');
  await expect(help).toContainText('in a lesson: the next step');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(page.getByTestId('presenter-bar')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presenter-bar')).toBeHidden();
  await expect(page.getByTestId('preset-select')).toBeVisible();
  // Back to the page's own size at this width (16 px below 1700 px wide).
  await expect.poll(rootSize).toBe(16);
});

test('presenter mode without a lesson: the stage with live captions; the exit button works', async ({
  page,
}) => {
  await page.goto('/?preset=polling-at-timeout');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('speed-select').selectOption('16');
  await page.getByTestId('presenter-button').click();
  await expect(page.getByTestId('presenter-bar')).toContainText('Open a lesson');
  const captions = page.getByTestId('captions');
  await expect(captions).toBeVisible();
  await page.keyboard.press('.');
  // Playback stops at the first failure (the one Node finds: "paused" alone would also be true
  // before playback started); the captions have told what happened on the way.
  const [first, second] = breakpointHits(traceOf(presetScenario('polling-at-timeout')), { kind: 'failure' });
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(first!.t), {
    timeout: 30_000,
  });
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('breakpoint-stop')).toHaveAttribute('data-by', 'failure');
  await expect(captions).not.toBeEmpty();
  // PageDown outside a lesson: the next failure, as before.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(second!.t));
  await page.getByTestId('presenter-exit').click();
  await expect(page.getByTestId('presenter-bar')).toBeHidden();
});
