/**
 * Each sentence the words module says about a race window or a stale interval, checked against
 * the trace of real runs: the segments on the wire, the client's socket, the pool's belief.
 */
import { describe, expect, it } from 'vitest';
import { beliefPhase } from './connFacts';
import { formatDuration } from './duration';
import type { TraceEvent } from './events';
import { presetRun } from './fixtures/presetRuns';
import { STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { foldAt, foldOptionsFor } from './fold';
import { raceIntervals } from './raceWindows';
import { INTERVAL_WORDS, intervalCaption, intervalSentence, timeSpentText } from './raceWindowsWords';

const PRESETS = ['issue-96', 'issue-96-fixed', 'polling-at-timeout', 'leaky-idle-timer'] as const;

type Send = Extract<TraceEvent, { kind: 'segment.send' }>;

describe('the words for race windows and stale time, checked against the trace', () => {
  for (const preset of PRESETS) {
    it(`${preset}: a race window’s requests cross the FIN; a stale connection’s client had the FIN, its pool believed it reusable`, () => {
      const { trace } = presetRun(preset);
      const options = foldOptionsFor(trace, null);
      const sends = trace.filter((e): e is Send => e.kind === 'segment.send' && e.side === 'client');
      for (const w of raceIntervals(trace)) {
        const inside = sends.filter(
          (s) => s.conn === w.conn && s.t >= w.start && s.t < w.end && s.flag === 'DATA',
        );
        const world = foldAt(trace, w.start, options);
        const c = world.conns.get(w.conn)!;
        if (w.kind === 'race-window') {
          // "a request sent from now until the FIN reaches the client reaches the server after its close"
          for (const s of inside) {
            expect(s.arriveAt, `#${w.conn} request segment ${s.seg}`).toBeGreaterThan(w.serverClosedAt);
            expect(s.t).toBeLessThan(w.evidenceAt ?? Number.POSITIVE_INFINITY);
          }
          // "about one round trip wide": the request path's delay plus the FIN's own trip, at most.
          expect(w.end - w.start).toBeLessThanOrEqual(w.requestDelay + (w.end - w.serverClosedAt));
          expect(w.end).toBeLessThanOrEqual(w.evidenceAt ?? Number.POSITIVE_INFINITY);
        } else {
          // "the server's FIN has reached the client": the client socket has the end-of-file.
          expect(['CLOSE-WAIT', 'CLOSED', 'LAST-ACK', 'TIME-WAIT']).toContain(c.client.tcp);
          // "the pool still holds the connection as reusable": idle, or handed out in it.
          expect(['idle', 'active']).toContain(beliefPhase(c.belief));
          expect(INTERVAL_WORDS.stale.definition).toContain('FIN has reached the client');
        }
      }
    });
  }

  it('captions the stage: how long ago the FIN arrived, or that request and FIN cross', () => {
    const ws = raceIntervals(STALE_REUSE_TRACE);
    const race = ws.find((w) => w.kind === 'race-window')!;
    const stale = ws.find((w) => w.kind === 'stale')!;
    expect(intervalCaption(stale, 6_000_000)).toBe(
      `STALE · FIN arrived ${formatDuration(6_000_000 - 5_016_000)} ago`,
    );
    expect(intervalCaption(race, 5_013_000)).toBe('RACE WINDOW · a request sent now would cross the FIN');
    const { trace } = presetRun('polling-at-timeout');
    const crossing = raceIntervals(trace).find((w) => w.kind === 'race-window' && w.entered.length > 0)!;
    expect(intervalCaption(crossing, crossing.entered[0]!.t)).toBe('RACE WINDOW · request and FIN cross');
  });

  it('tells the story sentence with the interval’s own times and end', () => {
    const ws = raceIntervals(STALE_REUSE_TRACE);
    const at = (us: number) => `${us / 1e6} s`;
    expect(intervalSentence(ws[0]!, Number.POSITIVE_INFINITY, [], at)).toBe(
      'Race window opens: a request sent from now until the FIN reaches the client reaches the server after its close at 5.014 s; the two cross on the wire. It lasts 4 ms (ended by the FIN’s arrival).',
    );
    expect(intervalSentence(ws[1]!, 5_500_000, [], at)).toBe(
      'Stale from the FIN’s arrival: the client has the evidence, the pool still holds it as reusable.',
    );
    expect(timeSpentText(ws, 5_013_000)).toBe('1 ms in its race window');
    expect(timeSpentText(ws, 0)).toBeNull();
  });
});
