/**
 * Conditional breakpoints outside lessons: set from the UI (a bad "within" gets a message under
 * the field), listed with their hits in this run, turned off and removed; playback stops at the
 * first hit after the cursor (checked against Node's breakpointHits on the same scenario); the
 * list travels in the link and comes back from it.
 */
import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';
import { traceOf } from './teachHelpers';

const trace = () => traceOf(presetScenario('issue-96'));

test('set, list, stop at, switch off and remove breakpoints; the link carries them', async ({ page }) => {
  await openPreset(page, 'issue-96', 96);
  await page.getByTestId('speed-select').selectOption('16');
  await page.getByTestId('breakpoints-button').click();
  const panel = page.getByTestId('breakpoints-panel');
  await expect(panel).toBeVisible();
  // The default: pause at failures, i.e. the failure breakpoint.
  const failures = breakpointHits(trace(), { kind: 'failure' });
  await expect(panel.locator('[data-bp="failure"] [data-testid="breakpoint-hits"]')).toHaveText(
    `${failures.length} in this run`,
  );

  // A bad window gets a message under the field naming the limit; nothing is added.
  await page.getByTestId('breakpoint-kind').selectOption('near-timeout');
  for (const [value, message] of [
    ['0', 'Within must be a number of ms above 0 and at most 60000, got 0'],
    ['90000', 'Within must be a number of ms above 0 and at most 60000, got 90000'],
    ['soon', '“soon” is not a number'],
  ] as const) {
    await page.getByTestId('breakpoint-within').fill(value);
    await page.getByTestId('breakpoint-add-button').click();
    await expect(page.getByTestId('breakpoint-error')).toContainText(message);
  }
  await expect(panel.getByTestId('breakpoint')).toHaveCount(1);
  await page.getByTestId('breakpoint-within').fill('50');
  await page.getByTestId('breakpoint-add-button').click();
  await expect(page.getByTestId('breakpoint-error')).toHaveCount(0);
  const near = breakpointHits(trace(), { kind: 'near-timeout', withinMs: 50 });
  await expect(panel.locator('[data-bp="near-timeout:50"] [data-testid="breakpoint-hits"]')).toHaveText(
    near.length === 0 ? 'never in this run' : `${near.length} in this run`,
  );

  await page.getByTestId('breakpoint-kind').selectOption('stale-write');
  await page.getByTestId('breakpoint-add-button').click();
  await expect(panel.getByTestId('breakpoint')).toHaveCount(3);
  await expect(page.getByTestId('breakpoints-button')).toContainText('3');

  // Failures off: playback stops at the first stale write (before the failure it causes).
  await panel.locator('[data-bp="failure"] [data-testid="breakpoint-toggle"]').uncheck();
  await expect(page.getByTestId('pause-at-failures')).not.toBeChecked();
  const stale = breakpointHits(trace(), { kind: 'stale-write' });
  const first = [...stale, ...near].sort((a, b) => a.seq - b.seq)[0]!;
  await page.getByTestId('play-button').click();
  const stage = page.getByTestId('stage');
  await expect(stage).toHaveAttribute('data-cursor-us', String(first.t), { timeout: 60_000 });
  await expect(stage).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('breakpoint-stop')).toContainText(first.sentence);
  await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', String(first.req));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('breakpoints-panel').evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await screenshot(page, 'breakpoints-1280x800', { fullPage: false });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('breakpoints-panel').evaluate((e) => e.scrollIntoView({ block: 'end' }));
  await screenshot(page, 'breakpoints-1920x1080', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  // Next hit of one breakpoint, from the list.
  await panel.locator('[data-bp="stale-write"] [data-testid="breakpoint-next"]').click();
  await expect(stage).toHaveAttribute('data-cursor-us', String(stale.find((h) => h.t > first.t)!.t));

  // The link carries the list (the failure breakpoint switched off included).
  await expect
    .poll(() => page.evaluate(() => new URLSearchParams(location.search).get('bp')))
    .toBe('failure:off,near-timeout:50,stale-write');
  const link = await page.evaluate(() => location.href);
  await page.goto(link);
  await page.getByTestId('breakpoints-button').click();
  await expect(page.getByTestId('breakpoint')).toHaveCount(3);
  await expect(page.locator('[data-bp="failure"]')).toHaveAttribute('data-enabled', 'false');

  // Remove two; with none left enabled, playback runs on.
  await page.locator('[data-bp="stale-write"] [data-testid="breakpoint-remove"]').click();
  await page.locator('[data-bp="near-timeout:50"] [data-testid="breakpoint-remove"]').click();
  await expect(page.getByTestId('breakpoint')).toHaveCount(1);
  await expect(page.getByTestId('breakpoints-button')).toContainText('0');
});

test('a bad bp parameter in a link is named with its limit, and the good ones kept', async ({ page }) => {
  await page.goto('/?preset=issue-96&bp=retry,near-timeout:-3,stale-wirte');
  await expect(page.getByTestId('notice-url')).toContainText(
    'near-timeout needs a number of ms above 0 and at most 60000',
  );
  await expect(page.getByTestId('notice-url')).toContainText('did you mean "stale-write"?');
  await page.getByTestId('breakpoints-button').click();
  await expect(page.getByTestId('breakpoint')).toHaveCount(1);
  await expect(page.locator('[data-bp="retry"]')).toBeVisible();
});
