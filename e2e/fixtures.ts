/**
 * The `test` every spec uses: Playwright's, plus a watch on each page for what must never happen —
 * an uncaught exception, an unhandled promise rejection, a console error, a Content-Security-Policy
 * violation (reported as a `securitypolicyviolation` event and as a console error). A test fails
 * at its end if any happened, unless it declared that one is expected (`problems.allow(/…/)`).
 */
import { test as base, expect, type Page } from '@playwright/test';

export interface PageWatch {
  /** What happened so far, one line each. */
  list: () => string[];
  /** Lines matching `re` are expected (e.g. the error-boundary test's own console.error). */
  allow: (re: RegExp) => void;
  /** Fails now if anything unexpected happened. */
  expectNone: () => void;
}

/** Starts watching `page` (call before its first navigation). */
export async function watchPage(page: Page): Promise<PageWatch> {
  const seen: string[] = [];
  const allowed: RegExp[] = [];
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console.error: ${m.text()}`);
  });
  await page.addInitScript(() => {
    addEventListener('unhandledrejection', (e) => {
      const r = e.reason as unknown;
      console.error(`unhandledrejection: ${r instanceof Error ? `${r.name}: ${r.message}` : String(r)}`);
    });
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const list = () => seen.filter((s) => !allowed.some((re) => re.test(s)));
  return {
    list,
    allow: (re) => {
      allowed.push(re);
    },
    expectNone: () => expect(list(), 'errors, rejections or CSP violations on the page').toEqual([]),
  };
}

export const test = base.extend<{ problems: PageWatch }>({
  problems: [
    async ({ page }, use) => {
      const watch = await watchPage(page);
      await use(watch);
      watch.expectNone();
    },
    { auto: true },
  ],
});

export { expect };
