/**
 * Issue 13, layout: at a laptop (1280×800), a projector (1920×1080) and a phone (390×844) size,
 * on the default page and after playing to the paused first failure,
 * - the page never scrolls sideways (`document.scrollingElement`'s scrollWidth ≤ clientWidth);
 * - nothing in the top bar is cut (each element's scrollWidth ≤ clientWidth + 1) and no action
 *   button covers the title or the tagline;
 * - the stage shows both sides of every connection inside the viewport's width: the client and
 *   the server socket boxes (on a phone the stage draws stacked cards: `data-layout="narrow"`).
 * - Play (and the time) in the first screen, unscrolled: on a phone the playback buttons are a bar
 *   pinned to the bottom of the screen.
 * On a phone the top bar's actions are in a menu: its button says whether it is open
 * (`aria-expanded`), the same action buttons (test ids, titles) are in it, Esc closes it.
 * Screenshots `layout-*` in reports/screenshots/ (docs/phone.png is `layout-failure-390x844`).
 */
import type { Page } from '@playwright/test';
import { presetScenario } from '../sim-core/scenario/presets';
import { breakpointHits } from '../sim-core/teach/breakpoints';
import { expect, test } from './fixtures';
import { screenshot, scrollSettled, waitForRun } from './helpers';
import { traceOf } from './teachHelpers';

const SIZES = [
  [1280, 800],
  [1920, 1080],
  [390, 844],
] as const;

const ACTIONS = ['lessons-button', 'presenter-button', 'share-button', 'copy-link', 'shortcuts-button'];

/** How far the page scrolls sideways: 0 when it does not. */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const s = document.scrollingElement!;
    return s.scrollWidth - s.clientWidth;
  });
}

/** Top-bar elements whose content is wider than their box, and buttons covering the title or the tagline. */
async function topBarProblems(page: Page): Promise<string[]> {
  return page.locator('header.topbar').evaluate((root) => {
    const out: string[] = [];
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
      if (!shown(el) || getComputedStyle(el).display === 'inline') continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(
          `cut ${el.tagName.toLowerCase()}.${el.className}: "${(el.textContent ?? '').trim().slice(0, 50)}" ` +
            `(${el.scrollWidth} > ${el.clientWidth})`,
        );
      const r = el.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth + 0.5 || r.left < -0.5)
        out.push(`outside the viewport ${el.tagName.toLowerCase()}.${el.className} (${r.left}…${r.right})`);
    }
    const texts = [...root.querySelectorAll('.brand h1, .brand .tagline')].filter(shown);
    for (const b of root.querySelectorAll('button')) {
      if (!shown(b)) continue;
      const rb = b.getBoundingClientRect();
      for (const t of texts) {
        const rt = t.getBoundingClientRect();
        const overlap = rb.left < rt.right && rt.left < rb.right && rb.top < rt.bottom && rt.top < rb.bottom;
        if (overlap)
          out.push(`button "${b.textContent?.trim()}" covers "${t.textContent?.trim().slice(0, 30)}"`);
      }
    }
    return out;
  });
}

/** The socket boxes of the stage's rows that are not entirely inside the viewport's width. */
async function sidesOutside(page: Page): Promise<{ rows: number; outside: string[] }> {
  return page.getByTestId('stage').evaluate((stage) => {
    const width = document.documentElement.clientWidth;
    const outside: string[] = [];
    const rows = stage.querySelectorAll('[data-testid=stage-row]');
    for (const row of rows)
      for (const side of ['client', 'server']) {
        const box = row.querySelector(`.endpoint-${side} .endpoint-box`)!.getBoundingClientRect();
        if (box.left < -0.5 || box.right > width + 0.5)
          outside.push(`#${row.getAttribute('data-conn')} ${side}: ${box.left}…${box.right} of ${width}`);
      }
    return { rows: rows.length, outside };
  });
}

async function expectLaidOut(page: Page, w: number) {
  expect(await pageOverflow(page), 'the page scrolls sideways by this many px').toBe(0);
  expect(await topBarProblems(page)).toEqual([]);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-layout', w < 720 ? 'narrow' : 'wide');
}

test.describe('layout at three screen sizes', () => {
  for (const [w, h] of SIZES) {
    test(`${w}×${h}: no sideways scroll, nothing cut in the top bar, both sides of the race in view`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: w, height: h });
      await page.goto('/');
      await waitForRun(page);
      await expect(page.getByTestId('summary')).toContainText('issue-96, seed 96');
      await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
      await expectLaidOut(page, w);
      // Play is in the first screen, without scrolling (on a phone: the transport bar pinned to
      // the bottom of the screen, over the stacked cards), and pressing it there plays.
      const play = page.getByTestId('play-button');
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await expect(play).toBeInViewport({ ratio: 1 });
      await expect(page.getByTestId('cursor-time')).toBeInViewport({ ratio: 1 });
      await screenshot(page, `layout-${w}x${h}`, { fullPage: false });

      const menu = page.getByTestId('topbar-menu');
      if (w < 720) {
        // The actions are in the menu: closed, they take no room; open, each is whole and on screen.
        await expect(menu).toBeVisible();
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        for (const id of ACTIONS) await expect(page.getByTestId(id)).toBeHidden();
        await menu.click();
        await expect(menu).toHaveAttribute('aria-expanded', 'true');
        for (const id of ACTIONS) await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
        await expect(page.getByTestId('lessons-button')).toHaveAttribute('aria-keyshortcuts', /./);
        expect(await topBarProblems(page)).toEqual([]);
        expect(await pageOverflow(page)).toBe(0);
        await screenshot(page, `layout-menu-${w}x${h}`, { fullPage: false });
        await page.keyboard.press('Escape');
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        await expect(menu).toBeFocused();
        await expect(page.getByTestId('share-button')).toBeHidden();
        // Choosing an action closes the menu and does it.
        await menu.click();
        await page.getByTestId('shortcuts-button').click();
        await expect(menu).toHaveAttribute('aria-expanded', 'false');
        await expect(page.getByRole('dialog')).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toBeHidden();
      } else {
        await expect(menu).toBeHidden();
        for (const id of ACTIONS) await expect(page.getByTestId(id)).toBeVisible();
      }

      // Play to the first failure (playback pauses there by itself).
      const failure = breakpointHits(traceOf(presetScenario('issue-96')), { kind: 'failure' })[0]!;
      await page.getByTestId('speed-select').selectOption('16');
      await play.click();
      const stage = page.getByTestId('stage');
      await expect(stage).toHaveAttribute('data-cursor-us', String(failure.t), { timeout: 60_000 });
      await expect(stage).toHaveAttribute('data-playing', 'false');
      await expect(page.locator('html')).toHaveAttribute('data-url-pending', 'false');
      await expectLaidOut(page, w);
      const sides = await sidesOutside(page);
      expect(sides.rows).toBeGreaterThan(0);
      expect(sides.outside).toEqual([]);
      const failed = page.locator('[data-testid=stage-row][data-failed-req]').first();
      await failed.scrollIntoViewIfNeeded();
      await expect(failed.locator('.endpoint-server .endpoint-box')).toBeInViewport({ ratio: 1 });
      await expect(failed.locator('.endpoint-client .endpoint-box')).toBeInViewport({ ratio: 1 });
      // The picture: the stage from its top (on a phone both rows of the race fit one screen).
      await stage.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await scrollSettled(page);
      await screenshot(page, `layout-failure-${w}x${h}`, { fullPage: false });
    });
  }
});
