import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../sim-core';
import { STALE_REUSE_TRACE } from '../../sim-core/testing';
import { importedTraceNote } from './shareSlice';

const head = STALE_REUSE_TRACE[0] as TraceEvent;
const withSource = (source: 'real' | 'capture'): TraceEvent => ({ ...head, source }) as TraceEvent;

describe('the import notice says what a file recorded', () => {
  it('a capture claims no settings: the shown ones are defaults', () => {
    const note = importedTraceNote(withSource('capture'), false);
    expect(note).toMatch(/packet capture/);
    expect(note).toMatch(/records no settings/);
    expect(note).not.toMatch(/rebuilt from its run\.start/);
  });
  it('a real run names its simulated twin', () => {
    expect(importedTraceNote(withSource('real'), true)).toMatch(/simulated twin/);
  });
  it('a simulated trace keeps the scenario wording', () => {
    expect(head.kind).toBe('run.start');
    expect(importedTraceNote(head, true)).toMatch(/names its scenario/);
    expect(importedTraceNote(head, false)).toMatch(/rebuilt from its run\.start/);
  });
});
