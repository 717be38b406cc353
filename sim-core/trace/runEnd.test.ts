import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_REQUESTS } from '../engineLimits';
import { RUN_END_REASONS } from './io';
import { explainRunEnd } from './runEnd';

describe('explainRunEnd', () => {
  const facts = { atUs: 1_500_000, traceEvents: 1234, maxDurationMs: 60_000 };
  it('says nothing for a finished run', () => {
    expect(explainRunEnd('done', facts)).toBeNull();
  });
  it('names the limit of every other reason, each in its own words', () => {
    const titles = new Set<string>();
    for (const reason of RUN_END_REASONS) {
      if (reason === 'done') continue;
      const stop = explainRunEnd(reason, facts);
      expect(stop, reason).not.toBeNull();
      expect(stop!.detail).toContain('1.500 s');
      titles.add(stop!.title);
    }
    expect(titles.size).toBe(RUN_END_REASONS.length - 1);
    expect(explainRunEnd('max-duration', facts)!.detail).toContain('60000 ms');
    expect(explainRunEnd('max-queued', facts)!.detail).toContain(MAX_QUEUED_REQUESTS.toLocaleString('en'));
  });
});
