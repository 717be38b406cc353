import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { CONTENT_SECURITY_POLICY } from './scripts/csp.mjs';

// RACE_WINDOW_BASE lets the static build be served from a sub-path (e.g. /race-window/).
const base = process.env.RACE_WINDOW_BASE ?? '/';

/**
 * Puts the Content-Security-Policy (scripts/csp.mjs) in the built index.html. Build only: `vite
 * dev` injects inline scripts (React refresh) that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  const charset = '<meta charset="UTF-8" />';
  return {
    name: 'race-window:csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after the charset: before every script and stylesheet it governs.
      handler: (html) => {
        if (!html.includes(charset)) throw new Error(`index.html: no ${charset} to put the CSP after`);
        return html.replace(
          charset,
          `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        );
      },
    },
  };
}

export default defineConfig({
  base,
  plugins: [react(), contentSecurityPolicy()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['sim-core/**/*.test.ts', 'app/**/*.test.ts', 'app/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    // A hang guard, not a speed check: on a busy 2-core CI machine a whole-run test can take 20× its
    // quiet time. Speed lives in `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
