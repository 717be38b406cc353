/**
 * Sharing by file: export the scenario and the trace on screen, import them back; a refused file
 * (bad JSON, a field out of range, a broken trace line) is explained — file, line, field, limit —
 * and changes nothing: the run, the address bar and the settings stay as they were.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { withDefaults } from '../sim-core/scenario/defaults';
import { describeScenario } from '../sim-core/scenario/describe';
import { presetScenario } from '../sim-core/scenario/presets';
import type { Scenario } from '../sim-core/scenario/types';
import { encodeShareQuery } from '../sim-core/scenario/url';
import { parseTrace } from '../sim-core/trace/io';
import { expect, test } from './fixtures';
import { openPreset, screenshot, waitForRun } from './helpers';

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** What must not change when an import is refused (read once the address bar is written). */
async function snapshot(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
  return {
    url: await page.evaluate(() => location.href),
    hash: await page.getByTestId('trace-hash').textContent(),
    runId: await page.getByTestId('stage').getAttribute('data-run-id'),
    cursor: await page.getByTestId('stage').getAttribute('data-cursor-us'),
    client: await page.getByTestId('field-client.policy').inputValue(),
  };
}

test('export the scenario and the trace, and import them back', async ({ page }) => {
  await openPreset(page, 'issue-96', 7, '&client.policy=httpx-0.23&t=5000000');
  await page.getByTestId('share-button').click();
  const scenarioFile = await download(page, 'export-scenario');
  expect(scenarioFile.name).toBe('issue-96-seed7.scenario.json');
  // A changed preset says so, on screen and in the file (issue 13: the labels went stale).
  const modified = 'issue-96 (modified: client httpx-0.23)';
  await expect(page.getByTestId('preset-select').locator('option:checked')).toHaveText(modified);
  await expect(page.getByTestId('summary-modified')).toContainText('(modified: client httpx-0.23)');
  const changed = {
    ...presetScenario('issue-96', 7),
    client: { ...presetScenario('issue-96').client, policy: 'httpx-0.23' },
  };
  const exported = JSON.parse(scenarioFile.text) as Scenario;
  expect(exported).toEqual({
    ...changed,
    name: modified,
    description: describeScenario(changed).description,
  });
  expect(exported.description).toContain('modified: client httpx-0.23 (the preset has http3-0.6)');
  const traceFile = await download(page, 'export-trace');
  expect(traceFile.name).toBe('issue-96-seed7.trace.jsonl');
  const parsed = parseTrace(traceFile.text);
  expect(parsed.ok).toBe(true);
  const hash = await page.getByTestId('trace-hash').textContent();
  const events = await page.getByTestId('event-count').textContent();

  // The trace comes back as it was: same events, same hash, on screen without a simulation.
  await page.getByTestId('import-trace-input').setInputFiles({
    name: traceFile.name,
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(traceFile.text),
  });
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(page.getByTestId('notice-import')).toContainText(
    `Showing the imported trace ${traceFile.name}`,
  );
  await expect(page.getByTestId('stage')).toHaveAttribute('data-run-id', '-1');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash!);
  await expect(page.getByTestId('event-count')).toHaveText(events!);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-cursor-us', '0');
  // Playable like any run.
  await page.keyboard.press('End');
  await expect(page.getByTestId('stage')).not.toHaveAttribute('data-cursor-us', '0');
  await page.keyboard.press('Home');
  await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('stage')).toHaveAttribute('data-rows', '1');
  const at = await page.getByTestId('stage').getAttribute('data-cursor-us');
  // Its scenario is known, so the link re-creates it by simulation — in the compact form: the
  // preset it was derived from (its name) and the fields that differ. Exactly this link, written
  // after the import (the link before it had t=5000000), so no poll can pass on the old one.
  await expect
    .poll(() => page.evaluate(() => location.search))
    .toBe(`?preset=issue-96&seed=7&client.policy=httpx-0.23&t=${at}`);

  // The exported scenario file comes back as the run it was exported from: same compact link.
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-scenario-input').setInputFiles({
    name: scenarioFile.name,
    mimeType: 'application/json',
    buffer: Buffer.from(scenarioFile.text),
  });
  await expect(page.getByTestId('notice-import')).toContainText(
    `Running the imported scenario ${scenarioFile.name}`,
  );
  await expect(page.getByTestId('summary-modified')).toContainText('(modified: client httpx-0.23)');
  await expect
    .poll(() => page.evaluate(() => location.search))
    .toBe('?preset=issue-96&seed=7&client.policy=httpx-0.23');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash!);

  // A scenario file runs from its start.
  await page.getByTestId('share-button').click();
  await page.getByTestId('import-scenario-input').setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: 'mine', seed: 3, client: { policy: 'go-net-http' } })),
  });
  await expect(page.getByTestId('notice-import')).toContainText('Running the imported scenario mine.json');
  await expect(page.getByTestId('summary')).toContainText('mine, seed 3');
  await expect(page.getByTestId('field-client.policy')).toHaveValue('go-net-http');
  // Derived from no preset: the link carries it whole.
  const mine = withDefaults({ name: 'mine', seed: 3, client: { policy: 'go-net-http' } }) as Scenario;
  await expect
    .poll(() => page.evaluate(() => location.search))
    .toBe(`?${encodeShareQuery({ scenario: mine, preset: null, t: 0, selection: null })}`);

  // Dropped on the dialog, a trace is told from a scenario by its content, whatever its name.
  await page.getByTestId('share-button').click();
  const dropped = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'renamed.json', { type: 'application/json' }));
    return dt;
  }, traceFile.text);
  await page.getByTestId('share-dialog').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(page.getByTestId('notice-import')).toContainText('Showing the imported trace renamed.json');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash!);
});

