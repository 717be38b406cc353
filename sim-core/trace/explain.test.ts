import { describe, expect, it } from 'vitest';
import { failureKind } from '../metrics/failureKinds';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import {
  connectionStory,
  decimalsFor,
  formatInstant,
  plainCause,
  requestStory,
  segmentStory,
} from './explain';
import { presetRun } from './fixtures/presetRuns';
import { H11_ERROR, STALE_REUSE_TRACE } from './fixtures/staleReuse';
import { KIND_SENTENCES } from './requestStory';
import { buildTraceIndex } from './traceIndex';

describe('formatting instants', () => {
  it('prints seconds with grouped decimals', () => {
    expect(formatInstant(5_003_000)).toBe('5.003 s');
    expect(formatInstant(5_003_120, 6)).toBe('5.003\u202f120 s');
    expect(formatInstant(0)).toBe('0.000 s');
  });
  it('uses microseconds only when milliseconds would merge distinct times', () => {
    expect(decimalsFor([5_000_000, 5_021_000, 5_003_000])).toBe(3);
    expect(decimalsFor([5_000_000, 5_000_050])).toBe(6);
    expect(decimalsFor([5_000_000, 5_000_000])).toBe(3);
  });
  it('says what a cause means', () => {
    expect(plainCause('after idle-timer')).toBe('its keep-alive idle timer fired');
    expect(plainCause('SEGMENT FIN')).toBe('a FIN segment arrived');
    expect(plainCause(null)).toBeNull();
  });
});

