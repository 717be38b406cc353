/**
 * Narration for everyone: the live regions narrate playback in sim-core/teach/narrate's sentences,
 * paced so a screen reader is not flooded; the stage as a table (a real <table>, reachable by
 * keyboard) follows the cursor and selects what you activate, without redrawing every frame.
 */
import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';
import { narrationOf, traceOf } from './teachHelpers';

test('the live regions narrate playback, paced, in the simulator’s own sentences', async ({ page }) => {
  await openPreset(page, 'issue-96', 96);
  // Count what the regions announce (each text change is one announcement).
  await page.evaluate(() => {
    const w = window as unknown as { said: { region: string; text: string }[] };
    w.said = [];
    for (const id of ['narration-live', 'narration-alert']) {
      const el = document.querySelector(`[data-testid="${id}"]`)!;
      new MutationObserver(() => w.said.push({ region: id, text: el.textContent ?? '' })).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    }
  });
  await page.getByTestId('speed-select').selectOption('16');
  const started = Date.now();
  await page.getByTestId('play-button').click();
  const stage = page.getByTestId('stage');
  const failure = breakpointHits(traceOf(presetScenario('issue-96')), { kind: 'failure' })[0]!;
  await expect(stage).toHaveAttribute('data-cursor-us', String(failure.t), { timeout: 60_000 });
  const wallS = (Date.now() - started) / 1000;
  const said = await page.evaluate(
    () => (window as unknown as { said: { region: string; text: string }[] }).said,
  );
  const sentences = narrationOf(traceOf(presetScenario('issue-96'))).filter((n) => n.t <= failure.t);
  // Every announcement is made of the simulator's sentences…
  for (const s of said.filter((x) => x.text.trim() !== ''))
    expect(sentences.some((n) => s.text.includes(n.text))).toBe(true);
  // …the stale reuse was announced assertively…
  expect(
    said.some(
      (s) =>
        s.region === 'narration-alert' &&
        /reuses connection #\d+ .*: it is stale — the server closed it .* and its FIN reached the client/.test(
          s.text,
        ),
    ),
  ).toBe(true);
  // …and the polite flow is paced: far fewer announcements than sentences, ≤ 1 per 2.5 s (+ the stop).
  const polite = said.filter((s) => s.region === 'narration-live' && s.text.trim() !== '').length;
  expect(sentences.length).toBeGreaterThanOrEqual(15);
  expect(polite).toBeGreaterThan(0);
  expect(polite).toBeLessThanOrEqual(Math.ceil(wallS / 2.5) + 2);
  expect(said.length).toBeLessThan(sentences.length);
  // The failure that stopped playback is said once, by the stop line (not again by the narration).
  await expect(page.getByTestId('breakpoint-stop')).toContainText(failure.sentence);
  expect(said.some((s) => s.text.includes(failure.sentence.replace(/^Request \d+ fails: /, '')))).toBe(false);

  // Stepping tells what happens at the new moment.
  await page.getByTestId('step-back').click();
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('narration-alert')).toContainText(`Request ${failure.req} fails with`);

  // Narration can be switched off (and the choice is kept).
  await page.getByTestId('narrate-toggle').click();
  await expect(page.getByTestId('narrate-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('step-back').click();
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('narration-alert')).toBeEmpty();
  await page.reload();
  await expect(page.getByTestId('narrate-toggle')).toHaveAttribute('aria-pressed', 'false');
});

test('the stage as a table: a real table, keyboard reachable, following the cursor without per-frame redraws', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?preset=issue-96&seed=96&t=9977688');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const stageRows = await page
    .getByTestId('stage-row')
    .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-conn'), r.getAttribute('data-client-tcp')]));
  await page.keyboard.press('t');
  const table = page.getByRole('table', { name: /Connections between Service A’s pool and the server/ });
  await expect(table).toBeVisible();
  await expect(page.getByTestId('stage')).toHaveCount(0);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Connection',
    'Pool thinks',
    'Request',
    'Client socket',
    'Server socket',
    'Server app',
    'Server idle timer',
    'Stale / race window / failure',
  ]);
  // The same connections as the picture, with the same socket states.
  const rows = page.getByTestId('table-row');
  await expect(rows).toHaveCount(stageRows.length);
  for (const [conn, tcp] of stageRows)
    await expect(page.locator(`[data-testid="table-row"][data-conn="${conn}"] td`).nth(2)).toContainText(
      tcp!,
    );
  await expect(page.locator('[data-testid="table-row"][data-conn="2"]')).toContainText(
    /stale: FIN arrived .+ ago/,
  );
  await expect(table.locator('caption')).toContainText('at 9.977 688 s');
  await screenshot(page, 'a11y-table-1280x800', { fullPage: false });

  // Keyboard: Tab reaches a connection's button; Enter selects it.
  await page.locator('[data-testid="table-row"][data-conn="1"] button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connection-card')).toHaveAttribute('data-conn', '1');
  await expect(page.locator('[data-testid="table-row"][data-conn="1"]')).toHaveAttribute(
    'aria-current',
    'true',
  );
  // It follows the cursor.
  await page.keyboard.press('ArrowRight');
  await expect(table.locator('caption')).not.toContainText('at 9.977 688 s');

  // While playing, the rows are rewritten a few times a second at most, not every frame: count
  // the rewrites and the frames between Play and Pause (in the page, so the machine's speed and
  // the test's own latency do not matter).
  await page.evaluate(() => {
    const w = window as unknown as { writes: number; frames: number; since: number; counting: boolean };
    w.writes = 0;
    w.frames = 0;
    w.counting = false;
    new MutationObserver(() => {
      if (w.counting) w.writes++;
    }).observe(document.querySelector('.conn-table tbody')!, { childList: true });
    const frame = () => {
      if (w.counting) w.frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.getByTestId('pause-at-failures').uncheck();
  await page.getByTestId('speed-select').selectOption('16');
  await page.evaluate(() => {
    const w = window as unknown as { since: number; counting: boolean };
    w.since = performance.now();
    w.counting = true;
  });
  await page.getByTestId('play-button').click();
  // Play until the table has been rewritten a few times and many frames have been drawn.
  const counts = () =>
    page.evaluate(() => {
      const w = window as unknown as { writes: number; frames: number; since: number };
      return { writes: w.writes, frames: w.frames, ms: performance.now() - w.since };
    });
  await expect.poll(async () => (await counts()).frames >= 60 && (await counts()).writes >= 3).toBe(true);
  await page.getByTestId('play-button').click();
  await expect(page.getByTestId('play-button')).toHaveAttribute('data-playing', 'false');
  const { writes, frames, ms } = await counts();
  expect(writes).toBeLessThan(frames / 4); // not every frame…
  expect(writes).toBeLessThanOrEqual(Math.ceil(ms / 250) + 2); // …≤ 4 per second, plus the pause
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'a11y-table-1920x1080', { fullPage: false });
  // The choice is remembered; T brings the picture back.
  await page.reload();
  await expect(page.getByTestId('connection-table')).toBeVisible();
  await page.keyboard.press('t');
  await expect(page.getByTestId('stage')).toBeVisible();
});