test('a refused file says what is wrong and changes nothing', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openPreset(page, 'issue-96', 96, '&t=9977738&sel=req:8');
  const before = await snapshot(page);
  await page.getByTestId('share-button').click();
  const error = page.getByTestId('import-error');

  // A scenario with a value out of range: the field and the limit.
  await page.getByTestId('import-scenario-input').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"network": {"delayMs": 99999}, "client": {"policy": "curl"}}'),
  });
  await expect(error).toContainText('bad.json was not imported');
  await expect(error).toContainText('network.delayMs: must be from 0 to 10000, got 99999');
  await expect(error).toContainText('client.policy');

  // A trace with a broken line: the line, the field and what it must be.
  const lines = [
    '{"format":"race-window-trace","version":1,"scenario":null}',
    '{"seq":0,"t":0,"kind":"run.start","version":1,"scenario":"x","seed":1,"client":"http3-0.6","server":"uvicorn"}',
    '{"seq":1,"t":5,"kind":"segment.send","conn":1,"side":"client","seg":1,"flag":"SYN","label":null,"bytes":-1.5,"arriveAt":10}',
    'not json',
  ];
  await page.getByTestId('import-trace-input').setInputFiles({
    name: 'broken.trace.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(lines.join('\n')),
  });
  await expect(error).toContainText('broken.trace.jsonl was not imported');
  await expect(error).toContainText('line 3: field "bytes" must be a whole number');
  await expect(error).toContainText('got -1.5');
  await expect(error).toContainText('line 4: not valid JSON');
  await screenshot(page, 'import-error-1280x800', { fullPage: false });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'import-error-1920x1080', { fullPage: false });

  // A trace file offered as a scenario is recognised.
  await page.getByTestId('import-scenario-input').setInputFiles({
    name: 'oops.json',
    mimeType: 'application/json',
    buffer: Buffer.from(lines.slice(0, 2).join('\n')),
  });
  await expect(error).toContainText('this is a trace file');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  expect(await snapshot(page)).toEqual(before);
  await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', '8');
});

test('a link asking for more requests than the limit says it was cut, naming the field and the limit', async ({
  page,
}) => {
  // The time limit stops this run first (about 700 bursts in an hour): both are said.
  await page.goto('/?preset=issue-96&workload.bursts=100000');
  await waitForRun(page);
  const notice = page.getByTestId('notice-request-cap');
  await expect(notice).toContainText('The workload asks for more than 10,000 requests');
  await expect(notice).toContainText(
    'workload.bursts asks for 100,000 bursts of 1 to 4 (100,000 to 400,000 requests); limits.maxRequests is 10,000, so at most the first 10,000 are simulated.',
  );
  await expect(page.getByTestId('notice-stopped-early')).toContainText('its time limit came first');
  // A day's run reaches the request limit itself.
  await page.goto('/?preset=issue-96&workload.bursts=100000&limits.maxDurationMs=86400000');
  await waitForRun(page);
  await expect(notice).toContainText('so only the first 10,000 were simulated.');
  await expect(page.getByTestId('stat-requests')).toContainText('10,000');
  await expect(page.getByTestId('summary-modified')).toContainText(
    '(modified: workload.bursts 100000, limits.maxDurationMs 86400000)',
  );
});
