/**
 * Bad input and broken views (issue 10): links naming Object.prototype's properties, files the
 * app must refuse, a panel that throws, and the Content-Security-Policy of the built site. The
 * page must never be the first to find bad input and must never stick: each case ends in a
 * notice naming the parameter or field, the scenario and the address bar as they were, and a
 * page that still plays.
 */
import type { Locator, Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../scripts/csp.mjs';
import { presetScenario } from '../sim-core/scenario/presets';
import { PROTOTYPE_NAMES } from '../sim-core/tests/fuzz';
import { serializeTrace } from '../sim-core/trace/io';
import { expect, test } from './fixtures';
import { openPreset, screenshot, waitForRun } from './helpers';
import { traceOf } from './teachHelpers';

/** Records Object.prototype and Array.prototype as the page starts, before any app code. */
async function watchPrototypes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const snap = (o: object) =>
      Object.getOwnPropertyNames(o).map((n) => [n, Object.getOwnPropertyDescriptor(o, n)] as const);
    const before = [snap(Object.prototype), snap(Array.prototype)];
    (window as unknown as { protoChanges: () => string[] }).protoChanges = () => {
      const out: string[] = [];
      [Object.prototype, Array.prototype].forEach((o, i) => {
        const was = before[i]!;
        const now = snap(o);
        if (now.length !== was.length)
          out.push(`${i ? 'Array' : 'Object'}.prototype has ${now.length} names`);
        for (const [n, d] of was) {
          const e = Object.getOwnPropertyDescriptor(o, n);
          if (!e || e.value !== d!.value || e.get !== d!.get || e.set !== d!.set) out.push(`${n} changed`);
        }
      });
      const probe = {} as Record<string, unknown>;
      for (const k of ['polluted', 'x', '__html']) if (probe[k] !== undefined) out.push(`({}).${k} is set`);
      return out;
    };
  });
}

const protoChanges = (page: Page) =>
  page.evaluate(() => (window as unknown as { protoChanges: () => string[] }).protoChanges());

/** Scrolls `el` to the middle of the window, vertically only (the page is wider than a phone). */
async function inView(el: Locator): Promise<void> {
  await el.evaluate((e) => {
    e.scrollIntoView({ block: 'center' });
    window.scrollTo(0, window.scrollY);
  });
}

/** Play works: from the start, the cursor moves. */
async function expectPlays(page: Page): Promise<void> {
  const stage = page.getByTestId('stage');
  await expect(stage).toHaveAttribute('data-run-id', /^-?\d+$/);
  await page.keyboard.press('Home');
  await page.getByTestId('play-button').click();
  await expect.poll(async () => Number(await stage.getAttribute('data-cursor-us'))).toBeGreaterThan(0);
}

test('links naming Object.prototype properties change nothing, are named in a notice, and the page plays', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await watchPrototypes(page);
  for (const name of PROTOTYPE_NAMES) {
    const e = encodeURIComponent(name);
    // As a preset, as a path segment (first and second), as an enum value, as a parameter; a
    // small workload keeps each run short.
    const params = [
      [`preset`, `preset=${e}`],
      [`${name}.x`, `${e}.x=1`],
      [`client.${name}.x`, `client.${e}.x=1`],
      [`workload.kind`, `workload.kind=${e}`],
      [name, `${e}=1`],
    ] as const;
    await page.goto(`/?${params.map(([, q]) => q).join('&')}&limits.maxRequests=3`);
    await waitForRun(page);
    expect(await protoChanges(page), name).toEqual([]);
    const notice = page.getByTestId('notice-url');
    for (const [param] of params) await expect(notice, name).toContainText(`${param}: `);
    await expect(page.getByTestId('summary')).toContainText('issue-96, seed 96');
    await expectPlays(page);
  }
});

test('deep, long and out-of-range link values are named in a notice; the page opens the fallback', async ({
  page,
}) => {
  await watchPrototypes(page);
  const deep = (d: number) => `${'['.repeat(d)}5000${']'.repeat(d)}`;
  const cases: [string, string][] = [
    ['workload.gapsMs', `workload.gapsMs=${deep(2500)}`],
    // Brackets unescaped: the link stays under what the server takes (16 kB of header).
    ['scenario', `scenario={"workload":{"kind":"sequential","gapsMs":${deep(2500)}}}`],
    // (Past the run's end is said by the cursor notice, `t=…`; past t's own limit by the link notice.)
    ['t', 't=99999999999999999999999'],
    ['network.delayMs', 'network.delayMs=1e400'],
    ['client.policy', `client.policy=${'x'.repeat(5000)}`],
  ];
  for (const [param, query] of cases) {
    await page.goto(`/?preset=issue-96&${query}`);
    await waitForRun(page);
    // One item names the parameter; a long bad value is quoted short (at most ~80 characters).
    const item = page
      .locator('.notices li')
      .filter({ hasText: new RegExp(`^${param.replace(/\./g, '\\.')}${param === 't' ? '[:=]' : ':'}`) });
    await expect(item, param).toHaveCount(1);
    expect(await item.textContent(), param).not.toMatch(/(.)\1{80}/);
    await expect(page.getByTestId('summary')).toContainText('issue-96, seed 96');
    expect(await protoChanges(page)).toEqual([]);
  }
  await expectPlays(page);
});

