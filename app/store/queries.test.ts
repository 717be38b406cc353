import { describe, expect, it } from 'vitest';
import { buildTraceIndex, presetScenario } from '../../sim-core';
import { runScenario, STALE_REUSE_TRACE } from '../../sim-core/testing';
import {
  countersAt,
  firstFailureAfter,
  lastFailureAtOrBefore,
  lastFailureBefore,
  requestStatusAt,
  requestStatusKey,
} from './queries';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: null });

describe('queries at a time', () => {
  it('count what has happened up to t', () => {
    expect(countersAt(index, 0)).toMatchObject({ started: 1, total: 2, ok: 0, failed: 0, connections: 1 });
    expect(countersAt(index, 16_000)).toMatchObject({ started: 1, ok: 1, failed: 0 });
    expect(countersAt(index, 6_000_050)).toEqual({
      started: 2,
      total: 2,
      ok: 1,
      okAfterRetry: 0,
      failed: 1,
      failedByClass: [['h11._util.RemoteProtocolError', 1]],
      retries: 0,
      connections: 1,
    });
  });

  it('tell where a request stands', () => {
    expect(requestStatusAt(index, 2, 5_999_999).phase).toBe('pending');
    expect(requestStatusAt(index, 2, 6_000_000)).toMatchObject({
      phase: 'in-flight',
      attempt: { conn: 1, reused: true },
    });
    const failed = requestStatusAt(index, 2, 6_000_050);
    expect(failed.phase).toBe('failed');
    expect(failed.phase === 'failed' && failed.failure?.sentence).toContain(
      '986 ms before the pool reused it',
    );
    expect(requestStatusAt(index, 1, 16_000)).toMatchObject({ phase: 'ok', response: '200 OK' });
    expect(requestStatusAt(index, 9, 0)).toEqual({ phase: 'unknown', id: 9 });
    expect(requestStatusKey(index, 1, 3000)).toBe('waiting:0');
    expect(requestStatusKey(index, 1, 5000)).toBe('in-flight:1');
  });

  it('find failures around t (at t counts as at-or-before, not before)', () => {
    const fs = index.failures;
    expect(firstFailureAfter(fs, 0)?.req).toBe(2);
    expect(firstFailureAfter(fs, 6_000_050)).toBeNull();
    expect(lastFailureBefore(fs, 6_000_050)).toBeNull();
    expect(lastFailureAtOrBefore(fs, 6_000_050)?.req).toBe(2);
    expect(lastFailureAtOrBefore(fs, 6_000_049.5)).toBeNull();
  });

  it('follow a retried request: failed attempt, retrying, then ok on another connection', () => {
    const scenario = {
      ...presetScenario('polling-at-timeout'),
      client: { policy: 'aiohttp-3.10', eventLoopDelayMs: 0.05 },
    };
    const run = runScenario(scenario);
    const idx = buildTraceIndex(run.trace, { clientExpiryMs: null });
    const r = idx.requests.find((x) => x.outcome === 'ok-after-retry');
    expect(r, 'a request retried after the server closed the idle connection').toBeDefined();
    const [first, second] = r!.attempts;
    expect(second!.conn).not.toBe(first!.conn);
    const between = (first!.endAt! + second!.startAt) / 2;
    expect(requestStatusAt(idx, r!.id, between)).toMatchObject({ phase: 'waiting', failed: { attempt: 1 } });
    expect(requestStatusKey(idx, r!.id, between)).toBe('waiting:1');
    expect(requestStatusAt(idx, r!.id, second!.startAt)).toMatchObject({
      phase: 'in-flight',
      attempt: { attempt: 2 },
    });
    expect(requestStatusAt(idx, r!.id, r!.endAt!)).toMatchObject({
      phase: 'ok',
      attempt: { attempt: 2, reused: false },
    });
    // the retry counts from when it was decided
    expect(countersAt(idx, first!.endAt!).retries - countersAt(idx, first!.endAt! - 1).retries).toBe(1);
  });
});
