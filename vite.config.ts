import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// RACE_WINDOW_BASE lets the static build be served from a sub-path (e.g. /race-window/).
const base = process.env.RACE_WINDOW_BASE ?? '/';

/**
 * The built site's Content-Security-Policy: scripts, workers, styles and fetches from its own
 * origin only — no inline scripts, no eval. Styles set through the CSSOM (React's `style`
 * prop, d3's `.style()`) are not style attributes and need no 'unsafe-inline'. Images may be
 * data:/blob: URLs (exports and downloads are blob: links). A <meta> cannot set frame-ancestors;
 * a host that wants it sends the header. Build only: `vite dev` injects inline scripts (React
 * refresh) that this policy would block.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