describe('request story', () => {
  const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });

  it('explains the stale reuse with the hand-out, FIN and request times', () => {
    const story = requestStory(STALE_REUSE_TRACE, index, 2)!;
    expect(story.outcome).toBe('failed');
    expect(story.error).toEqual(H11_ERROR);
    // 6.000000 and 6.000050 differ by 50 µs: the story prints microseconds.
    expect(story.decimals).toBe(6);
    expect(story.headline).toBe(
      'The pool handed out connection #1 at 6.000\u202f000 s; the server’s FIN had left at 5.014\u202f000 s and had arrived at 5.016\u202f000 s. At 6.000\u202f050 s the client read end-of-file, 50 µs after the request left; the request reached the server only at 6.002\u202f000 s. A stale reuse: the server’s FIN (or reset) had reached the client before the request left, so a check at checkout would have seen it.',
    );
    expect(story.attempts).toHaveLength(1);
    expect(story.attempts[0]).toMatchObject({
      conn: 1,
      reused: true,
      result: 'failed',
      cause: 'eof',
      retry: null,
    });
    expect(story.attempts[0]!.why).toContain('had arrived at 5.016\u202f000 s');
    expect(story.attempts[0]!.why).toContain('read end-of-file at 6.000\u202f050 s');
    // The lines are in time order and tell the server's close before the reuse.
    const texts = story.lines.map((l) => l.text);
    expect(story.lines.map((l) => l.t)).toEqual([...story.lines.map((l) => l.t)].sort((a, b) => a - b));
    expect(texts[0]).toBe('The server closes #1 (its keep-alive idle timer fired).');
    expect(texts).toContain('The pool hands out #1 (idle 5984.000 ms), believing it reusable.');
    expect(texts).toContain('The server’s kernel answers with RST on #1.');
    expect(story.lines.find((l) => l.text.startsWith('The server’s FIN'))?.ref).toEqual({
      kind: 'seg',
      id: 5,
    });
  });

  it('tells a success briefly', () => {
    const story = requestStory(STALE_REUSE_TRACE, index, 1)!;
    expect(story.headline).toBe(
      'The request went out on a new connection #1 at 0.004 s; the response 200 OK arrived at 0.016 s, 16 ms after the request was issued.',
    );
    expect(story.attempts[0]!.why).toBe(
      'The response (200 OK) was read at 0.016 s, 12 ms after the attempt began on #1.',
    );
  });

  it('returns null for an unknown request', () => {
    expect(requestStory(STALE_REUSE_TRACE, index, 99)).toBeNull();
  });

  it('names the FIN’s departure and arrival in every stale-reuse failure of the seed preset', () => {
    const { trace } = presetRun('issue-96', 7);
    const idx = buildTraceIndex(trace, { clientExpiryMs: null });
    expect(idx.failures.length).toBeGreaterThan(0);
    for (const f of idx.failures) {
      const story = requestStory(trace, idx, f.req)!;
      const at = (t: number) => formatInstant(t, story.decimals);
      expect(story.headline).toContain(
        `The pool handed out connection #${f.conn} at ${at(f.times.attemptAt)}`,
      );
      expect(story.headline).toContain(`the server’s FIN had left at ${at(f.times.serverClosedAt!)}`);
      expect(story.headline).toContain(`had arrived at ${at(f.times.finArrivedAt!)}`);
      expect(story.headline).toContain(`At ${at(f.t)} the client read end-of-file`);
    }
  });

  it('ends a failure’s headline with its kind — stale, race window or neither — as failureKinds says', () => {
    for (const preset of ['issue-96', 'polling-at-timeout', 'leaky-idle-timer']) {
      const { trace } = presetRun(preset);
      const idx = buildTraceIndex(trace, { clientExpiryMs: null });
      const seen = new Set<string>();
      for (const f of idx.failures) {
        const kind = failureKind(f.cause, f.times);
        seen.add(kind);
        const h = requestStory(trace, idx, f.req)!.headline;
        expect(h.endsWith(KIND_SENTENCES[kind]), `${preset} request ${f.req}: ${kind}`).toBe(true);
        expect(h.includes('race window'), h).toBe(kind === 'race-window');
        expect(h.includes('stale'), h).toBe(kind === 'stale-reuse');
      }
      expect(seen.size, preset).toBeGreaterThan(0);
    }
  });

  it('says why each attempt ended and which retry followed', () => {
    const scenario = presetScenario('polling-at-timeout');
    scenario.client.policy = 'aiohttp-3.10';
    scenario.network.delayMs = 30;
    scenario.workload = { kind: 'sequential', gapsMs: [4960, 4960], method: 'GET', path: '/health' };
    const { trace, summary } = runScenario(scenario);
    expect(summary.totals.okAfterRetry).toBeGreaterThan(0);
    const idx = buildTraceIndex(trace, { clientExpiryMs: 15_000 });
    const retried = idx.requests.find((r) => r.outcome === 'ok-after-retry')!;
    const story = requestStory(trace, idx, retried.id)!;
    expect(story.attempts.map((a) => a.result)).toEqual(['failed', 'ok']);
    expect(story.attempts[0]!.retry).toBe(
      'ServerDisconnectedError on an idempotent GET: aiohttp retries once',
    );
    expect(story.attempts[0]!.why).toContain('ServerDisconnectedError');
    expect(story.attempts[1]!.reused).toBe(false);
    expect(story.headline).toMatch(/^The first attempt failed; the request went out on a new connection/);
  });
});

