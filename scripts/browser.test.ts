import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium } from './browser.mjs';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH', () => {
    const r = findChromium({
      env: { CHROMIUM_PATH: '/opt/chrome' },
      executable: only('/opt/chrome', DEBIAN_CHROMIUM),
      playwrightPath: () => null,
    });
    expect(r).toEqual({ path: '/opt/chrome', source: 'CHROMIUM_PATH' });
  });

  it('reports an unusable CHROMIUM_PATH instead of silently using another browser', () => {
    const r = findChromium({
      env: { CHROMIUM_PATH: '/nope' },
      executable: only(DEBIAN_CHROMIUM),
      playwrightPath: () => null,
    });
    expect(r.path).toBeNull();
    expect(r.path === null && r.problem).toMatch(/CHROMIUM_PATH=\/nope/);
  });

  it("uses Debian's chromium, then Playwright's own", () => {
    expect(
      findChromium({
        env: {},
        executable: only(DEBIAN_CHROMIUM, '/pw/chrome'),
        playwrightPath: () => '/pw/chrome',
      }),
    ).toEqual({ path: DEBIAN_CHROMIUM, source: 'debian' });
    expect(
      findChromium({ env: {}, executable: only('/pw/chrome'), playwrightPath: () => '/pw/chrome' }),
    ).toEqual({
      path: '/pw/chrome',
      source: 'playwright',
    });
  });

  it('says what is missing when there is no browser at all', () => {
    const r = findChromium({ env: {}, executable: only(), playwrightPath: () => '/pw/chrome' });
    expect(r.path).toBeNull();
    expect(r.path === null && r.problem).toMatch(/no Chromium found/);
  });
});
