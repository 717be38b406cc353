import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/browser.mjs';

// Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own (laptops).
// `npm test` runs scripts/ensure-browser.mjs first, which installs or explains a missing one.
const chromium = findChromium();
if (chromium.path === null && process.env.CHROMIUM_PATH) {
  throw new Error(`playwright.config.ts: ${chromium.problem}`);
}

const isCI = !!process.env.CI;
// E2E_PORT lets two checkouts (or two people on one machine) run e2e at once: each builds into its
// own folder (E2E_OUT_DIR, see e2e/helpers.ts) and serves it on its own port. The build is a
// production build in Vite's `e2e` mode, which only adds the error-boundary test's fault probe
// (app/views/boundary/testFault.tsx); it goes to its own folder so that dist/ never has it.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = process.env.E2E_OUT_DIR ?? 'dist-e2e';

export default defineConfig({
  testDir: 'e2e',
  // docs-screenshots.spec.ts rewrites docs/screens/: a tool run on request, not a test CI runs.
  testIgnore: process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? [] : ['docs-screenshots.spec.ts'],
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: isCI ? 1 : 2,
  // Hang guards, not speed checks: tests wait for states the app reaches. On a CI machine shared
  // with other jobs a test took 17 s that takes 6 s idle, so both allow several times that.
  timeout: 90_000,
  expect: { timeout: 30_000 },
  // reports/ survives the run (Playwright empties test-results/ when it starts).
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'on-first-retry',
    video: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 900 },
        launchOptions: {
          ...(chromium.path !== null && chromium.source !== 'playwright'
            ? { executablePath: chromium.path }
            : {}),
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --mode e2e --outDir ${OUT_DIR} && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${OUT_DIR}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !isCI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
