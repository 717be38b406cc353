// Turns the JSON reports of vitest and Playwright (and the exit codes of every stage) into one
// honest closing line: `N passed, N failed, N skipped`. Pure: no I/O here, see test-all.mjs.

/**
 * Counts a vitest JSON report (`--reporter=json`). A test file that failed to load has no
 * assertion results but is a failure all the same: it counts as one failed test.
 */
export function countVitest(report) {
  if (!isObject(report) || !Array.isArray(report.testResults)) {
    throw new Error('not a vitest JSON report (no testResults array)');
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults) {
    const assertions = Array.isArray(file?.assertionResults) ? file.assertionResults : [];
    for (const a of assertions) {
      if (a.status === 'passed') passed++;
      else if (a.status === 'failed') failed++;
      else skipped++; // skipped, pending, todo, disabled
    }
    const fileFailedWithoutTests =
      file?.status === 'failed' && !assertions.some((a) => a.status === 'failed');
    if (fileFailedWithoutTests) failed++;
  }
  return { passed, failed, skipped };
}

/**
 * Counts a Playwright JSON report. A flaky test (failed, then passed on retry) counts as passed;
 * each top-level error (config, webServer, global setup) counts as one failed.
 */
export function countPlaywright(report) {
  if (!isObject(report) || !isObject(report.stats)) {
    throw new Error('not a Playwright JSON report (no stats object)');
  }
  const s = report.stats;
  const passed = num(s.expected) + num(s.flaky);
  const skipped = num(s.skipped);
  const errors = Array.isArray(report.errors) ? report.errors.length : 0;
  const failed = num(s.unexpected) + errors;
  return { passed, failed, skipped };
}

/**
 * Combines the stages into totals. A stage is
 * `{ name, kind: 'check' | 'tests', exitCode, counts?: {passed, failed, skipped}, error? }`.
 * - a `check` (typecheck, lint) counts 1 failed when its exit code is not 0, nothing otherwise;
 * - a `tests` stage adds its report's counts; without a report (crash, missing browser) it counts
 *   1 failed; with a report that shows no failure but a non-zero exit code, 1 failed too.
 */
export function combine(stages) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const stage of stages) {
    if (stage.kind === 'check') {
      if (stage.exitCode !== 0) totals.failed++;
      continue;
    }
    if (!stage.counts) {
      totals.failed++;
      continue;
    }
    totals.passed += stage.counts.passed;
    totals.skipped += stage.counts.skipped;
    totals.failed += stage.counts.failed;
    if (stage.exitCode !== 0 && stage.counts.failed === 0) totals.failed++;
  }
  return totals;
}

export function formatLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function isObject(x) {
  return typeof x === 'object' && x !== null;
}

function num(x) {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
