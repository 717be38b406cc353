import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { openPreset, ROOT, screenshot } from './helpers';

// Screenshots of each analysis view at a laptop and a projector size, the moment of the first
// failure of the seed preset selected (reports/screenshots/analysis-*.png; docs/ keeps copies).
for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`analysis views at ${w}×${h}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: w, height: h });
    await openPreset(page, 'issue-96', 7);
    await show(page, 'timeline-panel');
    await page.getByTestId('tl-next-failure').click();
    await expect(page.getByTestId('insp-request')).toBeVisible();
    const dir = join(ROOT, 'reports', 'screenshots');
    mkdirSync(dir, { recursive: true });
    // A still picture: every timeline has finished its zoom animation and drawn it.
    const settled = async () => {
      for (const tl of await page.locator('.tl').all())
        await expect(tl).toHaveAttribute('data-settled', 'true');
    };
    const shot = async (testId: string, name: string) => {
      await show(page, testId);
      await settled();
      await page.getByTestId(testId).screenshot({ path: join(dir, `analysis-${name}-${w}.png`) });
    };
    await expect
      .poll(async () => Number(await page.getByTestId('timeline').locator('.tl').getAttribute('data-draws')))
      .toBeGreaterThan(0);
    await shot('timeline-panel', 'timeline-failure');
    await page.getByTestId('tl-fit').click();
    await shot('timeline-panel', 'timeline-whole-run');
    await shot('log-panel', 'log');
    await shot('inspector', 'inspector');
    await expect(page.getByTestId('statechart').locator('[data-state].is-active')).toHaveCount(1);
    await shot('metrics-panel', 'metrics');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('first-divergence')).not.toHaveAttribute('data-req', '');
    await shot('compare-panel', 'compare');
    await settled();
    await screenshot(page, `analysis-page-${w}`);
    expect(errors).toEqual([]);
  });
}
