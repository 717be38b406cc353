import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// RACE_WINDOW_BASE lets the static build be served from a sub-path (e.g. /race-window/).
const base = process.env.RACE_WINDOW_BASE ?? '/';

export default defineConfig({
  base,
  plugins: [react()],
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
