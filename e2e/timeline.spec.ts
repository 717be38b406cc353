import { expect, test } from '@playwright/test';
import { cliTrace, expectSpan, show, span, timeline } from './analysisHelpers';
import { openPreset, screenshot } from './helpers';

const SEED = 7;

test.describe('the timeline', () => {
  test('zooms from the whole run down to microseconds, and onto a single race window', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const trace = cliTrace('issue-96', SEED);
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'timeline-panel');
    const tl = timeline(page);
    const endAt = (await trace).at(-1)!.t;

    // The whole run, in seconds.
    await expect(tl).toHaveAttribute('data-unit', 's');
    expect(await span(page)).toBe(endAt);

    // Wheel over the plot: each notch zooms in around the pointer.
    const box = (await tl.locator('.tl-zoom').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 40);
    for (let i = 0; i < 40 && (await tl.getAttribute('data-unit')) !== 'µs'; i++) {
      await page.mouse.wheel(0, -600);
      await page.waitForTimeout(30);
    }
    await expect(tl).toHaveAttribute('data-unit', 'µs');
    expect(await span(page)).toBeLessThan(1000);
    // …and never past 10 µs.
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -600);
    await expectSpan(page, (us) => us >= 10 && us < 1000, 'zoomed to at most 10 µs');

    // Drag pans: the range moves, its width does not.
    const before = Number(await tl.getAttribute('data-domain-start'));
    const width = await span(page);
    await page.mouse.move(box.x + 500, box.y + 60);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + 60, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await tl.getAttribute('data-domain-start'))).toBeGreaterThan(before);
    expect(Math.abs((await span(page)) - width)).toBeLessThan(1);

    // Back to the whole run, then onto the first race window.
    await page.getByTestId('tl-fit').click();
    await expectSpan(page, (us) => us === endAt, 'the whole run again');
    await page.getByTestId('tl-next-window').click();
    const selected = await expect
      .poll(async () => tl.getAttribute('data-selected'))
      .toMatch(/^conn:\d+$/)
      .then(() => tl.getAttribute('data-selected'));
    const conn = Number(selected!.split(':')[1]);
    // The window's bounds come from the trace: the server's close while the pool still holds it idle.
    const events = await trace;
    const closedAt = events.find(
      (e) =>
        e.kind === 'state' &&
        e.machine === 'tcp' &&
        e.side === 'server' &&
        e.conn === conn &&
        e.from === 'ESTABLISHED' &&
        e.to === 'FIN-WAIT-1',
    )!.t;
    const closedByClient = events.find(
      (e) => e.kind === 'state' && e.machine === 'belief' && e.conn === conn && e.to === 'closed',
    )!.t;
    const windowUs = closedByClient - closedAt;
    await expectSpan(
      page,
      (us) => us < windowUs * 1.6 && us >= windowUs,
      'the range is the race window plus a margin',
    );
    const d0 = Number(await tl.getAttribute('data-domain-start'));
    const d1 = Number(await tl.getAttribute('data-domain-end'));
    expect(d0).toBeLessThanOrEqual(closedAt);
    expect(d1).toBeGreaterThanOrEqual(closedByClient);
    // The overview's brush shows where we are; the inspector tells the window's story.
    await expect(page.getByTestId('insp-connection')).toHaveAttribute('data-conn', String(conn));
    await expect(page.getByTestId('insp-story')).toContainText('Race window opens');
    await screenshot(page, 'timeline-race-window', { fullPage: false });
    expect(errors).toEqual([]);
  });

  test('the brush on the overview sets the range, and the playback cursor stays in sync', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'timeline-panel');
    const tl = timeline(page);
    const ov = (await tl.locator('.tl-overview').boundingBox())!;
    // Brush the middle tenth of the run.
    await page.mouse.move(ov.x + 92 + (ov.width - 100) * 0.45, ov.y + 20);
    await page.mouse.down();
    await page.mouse.move(ov.x + 92 + (ov.width - 100) * 0.55, ov.y + 20, { steps: 4 });
    await page.mouse.up();
    const end = Number(await tl.getAttribute('data-domain-end'));
    const start = Number(await tl.getAttribute('data-domain-start'));
    await expect.poll(() => span(page)).toBeLessThan(end);
    const whole = Number(await page.getByTestId('stage').getAttribute('data-cursor-us')) || 0;
    expect(whole).toBe(0);
    // Clicking empty plot space moves the cursor there; the stage follows.
    const box = (await tl.locator('.tl-zoom').boundingBox())!;
    await page.keyboard.press('Escape');
    await page.mouse.click(box.x + 3, box.y + box.height - 4);
    await expect
      .poll(async () => Number(await page.getByTestId('stage').getAttribute('data-cursor-us')))
      .toBeGreaterThan(start - 1);
    expect(Number(await tl.getAttribute('data-cursor-us'))).toBe(
      Number(await page.getByTestId('stage').getAttribute('data-cursor-us')),
    );
  });
});
