#!/usr/bin/env node
// `npm test`: typecheck → lint → unit (vitest) → e2e (Playwright), every stage even after a
// failure, each streamed as it runs. Ends with one plain line, `N passed, N failed, N skipped`,
// counted from the JSON reports in reports/ (see summary.mjs for the rules), and exits 1 if
// anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combine, countPlaywright, countVitest, formatLine } from './summary.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = join(root, 'reports');
const VITEST_JSON = join(reports, 'vitest.json');
const PLAYWRIGHT_JSON = join(reports, 'playwright.json');

mkdirSync(reports, { recursive: true });

const env = { ...process.env };
if (env.CI) {
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
}

const stages = [];
const started = Date.now();

function banner(text) {
  console.log(`\n━━━ ${text} ━━━`);
}

/**
 * Per-stage wall-clock limits: a hung stage (an endless synchronous loop in a test) must not eat
 * CI's time. Hang guards, not speed checks: on a CI machine shared with other jobs the unit stage
 * took 404 s (2.5 min idle), so each limit is several times what a loaded machine needs.
 */
const LIMIT_S = {
  check: Number(env.TEST_ALL_CHECK_TIMEOUT_S ?? 600),
  tests: Number(env.TEST_ALL_TESTS_TIMEOUT_S ?? 1200),
  // The browser suite takes ~4 min on an idle 2-core machine and ~8 with two CPU hogs beside it.
  e2e: Number(env.TEST_ALL_E2E_TIMEOUT_S ?? 1200),
};

let running = null; // the current stage's child, killed with its whole process group on Ctrl-C

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running?.pid) killGroup(running.pid);
    process.exit(130);
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs one command with inherited stdio in its own process group, so that a timeout kills its
 * workers too (vitest forks, Playwright's web server and browsers). Resolves to the exit code.
 */
function run(cmd, args, limitS) {
  console.log(`$ ${[cmd.replace(`${root}/`, ''), ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', detached: true });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(
        `✗ ${cmd.replace(`${root}/`, '')} still running after ${limitS} s: killing it (counts as failed)`,
      );
      killGroup(child.pid);
    }, limitS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      running = null;
      console.log(`✗ could not start ${cmd}: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      running = null;
      if (child.pid) killGroup(child.pid); // leftovers of a crashed stage
      resolve(timedOut ? 124 : (code ?? 128)); // null when killed by a signal
    });
  });
}

async function timed(name, fn) {
  banner(name);
  const t0 = Date.now();
  const stage = await fn();
  stage.seconds = (Date.now() - t0) / 1000;
  stages.push(stage);
  const counts = stage.counts ? ` (${formatLine(stage.counts)})` : '';
  const verdict = stage.exitCode === 0 ? 'ok' : `FAILED (exit ${stage.exitCode})`;
  console.log(
    `━━━ ${name}: ${verdict}${counts}${stage.error ? ` — ${stage.error}` : ''} in ${stage.seconds.toFixed(1)} s`,
  );
}

function check(name, cmd, args) {
  return timed(name, async () => ({ name, kind: 'check', exitCode: await run(cmd, args, LIMIT_S.check) }));
}

function tests(name, cmd, args, reportPath, count, limitS = LIMIT_S.tests) {
  return timed(name, async () => {
    rmSync(reportPath, { force: true }); // a stale report must never count
    const exitCode = await run(cmd, args, limitS);
    if (!existsSync(reportPath))
      return { name, kind: 'tests', exitCode, error: `no report at ${reportPath}` };
    try {
      return { name, kind: 'tests', exitCode, counts: count(JSON.parse(readFileSync(reportPath, 'utf8'))) };
    } catch (e) {
      return { name, kind: 'tests', exitCode, error: `unreadable report: ${e.message}` };
    }
  });
}

await check('typecheck (app, e2e, scripts)', bin('tsc'), ['--noEmit', '-p', '.']);
await check('typecheck (sim-core, no DOM/Node)', bin('tsc'), ['--noEmit', '-p', 'sim-core/tsconfig.json']);
await check('lint', bin('biome'), ['check', '.']);
await tests(
  'unit (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`],
  VITEST_JSON,
  countVitest,
);

banner('browser for e2e');
const browserOk =
  (await run(process.execPath, [join(root, 'scripts', 'ensure-browser.mjs')], LIMIT_S.tests)) === 0;
if (browserOk) {
  await tests('e2e (playwright)', bin('playwright'), ['test'], PLAYWRIGHT_JSON, countPlaywright, LIMIT_S.e2e);
} else {
  console.log('✗ No Chromium for the e2e tests (see the lines above): e2e counts as FAILED, not skipped.');
  stages.push({ name: 'e2e (playwright)', kind: 'tests', exitCode: 1, error: 'no browser', seconds: 0 });
}

const totals = combine(stages);
banner(`summary (${((Date.now() - started) / 1000).toFixed(1)} s)`);
for (const s of stages) {
  const status = s.exitCode === 0 ? 'ok    ' : 'FAILED';
  const detail = s.counts ? formatLine(s.counts) : (s.error ?? '');
  console.log(`${status} ${s.name.padEnd(36)} ${detail}`);
}
console.log(formatLine(totals));
process.exit(totals.failed > 0 ? 1 : 0);