describe('connection and segment stories', () => {
  const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });

  it('tells a connection’s life, its race window, its stale time and its failures', () => {
    const story = connectionStory(STALE_REUSE_TRACE, index, 1)!;
    expect(story.headline).toBe(
      'Opened at 0.000 s for request 1; carried 2 requests (1 failed); the server closed it at 5.014 s (its keep-alive idle timer fired); it spent 4 ms in its race window and 984 ms stale; finished at 6.004 s.',
    );
    expect(story.requests).toEqual([
      { req: 1, label: 'POST /auth', outcome: 'ok' },
      { req: 2, label: 'POST /auth', outcome: 'failed' },
    ]);
    // The race window opens one request-path delay (2 ms) before the close; stale when the FIN arrives.
    const line = (start: string) => story.lines.find((l) => l.text.startsWith(start));
    expect(line('Race window opens')).toMatchObject({ t: 5_012_000 });
    expect(line('Race window opens')!.text).toContain('It lasts 4 ms (ended by the FIN’s arrival)');
    expect(line('Stale from the FIN’s arrival')).toMatchObject({ t: 5_016_000 });
    expect(line('Stale from the FIN’s arrival')!.text).toContain('request 2 sent in it');
    expect(line('Stale from the FIN’s arrival')!.text).toContain(
      'It lasts 984 ms (ended by a failed request)',
    );
    expect(story.facts.serverFin).toMatchObject({ seg: 5, sentAt: 5_014_000, arriveAt: 5_016_000 });
    expect(connectionStory(STALE_REUSE_TRACE, index, 42)).toBeNull();
  });

  it('tells a connection’s story up to t (the story card’s), and a segment’s', () => {
    const at = (t: number) => {
      const c = connectionStory(STALE_REUSE_TRACE, index, 1, t)!;
      return {
        id: c.conn,
        openedAt: c.openedAt,
        dialedFor: c.dialedFor,
        requests: c.requests.map((r) => r.req),
        serverClosedAt: c.asOf.serverClosedAt,
        finArrivedAt: c.asOf.finArrivedAt,
        discarded: c.asOf.discarded,
        race: c.race,
        doneAt: c.doneAt,
      };
    };
    expect(at(5_500_000)).toEqual({
      id: 1,
      openedAt: 0,
      dialedFor: 1,
      requests: [1],
      serverClosedAt: 5_014_000,
      finArrivedAt: 5_016_000,
      discarded: null,
      race: { kind: 'stale', since: 5_016_000 },
      doneAt: null,
    });
    expect(at(6_004_000)).toMatchObject({ requests: [1, 2], race: null, doneAt: 6_004_000 });
    expect(connectionStory(STALE_REUSE_TRACE, index, 7, 0)).toBeNull();
    // The story as of t tells nothing after t; the whole run's tells it all.
    const early = connectionStory(STALE_REUSE_TRACE, index, 1, 5_500_000)!;
    expect(early.lines.every((l) => l.t <= 5_500_000)).toBe(true);
    expect(early.requests).toEqual([{ req: 1, label: 'POST /auth', outcome: 'ok' }]);
    const end = connectionStory(STALE_REUSE_TRACE, index, 1, index.endAt)!;
    const whole = connectionStory(STALE_REUSE_TRACE, index, 1)!;
    expect([end.headline, end.lines, end.requests]).toEqual([whole.headline, whole.lines, whole.requests]);
    expect(segmentStory(STALE_REUSE_TRACE, index, 5)).toMatchObject({
      seg: 5,
      conn: 1,
      flag: 'FIN',
      from: 'server',
      label: null,
      sentAt: 5_014_000,
      arriveAt: 5_016_000,
      bytes: 0,
    });
  });

  it('tells what a segment did when it was sent and when it arrived', () => {
    const fin = segmentStory(STALE_REUSE_TRACE, index, 5)!;
    expect(fin.headline).toBe(
      'FIN from the server on #1, sent at 5.014 s, arrived at 5.016 s after 2 ms on the wire: client TCP ESTABLISHED → CLOSE-WAIT.',
    );
    expect(fin.onSend.map((x) => `${x.machine} ${x.from}→${x.to} (${x.cause})`)).toEqual([
      'server keepAliveIdle→closed (after idle-timer)',
      'tcp ESTABLISHED→FIN-WAIT-1 (close())',
    ]);
    const request = segmentStory(STALE_REUSE_TRACE, index, 7)!;
    expect(request.req).toBe(2);
    expect(request.onArrival[0]).toMatchObject({ machine: 'tcp', from: 'FIN-WAIT-2', to: 'CLOSED' });
    expect(segmentStory(STALE_REUSE_TRACE, index, 99)).toBeNull();
  });
});
