/**
 * A real trace (issue 15 §2): `sim real`'s recording of Node's http.Agent against Node's
 * http.Server through the 20 ms delay proxy, made by the test itself on 127.0.0.1, imports with
 * Files → import like any trace and shows its failure: the request that crossed the server's FIN;
 * compare mode puts its simulated twin (the header's scenario) beside it.
 */
import { runReal } from '../scripts/bridge/real';
import { serializeTrace } from '../sim-core/trace/io';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';

test('a real trace (source real) imports, shows the request that met the closed connection, and compares with its simulated twin', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Three gaps inside the race window (1960–2000 ms), each after a short one that reuses: a
  // reused request there crosses the server's FIN (one would even on a busy machine).
  const run = await runReal({
    client: 'node-agent-20',
    server: 'node-http-20',
    delayMs: 20,
    gapsMs: [100, 1970, 100, 1980, 100, 1990],
    idleTimeoutMs: 1000,
    keepAliveHint: false,
    method: 'GET',
    sweep: false,
    maxWaitMs: 30_000,
  });
  const failed = run.lines.find((l) => !l.ok);
  expect(failed, 'a request in the race window failed').toBeDefined();
  await openPreset(page, 'issue-96', 1);
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-trace-input').setInputFiles({
    name: 'real.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(serializeTrace(run.trace, run.twin)),
  });
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(page.getByTestId('notice-import')).toContainText('real.jsonl');
  await page.keyboard.press('PageDown');
  const card = page.getByTestId('request-card');
  await expect(card).toHaveAttribute('data-req', String(failed!.id));
  await expect(card).toContainText('socket hang up');
  // What was recorded: the real client by name (the header's twin gives the parameters), a real
  // run's connections (its SYNs: it has no pool events), no seed, no simulation time.
  const stage = page.getByTestId('stage');
  await expect(stage).toContainText('Service A · real client node-agent-20');
  await expect(stage).toContainText('node-http-20 · idle timeout 1 s');
  await expect(page.getByTestId('stat-connections-opened')).toContainText(/[1-9]/);
  await expect(page.getByTestId('summary')).toContainText('a real run');
  await expect(page.getByTestId('summary-recorded')).toContainText('recorded');
  await stage.scrollIntoViewIfNeeded();
  await screenshot(page, 'real-trace-stage-1280x800', { fullPage: false });
  // Compare mode: B is the simulated twin (the trace header's scenario, same client and server).
  await page.getByTestId('compare-panel').scrollIntoViewIfNeeded();
  await page.getByTestId('compare-client').selectOption('node-agent-20');
  await page.getByTestId('compare-server').selectOption('node-http-20');
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('metric-diffs')).toBeVisible();
  await screenshot(page, 'real-trace-compare-1280x800', { fullPage: true });
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await screenshot(page, `real-trace-${w}x${h}`, { fullPage: false });
  }
});
