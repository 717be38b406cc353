import { raceIntervals } from '../sim-core/trace/raceWindows';
import { cliTrace, expectSpan, show, span, timeline } from './analysisHelpers';
import { expect, test } from './fixtures';
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
    await expect(tl).toHaveAttribute('data-span', String(endAt));

    // Wheel over the plot: each notch zooms in around the pointer (at once: no animation).
    const box = (await tl.locator('.tl-zoom').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 40);
    for (let i = 0; i < 40 && (await tl.getAttribute('data-unit')) !== 'µs'; i++) {
      const before = await span(page);
      await page.mouse.wheel(0, -600);
      await expect.poll(() => span(page)).toBeLessThan(before);
    }
    await expect(tl).toHaveAttribute('data-unit', 'µs');
    await expectSpan(page, (us) => us < 1000, 'zoomed to under a millisecond');
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
    // The zoom onto it animates: read the range once it has landed.
    await expect(tl).toHaveAttribute('data-settled', 'true');
    const selected = await expect
      .poll(async () => tl.getAttribute('data-selected'))
      .toMatch(/^conn:\d+$/)
      .then(() => tl.getAttribute('data-selected'));
    const conn = Number(selected!.split(':')[1]);
    // The window's bounds come from the trace: one request-path delay before the server's close
    // until its FIN reaches the client — about one round trip, not the stale time after it.
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
    const finAt = events.find(
      (e) => e.kind === 'segment.deliver' && e.side === 'client' && e.flag === 'FIN' && e.conn === conn,
    )!.t;
    const w = raceIntervals(events).find((x) => x.kind === 'race-window' && x.conn === conn)!;
    expect(w.end).toBe(finAt);
    expect(w.start).toBeLessThan(closedAt);
    const windowUs = w.end - w.start;
    expect(windowUs).toBeLessThan(10_000);
    await expectSpan(
      page,
      (us) => us < windowUs * 1.6 && us >= windowUs,
      'the range is the race window plus a margin',
    );
    const d0 = Number(await tl.getAttribute('data-domain-start'));
    const d1 = Number(await tl.getAttribute('data-domain-end'));
    expect(d0).toBeLessThanOrEqual(w.start);
    expect(d1).toBeGreaterThanOrEqual(finAt);
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
    const endAt = (await cliTrace('issue-96', SEED)).at(-1)!.t;
    await expect(tl).toHaveAttribute('data-span', String(endAt));
    const ov = (await tl.locator('.tl-overview').boundingBox())!;
    // Brush the middle tenth of the run.
    await page.mouse.move(ov.x + 92 + (ov.width - 100) * 0.45, ov.y + 20);
    await page.mouse.down();
    await page.mouse.move(ov.x + 92 + (ov.width - 100) * 0.55, ov.y + 20, { steps: 4 });
    await page.mouse.up();
    // The range becomes about that tenth (the brush's pixels, not exactly 10 %).
    await expectSpan(page, (us) => us > endAt * 0.05 && us < endAt * 0.15, 'the brushed tenth');
    await expect(tl).toHaveAttribute('data-settled', 'true');
    const start = Number(await tl.getAttribute('data-domain-start'));
    const end = Number(await tl.getAttribute('data-domain-end'));
    expect(start).toBeGreaterThan(endAt * 0.3);
    expect(end).toBeLessThan(endAt * 0.7);
    await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', '0');
    // Clicking empty plot space moves the cursor there (inside the brushed range); the stage and
    // the timeline's own cursor agree.
    const box = (await tl.locator('.tl-zoom').boundingBox())!;
    await page.keyboard.press('Escape');
    await page.mouse.click(box.x + 3, box.y + box.height - 4);
    const stageCursor = async () => Number(await page.getByTestId('stage').getAttribute('data-cursor-us'));
    await expect.poll(stageCursor).toBeGreaterThanOrEqual(start);
    expect(await stageCursor()).toBeLessThan(end);
    await expect(tl).toHaveAttribute('data-cursor-us', String(await stageCursor()));
  });
});
