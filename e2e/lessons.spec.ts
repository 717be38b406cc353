/**
 * Every lesson, walked in the browser with the presenter remote's key (Page Down): each step
 * must stop where resolveStep — run here in Node on the same scenario — says, show its narration
 * word for word, mark its entities on the stage and select the one it names, bring its focus view
 * forward, switch its compare run on, and answer its question. Steps that share their run are
 * reached by *playing* to the pause, so these tests also check that playback stops there by
 * itself. With RW_RECORD_DIR (`npm run record`) each lesson is also filmed, shot at every step and
 * written up as a transcript.
 */
import { LESSONS } from '../sim-core/teach/lessons';
import { expect, test } from './fixtures';
import { waitForRun } from './helpers';
import { expectedSteps, narrationOf, scenarioPage, seconds, Transcript } from './teachHelpers';

test.describe('lessons', () => {
  for (const lesson of LESSONS) {
    test(`${lesson.number}. ${lesson.title}: every step stops at its pause with its narration and highlights`, async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      const expected = expectedSteps(lesson);
      const rec = await scenarioPage(browser, `lesson-${lesson.number}-${lesson.id}`);
      const { page } = rec;
      const transcript = new Transcript(rec.dir);
      transcript.add(
        `# Lesson ${lesson.number}: ${lesson.title}`,
        '',
        lesson.summary,
        '',
        `Open it: \`?lesson=${lesson.id}&step=1\``,
      );

      await page.goto(`/?lesson=${lesson.id}&step=1`);
      await waitForRun(page);
      // Faster playback between pauses (the pause itself does not depend on speed).
      await page.getByTestId('speed-select').selectOption('16');
      const panel = page.getByTestId('lesson-panel');
      const stage = page.getByTestId('stage');
      let prevT = 0;

      for (const [i, step] of lesson.steps.entries()) {
        const want = expected[i]!;
        if (i > 0) {
          // Focus off any control: Page Down must work whatever has focus (a remote's key).
          await page.keyboard.press('PageDown');
        }
        await expect(panel).toHaveAttribute('data-step', String(i + 1));
        await expect(panel).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
        // It stops there by itself (played to, or jumped to), paused.
        await expect(stage).toHaveAttribute('data-cursor-us', String(want.resolved.t), { timeout: 60_000 });
        await expect(stage).toHaveAttribute('data-playing', 'false');
        await expect(page.getByTestId('lesson-text')).toHaveText(want.resolved.text);
        await expect(page.getByTestId('lesson-counter')).toHaveText(
          `Step ${i + 1} of ${lesson.steps.length}`,
        );

        // Highlights: the stage marks exactly the step's connections (those on screen), and the
        // step's request (else connection) is selected, so the story card tells it.
        const rowsNow = () =>
          page.getByTestId('stage-row').evaluateAll((rows) =>
            rows.map((r) => ({
              conn: Number(r.getAttribute('data-conn')),
              marked: r.getAttribute('data-highlighted') === 'true',
            })),
          );
        // One snapshot of the rows at a time, retried until the marks are the step's.
        await expect
          .poll(async () => {
            const rows = await rowsNow();
            const marked = rows.filter((r) => r.marked).map((r) => r.conn);
            marked.sort((a, b) => a - b);
            const expected = want.conns.filter((c) => rows.some((r) => r.conn === c));
            const ok = marked.join() === expected.join() && (want.conns.length === 0 || marked.length > 0);
            return ok ? 'ok' : `marked [${marked}], expected [${expected}] of [${want.conns}]`;
          })
          .toBe('ok');
        // The picture shows what the step claims: each TCP state and pool belief it states about a
        // connection at the pause is on that connection's stage row.
        for (const c of step.claims ?? []) {
          if (!('conn' in c) || (c.run ?? 'A') !== 'A' || ('by' in c && c.by)) continue;
          if (!('tcp' in c && c.tcp) && !('pool' in c)) continue;
          const id = c.conn === 'pause' ? want.resolved.hit?.conn : c.conn;
          const row = page.locator(`[data-testid="stage-row"][data-conn="${id}"]`);
          if ('pool' in c) await expect(row).toHaveAttribute('data-belief', c.pool);
          else await expect(row).toHaveAttribute(`data-${c.side}-tcp`, c.tcp!);
        }

        const req = want.resolved.highlights.find((h) => h.kind === 'req');
        const conn = want.resolved.highlights.find((h) => h.kind === 'conn');
        if (req) await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', String(req.id));
        else if (conn)
          await expect(page.getByTestId('connection-card')).toHaveAttribute('data-conn', String(conn.id));

        // The view the step asks for is marked and first below the stage; its compare run is on.
        if (step.focus && step.focus !== 'stage')
          await expect(page.locator(`[data-panel="${step.focus}"][data-lesson-focus="true"]`)).toHaveCount(1);
        else await expect(page.locator('[data-lesson-focus]')).toHaveCount(0);
        if (step.compare) await expect(page.getByTestId('compare-strips')).toBeVisible({ timeout: 30_000 });

        // The live narration said something from this stretch of the run when it was played.
        const played =
          i > 0 && JSON.stringify(step.scenario) === JSON.stringify(lesson.steps[i - 1]!.scenario);
        const said = narrationOf(want.trace).filter((n) => n.t > prevT && n.t <= want.resolved.t);
        if (played && said.length > 0) {
          const heard = async () =>
            `${await page.getByTestId('narration-live').textContent()} ${await page.getByTestId('narration-alert').textContent()}`.trim();
          await expect
            .poll(async () => {
              const h = await heard();
              return h.length > 0 && narrationOf(want.trace).some((n) => h.includes(n.text));
            })
            .toBe(true);
        }

        const shot = await rec.shot(`step-${i + 1}.png`);
        transcript.add(
          '',
          `## Step ${i + 1}: ${step.title}`,
          '',
          `Paused at **${seconds(want.resolved.t)}**${want.resolved.hit ? ` — ${want.resolved.hit.sentence}` : ''}`,
        );
        transcript.events(want.trace, prevT, want.resolved.t);
        transcript.add('', `> ${want.resolved.text}`);
        if (shot) transcript.add('', `![Step ${i + 1}](${shot})`);

        if (step.question) {
          const q = step.question;
          await page.getByTestId('lesson-choice').nth(q.answer).click();
          await expect(page.getByTestId('lesson-explanation')).toContainText('Right.');
          await expect(page.getByTestId('lesson-explanation')).toContainText(q.explanation);
          transcript.add(
            '',
            `**Question.** ${q.prompt}`,
            '',
            ...q.choices.map(
              (c, k) => `${k === q.answer ? '- **✓' : '- '} ${c}${k === q.answer ? '**' : ''}`,
            ),
            '',
            `*${q.explanation}*`,
          );
          // Give focus back to the page, as a presenter would (the remote's keys work either way).
          await page.locator('body').click({ position: { x: 2, y: 2 } });
        }
        prevT = step.scenario === lesson.steps[i + 1]?.scenario ? want.resolved.t : 0;
      }

      await page.keyboard.press('PageDown');
      await expect(page.getByTestId('lesson-finished')).toBeVisible();
      // The lesson is remembered as done.
      await expect
        .poll(async () => {
          const stored = await page.evaluate(() => localStorage.getItem('race-window:lesson-progress'));
          return stored === null ? null : JSON.parse(stored).lessons[lesson.id]?.completed;
        })
        .toBe(true);
      transcript.write();
      await rec.finish();
    });
  }
});
