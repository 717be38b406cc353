import { cliRun, show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { cliSummary, openPreset, screenshot } from './helpers';

const SEED = 7;

test.describe('compare mode', () => {
  test('the seed client against today’s httpx: the first diverging request is marked, the fixed client fails less', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const [buggy, fixed] = [cliSummary('issue-96', SEED), cliRun('issue-96', SEED, 'httpx-0.23')];
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'compare-panel');
    // Defaults: B is today's httpx against the same server.
    await expect(page.getByTestId('compare-client')).toHaveValue('httpx-0.23');
    await expect(page.getByTestId('compare-server')).toHaveValue('uvicorn');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-b', 'httpx-0.23 uvicorn');

    // The first request whose outcome differs, from the two CLI runs of the same seed.
    const a = (await buggy) as unknown as {
      requests: { id: number; outcome: string }[];
      totals: { failed: number };
    };
    const b = (await fixed) as unknown as {
      requests: { id: number; outcome: string }[];
      totals: { failed: number };
    };
    const first = a.requests.find((r, i) => r.outcome !== b.requests[i]!.outcome)!;
    await expect(page.getByTestId('first-divergence')).toHaveAttribute('data-req', String(first.id));
    await expect(page.getByTestId('first-divergence-marker')).toHaveAttribute('data-req', String(first.id));
    await expect(page.getByTestId('first-divergence')).toContainText(`request ${first.id}`);

    // The table: fewer failures for the fixed client, by exactly the CLI's numbers.
    const failed = page.getByTestId('metric-diffs').locator('tr[data-key=failed]');
    await expect(failed.locator('td').nth(0)).toHaveText(String(a.totals.failed));
    await expect(failed.locator('td').nth(1)).toHaveText(String(b.totals.failed));
    await expect(failed).toHaveAttribute('data-better', 'b');
    expect(b.totals.failed).toBeLessThan(a.totals.failed);

    // Lock-step: "go there" moves the one cursor; run B's timeline follows it and selects the same request.
    await page.getByTestId('go-first-divergence').click();
    const cursor = await page.getByTestId('stage').getAttribute('data-cursor-us');
    await expect(page.getByTestId('compare-timeline').locator('.tl')).toHaveAttribute(
      'data-cursor-us',
      cursor!,
    );
    await expect(page.getByTestId('compare-timeline').locator('.tl')).toHaveAttribute(
      'data-selected',
      `req:${first.id}`,
    );
    await expect(page.getByTestId('timeline').locator('.tl')).toHaveAttribute(
      'data-selected',
      `req:${first.id}`,
    );
    await screenshot(page, 'compare-http3-vs-httpx', { fullPage: false });

    // Any two: another server profile for B re-runs B with the same seed.
    await page.getByTestId('compare-server').selectOption('node-http-20');
    await page.getByTestId('compare-run').click();
    // This B's status (the previous B was "done" too).
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-b', 'httpx-0.23 node-http-20');
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('compare-timeline')).toBeVisible();
    await page.getByTestId('compare-stop').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'idle');
    expect(errors).toEqual([]);
  });

  test('compare mode is in the share link: opening it opens compare mode with the same run B', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'compare-panel');
    await page.getByTestId('compare-server').selectOption('node-http-20');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 30_000,
    });
    await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
    const search = await page.evaluate(() => location.search);
    expect(search).toBe(`?preset=issue-96&seed=${SEED}&compare=client:httpx-0.23,server:node-http-20`);

    // A fresh page from the link: compare mode on, the same B, run.
    await page.goto(`/${search}`);
    await show(page, 'compare-panel');
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-b', 'httpx-0.23 node-http-20');
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('compare-client')).toHaveValue('httpx-0.23');
    await expect(page.getByTestId('compare-server')).toHaveValue('node-http-20');
    await expect(page.getByTestId('compare-stop')).toBeVisible();
  });

  test('run B varies what engineers vary: the client’s idle expiry, the one-way delay, the server’s timeout — each re-runs B, is in the link, and a reload restores it', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'compare-panel');
    const status = page.getByTestId('compare-status');
    const runB = async (settings: string) => {
      await page.getByTestId('compare-run').click();
      await expect(status).toHaveAttribute('data-b-settings', settings);
      await expect(status).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
      await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
      return page.evaluate(() => new URLSearchParams(location.search).get('compare'));
    };
    // Placeholders say A's values; B starts as A's but for the client.
    await expect(page.getByTestId('compare-timeout')).toHaveAttribute('placeholder', 'A’s: 5000');
    expect(await runB('expiry=policy delay=2 timeout=profile')).toBe('client:httpx-0.23');

    await page.getByTestId('compare-expiry').fill('4000');
    expect(await runB('expiry=4000 delay=2 timeout=profile')).toBe('client:httpx-0.23,expiry:4000');
    await page.getByTestId('compare-delay').fill('20');
    expect(await runB('expiry=4000 delay=20 timeout=profile')).toBe('client:httpx-0.23,expiry:4000,delay:20');
    await page.getByTestId('compare-timeout').fill('3000');
    const link = 'client:httpx-0.23,expiry:4000,delay:20,timeout:3000';
    expect(await runB('expiry=4000 delay=20 timeout=3000')).toBe(link);

    // A bad value: named with its limit, and B is not re-run with it.
    await page.getByTestId('compare-delay').fill('20000');
    await expect(page.getByTestId('compare-problems')).toHaveText(
      'delay (the one-way delay) must be from 0 to 10000 ms, got "20000"; ignored',
    );
    await expect(page.getByTestId('compare-run')).toBeDisabled();
    await page.getByTestId('compare-delay').fill('20');
    await expect(page.getByTestId('compare-problems')).toHaveCount(0);

    // The "B − A" column is whole at 1280 px: no cell of the table is cut, the table fits its box.
    const cut = await page.getByTestId('metric-diffs').evaluate((table) => {
      const out: string[] = [];
      const wrap = table.parentElement!;
      if (table.getBoundingClientRect().right > wrap.getBoundingClientRect().right + 0.5)
        out.push(`table ${table.getBoundingClientRect().right} > ${wrap.getBoundingClientRect().right}`);
      for (const c of table.querySelectorAll<HTMLElement>('th, td'))
        if (c.scrollWidth > c.clientWidth + 1)
          out.push(`${c.textContent}: ${c.scrollWidth} > ${c.clientWidth}`);
      return out;
    });
    expect(cut).toEqual([]);
    await page.getByTestId('metric-diffs').scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-settings-1280x800', { fullPage: false });

    // Reload: compare mode with the same B, its settings back in the form.
    await page.reload();
    await show(page, 'compare-panel');
    await expect(status).toHaveAttribute('data-b-settings', 'expiry=4000 delay=20 timeout=3000');
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('compare-expiry')).toHaveValue('4000');
    await expect(page.getByTestId('compare-delay')).toHaveValue('20');
    await expect(page.getByTestId('compare-timeout')).toHaveValue('3000');
    expect(await page.evaluate(() => new URLSearchParams(location.search).get('compare'))).toBe(link);
  });
});
