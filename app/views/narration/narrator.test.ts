import { describe, expect, it } from 'vitest';
import { type Narration, narrate, presetScenario } from '../../../sim-core';
import { runScenario } from '../../../sim-core/testing';
import { joinSentences, Narrator } from './narrator';

const n = (
  seq: number,
  t: number,
  text: string,
  importance: Narration['importance'] = 'normal',
): Narration => ({
  seq,
  t,
  conn: null,
  req: null,
  importance,
  text,
});

const LIST = [
  n(1, 10, 'A opens.'),
  n(2, 10, 'B reused.'),
  n(5, 20, 'C timer fires.'),
  n(7, 30, 'D fails.', 'high'),
  n(8, 30, 'E resets.', 'high'),
  n(9, 30, 'F more.', 'high'),
  n(12, 40, 'G succeeds.'),
];

describe('narrator', () => {
  it('always says high sentences, joined and counted beyond the limit', () => {
    const r = new Narrator(LIST, { normalGapMs: 1000, maxSentences: 2 });
    r.moveTo(6, 25, 'play', 0);
    expect(r.moveTo(10, 35, 'play', 16)).toEqual({
      high: 'D fails. E resets. And 1 more event.',
      normal: null,
    });
  });

  it('paces normal sentences: at most one per gap, the latest winning', () => {
    const r = new Narrator(LIST, { normalGapMs: 1000, maxSentences: 2 });
    expect(r.moveTo(1, 10, 'play', 0)).toEqual({ high: null, normal: 'A opens.' });
    expect(r.moveTo(2, 10, 'play', 100)).toEqual({ high: null, normal: null });
    expect(r.moveTo(5, 20, 'play', 500)).toEqual({ high: null, normal: null });
    // The gap has passed: the latest pending sentence (C), not the skipped one (B).
    expect(r.moveTo(6, 25, 'play', 1100)).toEqual({ high: null, normal: 'C timer fires.' });
    expect(r.moveTo(6, 25, 'play', 3000)).toEqual({ high: null, normal: null });
  });

  it('steps say what happens at the new moment; jumps say nothing', () => {
    const r = new Narrator(LIST);
    expect(r.moveTo(2, 10, 'step', 0)).toEqual({ high: null, normal: 'A opens. B reused.' });
    expect(r.moveTo(9, 30, 'jump', 10)).toEqual({ high: null, normal: null });
    expect(r.moveTo(12, 40, 'step', 20)).toEqual({ high: null, normal: 'G succeeds.' });
    // Back one step, to t = 30: its three high sentences.
    expect(r.moveTo(9, 30, 'step', 30).high).toBe('D fails. E resets. And 1 more event.');
    // Back to a moment where nothing is narrated: silence, not an older sentence.
    expect(r.moveTo(6, 25, 'step', 40)).toEqual({ high: null, normal: null });
  });

  it('says the latest pending sentence when playback stops, whatever the pace', () => {
    const r = new Narrator(LIST, { normalGapMs: 1000, maxSentences: 2 });
    expect(r.moveTo(1, 10, 'play', 0).normal).toBe('A opens.');
    expect(r.moveTo(2, 10, 'play', 100, null, true).normal).toBe('B reused.');
  });

  it('leaves out the sentence a breakpoint stop announces itself', () => {
    const r = new Narrator(LIST);
    r.moveTo(6, 25, 'play', 0);
    expect(r.moveTo(7, 30, 'play', 16, 7)).toEqual({ high: null, normal: null });
  });

  it('keeps a screen reader to a few announcements over a whole real run', () => {
    const { trace } = runScenario(presetScenario('issue-96'));
    const list = narrate(trace);
    const r = new Narrator(list);
    let said = 0;
    let normals = 0;
    // Play the run in 60 fps frames over 60 s of wall time.
    const end = trace.at(-1)!.seq;
    for (let f = 0; f <= 3600; f++) {
      const seq = Math.floor((end * f) / 3600);
      const out = r.moveTo(seq, trace[seq]!.t, 'play', f * (1000 / 60));
      if (out.high) said++;
      if (out.normal) normals++;
    }
    expect(list.length).toBeGreaterThan(200);
    expect(normals).toBeLessThanOrEqual(60_000 / 2500 + 1);
    expect(said + normals).toBeLessThan(list.length / 2);
  });

  it('joins sentences', () => {
    expect(joinSentences(['a.', 'b.'], 2)).toBe('a. b.');
    expect(joinSentences(['a.', 'b.', 'c.', 'd.'], 2)).toBe('a. b. And 2 more events.');
  });
});
