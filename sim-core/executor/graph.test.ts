// Equivalence on enumerated paths: @xstate/graph's shortest paths to every (coarsened) state of
// each machine, delayed transitions included as their `xstate.after.*` events, replayed through
// the executor and XState in lock step (harness.ts) and compared after every step.
import { getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { clientPoolMachine, type PoolRules } from '../machines/clientPool';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import { leakyServerMachine, serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { afterEventTypes, LockStep, poolInput, WORLD_MACHINES } from './harness';

type Event = { type: string } & Record<string, unknown>;

interface GraphCase {
  name: string;
  machine: AnyStateMachine;
  input?: (now: () => number) => unknown;
  events: Event[];
  /** Bounds the state space: what is serialised per state (defaults to value + context). */
  coarse?: (context: Record<string, unknown>) => unknown;
}

const p = { label: 'GET /', bytes: 10, message: null };
const tcpEvents: Event[] = [
  { type: 'CONNECT' },
  { type: 'LISTEN' },
  { type: 'READ' },
  { type: 'CLOSE' },
  { type: 'WRITE', payload: p },
  ...['SYN', 'SYN-ACK', 'ACK', 'FIN', 'RST'].map((flag) => ({ type: 'SEGMENT', flag })),
  { type: 'SEGMENT', flag: 'DATA', payload: p },
];
const beliefEvents: Event[] = [
  { type: 'CONNECTED' },
  { type: 'CHECKOUT' },
  { type: 'RELEASE', expiryMs: null },
  { type: 'RELEASE', expiryMs: 5000 },
  { type: 'DISCARD', reason: 'x' },
];
const serverEvents: Event[] = [
  { type: 'REQUEST', serviceMs: 100, clientWantsClose: false },
  { type: 'REQUEST', serviceMs: 50, clientWantsClose: true },
  { type: 'PEER_GONE' },
];
const poolEvents: Event[] = [
  { type: 'ACQUIRE', attempt: '1.1', fresh: false },
  { type: 'ACQUIRE', attempt: '2.1', fresh: true },
  { type: 'RELEASE', conn: 1 },
  { type: 'RELEASE', conn: 2 },
  { type: 'DROP_BUSY', conn: 1 },
  { type: 'DROP_IDLE', conn: 1, reason: 'reader' },
  { type: 'DROP_IDLE', conn: 2, reason: 'expired' },
];
const get = { type: 'Request', method: 'GET', target: '/', headers: [['host', 'a']], http_version: '1.1' };
const h11Events: Event[] = [
  ...[
    get,
    {
      ...get,
      headers: [
        ['host', 'a'],
        ['connection', 'close'],
      ],
    },
    {
      ...get,
      headers: [
        ['host', 'a'],
        ['upgrade', 'h2c'],
      ],
    },
    { ...get, method: 'CONNECT' },
    { type: 'InformationalResponse', status_code: 101, headers: [] },
    { type: 'Response', status_code: 200, headers: [['content-length', '0']] },
    { type: 'Response', status_code: 200, headers: [] },
    { type: 'EndOfMessage' },
    { type: 'ConnectionClosed' },
  ].flatMap((event) => [
    { type: 'send', event },
    { type: 'receive', event },
  ]),
  { type: 'startNextCycle' },
];

const rules = (over: Partial<PoolRules>): PoolRules => ({
  reuseOrder: 'lifo',
  atCheckout: 'poll',
  scope: 'until-good',
  expiryCheck: { kind: 'at-checkout' },
  maxConnections: 2,
  maxIdle: null,
  ...over,
});
const cap = (n: number) => Math.min(n, 2);

const CASES: GraphCase[] = [
  {
    name: 'tcpEndpoint',
    machine: tcpEndpointMachine,
    events: tcpEvents,
    coarse: (c) => ({ ...c, recvQueue: cap((c.recvQueue as unknown[]).length) }),
  },
  { name: 'pooledConnection', machine: pooledConnectionMachine, events: beliefEvents },
  { name: 'pooledConnection (timed)', machine: timedPooledConnectionMachine, events: beliefEvents },
  ...[serverMachine, leakyServerMachine].flatMap((machine, i) =>
    [null, 2].map((requestsPerConnection) => ({
      name: `server${i ? ' (leaky)' : ''}, requestsPerConnection ${requestsPerConnection}`,
      machine,
      input: (now: () => number) => ({ idleCloseMs: 5000, requestsPerConnection, nowMs: now }),
      events: serverEvents,
      coarse: (c: Record<string, unknown>) => ({ ...c, handled: cap(c.handled as number) }),
    })),
  ),
  ...(['lifo', 'arbitrary'] as const).flatMap((reuseOrder) =>
    (['whole-pool', 'until-good'] as const).map((scope) => ({
      name: `clientPool ${reuseOrder} ${scope}`,
      machine: clientPoolMachine,
      input: (now: () => number) => poolInput(rules({ reuseOrder, scope, maxIdle: 1 }), (c) => c * 7, now),
      events: poolEvents,
      coarse: (c: Record<string, unknown>) => ({
        idle: c.idle,
        busy: Math.max(-1, Math.min(c.busy as number, 3)),
        lastSweepMs: c.lastSweepMs,
        waiting: cap((c.waiting as { size: number }).size),
      }),
    })),
  ),
  ...(['CLIENT', 'SERVER'] as const).map((ourRole) => ({
    name: `http11Connection ${ourRole}`,
    machine: http11ConnectionMachine,
    input: () => ({ ourRole }),
    events: h11Events,
    coarse: (c: Record<string, unknown>) => ({
      ...c,
      lastError: (c.lastError as { class: string } | null)?.class ?? null,
    }),
  })),
];

describe('executor ≡ XState 5.33 on @xstate/graph shortest paths', () => {
  let total = 0;
  for (const c of CASES) {
    it(c.name, () => {
      const events = [...c.events, ...afterEventTypes(c.machine).map((type) => ({ type }))];
      const input = c.input?.(() => 0);
      const paths = getShortestPaths(c.machine, {
        events,
        ...(input === undefined ? {} : { input }),
        serializeState: (s: unknown) => {
          const snap = s as unknown as { value: unknown; context: Record<string, unknown> };
          return JSON.stringify([snap.value, c.coarse ? c.coarse(snap.context) : snap.context]);
        },
        limit: 200_000,
      } as never);
      expect(paths.length).toBeGreaterThan(1);
      for (const path of paths) {
        const pair = new LockStep(c.machine, c.input);
        for (const step of path.steps) {
          if (step.event.type === 'xstate.init') continue;
          pair.send(step.event as Event);
        }
      }
      total += paths.length;
    });
  }
  it('covers every machine the world runs', () => {
    const covered = new Set(CASES.map((c) => c.machine));
    for (const m of WORLD_MACHINES) expect(covered.has(m), m.id).toBe(true);
    expect(total).toBeGreaterThan(0);
  });
});
