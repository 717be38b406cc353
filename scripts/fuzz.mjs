#!/usr/bin/env node
// `npm run fuzz -- --runs N`: only the seeded fuzz tests (`*.fuzz.test.ts`), N cases per surface.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
let runs = null;
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = args[++i];
  else if (a.startsWith('--runs=')) runs = a.slice('--runs='.length);
  else rest.push(a);
}
if (runs !== null && !/^[1-9]\d{0,8}$/.test(String(runs))) {
  console.error(`fuzz: --runs must be a whole number from 1 to 999999999, got "${runs ?? ''}"`);
  process.exit(2);
}
const env = { ...process.env };
if (runs !== null) env.FUZZ_RUNS = String(runs);
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const r = spawnSync(vitest, ['run', '--testTimeout=0', ...rest, 'fuzz.test'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
