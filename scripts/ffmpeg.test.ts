import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegRevision, playwrightBrowsersPath } from './ffmpeg.mjs';

describe('Playwright’s ffmpeg', () => {
  it('is looked for where Playwright keeps its downloads', () => {
    expect(playwrightBrowsersPath({ PLAYWRIGHT_BROWSERS_PATH: '/opt/pw' }, 'linux')).toBe('/opt/pw');
    expect(playwrightBrowsersPath({ PLAYWRIGHT_BROWSERS_PATH: '0' }, 'linux')).toBe(
      join(homedir(), '.cache', 'ms-playwright'),
    );
    expect(playwrightBrowsersPath({ XDG_CACHE_HOME: '/c' }, 'linux')).toBe('/c/ms-playwright');
    expect(playwrightBrowsersPath({}, 'darwin')).toBe(join(homedir(), 'Library', 'Caches', 'ms-playwright'));
  });

  it('at the revision this Playwright names in browsers.json', () => {
    expect(ffmpegRevision()).toMatch(/^\d+$/);
  });
});
