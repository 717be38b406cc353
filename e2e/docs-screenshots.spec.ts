/**
 * The screenshots in docs/screens/: each panel — the top bar, the stage, the summary, the compare
 * table, the metrics, presenter mode — at a laptop (1280×800), a projector (1920×1080) and a
 * phone (390×844), as `docs/screens/<panel>-<w>x<h>.png`, at the seed preset's first failure.
 * Run only with UPDATE_DOCS_SCREENSHOTS=1 (`UPDATE_DOCS_SCREENSHOTS=1 npx playwright test
 * e2e/docs-screenshots.spec.ts`; playwright.config.ts ignores the file otherwise), so a CI run
 * never rewrites docs/. Whether the panels are cut is
 * e2e/clipping.spec.ts's job (at the same sizes); these are for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { ROOT, scrollSettled, waitForRun } from './helpers';
import { traceOf } from './teachHelpers';

const DIR = join(ROOT, 'docs', 'screens');

const SIZES = [
  [1280, 800],
  [1920, 1080],
  [390, 844],
] as const;

test.describe('docs/screens', () => {
  for (const [w, h] of SIZES) {
    test(`every panel at ${w}×${h}`, async ({ page }) => {
      test.setTimeout(120_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      mkdirSync(DIR, { recursive: true });
      const path = (panel: string) => join(DIR, `${panel}-${w}x${h}.png`);
      // In view and painted (two frames after the scroll), then the element's picture.
      const shoot = async (testId: string, panel: string) => {
        await page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await scrollSettled(page);
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
        );
        // A phone's transport bar is fixed to the screen: out of the picture of a taller panel
        // (hidden through the CSSOM: the page's CSP refuses injected style sheets).
        const bar = (shown: boolean) =>
          page.evaluate((v) => {
            const el = document.querySelector<HTMLElement>('.transport-main');
            if (el && getComputedStyle(el).position === 'fixed') el.style.visibility = v ? '' : 'hidden';
          }, shown);
        await bar(false);
        await page.getByTestId(testId).screenshot({ path: path(panel) });
        await bar(true);
      };
      await page.setViewportSize({ width: w, height: h });
      // Still pictures: no failure flash caught half way.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const [first] = breakpointHits(traceOf(presetScenario('issue-96')), { kind: 'failure' });
      await page.goto(`/?preset=issue-96&seed=96&t=${first!.t}`);
      await waitForRun(page);
      await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(first!.t));
      await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');

      await page.locator('header.topbar').screenshot({ path: path('topbar') });
      await shoot('stage-panel', 'stage');
      await shoot('summary', 'summary');
      await shoot('metrics-panel', 'metrics');

      await show(page, 'compare-panel');
      await page.getByTestId('compare-delay').fill('20');
      await page.getByTestId('compare-run').click();
      await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
        timeout: 60_000,
      });
      for (const tl of await page.locator('.tl').all())
        await expect(tl).toHaveAttribute('data-settled', 'true');
      await shoot('compare-panel', 'compare');
      await shoot('metric-diffs', 'compare-table');
      await page.getByTestId('compare-stop').click();

      // Presenter mode (a laptop or a projector): the failure, then a lesson step with its focus view.
      if (w >= 720) {
        await page.keyboard.press('p');
        await expect(page.getByTestId('presenter-bar')).toBeVisible();
        await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', 'presenter');
        await scrollSettled(page);
        await page.screenshot({ path: path('presenter') });
        await page.goto('/?lesson=issue-96&step=3&bp=none');
        await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-status', 'ready', {
          timeout: 60_000,
        });
        await page.keyboard.press('p');
        await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', 'presenter');
        await expect(page.getByTestId('inspector')).toBeInViewport();
        await scrollSettled(page);
        await page.screenshot({ path: path('presenter-lesson') });
      } else {
        // A phone: the first screen as it opens (the transport bar pinned at the bottom).
        await page.evaluate(() => window.scrollTo(0, 0));
        await scrollSettled(page);
        await page.screenshot({ path: path('first-screen') });
      }
      expect(errors).toEqual([]);
    });
  }
});
