import { describe, expect, it } from 'vitest';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import { leakyServerMachine, serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { presetRun } from './fixtures/presetRuns';
import { activeStateIds, statechartOf, transitionLabel } from './statechart';

describe('statechart from the XState definition', () => {
  it('reads every TCP state and its transitions with guards and descriptions', () => {
    const chart = statechartOf(tcpEndpointMachine);
    expect(chart.machine).toBe('tcpEndpoint');
    const atomic = chart.states.filter((s) => s.parent === '').map((s) => s.id);
    expect(atomic).toEqual(Object.keys(tcpEndpointMachine.root.states));
    expect(chart.states.find((s) => s.id === 'CLOSED')?.initial).toBe(true);
    const fin = chart.transitions.find((t) => t.source === 'ESTABLISHED' && t.target === 'CLOSE-WAIT')!;
    expect(fin).toMatchObject({ kind: 'event', event: 'SEGMENT', guard: 'isFin' });
    expect(fin.description).toContain('nothing tells the application');
    expect(transitionLabel(fin)).toBe('SEGMENT [isFin]');
    // A write in ESTABLISHED sends data and stays: an action-only transition, kept without a target.
    expect(chart.transitions.find((t) => t.source === 'ESTABLISHED' && t.event === 'WRITE')).toMatchObject({
      target: null,
      actions: ['sendData'],
    });
    // The root-level READ is there too.
    expect(chart.transitions.some((t) => t.source === '' && t.event === 'READ')).toBe(true);
    const timeWait = chart.transitions.find((t) => t.source === 'TIME-WAIT' && t.target === 'CLOSED')!;
    expect(timeWait).toMatchObject({ kind: 'after', event: 'after timeWait' });
  });

  it('keeps h11’s two parallel regions and labels eventless edges by their h11 event', () => {
    const chart = statechartOf(http11ConnectionMachine);
    expect(chart.rootType).toBe('parallel');
    expect(chart.states.filter((s) => s.parent === '').map((s) => s.id)).toEqual(['CLIENT', 'SERVER']);
    const toError = chart.transitions.find(
      (t) => t.source === 'SERVER.SEND_RESPONSE' && t.target === 'SERVER.ERROR',
    )!;
    expect(toError.kind).toBe('always');
    expect(transitionLabel(toError)).toBe('protocol error by the server');
    expect(activeStateIds(chart, 'DONE/SEND_RESPONSE')).toEqual(['CLIENT.DONE', 'SERVER.SEND_RESPONSE']);
    expect(activeStateIds(chart, 'MUST_CLOSE/ERROR')).toEqual(['CLIENT.MUST_CLOSE', 'SERVER.ERROR']);
  });

  it('differs where the machines differ: a timed belief and a leaky server', () => {
    const plain = statechartOf(pooledConnectionMachine).transitions.filter((t) => t.kind === 'after');
    const timed = statechartOf(timedPooledConnectionMachine).transitions.filter((t) => t.kind === 'after');
    expect(plain).toEqual([]);
    expect(timed).toEqual([
      expect.objectContaining({ source: 'idle', target: 'closed', event: 'after idleExpiry' }),
    ]);
    const leaky = statechartOf(leakyServerMachine).transitions.filter(
      (t) => t.source === 'processing' && t.kind === 'after',
    );
    expect(leaky.map((t) => t.event)).toEqual(['after processing', 'after processing', 'after leakedTimer']);
    expect(
      statechartOf(serverMachine).transitions.filter((t) => t.source === 'processing' && t.kind === 'after'),
    ).toHaveLength(2);
  });

  it('names a chart state for every state the trace records', () => {
    const { trace } = presetRun('issue-96', 7);
    const charts = {
      tcp: statechartOf(tcpEndpointMachine),
      h11: statechartOf(http11ConnectionMachine),
      belief: statechartOf(pooledConnectionMachine),
      server: statechartOf(serverMachine),
    } as const;
    for (const e of trace) {
      if (e.kind !== 'state' || e.machine === 'pool') continue;
      const chart = charts[e.machine];
      const ids = activeStateIds(chart, e.to);
      expect(ids.length, `${e.machine} ${e.to}`).toBe(chart.rootType === 'parallel' ? 2 : 1);
    }
  });
});
