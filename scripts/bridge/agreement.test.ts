import { describe, expect, it } from 'vitest';
import { sweepGaps } from '../../sim-core/experiments/sweep';
import { disagreements, edgeErrors, type LaneView, simWindow } from './agreement';
import { twinScenario } from './real';

const twin = (client: string) =>
  twinScenario({
    client,
    server: 'node-http-20',
    delayMs: 20,
    gapsMs: [1940],
    idleTimeoutMs: 1000,
    keepAliveHint: false,
    method: 'GET',
    sweep: true,
    maxWaitMs: 40_000,
  });
const window = (client: string) =>
  simWindow(
    sweepGaps(
      twin(client),
      Array.from({ length: 101 }, (_, i) => 1950 + i * 0.2),
    ),
  )!;

describe('edgeErrors: what the twin raises at the lower edge when the server loop lags', () => {
  it('with the server loop 3 ms behind, a reset appears at the lower edge where the calm twin raises none', () => {
    for (const client of ['undici-7', 'node-agent-20']) {
      const w = window(client);
      expect(w.errors).not.toContain('Error: read ECONNRESET');
      expect(edgeErrors(twin(client), w, 3)).toContain('Error: read ECONNRESET');
    }
  });

  it('without lag nothing new appears below the edge', () => {
    const w = window('undici-7');
    expect(edgeErrors(twin('undici-7'), w, 0)).toEqual([]);
    expect(edgeErrors(twin('undici-7'), w, 0.01).every((e) => w.errors.includes(e))).toBe(true);
  });
});

describe('disagreements: an edge error agrees only within the lane tolerance of the lower edge', () => {
  const w = { ...window('undici-7'), edgeErrors: ['Error: read ECONNRESET'] };
  const lane = (gLoMs: number): LaneView => ({
    gapMs: gLoMs,
    actualGapMs: gLoMs,
    outcome: 'failed',
    reused: true,
    error: 'Error: read ECONNRESET',
    gLoMs,
    gHiMs: gLoMs,
    toleranceMs: 3,
    serverCloseMs: 2000,
    clientLateMs: 0,
  });
  it('at the edge: agrees', () => {
    expect(disagreements([lane(w.fromMs - 1)], w)).toEqual([]);
  });
  it('inside the window, past the tolerance: flagged', () => {
    const bad = disagreements([lane(w.fromMs + 10)], w);
    expect(bad.map((b) => b.why)).toEqual([`error "Error: read ECONNRESET" ≠ simulated "${w.error}"`]);
  });
});
