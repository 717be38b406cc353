/**
 * Every preset, played in the browser with two breakpoints (a stale write, a failure): playback
 * must stop by itself at the first hits Node's breakpointHits finds in the same scenario, say why
 * (the breakpoint's sentence) and select what it concerns. With RW_RECORD_DIR (`npm run record`)
 * each preset is also filmed, shot at every stop and written up as a transcript of its key events.
 */
import { PRESETS, presetScenario } from '../sim-core/scenario/presets';
import { type BreakpointHit, breakpointHits } from '../sim-core/teach/breakpoints';
import { expect, test } from './fixtures';
import { waitForRun } from './helpers';
import { RECORD_DIR, scenarioPage, seconds, Transcript, traceOf } from './teachHelpers';

/** Stops to play to per preset (each a few seconds of playback at ×16; recordings show one more). */
const STOPS = RECORD_DIR ? 3 : 2;

test.describe('presets', () => {
  for (const preset of Object.values(PRESETS)) {
    test(`${preset.name}: playback stops at each breakpoint hit Node finds, and says why`, async ({
      browser,
    }) => {
      test.setTimeout(120_000);
      const scenario = presetScenario(preset.name);
      const trace = traceOf(scenario);
      const bySeq = new Map<number, { by: string; hit: BreakpointHit }>();
      for (const by of ['stale-write', 'failure'] as const)
        for (const hit of breakpointHits(trace, { kind: by }))
          if (!bySeq.has(hit.seq)) bySeq.set(hit.seq, { by, hit });
      const hits = [...bySeq.values()].sort((a, b) => a.hit.seq - b.hit.seq);

      const rec = await scenarioPage(browser, `preset-${preset.name}`);
      const { page } = rec;
      const transcript = new Transcript(rec.dir);
      transcript.add(
        `# Preset ${preset.name}: ${preset.title}`,
        '',
        preset.description,
        '',
        `Open it: \`?preset=${preset.name}&bp=stale-write,failure\` · client \`${scenario.client.policy}\`, server \`${scenario.server.profile}\`, seed ${scenario.seed}.`,
        '',
        `In this run: ${hits.filter((h) => h.by === 'stale-write').length} stale writes, ${hits.filter((h) => h.by === 'failure').length} failures.`,
      );
      await page.goto(`/?preset=${preset.name}&bp=stale-write,failure`);
      await waitForRun(page);
      await expect(page.getByTestId('breakpoints-button')).toContainText('2');
      await page.getByTestId('speed-select').selectOption('16');
      const stage = page.getByTestId('stage');
      await rec.shot('start.png');

      let prev = 0;
      for (const [i, { by, hit }] of hits.slice(0, STOPS).entries()) {
        await page.getByTestId('play-button').click();
        await expect(stage).toHaveAttribute('data-cursor-us', String(hit.t), { timeout: 60_000 });
        await expect(stage).toHaveAttribute('data-playing', 'false');
        const note = page.getByTestId('breakpoint-stop');
        await expect(note).toHaveAttribute('data-by', by);
        await expect(note).toContainText(hit.sentence);
        if (hit.req !== null)
          await expect(page.getByTestId('request-card')).toHaveAttribute('data-req', String(hit.req));
        const shot = await rec.shot(`stop-${i + 1}.png`);
        transcript.add('', `## Stop ${i + 1} — ${by} at ${seconds(hit.t)}`, '', `> ${hit.sentence}`);
        transcript.events(trace, prev, hit.t, 24);
        if (shot) transcript.add('', `![Stop ${i + 1}](${shot})`);
        prev = hit.t;
      }
      if (hits.length === 0) {
        // Nothing to stop at: playback runs on past the first few requests (a stop would have
        // held the cursor before them) and is still playing — the run's end is minutes of
        // playback away — with nothing saying it stopped; then End shows the whole run.
        const fifth = trace.filter((e) => e.kind === 'request.end')[4]!.t;
        await page.getByTestId('play-button').click();
        await expect
          .poll(async () => Number(await stage.getAttribute('data-cursor-us')), { timeout: 60_000 })
          .toBeGreaterThan(fifth);
        await expect(stage).toHaveAttribute('data-playing', 'true');
        await expect(page.getByTestId('breakpoint-stop')).toHaveCount(0);
        await page.keyboard.press('End');
        await expect(stage).toHaveAttribute('data-cursor-us', String(trace.at(-1)!.t));
        const shot = await rec.shot('end.png');
        transcript.add('', '## No stale write, no failure in the whole run');
        transcript.events(trace, 0, trace.at(-1)!.t, 24);
        if (shot) transcript.add('', `![The end of the run](${shot})`);
      } else if (hits.length > STOPS) {
        transcript.add('', `… and ${hits.length - STOPS} more stops in the rest of the run.`);
      }
      transcript.write();
      await rec.finish();
    });
  }
});
