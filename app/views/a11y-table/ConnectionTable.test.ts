import { describe, expect, it } from 'vitest';
import { buildTraceIndex, TraceFolder } from '../../../sim-core';
import { STALE_REUSE_TRACE } from '../../../sim-core/testing';
import { WIRE_WIDTH } from '../stage/geometry';
import { stageContext, stageFrame } from '../stage/model';
import { captionText, rowCells } from './ConnectionTable';

const index = buildTraceIndex(STALE_REUSE_TRACE, { clientExpiryMs: 5000 });
const ctx = stageContext(index);
const folder = new TraceFolder(STALE_REUSE_TRACE, index.times, index.keyframes, index.foldOptions);
const rowAt = (t: number) => stageFrame(ctx, folder.seek(t), t, null, WIRE_WIDTH).rows[0]!;

describe('the stage as a table', () => {
  it('names the race window and the stale time apart, in running text', () => {
    // The fixture: close at 5.014 s, FIN at the client 5.016 s, 2 ms each way.
    expect(rowCells(rowAt(5_015_000)).at(-1)).toBe('race window: a request sent now would cross the FIN');
    expect(rowCells(rowAt(5_500_000)).at(-1)).toBe('stale: FIN arrived 484 ms ago');
    expect(rowCells(rowAt(1_000_000)).at(-1)).toBe('—');
    expect(captionText('RACE WINDOW · request and FIN cross')).toBe('race window: request and FIN cross');
  });
});
