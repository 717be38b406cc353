// Playwright records video with its own ffmpeg build, which `npx playwright install` downloads
// from a host some machines cannot reach. A system ffmpeg (Debian's `ffmpeg` package) works in its
// place when it sits where Playwright looks: <browsers path>/ffmpeg-<revision>/ffmpeg-<platform>.
// `ensurePlaywrightFfmpeg()` finds Playwright's own, or links the system one there, or says why
// video is off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where Playwright keeps its downloads (the same rule as playwright-core's registry). */
export function playwrightBrowsersPath(env = process.env, platform = process.platform) {
  const given = env.PLAYWRIGHT_BROWSERS_PATH;
  if (given && given !== '0') return given;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32')
    return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'ms-playwright');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ms-playwright');
}

/** The ffmpeg revision this Playwright wants (playwright-core/browsers.json). */
export function ffmpegRevision() {
  const require = createRequire(import.meta.url);
  // The package's `exports` block a direct resolve of browsers.json: go through package.json.
  const pkg = require.resolve('playwright-core/package.json');
  const browsers = JSON.parse(readFileSync(join(dirname(pkg), 'browsers.json'), 'utf8'));
  const entry = browsers.browsers.find((b) => b.name === 'ffmpeg');
  if (!entry) throw new Error('playwright-core/browsers.json lists no ffmpeg');
  return entry.revision;
}

/** A system ffmpeg on PATH (or /usr/bin/ffmpeg), or null. */
export function systemFfmpeg() {
  for (const candidate of ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg', '/opt/homebrew/bin/ffmpeg']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['ffmpeg'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.split('\n')[0].trim() : '';
  return found || null;
}

/**
 * Makes sure Playwright can record video. Returns `{ ok: true, path, how }` or
 * `{ ok: false, reason }` (video must then be off).
 */
export function ensurePlaywrightFfmpeg() {
  const name =
    process.platform === 'darwin'
      ? 'ffmpeg-mac'
      : process.platform === 'win32'
        ? 'ffmpeg-win64.exe'
        : 'ffmpeg-linux';
  let revision;
  try {
    revision = ffmpegRevision();
  } catch (e) {
    return { ok: false, reason: `cannot tell which ffmpeg Playwright wants: ${e.message}` };
  }
  const target = join(playwrightBrowsersPath(), `ffmpeg-${revision}`, name);
  if (existsSync(target)) return { ok: true, path: target, how: 'already in place' };
  const system = systemFfmpeg();
  if (!system)
    return {
      ok: false,
      reason:
        'no ffmpeg found (Debian/Ubuntu: `sudo apt-get install -y ffmpeg`, or `npx playwright install ffmpeg` where its download host is reachable)',
    };
  try {
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(system, target);
  } catch (e) {
    return { ok: false, reason: `could not link ${system} to ${target}: ${e.message}` };
  }
  return { ok: true, path: target, how: `linked to ${system}` };
}
