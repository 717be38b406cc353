import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/browser.mjs';

// Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own (laptops).
// `npm test` runs scripts/ensure-browser.mjs first, which installs or explains a missing one.
const chromium = findChromium();
if (chromium.path === null && process.env.CHROMIUM_PATH) {
  throw new Error(`playwright.config.ts: ${chromium.problem}`);
}

const isCI = !!process.env.CI;
const PORT = 4173; // package.json `preview`: vite preview --host 127.0.0.1 --port 4173 --strictPort

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: isCI ? 1 : 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
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
    command: 'npm run build && npm run preview',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !isCI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