/** What must not change when a file is refused (read once the address bar is written). */
async function onScreen(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
  return {
    url: await page.evaluate(() => location.href),
    hash: await page.getByTestId('trace-hash').textContent(),
    runId: await page.getByTestId('stage').getAttribute('data-run-id'),
    client: await page.getByTestId('field-client.policy').inputValue(),
  };
}

test('files the app cannot use are refused with the field, never stuck on “Reading…”', async ({ page }) => {
  test.setTimeout(90_000);
  await watchPrototypes(page);
  await openPreset(page, 'issue-96', 96, '&t=9977738&sel=req:8');
  const before = await onScreen(page);
  await page.getByTestId('share-button').click();
  const error = page.getByTestId('import-error');
  const dialog = page.getByTestId('share-dialog');

  const deepGaps = (d: number) =>
    `{"workload":{"kind":"sequential","gapsMs":[${'['.repeat(d)}5000${']'.repeat(d)}]}}`;
  const scenarios: [string, string, string][] = [
    ['kind.json', '{"workload":{"kind":"constructor"}}', 'workload.kind'],
    ['proto.json', '{"__proto__":{"polluted":1},"client":{"__proto__":{"x":1}}}', '__proto__'],
    ['deep-1500.json', deepGaps(1500), 'workload.gapsMs'],
    ['deep-2500.json', deepGaps(2500), 'workload.gapsMs'],
    ['deep-100000.json', deepGaps(100_000), 'workload.gapsMs'],
    ['long-name.json', JSON.stringify({ name: 'n'.repeat(50_000) }), 'name'],
  ];
  for (const [file, text, field] of scenarios) {
    await page.getByTestId('import-scenario-input').setInputFiles({
      name: file,
      mimeType: 'application/json',
      buffer: Buffer.from(text),
    });
    await expect(error, file).toContainText(`${file} was not imported`);
    await expect(error, file).toContainText(field);
    await expect(dialog.getByRole('status')).toHaveCount(0);
    expect(await protoChanges(page), file).toEqual([]);
  }

  // Traces: a real one, with one field broken.
  const scenario = presetScenario('polling-at-timeout');
  const lines = serializeTrace(traceOf(scenario), scenario).trim().split('\n');
  const edit = (
    pick: (e: Record<string, unknown>) => boolean,
    change: (e: Record<string, unknown>) => void,
  ) =>
    lines
      .map((l, i) => {
        if (i === 0) return l;
        const e = JSON.parse(l) as Record<string, unknown>;
        if (!pick(e)) return l;
        change(e);
        return JSON.stringify(e);
      })
      .join('\n');
  let once = false;
  const first = (kind: string, extra: (e: Record<string, unknown>) => boolean = () => true) => {
    once = false;
    return (e: Record<string, unknown>) => {
      if (once || e.kind !== kind || !extra(e)) return false;
      once = true;
      return true;
    };
  };
  const traces: [string, () => string, string][] = [
    [
      'outcome.trace.jsonl',
      () => edit(first('request.end'), (e) => Object.assign(e, { outcome: 'constructor' })),
      'outcome',
    ],
    [
      'error.trace.jsonl',
      () =>
        edit(
          first('request.end', (e) => e.outcome === 'failed'),
          (e) => Object.assign(e, { error: { class: '__proto__', message: 7 } }),
        ),
      'error',
    ],
    [
      'ids.trace.jsonl',
      () =>
        edit(
          (e) => typeof e.conn === 'number',
          (e) => Object.assign(e, { conn: (e.conn as number) + 2 ** 31 }),
        ),
      'conn',
    ],
  ];
  for (const [file, text, field] of traces) {
    await page.getByTestId('import-trace-input').setInputFiles({
      name: file,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(text()),
    });
    await expect(error, file).toContainText(`${file} was not imported`, { timeout: 30_000 });
    await expect(error, file).toContainText(field);
    await expect(dialog.getByRole('status')).toHaveCount(0);
  }
  // As a person sees it on a laptop, a projector and a phone (where the refusal is scrolled into view).
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    const file = `ids-${w}.trace.jsonl`;
    await page.getByTestId('import-trace-input').setInputFiles({
      name: file,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(traces[2]![1]()),
    });
    await expect(error).toContainText(`${file} was not imported`, { timeout: 30_000 });
    await expect(error).toBeInViewport();
    await screenshot(page, `import-error-field-${w}x${h}`, { fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await onScreen(page)).toEqual(before);
  expect(await protoChanges(page)).toEqual([]);
  await expectPlays(page);
});

test('a panel that throws is replaced by what failed and a reset; the rest of the page works', async ({
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  // The boundary logs what it caught: expected here.
  problems.allow(/Race Window: .* failed and was replaced by a notice/);
  await page.addInitScript(() => {
    window.__rwPanelFault = 'timeline';
  });
  await openPreset(page, 'issue-96', 96);
  const failed = page.getByTestId('panel-error-timeline');
  await expect(failed).toContainText('The timeline could not be shown.');
  await expect(page.getByTestId('panel-error-message-timeline')).toHaveText(
    'test fault: the timeline panel threw while rendering',
  );
  await expect(page.getByTestId('timeline-panel')).toHaveCount(0);
  // The rest of the page: the stage, the other panels, playback, the link.
  await expect(page.getByTestId('stage')).toHaveAttribute('data-rows', /\d+/);
  await expect(page.getByTestId('log-panel')).toBeVisible();
  await expect(page.getByTestId('metrics-panel')).toBeVisible();
  await page.getByTestId('next-failure').click();
  await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
  await expect
    .poll(() => page.evaluate(() => location.search))
    .toBe('?preset=issue-96&seed=96&t=9977738&sel=req:8');
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await inView(failed);
    await screenshot(page, `panel-error-${w}x${h}`, { fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Reset brings it back (once the fault is gone), at the same moment.
  await page.evaluate(() => {
    window.__rwPanelFault = null;
  });
  await page.getByTestId('panel-reset-timeline').click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByTestId('timeline').locator('.tl')).toHaveAttribute('data-cursor-us', '9977738');

  // A throw in a panel's store subscription (not in React's render): the panel is replaced, and
  // the store's other subscribers still see the change — the stage moves with the key press.
  await page.evaluate(() => {
    window.__rwPanelFault = 'log:cursor';
  });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('panel-error-message-log')).toHaveText(
    'test fault: the log panel threw in a store subscription',
  );
  const moved = await page.getByTestId('stage').getAttribute('data-cursor-us');
  expect(Number(moved)).toBeGreaterThan(9977738);
  await expect(page.getByTestId('timeline').locator('.tl')).toHaveAttribute('data-cursor-us', moved!);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('timeline').locator('.tl')).not.toHaveAttribute('data-cursor-us', moved!);

  // A failed panel also comes back by itself with the next run.
  await page.evaluate(() => {
    window.__rwPanelFault = null;
  });
  await page.getByTestId('field-client.policy').selectOption('httpx-0.23');
  await expect(page.getByTestId('panel-error-log')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('log-panel')).toBeVisible();

  // The stage itself: the transport, the story and the panels still work.
  await page.evaluate(() => {
    window.__rwPanelFault = 'stage:cursor';
  });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('panel-error-stage')).toContainText('The stage could not be shown.');
  await page.setViewportSize({ width: 390, height: 844 });
  await inView(page.getByTestId('panel-error-stage'));
  await screenshot(page, 'panel-error-stage-390x844', { fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => {
    window.__rwPanelFault = null;
  });
  await page.getByTestId('panel-reset-stage').click();
  await expectPlays(page);
});

test('the built site runs under its Content-Security-Policy: workers, the lazy statechart, lessons, files', async ({
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    const w = window as unknown as { csp: string[] };
    w.csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.csp.push(`${e.effectiveDirective} ${e.blockedURI || 'inline'}`),
    );
  });
  const violations = () => page.evaluate(() => (window as unknown as { csp: string[] }).csp);
  await openPreset(page, 'issue-96', 7);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(
    CONTENT_SECURITY_POLICY,
  );

  // Playback, the timeline (canvas, d3 zoom), the inspector's lazy statechart chunk.
  await page.getByTestId('speed-select').selectOption('16');
  await page.getByTestId('play-button').click();
  await expect(page.getByTestId('breakpoint-stop')).toHaveAttribute('data-by', 'failure', {
    timeout: 60_000,
  });
  await page.getByTestId('tl-next-window').click();
  await expect(page.getByTestId('timeline').locator('.tl')).toHaveAttribute('data-settled', 'true');
  await page.getByTestId('next-failure').click();
  await expect(page.getByTestId('statechart').first()).toBeVisible({ timeout: 30_000 });
  // Compare: a second simulation worker.
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });
  // Files: an export (a blob: download) and an import through the trace worker.
  await page.getByTestId('share-button').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-scenario').click(),
  ]);
  expect(download.suggestedFilename()).toBe('issue-96-seed7.scenario.json');
  const scenario = presetScenario('polling-at-timeout');
  await page.getByTestId('import-trace-input').setInputFiles({
    name: 'p.trace.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(serializeTrace(traceOf(scenario), scenario)),
  });
  await expect(page.getByTestId('notice-import')).toContainText('Showing the imported trace p.trace.jsonl');
  // A lesson, its picker and presenter mode.
  await page.keyboard.press('l');
  await page.locator('[data-lesson="anatomy"] [data-testid="lesson-start"]').click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter-bar')).toBeVisible();
  await page.keyboard.press('Escape');
  expect(await violations()).toEqual([]);

  // The policy is enforced, not just present: an inline script is refused and reported.
  problems.allow(
    /inline script violates the following Content Security Policy directive|securitypolicyviolation: script-src-elem blocked inline/,
  );
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(violations).toEqual(['script-src-elem inline']);
});
