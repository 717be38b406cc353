import { show, timeline } from './analysisHelpers';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';

const SEED = 7;

test.describe('the event log', () => {
  test('a log row selects its entity in every view and moves the cursor; a selection elsewhere selects its rows', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'log-panel');
    const rows = page.getByTestId('log-rows');
    const events = (await page.getByTestId('event-count').textContent())!;
    await expect(page.getByTestId('log-count')).toHaveText(`${events} of ${events} events`);
    const total = Number(events.replace(/,/g, ''));
    expect(total).toBeGreaterThan(1000);
    // Virtualised: a few dozen row elements for thousands of events.
    expect(await rows.locator('.log-row').count()).toBeLessThan(60);

    // Filter to failed requests and find the first one's outcome row.
    await page.getByTestId('log-outcome').selectOption('failed');
    await page.getByTestId('log-search').fill('outcome RemoteProtocolError');
    await expect(page.getByTestId('log-count')).toContainText(/^30 of/);
    const row = rows.locator('.log-row:not([hidden])').first();
    await expect(row).toHaveAttribute('data-kind', 'request.end');
    const req = Number((await row.locator('.log-entity').textContent())!.replace('req ', ''));
    const timeText = (await row.locator('.log-time').textContent())!
      .replace(/[\s\u202f]/g, '')
      .replace('s', '');
    await row.click();

    // The same request is selected everywhere, and the cursor is at the row's time.
    await expect(timeline(page)).toHaveAttribute('data-selected', `req:${req}`);
    await expect(page.getByTestId('insp-request')).toHaveAttribute('data-req', String(req));
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', String(req));
    await expect(page.getByTestId('stage')).toHaveAttribute(
      'data-cursor-us',
      String(Math.round(Number(timeText) * 1_000_000)),
    );
    await expect(row).toHaveClass(/is-selected/);
    await expect(row).toHaveClass(/is-current/);

    // The reverse: click a connection row on the stage; its rows are selected in the log.
    await page.getByTestId('log-clear').click();
    await expect(page.getByTestId('log-count')).toContainText(`${total.toLocaleString('en-US')} of`);
    const stageRow = page.getByTestId('stage-row').first();
    const conn = await stageRow.getAttribute('data-conn');
    await stageRow.click();
    await expect(timeline(page)).toHaveAttribute('data-selected', `conn:${conn}`);
    // Every row shown as selected is the connection's (the request's rows were selected before).
    const entities = (locator: string) => rows.locator(locator).allTextContents();
    const allOfConn = (list: string[]) => list.length > 0 && list.every((e) => e.includes(`#${conn}`));
    await expect
      .poll(async () => allOfConn(await entities('.log-row.is-selected:not([hidden]) .log-entity')))
      .toBe(true);
    // …and "Only the selection" filters to them.
    await page.getByTestId('log-filter-selection').click();
    await expect(page.getByTestId('log-conn')).toHaveValue(String(conn));
    await expect.poll(async () => allOfConn(await entities('.log-row:not([hidden]) .log-entity'))).toBe(true);
    await screenshot(page, 'log-selection', { fullPage: false });
    expect(errors).toEqual([]);
  });

  test('free-text search and kind filters narrow the rows; a bad id is flagged, not applied', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'log-panel');
    const events = (await page.getByTestId('event-count').textContent())!;
    await page.getByTestId('log-group-segment').click();
    await page.getByTestId('log-search').fill('RST');
    // Filtered (the count is no longer the whole run's), then every row shown is a segment with RST.
    await expect(page.getByTestId('log-count')).not.toHaveText(`${events} of ${events} events`);
    const rows = page.getByTestId('log-rows').locator('.log-row:not([hidden])');
    await expect(rows.first()).toBeVisible();
    await expect
      .poll(async () => {
        const kinds = await rows.locator('.log-kind').allTextContents();
        const details = await rows.locator('.log-detail').allTextContents();
        return kinds.every((k) => k === 'send' || k === 'receive') && details.every((d) => d.includes('RST'));
      })
      .toBe(true);
    await page.getByTestId('log-req').fill('x');
    await expect(page.getByTestId('log-req')).toHaveAttribute('aria-invalid', 'true');
    await expect(rows.first()).toBeVisible();
    await page.getByTestId('log-search').fill('no such text anywhere');
    await expect(page.getByTestId('log-count')).toContainText(/^0 of/);
    await expect(page.getByTestId('log-panel')).toContainText('No event matches these filters.');
  });
});
