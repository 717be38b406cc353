import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { combine, countPlaywright, countVitest, formatLine } from './summary.mjs';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('countVitest', () => {
  it('counts passed, failed, skipped and todo from a real report', () => {
    // a.test.ts: 1 passed, 1 failed, 1 skipped, 1 todo; broken.test.ts throws at import.
    expect(countVitest(fixture('vitest-mixed.json'))).toEqual({ passed: 1, failed: 2, skipped: 2 });
  });

  it('counts a file that failed to load as one failure, not zero', () => {
    const report = { testResults: [{ status: 'failed', assertionResults: [], message: 'boom' }] };
    expect(countVitest(report)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('does not count a failed file twice when its tests already failed', () => {
    const report = { testResults: [{ status: 'failed', assertionResults: [{ status: 'failed' }] }] };
    expect(countVitest(report).failed).toBe(1);
  });

  it('rejects something that is not a vitest report', () => {
    expect(() => countVitest({ stats: {} })).toThrow(/vitest/);
    expect(() => countVitest(null)).toThrow(/vitest/);
  });
});

describe('countPlaywright', () => {
  it('counts flaky as passed and skipped as skipped', () => {
    // passes, fails (twice, with retry), skipped, flaky (fails then passes on retry).
    expect(countPlaywright(fixture('playwright-mixed.json'))).toEqual({ passed: 2, failed: 1, skipped: 1 });
  });

  it('counts a webServer failure (a top-level error, no tests) as a failure', () => {
    expect(countPlaywright(fixture('playwright-webserver-error.json'))).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });

  it('rejects something that is not a Playwright report', () => {
    expect(() => countPlaywright({ testResults: [] })).toThrow(/Playwright/);
  });
});

describe('combine', () => {
  const unit = { passed: 10, failed: 0, skipped: 1 };

  it('adds the test stages and ignores passing checks', () => {
    const totals = combine([
      { name: 'tsc', kind: 'check', exitCode: 0 },
      { name: 'unit', kind: 'tests', exitCode: 0, counts: unit },
      { name: 'e2e', kind: 'tests', exitCode: 0, counts: { passed: 3, failed: 0, skipped: 0 } },
    ]);
    expect(totals).toEqual({ passed: 13, failed: 0, skipped: 1 });
  });

  it('counts each failing check as one failure', () => {
    const totals = combine([
      { name: 'tsc', kind: 'check', exitCode: 2 },
      { name: 'tsc sim-core', kind: 'check', exitCode: 0 },
      { name: 'lint', kind: 'check', exitCode: 1 },
      { name: 'unit', kind: 'tests', exitCode: 0, counts: unit },
    ]);
    expect(totals).toEqual({ passed: 10, failed: 2, skipped: 1 });
  });

  it('counts a test stage that crashed without a report as a failure', () => {
    const totals = combine([{ name: 'e2e', kind: 'tests', exitCode: 1, error: 'no browser' }]);
    expect(totals.failed).toBe(1);
  });

  it('counts a clean-looking report with a non-zero exit as a failure', () => {
    const totals = combine([{ name: 'unit', kind: 'tests', exitCode: 1, counts: unit }]);
    expect(totals.failed).toBe(1);
  });

  it('treats a signal-killed stage (exit null) as failed', () => {
    expect(combine([{ name: 'lint', kind: 'check', exitCode: null }]).failed).toBe(1);
  });

  it('does not add an extra failure when the report already has failures', () => {
    const counts = { passed: 1, failed: 2, skipped: 0 };
    expect(combine([{ name: 'unit', kind: 'tests', exitCode: 1, counts }]).failed).toBe(2);
  });
});

describe('formatLine', () => {
  it('prints the plain closing line CI reads', () => {
    expect(formatLine({ passed: 412, failed: 0, skipped: 0 })).toBe('412 passed, 0 failed, 0 skipped');
    expect(formatLine({ passed: 1, failed: 2, skipped: 3 })).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
  });
});
