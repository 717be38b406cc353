/**
 * Issue 13, clipping: at a laptop (1280×800), a projector (1920×1080) and a phone (390×844) size,
 * no text in the top bar (its menu open on a phone), the scenario bar, the summary, the metrics
 * panel, the compare table or presenter mode (its bar, the stage panel) is cut, and the latency
 * chart's p50 / p95 / p99 labels never overlap. "Cut" is measured, not looked at: an element's
 * scrollWidth above its clientWidth (+1 for rounding) means its content does not fit; a select's
 * shown option is measured against the select's text box with the select's own font. Regions
 * that are meant to scroll (the event log's list) are not checked; the summary's failed-request
 * table must fit its region without a horizontal scroll. The event log's cut details are read in
 * full below the list (`log-full-detail`), for the row moved to with the keyboard too.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { openPreset, ROOT } from './helpers';

/**
 * Elements under `root` (a test id, or `css=…`) whose content is wider than their box:
 * "tag.class: text".
 */
async function clipped(page: Page, testId: string, selector: string): Promise<string[]> {
  const root = testId.startsWith('css=') ? page.locator(testId.slice(4)) : page.getByTestId(testId);
  return root.evaluate((root, sel) => {
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLElement>(sel)) {
      // Hidden, or text for screen readers only (clipped to 1 px on purpose).
      if (el.clientWidth === 0 || el.closest('[hidden], .sr-only')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className}: "${(el.textContent ?? '').trim().slice(0, 60)}" ` +
            `(${el.scrollWidth} > ${el.clientWidth})`,
        );
    }
    return out;
  }, selector);
}

/** Selects under `root` whose chosen option is wider than the select's text box. */
async function cutSelects(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).evaluate((root) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const out: string[] = [];
    for (const el of root.querySelectorAll('select')) {
      const s = getComputedStyle(el);
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const text = el.selectedOptions[0]?.textContent ?? '';
      const need = ctx.measureText(text).width;
      // The text box: the content box less the drop-down arrow (as wide as a line is high).
      const box =
        el.clientWidth -
        Number.parseFloat(s.paddingLeft) -
        Number.parseFloat(s.paddingRight) -
        0.9 * Number.parseFloat(s.fontSize);
      if (need > box + 1) out.push(`select "${text}" needs ${need.toFixed(0)} px, has ${box.toFixed(0)}`);
    }
    return out;
  });
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The percentile labels drawn now, and every pair of them whose boxes intersect. */
async function pctOverlaps(page: Page): Promise<{ shown: string[]; overlaps: string[] }> {
  const labels = page.getByTestId('metrics').locator('[data-pct]');
  const boxes: [string, Box][] = [];
  for (const l of await labels.all()) {
    const box = await l.boundingBox();
    if (box) boxes.push([(await l.getAttribute('data-pct')) ?? '?', box]);
  }
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (intersects(boxes[i]![1], boxes[j]![1])) overlaps.push(`${boxes[i]![0]} × ${boxes[j]![0]}`);
  return { shown: boxes.map((b) => b[0]), overlaps };
}

const TEXT = 'td, th, dt, dd, code, label, p, h3, li, figcaption, .mx-label, .mx-value, .field';
const SHOTS = join(ROOT, 'reports', 'screenshots');

for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
  [390, 844],
] as const) {
  test(`no clipped text, no overlapping percentile labels at ${w}×${h}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: w, height: h });
    await openPreset(page, 'issue-96', 96);
    const phone = w < 720;

    // The top bar (on a phone, with its menu open too).
    expect(await clipped(page, 'css=header.topbar', `${TEXT}, button, h1, span, div`), 'top bar').toEqual([]);
    if (phone) {
      await page.getByTestId('topbar-menu').click();
      expect(
        await clipped(page, 'css=header.topbar', `${TEXT}, button, h1, span, div`),
        'top bar menu',
      ).toEqual([]);
      await page.keyboard.press('Escape');
    }

    // The scenario bar, changed so the preset box shows its longest label.
    await page.getByTestId('field-client.policy').selectOption('httpx-0.23');
    await expect(page.getByTestId('summary-modified')).toHaveText('(modified: client httpx-0.23)');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('preset-select').locator('option:checked')).toHaveText(
      'issue-96 (modified: client httpx-0.23)',
    );
    // A phone's select shows its chosen option cut (the full label is in the phone's own picker).
    if (!phone) expect(await cutSelects(page, 'scenario-bar'), 'scenario bar selects').toEqual([]);
    expect(await clipped(page, 'scenario-bar', `${TEXT}, select`), 'scenario bar').toEqual([]);
    if (w === 1280)
      await page
        .getByTestId('scenario-bar')
        .screenshot({ path: join(SHOTS, 'clipping-scenario-bar-1280.png') });
    await page.getByTestId('field-client.policy').selectOption('http3-0.6');
    await expect(page.getByTestId('summary-modified')).toHaveCount(0);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    if (!phone) expect(await cutSelects(page, 'scenario-bar'), 'scenario bar selects (preset)').toEqual([]);

    // The summary: its failed-request table fits its region, no cell cut.
    await show(page, 'summary');
    await expect(page.getByTestId('failed-request').first()).toBeVisible();
    expect(await clipped(page, 'summary', TEXT), 'summary').toEqual([]);
    const wrap = await page
      .getByTestId('summary')
      .locator('.table-wrap')
      .evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(wrap[0], 'the failed-request table scrolls sideways').toBeLessThanOrEqual(wrap[1]! + 1);
    if (w === 1280)
      await page.getByTestId('summary').screenshot({ path: join(SHOTS, 'clipping-summary-1280.png') });

    // The metrics panel at the first failure and at the run's end: nothing cut, labels apart.
    await show(page, 'timeline-panel');
    await page.getByTestId('tl-next-failure').click();
    await expect(page.getByTestId('insp-request')).toBeVisible();
    await show(page, 'metrics-panel');
    await expect(page.getByTestId('metrics')).not.toHaveAttribute('data-failed', '0');
    expect(await clipped(page, 'metrics-panel', TEXT), 'metrics').toEqual([]);
    const atFailure = await pctOverlaps(page);
    expect(atFailure.shown).toEqual(['p50', 'p95', 'p99']);
    expect(atFailure.overlaps, 'percentile labels at the first failure').toEqual([]);
    if (w === 1280)
      await page.getByTestId('metrics-panel').screenshot({ path: join(SHOTS, 'clipping-metrics-1280.png') });
    const total = await page.getByTestId('metric-finished').locator('.mx-total').textContent();
    await page.keyboard.press('End');
    await expect(page.getByTestId('metric-finished').locator('[data-metric]')).toHaveText(
      (total ?? '').replace(/^\s*\/\s*/, ''),
    );
    const atEnd = await pctOverlaps(page);
    expect(atEnd.shown).toEqual(['p50', 'p95', 'p99']);
    expect(atEnd.overlaps, 'percentile labels at the end').toEqual([]);

    // The event log: the row moved to with the keyboard is read in full below the list.
    await show(page, 'log-panel');
    const rows = page.getByTestId('log-rows');
    await rows.focus();
    await page.keyboard.press('Home');
    const first = rows.locator('.log-row.is-active');
    await expect(first).toHaveCount(1);
    const seq = await first.getAttribute('data-seq');
    await expect(page.getByTestId('log-full-detail')).toHaveAttribute('data-seq', seq ?? '');
    const detail = (await first.locator('.log-detail').textContent()) ?? '';
    await expect(page.getByTestId('log-full-detail')).toContainText(detail);

    // The compare table: every column, "B − A" included, fits.
    await show(page, 'compare-panel');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('metric-diffs')).toBeVisible();
    expect(await clipped(page, 'compare-panel', TEXT), 'compare').toEqual([]);
    // A table wider than its grid track would push "B − A" past the column (it was cut at 1280).
    const table = await page.getByTestId('metric-diffs').evaluate((t) => {
      const grid = t.parentElement!;
      const track = Number.parseFloat(getComputedStyle(grid).gridTemplateColumns.split(' ')[0]!);
      return { width: t.getBoundingClientRect().width, track };
    });
    expect(table.width, 'the compare table is wider than its column').toBeLessThanOrEqual(table.track + 1);
    if (w === 1280)
      await page.getByTestId('metric-diffs').screenshot({ path: join(SHOTS, 'clipping-compare-1280.png') });
    // No page scroll sideways at any size (a panel may scroll inside itself on a phone).
    expect(
      await page.evaluate(
        () => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth,
      ),
    ).toBe(0);

    // Presenter mode (laptop, projector): the bar, the counters and the story card, nothing cut.
    if (!phone) {
      await page.getByTestId('compare-stop').click();
      await page.keyboard.press('p');
      await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', 'presenter');
      for (const id of ['presenter-bar', 'stage-panel'])
        expect(await clipped(page, id, `${TEXT}, button, h1, span, strong`), `presenter ${id}`).toEqual([]);
    }
  });
}
