/**
 * Presenter mode: large type, the stage and the narration with the step counter, the rest
 * collapsed; a presenter remote's keys (Page Down / Page Up = next / previous step, `.` play /
 * pause, `b` blank screen and back); Esc backs out (un-blank, then leave); the `?` dialog lists
 * the keys. Screenshots at a laptop's and a projector's size. At 1280×800 and 1920×1080, in a
 * lesson step and outside a lesson at a shared failure moment: one screen with no page scroll, the
 * stage's smallest label measured (font size × SVG scale), the step's focus view on screen beside
 * the step's text, and outside a lesson h11's exception and its cause, not "Press Play".
 */

import type { Page } from '@playwright/test';
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
  // Step 3's focus view (the inspector) stays, beside the step's text under the stage.
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
  // The page's own stage again, without the presenter stage's type.
  await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', 'wide');
  await expect(page.locator('[data-testid="stage"] .stage-svg.presenter-stage')).toHaveCount(0);
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
  // Nothing narrated yet: no empty caption box, the story card says how to start.
  await expect(captions).toBeHidden();
  await expect(page.getByTestId('story')).toBeInViewport();
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
  await expect(captions).toBeVisible();
  // Paused at the failure: the story card beside the captions shows h11's exception.
  await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
  await expect(page.getByTestId('request-card').getByTestId('error-class')).toBeInViewport();
  // PageDown outside a lesson: the next failure, as before.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(second!.t));
  await page.getByTestId('presenter-exit').click();
  await expect(page.getByTestId('presenter-bar')).toBeHidden();
});

/**
 * What the stage's text renders at: each visible label's computed font size (user units) times
 * its scale on screen — the SVG's viewBox scale and any group scale above it (getScreenCTM). The
 * plain viewBox scale (the SVG's box over its viewBox, "meet") is returned beside it.
 */
async function stageLabelSizes(
  page: Page,
): Promise<{ min: number; cls: string; scale: number; count: number }> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('[data-testid="stage"] .stage-svg');
    if (!svg) return { min: 0, cls: 'no stage', scale: 0, count: 0 };
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const scale = Math.min(box.width / vb.width, box.height / vb.height);
    let min = Number.POSITIVE_INFINITY;
    let cls = '';
    let count = 0;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent?.trim() || !t.checkVisibility({ visibilityProperty: true })) continue;
      const m = t.getScreenCTM();
      if (!m) continue;
      const px = Number.parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      count++;
      if (px < min) {
        min = px;
        cls = `${t.getAttribute('class') ?? ''} "${t.textContent}"`;
      }
    }
    return { min, cls, scale, count };
  });
}

const pageScroll = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, inner: window.innerHeight }));

/** Issue 13: the smallest stage label at least 20 px at 1920×1080 and 16 px at 1280×800. */
const LABEL_FLOOR = { 1920: 20, 1280: 16 } as const;

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 800 },
] as const) {
  test(`presenter mode fits ${size.width}×${size.height}: no page scroll, a large stage, the step's focus view or the failure beside it`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    const tag = `${size.width}x${size.height}`;

    // A lesson step whose focus view is the inspector (issue-96 step 3: h11's exact error).
    await page.goto('/?lesson=issue-96&step=3&bp=none');
    await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-status', 'ready', {
      timeout: 60_000,
    });
    const before = await stageLabelSizes(page);
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter-bar')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Lesson 2/5');
    await expect.poll(async () => (await pageScroll(page)).scroll).toBeLessThanOrEqual(size.height);
    await expect
      .poll(async () => (await stageLabelSizes(page)).min)
      .toBeGreaterThanOrEqual(LABEL_FLOOR[size.width]);
    const inLesson = await stageLabelSizes(page);
    expect(inLesson.min).toBeGreaterThan(before.min);
    // Measured over the whole stage (its header, both rows' boxes, pills, notes), all on screen.
    expect(inLesson.count).toBeGreaterThan(15);
    await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', 'presenter');
    await expect(page.getByTestId('stage')).toBeInViewport({ ratio: 1 });
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toBeInViewport();
    // Beside the stage, not under the fold: its top edge well inside the screen.
    const top = await inspector.evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(size.height * 0.8);
    await expect(page.getByTestId('lesson-text')).toBeInViewport();
    await scrollSettled(page);
    await screenshot(page, `presenter-lesson-${tag}`, { fullPage: false });

    // Outside a lesson: a shared link at the first failure, then P — the exception and its cause.
    const [first] = breakpointHits(traceOf(presetScenario('issue-96')), { kind: 'failure' });
    await page.goto(`/?preset=issue-96&seed=96&t=${first!.t}`);
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(first!.t));
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter-bar')).toBeVisible();
    await expect.poll(async () => (await pageScroll(page)).scroll).toBeLessThanOrEqual(size.height);
    await expect
      .poll(async () => (await stageLabelSizes(page)).min)
      .toBeGreaterThanOrEqual(LABEL_FLOOR[size.width]);
    const card = page.getByTestId('request-card');
    await expect(card).toHaveAttribute('data-outcome', 'failed');
    await expect(card).toHaveAttribute('data-req', String(first!.req));
    await expect(card.getByTestId('error-class')).toHaveText('h11._util.RemoteProtocolError');
    await expect(card.getByTestId('error-message')).toHaveText(
      "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
    );
    for (const id of ['error-class', 'error-message', 'cause-sentence'])
      await expect(card.getByTestId(id)).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('story')).toHaveCount(0);
    await screenshot(page, `presenter-failure-${tag}`, { fullPage: false });
    console.log(
      `presenter ${tag}: smallest stage label ${before.min.toFixed(1)} px before P, ${inLesson.min.toFixed(1)} px in presenter mode (${inLesson.cls}, scale ${inLesson.scale.toFixed(3)})`,
    );
  });
}
