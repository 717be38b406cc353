/**
 * Files (issue 15): a packet capture the test records itself on loopback (a Node http.Server
 * behind an in-test relay writing pcap: sim-core/tests/loopbackCapture.ts) imports and shows the
 * stale reuse; a trace with no machine states renders what it has and no more; a damaged capture
 * is refused with its byte offset; the Perfetto export is a well-formed Chrome trace.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { chromeTraceProblems } from '../sim-core/export/chromeTraceCheck';
import { recordStaleReuse } from '../sim-core/tests/loopbackCapture';
import { expect, test } from './fixtures';
import { openPreset, screenshot } from './helpers';

async function importCapture(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-capture-input').setInputFiles({
    name,
    mimeType: 'application/vnd.tcpdump.pcap',
    buffer,
  });
}

test('a loopback capture of the seed failure imports and shows the stale reuse', async ({ page }) => {
  const { pcap } = await recordStaleReuse();
  await openPreset(page, 'issue-96', 1);
  await importCapture(page, 'loopback.pcap', Buffer.from(pcap));
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(page.getByTestId('notice-import')).toContainText('Showing the imported trace loopback.pcap');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-run-id', '-1');
  // To the failure: the failed POST on the reused connection, the server's FIN before it.
  await page.keyboard.press('PageDown');
  const card = page.getByTestId('request-card');
  await expect(card).toHaveAttribute('data-req', '2');
  await expect(card).toContainText('NoResponse');
  await expect(card).toContainText(/FIN/);
  // The trace's own analysis (FIN delivered before the write) calls it what the capture did.
  await expect(card).toContainText('stale reuse');
  await expect(page.getByTestId('stage')).toHaveAttribute('data-rows', '1');
  // A capture holds no machine states: the stage says so instead of showing their initial states.
  await expect(page.getByTestId('stage')).toContainText('not seen');
  await expect(page.getByTestId('stage')).not.toContainText('connecting');
  // What was recorded, not the defaults the views fall back on (http3-0.6, uvicorn 5 s, 2 ms).
  const stage = page.getByTestId('stage');
  await expect(stage).toContainText('Captured: client 127.0.0.1:');
  await expect(stage).toContainText('settings not recorded');
  for (const invented of ['http3', 'uvicorn', 'one-way 2 ms', 'accepting'])
    await expect(stage).not.toContainText(invented);
  await expect(page.getByTestId('scenario-recorded')).toContainText('Its settings were not recorded');
  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('a packet capture');
  await expect(summary).not.toContainText('issue-96');
  await expect(page.getByTestId('summary-recorded')).toContainText('recorded (loopback.pcap: pcap');
  await expect(page.getByTestId('stat-connections-opened')).toContainText('1');
  await expect(page).toHaveURL(/imported=trace/);
  await expect(page.getByTestId('run-status')).toContainText('imported from loopback.pcap · read in');
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await screenshot(page, `capture-import-${w}x${h}`, { fullPage: false });
  }
});

test('a damaged capture is refused with its byte offset, and nothing changes', async ({ page }) => {
  const { pcap } = await recordStaleReuse();
  await openPreset(page, 'issue-96', 1);
  const hash = await page.getByTestId('trace-hash').textContent();
  await importCapture(page, 'cut.pcap', Buffer.from(pcap.subarray(0, 30)));
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('cut.pcap was not imported');
  await expect(error).toContainText(
    'capture byte 24: expected packet record header 1 (16 bytes), only 6 bytes are left',
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash!);
});

test('the Perfetto export of the seed is a well-formed Chrome trace', async ({ page }) => {
  await openPreset(page, 'issue-96', 1);
  await page.getByTestId('share-button').click();
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-perfetto').click()]);
  expect(d.suggestedFilename()).toMatch(/\.perfetto\.json$/);
  const text = readFileSync(await d.path(), 'utf8');
  expect(chromeTraceProblems(text)).toEqual([]);
  expect(JSON.parse(text).traceEvents.some((e: { cat?: string }) => e.cat === 'failure')).toBe(true);
});

test('a trace without machine states (real or captured) renders what it has', async ({ page }) => {
  const { runScenario } = await import('../sim-core/run');
  const { presetScenario } = await import('../sim-core/scenario/presets');
  const { serializeTrace } = await import('../sim-core/trace/io');
  const { observedTrace } = await import('../sim-core/tests/traceMutations');
  const trace = observedTrace(runScenario(presetScenario('issue-96')).trace, 'real');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openPreset(page, 'issue-96', 1);
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-trace-input').setInputFiles({
    name: 'observed.trace.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(serializeTrace(trace, null)),
  });
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(page.getByTestId('event-count')).toHaveText(trace.length.toLocaleString('en'));
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('request-card')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('summary')).toBeVisible();
  await screenshot(page, 'observed-trace-1280x800', { fullPage: false });
  expect(errors).toEqual([]);
});

test('a server profile (what sim probe writes) runs the scenario against that server', async ({ page }) => {
  const profile = {
    format: 'race-window-server-profile',
    version: 1,
    name: 'my node server',
    idleCloseMs: 2000,
    keepAliveHint: 'timeout=1',
    requestsPerConnection: null,
    closeKind: 'fin',
    source: 'e2e',
  };
  await openPreset(page, 'issue-96', 1);
  const before = await page.getByTestId('trace-hash').textContent();
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-profile-input').setInputFiles({
    name: 'server-profile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(profile)),
  });
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(page.getByTestId('trace-hash')).not.toHaveText(before!);
  // A profile that is not one is refused with the field and the limit, and changes nothing.
  const hash = await page.getByTestId('trace-hash').textContent();
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-profile-input').setInputFiles({
    name: 'bad-profile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...profile, idleCloseMs: -5 })),
  });
  await expect(page.getByTestId('import-error')).toContainText('bad-profile.json was not imported');
  await expect(page.getByTestId('import-error')).toContainText('idleCloseMs');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash!);
});
