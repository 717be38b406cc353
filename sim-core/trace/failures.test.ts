import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';
import { causeSentence, explainFailures, type FailureInfo } from './failures';
import { presetRun } from './fixtures/presetRuns';
import { H11_ERROR, STALE_REUSE_TRACE } from './fixtures/staleReuse';

describe('failure explanations', () => {
  it('explain the stale reuse with times read from the trace', () => {
    const [f, ...rest] = explainFailures(STALE_REUSE_TRACE);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      req: 2,
      attempt: 1,
      conn: 1,
      method: 'POST',
      path: '/auth',
      t: 6_000_050,
      error: H11_ERROR,
      cause: 'eof',
      indeterminate: true,
      reused: true,
      times: {
        attemptAt: 6_000_000,
        releasedAt: 16_000,
        writtenAt: 6_000_000,
        requestArrivedAt: 6_002_000,
        serverClosedAt: 5_014_000,
        finArrivedAt: 5_016_000,
        resetAt: 6_004_000,
      },
    });
    expect(f!.sentence).toBe(
      'The server closed connection #1 986 ms before the pool reused it: its FIN had already arrived, so the client read end-of-file instead of a response.',
    );
  });

  const base: Omit<FailureInfo, 'sentence'> = {
    req: 5,
    attempt: 1,
    conn: 3,
    method: 'POST',
    path: '/auth',
    t: 0,
    seq: 0,
    error: null,
    cause: 'eof',
    indeterminate: true,
    reused: true,
    times: {
      attemptAt: 1000,
      releasedAt: 0,
      writtenAt: 1000,
      requestArrivedAt: 3000,
      serverClosedAt: null,
      finArrivedAt: null,
      resetAt: null,
    },
  };
  const at = (times: Partial<FailureInfo['times']>, cause: FailureInfo['cause'] = 'eof') =>
    causeSentence({ ...base, cause, times: { ...base.times, ...times } });

  it('say when the request and the FIN crossed on the wire', () => {
    expect(at({ serverClosedAt: 200, finArrivedAt: 2200 })).toBe(
      'The server closed connection #3 800 µs before the request left: the request and the server’s FIN crossed on the wire.',
    );
  });

  it('say when the server closed before the request arrived, or after it without responding', () => {
    expect(at({ serverClosedAt: 0 + 1500, finArrivedAt: 3500 })).toBe(
      'The server closed connection #3 1.5 ms before the request arrived, so it was never read.',
    );
    expect(at({ serverClosedAt: 6000, finArrivedAt: 8000 })).toBe(
      'The server closed connection #3 3 ms after the request arrived, without sending a response.',
    );
  });

  it('explain resets, failed writes and timeouts', () => {
    expect(at({ serverClosedAt: 3100 }, 'reset')).toBe(
      'The request reached connection #3 100 µs before the server closed it unread, so the server’s kernel answered with a reset.',
    );
    expect(at({ resetAt: 400 }, 'write-failed')).toBe(
      'The server had reset connection #3 600 µs before the pool reused it, so writing the request failed.',
    );
    expect(at({}, 'timeout')).toBe('No response arrived on connection #3 within the client’s read timeout.');
    expect(at({}, 'eof')).toBe('The client read end-of-file on connection #3 before any response arrived.');
  });

  it('format durations with three significant digits', () => {
    expect(formatDuration(420)).toBe('420 µs');
    expect(formatDuration(3000)).toBe('3 ms');
    expect(formatDuration(12_345)).toBe('12.3 ms');
    expect(formatDuration(1_251_600)).toBe('1.25 s');
  });

  it('on issue-96: one explanation per failed request, each naming its connection', () => {
    const { trace, summary } = presetRun('issue-96');
    const fs = explainFailures(trace);
    expect(fs.map((f) => f.req)).toEqual(
      summary.requests.filter((r) => r.outcome === 'failed').map((r) => r.id),
    );
    for (const f of fs) {
      expect(f.sentence).toContain(`connection #${f.conn}`);
      expect(f.error?.message).toBeTruthy();
    }
  });
});
