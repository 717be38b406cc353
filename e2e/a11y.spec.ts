/**
 * Accessibility: axe-core (`@axe-core/playwright`) with the WCAG 2 A and AA rules on the main
 * page (a finished run, the stage as a table, then paused at the first failure with the
 * inspector's statechart drawn), a lesson step, presenter mode and compare mode. No serious or
 * critical violation may remain; a failure prints each violation's rule id, impact and the
 * elements it names. In presenter mode also axe's page-has-heading-one (a best practice, not a
 * WCAG tag).
 *
 * Beside axe, what it cannot see: the statechart's SVG notes keep their colour when their state
 * is the active (filled) one; the summary's failed-request table, a scroll box, is a
 * named region reachable by keyboard; a focused stage row looks different from a selected one.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { show } from './analysisHelpers';
import { expect, test } from './fixtures';
import { openPreset, scrollSettled } from './helpers';

const SEED = 96;

interface Found {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe (wcag2a + wcag2aa) on the page as it is; returns the serious and critical violations. */
async function seriousViolations(page: Page): Promise<Found[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map(
        (n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${firstLine(n.failureSummary)}` : ''}`,
      ),
    }));
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)[1] ?? s
  );
}

function listViolations(found: Found[]): string {
  return found
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.targets.map((t) => `    ${t}`).join('\n')}`)
    .join('\n');
}

async function expectNoSerious(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  expect(found.length, `serious or critical axe violations on ${where}:\n${listViolations(found)}`).toBe(0);
}

test.describe('accessibility (axe-core, WCAG 2 A/AA)', () => {
  test('the main page: a finished run, then its first failure with the inspector', async ({ page }) => {
    await openPreset(page, 'issue-96', SEED);
    await expectNoSerious(page, 'the main page after the run');
    // The stage as a table (the screen readers' and keyboards' view of it), and back.
    await page.getByTestId('stage-mode-table').click();
    await expect(page.getByTestId('connection-table').locator('tbody tr').first()).toBeVisible();
    await expectNoSerious(page, 'the main page, the stage as a table');
    await page.getByTestId('stage-mode-visual').click();
    await expect(page.getByTestId('stage')).toBeVisible();

    await page.getByTestId('next-failure').click();
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
    await show(page, 'inspector');
    const chart = page.getByTestId('statechart');
    await expect(chart.locator('svg')).toHaveAttribute('data-active', 'CLIENT.MUST_CLOSE SERVER.ERROR');
    await expectNoSerious(page, 'the main page at the first failure');

    // The statechart's "from any state: …" notes sit below their state's box, on the chart's
    // background: they keep their dark colour when the state is active (filled, white label).
    const notes = chart.locator('.sc-node.is-active .sc-note');
    await expect(notes.first()).toBeVisible();
    const fills = await notes.evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
    for (const fill of fills)
      expect(fill, 'an active state’s note is not white').not.toBe('rgb(255, 255, 255)');
  });

  test('a stage row: keyboard focus is a dotted ring, unlike selection (solid) or a failure (dashed)', async ({
    page,
  }) => {
    await openPreset(page, 'issue-96', SEED);
    // Keyboard first, so that focusing the row afterwards is keyboard focus (:focus-visible).
    await page.keyboard.press('PageDown');
    await expect(page.getByTestId('request-card')).toHaveAttribute('data-outcome', 'failed');
    const row = page.locator('[data-testid="stage-row"][data-failed-req]').first();
    await row.focus();
    await expect(row).toBeFocused();
    expect(await row.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect(row).toHaveAttribute('aria-current', 'true');
    const conn = await row.getAttribute('data-conn');
    const strokes = await page.evaluate((c) => {
      const look = (el: Element | null | undefined) => {
        if (!el) return null;
        const s = getComputedStyle(el);
        return { stroke: s.stroke, dash: s.strokeDasharray };
      };
      const rowEl = document.querySelector(`[data-testid="stage-row"][data-conn="${c}"]`);
      const backs = [...document.querySelectorAll('.row-back.selected .row-bg')];
      return {
        focus: look(rowEl?.querySelector('.row-hit')),
        selection: look(backs[0]),
        selected: backs.length,
      };
    }, conn);
    expect(strokes.selected, 'one selected row').toBe(1);
    expect(strokes.focus?.stroke, 'the focus ring is drawn').not.toBe('none');
    expect(strokes.focus?.dash, 'the focus ring is dotted').not.toBe('none');
    expect(strokes.selection?.dash, 'the selection border is solid').toBe('none');
    expect(strokes.focus?.stroke, 'focus and selection differ in colour').not.toBe(strokes.selection?.stroke);
  });

  test('the failed-request table: a named region reachable by keyboard', async ({ page }) => {
    await openPreset(page, 'issue-96', SEED);
    // A region by its role and name (a <section> with a label), holding the table, in the tab order.
    const wrap = page.getByTestId('summary').getByRole('region', { name: 'Failed requests' });
    await expect(wrap).toHaveAttribute('tabindex', '0');
    await expect(wrap.getByTestId('failed-requests')).toBeVisible();
  });

  test('a lesson step and presenter mode', async ({ page }) => {
    await page.goto(`/?lesson=issue-96&step=3&bp=none`);
    const panel = page.getByTestId('lesson-panel');
    await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await scrollSettled(page);
    await expectNoSerious(page, 'lesson issue-96 step 3');

    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter-bar')).toBeVisible();
    await expect(page.getByTestId('presenter-counter')).toHaveText('Step 3 / 5');
    await scrollSettled(page);
    await expectNoSerious(page, 'presenter mode, lesson issue-96 step 3');
    // axe's page-has-heading-one is a best practice (not a WCAG tag): asked for by name. The top
    // bar's <h1> is hidden while presenting; presenter mode has its own.
    const heading = await new AxeBuilder({ page }).withRules(['page-has-heading-one']).analyze();
    expect(
      heading.violations.map((v) => v.id),
      'presenter mode has a visible level-one heading',
    ).toEqual([]);
  });

  test('compare mode', async ({ page }) => {
    await openPreset(page, 'issue-96', SEED);
    await show(page, 'compare-panel');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('compare-timeline')).toBeVisible();
    await expectNoSerious(page, 'compare mode');
  });
});
