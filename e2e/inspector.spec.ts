import { cliTrace, instant6, show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { H11_CONNECTION_CLOSED, openPreset, screenshot } from './helpers';

const SEED = 7;

test.describe('the inspector', () => {
  test('explains a failed request with times read from the trace, beside the exception', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const tracePromise = cliTrace('issue-96', SEED);
    await openPreset(page, 'issue-96', SEED);
    await page.getByTestId('next-failure').click();
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
    const req = Number(await page.getByTestId('request-card').getAttribute('data-req'));
    await show(page, 'inspector');
    const insp = page.getByTestId('insp-request');
    await expect(insp).toHaveAttribute('data-req', String(req));
    await expect(insp).toHaveAttribute('data-outcome', 'failed');
    await expect(page.getByTestId('insp-exception')).toContainText('h11._util.RemoteProtocolError');
    await expect(page.getByTestId('insp-exception')).toContainText(H11_CONNECTION_CLOSED);

    // The times in the explanation are the trace's: hand-out, the server's FIN leaving and arriving.
    const trace = await tracePromise;
    const attempt = trace.find((e) => e.kind === 'attempt.start' && e.req === req)!;
    if (attempt.kind !== 'attempt.start') throw new Error('unreachable');
    const fin = trace.find(
      (e) => e.kind === 'segment.send' && e.conn === attempt.conn && e.side === 'server' && e.flag === 'FIN',
    )!;
    if (fin.kind !== 'segment.send') throw new Error('unreachable');
    const finArrived = trace.find((e) => e.kind === 'segment.deliver' && e.seg === fin.seg)!.t;
    const explanation = page.getByTestId('insp-explanation');
    await expect(explanation).toContainText(
      `The pool handed out connection #${attempt.conn} at ${instant6(attempt.t)}; the server’s FIN had left at ${instant6(fin.t)} and had arrived at ${instant6(finArrived)}.`,
    );
    await expect(explanation).toContainText('the client read end-of-file');

    // Attempts and why each ended; the story in order.
    await expect(page.getByTestId('insp-attempts').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('insp-attempts')).toContainText('instead of a response');
    await expect(page.getByTestId('insp-story')).toContainText(`The pool hands out #${attempt.conn}`);

    // The machine, drawn from its definition, with the state at the cursor (the failure) highlighted.
    const chart = page.getByTestId('statechart');
    await expect(chart).toHaveAttribute('data-machine', 'http11Connection');
    await expect(chart.locator('svg')).toHaveAttribute('data-active', 'CLIENT.MUST_CLOSE SERVER.ERROR');
    await expect(chart.locator('[data-edge="SERVER.SEND_RESPONSE→SERVER.ERROR"]')).toHaveClass(/is-taken/);
    await expect(page.getByTestId('statechart-now')).toContainText('receive ConnectionClosed');
    await screenshot(page, 'inspector-failed-request', { fullPage: false });

    // Another machine of the same connection: its TCP endpoint, with every state of the definition.
    await page.getByTestId('machine-tab-tcp.client').click();
    await expect(chart).toHaveAttribute('data-machine', 'tcpEndpoint');
    await expect(chart.locator('[data-state]')).toHaveCount(11);
    await expect(chart.locator('svg')).toHaveAttribute('data-active', 'LAST-ACK');
    // Stepping back before the failure moves the highlight: the socket was CLOSE-WAIT (FIN arrived, unread).
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(chart.locator('svg')).toHaveAttribute('data-active', 'CLOSE-WAIT');
    expect(errors).toEqual([]);
  });

  test('lays out every statechart while the page is idle, before anything is selected', async ({ page }) => {
    // A chart's first layout (dagre) cost ≈ 30 ms inside the seek that selected its connection;
    // laid out in idle time, the first selection finds it ready.
    const chunk = page.waitForRequest((r) => /\/assets\/machineCharts-[^/]+\.js$/.test(r.url()));
    await openPreset(page, 'issue-96', SEED);
    const insp = page.getByTestId('inspector');
    await expect(insp).toHaveAttribute('data-kind', '');
    await chunk;
    // Each layout waits for an idle moment (at most a second each): a cap, not a measurement.
    await expect(insp).toHaveAttribute('data-charts', 'laid-out', { timeout: 30_000 });
    await expect(insp).toHaveAttribute('data-kind', '');
    await page.getByTestId('next-failure').click();
    await show(page, 'inspector');
    await expect(page.getByTestId('statechart')).toHaveAttribute('data-machine', /.+/);
  });

  test('a connection and a segment have their own stories', async ({ page }) => {
    await openPreset(page, 'issue-96', SEED);
    await page.getByTestId('next-failure').click();
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
    const conn = await page.getByTestId('request-card').getAttribute('data-conn');
    await show(page, 'inspector');
    await page
      .getByTestId('insp-attempts')
      .getByRole('button', { name: `#${conn}` })
      .click();
    const c = page.getByTestId('insp-connection');
    await expect(c).toHaveAttribute('data-conn', String(conn));
    // Two things, named apart: a few ms in its race window, then over a second stale.
    await expect(page.getByTestId('insp-explanation')).toContainText(/in its race window and \d.* stale/);
    await expect(page.getByTestId('statechart')).toHaveAttribute('data-machine', 'pooledConnection');
    await page
      .getByTestId('insp-story')
      .getByRole('button', { name: /^segment \d+$/ })
      .first()
      .click();
    await expect(page.getByTestId('insp-segment')).toBeVisible();
    await expect(page.getByTestId('insp-explanation')).toContainText(/sent at .* arrived at/);
  });
});
