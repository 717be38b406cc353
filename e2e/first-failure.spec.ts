/**
 * The first failure as a visitor meets it on a laptop (1280×800): Play, and playback stops at the
 * first failed request by itself (the wall time it takes is a unit test's, app/playback/
 * pacing.test.ts, on the clock's own arithmetic); paused there, the exception and its one-sentence
 * cause are on screen together with the stage, no scrolling. A run without failures promises none.
 */
import { presetScenario } from '../sim-core/scenario/presets';
import { scenarioClientExpiryMs } from '../sim-core/trace/fold';
import { buildTraceIndex } from '../sim-core/trace/traceIndex';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';
import { traceOf } from './teachHelpers';

test('paused at the first failure, the exception and its cause are above the fold at 1280×800', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPreset(page, 'issue-96', 96);
  const scenario = presetScenario('issue-96');
  const trace = traceOf(scenario);
  const [first, second] = buildTraceIndex(trace, {
    clientExpiryMs: scenarioClientExpiryMs(scenario),
  }).failures;
  const banner = page.getByTestId('failure-banner');
  await expect(banner).toHaveCount(0);
  await page.getByTestId('play-button').click();
  const stage = page.getByTestId('stage');
  await expect(stage).toHaveAttribute('data-cursor-us', String(first!.t));
  await expect(stage).toHaveAttribute('data-playing', 'false');
  await expect(banner).toHaveAttribute('data-req', String(first!.req));
  await expect(page.getByTestId('failure-banner-class')).toHaveText(first!.error!.class);
  await expect(banner).toContainText(first!.error!.message);
  await expect(page.getByTestId('failure-banner-cause')).toContainText(first!.sentence);
  await expect(page.evaluate(() => window.scrollY)).resolves.toBe(0);
  const box = (await banner.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(800);
  // The stage is in view with it.
  await expect(stage).toBeInViewport();
  await screenshot(page, 'first-failure-1280x800', { fullPage: false });

  // Page Down to the next failure: the banner follows; a step off the failure's moment: it goes.
  await page.keyboard.press('PageDown');
  await expect(banner).toHaveAttribute('data-req', String(second!.req));
  await expect(page.getByTestId('failure-banner-cause')).toContainText(second!.sentence);
  await page.keyboard.press('ArrowRight');
  await expect(banner).toHaveCount(0);
});

test('a run without failures does not promise one', async ({ page }) => {
  await openPreset(page, 'issue-96-fixed', 96);
  const hint = page.getByTestId('story');
  await expect(hint).toHaveAttribute('data-failures', '0');
  await expect(hint).toContainText('no request fails in this run, so playback runs to its end');
  await expect(hint).not.toContainText('pauses at the first failed request');
});
