// Which Chromium the e2e tests drive. One answer for playwright.config.ts and ensure-browser.mjs:
//   1. $CHROMIUM_PATH, if set (an error if it is not an executable file: no silent fallback);
//   2. Debian's /usr/bin/chromium;
//   3. Playwright's own downloaded Chromium (a developer laptop after `npx playwright install`).
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium in a container / CI box. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Path of Playwright's own Chromium for this Playwright version, or null if unknown. */
export function playwrightChromiumPath() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    return chromium.executablePath() || null;
  } catch {
    return null; // playwright-core not installed yet (before `npm ci`), or no build for this OS
  }
}

/**
 * Finds a Chromium. Returns `{ path, source }`, or `{ path: null, problem }` when there is none.
 * All inputs are injectable for tests.
 */
export function findChromium({
  env = process.env,
  executable = isExecutable,
  playwrightPath = playwrightChromiumPath,
} = {}) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (executable(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    return { path: null, problem: `CHROMIUM_PATH=${fromEnv} is not an executable file` };
  }
  if (executable(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'debian' };
  const own = playwrightPath();
  if (own && executable(own)) return { path: own, source: 'playwright' };
  return {
    path: null,
    problem: `no Chromium found (CHROMIUM_PATH unset, no ${DEBIAN_CHROMIUM}, no Playwright browser${own ? ` at ${own}` : ''})`,
  };
}
