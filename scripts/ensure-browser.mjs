#!/usr/bin/env node
// Makes sure the e2e tests have a Chromium (see browser.mjs for the lookup order).
//   node scripts/ensure-browser.mjs            # Chromium only
//   node scripts/ensure-browser.mjs --ffmpeg   # also Debian's ffmpeg (for Playwright video)
// Missing and we are root with apt-get: `apt-get update && apt-get install -y chromium ffmpeg`.
// Missing otherwise: prints what to install and exits 1. Never downloads a browser of its own
// (`npx playwright install` cannot reach its host on the project's machines).
import { spawnSync } from 'node:child_process';
import { findChromium, isExecutable } from './browser.mjs';

const wantFfmpeg = process.argv.includes('--ffmpeg');
const APT_GET = '/usr/bin/apt-get';
const FFMPEG = '/usr/bin/ffmpeg';

function say(line) {
  console.log(`[ensure-browser] ${line}`);
}

function missing() {
  const out = [];
  const chromium = findChromium();
  if (chromium.path === null) out.push({ what: 'chromium', problem: chromium.problem });
  if (wantFfmpeg && !isExecutable(FFMPEG)) out.push({ what: 'ffmpeg', problem: `no ${FFMPEG}` });
  return { chromium, out };
}

let { chromium, out } = missing();
if (out.length === 0) {
  say(`chromium: ${chromium.path} (${chromium.source})${wantFfmpeg ? `; ffmpeg: ${FFMPEG}` : ''}`);
  process.exit(0);
}
for (const m of out) say(`missing ${m.what}: ${m.problem}`);

if (process.env.CHROMIUM_PATH) {
  say('CHROMIUM_PATH is set but unusable: fix or unset it (it is never silently replaced).');
  process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !isExecutable(APT_GET)) {
  say('cannot install it here (needs root and apt-get). Install one of:');
  say('  Debian/Ubuntu:  sudo apt-get install -y chromium ffmpeg');
  say('  elsewhere:      npx playwright install chromium   (Playwright downloads its own)');
  say('  or point CHROMIUM_PATH at a Chromium/Chrome executable.');
  process.exit(1);
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', 'chromium', 'ffmpeg']]) {
  say(`apt-get ${args.join(' ')}`);
  const r = spawnSync(APT_GET, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    say(`apt-get ${args[0]} failed (exit ${r.status ?? r.signal}).`);
    process.exit(1);
  }
}

({ chromium, out } = missing());
if (out.length > 0) {
  for (const m of out) say(`still missing ${m.what} after apt-get: ${m.problem}`);
  process.exit(1);
}
say(`installed; chromium: ${chromium.path}`);
