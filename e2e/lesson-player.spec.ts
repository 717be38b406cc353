/**
 * The lesson player as a person meets it: the picker, progress kept in the browser (leave at any
 * step, resume there), corrupted storage ignored with a word, going off script and back, a
 * handout link to a step, the step with the stage in view at a laptop's size, and a presenter's
 * remote: one Page Down, one step.
 */
import { lessonById } from '../sim-core/teach/lessons';
import { expect, test } from './fixtures';
import { screenshot, scrollSettled, waitForRun } from './helpers';
import { expectedSteps } from './teachHelpers';

test('pick a lesson, leave it at a step, resume there after a reload', async ({ page }) => {
  await page.goto('/?preset=issue-96');
  await waitForRun(page);
  await page.keyboard.press('l');
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('lesson-item')).toHaveCount(5);
  await screenshot(page, 'lesson-picker', { fullPage: false });
  await picker.locator('[data-lesson="race-window"] [data-testid="lesson-start"]').click();
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-lesson', 'race-window');
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  // Fixed time (1 ms a second): playing to step 2 (5 s on) takes far longer than the test, so the
  // second click comes while it plays — and skips there.
  await page.getByTestId('mode-fixed').click();
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'true');
  await page.getByTestId('lesson-next').click();
  await expect(panel).toHaveAttribute('data-step', '2');
  const step2 = expectedSteps(lessonById('race-window')!)[1]!.resolved.t;
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(step2));
  await expect(page.getByTestId('stage')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('mode-adaptive').click();
  await page.getByTestId('lesson-next').click();
  await expect(panel).toHaveAttribute('data-step', '3');
  await expect(panel).toHaveAttribute('data-status', 'ready');
  await expect.poll(() => page.evaluate(() => location.search)).toBe('?lesson=race-window&step=3');

  // Leave it; a plain visit later offers to resume at step 3.
  await page.getByTestId('lesson-exit').click();
  await expect(panel).toHaveCount(0);
  await page.goto('/');
  await waitForRun(page);
  await page.getByTestId('lessons-button').click();
  const resume = page.locator('[data-lesson="race-window"] [data-testid="lesson-resume"]');
  await expect(resume).toHaveText('Resume at step 3');
  await resume.click();
  await expect(panel).toHaveAttribute('data-step', '3');
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
});

test('corrupted saved progress is ignored with a word, and lessons still work', async ({ page }) => {
  await page.addInitScript(() =>
    localStorage.setItem('race-window:lesson-progress', '{"version":1,"lessons":{'),
  );
  await page.goto('/?lesson=anatomy&step=1');
  await expect(page.getByTestId('notice-lesson-progress')).toContainText('Saved lesson progress was ignored');
  await expect(page.getByTestId('notice-lesson-progress')).toContainText('not valid JSON');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  // The next save replaces the broken data.
  await expect
    .poll(() =>
      page.evaluate(() => {
        try {
          return JSON.parse(localStorage.getItem('race-window:lesson-progress')!).lessons.anatomy.step;
        } catch {
          return null;
        }
      }),
    )
    .toBe(1);
});

test('off script and back; a handout link; a bad link names the lesson and the step range', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const want = expectedSteps(lessonById('issue-96')!)[1]!;
  await page.goto('/?lesson=issue-96&step=2');
  const panel = page.getByTestId('lesson-panel');
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await scrollSettled(page);
  // At a laptop's size the step and the stage are both in view, the transport too.
  await expect(page.getByTestId('lesson-text')).toBeInViewport();
  await expect(page.getByTestId('stage')).toBeInViewport({ ratio: 0.6 });
  await expect(page.getByTestId('play-button')).toBeInViewport();
  await screenshot(page, 'lesson-panel-1280x800', { fullPage: false });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await scrollSettled(page);
  await screenshot(page, 'lesson-panel-1920x1080', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Looking around moves the cursor: the step offers the way back; the link records the moment.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lesson-back-to-pause')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.search)).toMatch(/^\?lesson=issue-96&step=2&t=\d+$/);
  await page.getByTestId('lesson-back-to-pause').click();
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(want.resolved.t));
  await expect.poll(() => page.evaluate(() => location.search)).toBe('?lesson=issue-96&step=2');

  // Another client: off script (the link now describes that run); back to the step.
  await page.getByTestId('field-client.policy').selectOption('httpx-0.23');
  await expect(page.getByTestId('lesson-offscript')).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => page.evaluate(() => location.search))
    .toMatch(
      new RegExp(
        `^\\?preset=issue-96&seed=96&client\\.policy=httpx-0\\.23&t=${want.resolved.t}(&sel=(req|conn):\\d+)?$`,
      ),
    );
  await page.getByTestId('lesson-back-to-step').click();
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('lesson-offscript')).toHaveCount(0);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', String(want.resolved.t));

  await page.goto('/?lesson=issue-69&step=9');
  await expect(page.getByTestId('notice-url')).toContainText(
    'unknown lesson "issue-69" (did you mean "issue-96"?)',
  );
  await page.goto('/?lesson=issue-96&step=9');
  await expect(page.getByTestId('notice-url')).toContainText('must be a whole number from 1 to 5');
  await expect(panel).toHaveAttribute('data-step', '1');
});

test('a presenter’s remote: one Page Down is one step, a press on the way finishes the way', async ({
  page,
}) => {
  const steps = expectedSteps(lessonById('issue-96')!);
  const t = (i: number) => String(steps[i]!.resolved.t);
  await page.goto('/?lesson=issue-96&step=1');
  const panel = page.getByTestId('lesson-panel');
  const stage = page.getByTestId('stage');
  const at = async (step: number, moment: string) => {
    await expect(panel).toHaveAttribute('data-step', String(step));
    await expect(panel).toHaveAttribute('data-status', 'ready');
    await expect(panel).toHaveAttribute('data-moment', moment);
  };
  await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await at(1, 'at');

  // One press: step 2 plays to its moment (the stale write, 10 s into the run) and stops there by
  // itself — adaptive time at ×1 takes about 7 s of it.
  await page.keyboard.press('PageDown');
  await at(2, 'at');
  await expect(stage).toHaveAttribute('data-cursor-us', t(1));
  await expect(stage).toHaveAttribute('data-playing', 'false');
  await page.keyboard.press('PageDown');
  await at(3, 'at');
  await expect(stage).toHaveAttribute('data-cursor-us', t(2));

  // Fixed time at 1 s = 100 µs: step 4's 2 ms of play takes 20 s, so the next press comes on the
  // way there — it finishes the way (step 4 at its moment), it does not skip step 4.
  await page.getByTestId('mode-fixed').click();
  await page.getByTestId('rate-select').selectOption('100');
  await page.keyboard.press('PageDown');
  await at(4, 'arriving');
  await expect(stage).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('PageDown');
  await at(4, 'at');
  await expect(stage).toHaveAttribute('data-cursor-us', t(3));
  await expect(stage).toHaveAttribute('data-playing', 'false');
  // And the next press is the next step.
  await page.keyboard.press('PageDown');
  await at(5, 'at');
  await expect(stage).toHaveAttribute('data-cursor-us', t(4));

  // The rule is in the shortcuts help, from the action table.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('one press, one step');
});
