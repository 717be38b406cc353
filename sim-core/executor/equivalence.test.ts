// Equivalence of the executor with XState 5.33, machine by machine: random event sequences
// (fast-check) with timers fired in between, compared after every step (harness.ts LockStep:
// status, value, context, emitted events, timers scheduled and cancelled).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import type { H11Event } from '../h11/events';
import { clientPoolMachine, type PoolRules } from '../machines/clientPool';
import { http11ConnectionMachine } from '../machines/http11Connection';
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import { leakyServerMachine, serverMachine } from '../machines/server';
import { tcpEndpointMachine } from '../machines/tcpEndpoint';
import { LockStep, POOL_RULE_CHOICES, poolInput } from './harness';

type Event = { type: string } & Record<string, unknown>;
type Step = { send: Event } | { fire: true };

const RUNS = 300;
let stepsChecked = 0;

function drive(machine: AnyStateMachine, input: ((now: () => number) => unknown) | undefined, steps: Step[]) {
  const pair = new LockStep(machine, input);
  for (const s of steps) {
    if ('fire' in s) pair.fire();
    else pair.send(s.send);
  }
  // drain the timers still pending: each firing is a step too
  for (let i = 0; i < 10 && pair.fire(); i++);
  stepsChecked += pair.steps;
}

const withTimers = (events: fc.Arbitrary<Event>): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: events.map((send) => ({ send })) },
      fc.constant({ fire: true as const }),
    ),
    {
      maxLength: 40,
      size: 'max',
    },
  );

const payload = fc.record({
  label: fc.constantFrom('GET /', 'HTTP 200'),
  bytes: fc.nat(500),
  message: fc.constant(null),
});
const tcpEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.constantFrom<Event>({ type: 'CONNECT' }, { type: 'LISTEN' }, { type: 'READ' }, { type: 'CLOSE' }),
  payload.map((p) => ({ type: 'WRITE', payload: p })),
  fc.constantFrom('SYN', 'SYN-ACK', 'ACK', 'FIN', 'RST').map((flag) => ({ type: 'SEGMENT', flag })),
  payload.map((p) => ({ type: 'SEGMENT', flag: 'DATA', payload: p })),
);
const beliefEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.constantFrom<Event>({ type: 'CONNECTED' }, { type: 'CHECKOUT' }, { type: 'DISCARD', reason: 'x' }),
  fc.option(fc.integer({ min: 0, max: 9000 })).map((expiryMs) => ({ type: 'RELEASE', expiryMs })),
);
const serverEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ serviceMs: fc.integer({ min: 0, max: 300 }), clientWantsClose: fc.boolean() }).map((r) => ({
    type: 'REQUEST',
    ...r,
  })),
  fc.constant<Event>({ type: 'PEER_GONE' }),
);
const serverInput = fc.record({
  idleCloseMs: fc.integer({ min: 0, max: 6000 }),
  requestsPerConnection: fc.option(fc.integer({ min: 1, max: 4 })),
});
const conn = fc.integer({ min: 1, max: 4 });
const poolEvent: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ attempt: fc.constantFrom('1.1', '2.1', '3.1', '1.2'), fresh: fc.boolean() }).map((r) => ({
    type: 'ACQUIRE',
    ...r,
  })),
  conn.map((c) => ({ type: 'RELEASE', conn: c })),
  conn.map((c) => ({ type: 'DROP_BUSY', conn: c })),
  conn.map((c) => ({ type: 'DROP_IDLE', conn: c, reason: 'reader' })),
);
const poolRules: fc.Arbitrary<PoolRules> = fc.record({
  reuseOrder: fc.constantFrom(...POOL_RULE_CHOICES.reuseOrder),
  atCheckout: fc.constantFrom(...POOL_RULE_CHOICES.atCheckout),
  scope: fc.constantFrom(...POOL_RULE_CHOICES.scope),
  expiryCheck: fc.constantFrom(
    null,
    { kind: 'at-checkout' as const },
    { kind: 'swept-at-checkout' as const, everyMs: 1000 },
    { kind: 'timer' as const },
  ),
  maxConnections: fc.integer({ min: 1, max: 3 }),
  maxIdle: fc.option(fc.integer({ min: 0, max: 2 })),
});

const req = (headers: [string, string][], method = 'GET', http_version = '1.1'): H11Event =>
  ({ type: 'Request', method, target: '/', headers, http_version }) as H11Event;
const h11Event: fc.Arbitrary<H11Event> = fc.oneof(
  fc.constantFrom<H11Event>(
    req([['host', 'a']]),
    req([
      ['host', 'a'],
      ['content-length', '3'],
    ]),
    req([
      ['host', 'a'],
      ['transfer-encoding', 'chunked'],
    ]),
    req([
      ['host', 'a'],
      ['connection', 'close'],
    ]),
    req([
      ['host', 'a'],
      ['upgrade', 'h2c'],
    ]),
    req([['host', 'a']], 'CONNECT'),
    req([['host', 'a']], 'HEAD'),
    req([], 'GET', '1.0'),
    { type: 'InformationalResponse', status_code: 100, headers: [] },
    { type: 'InformationalResponse', status_code: 101, headers: [] },
    { type: 'Response', status_code: 200, headers: [['content-length', '0']] },
    { type: 'Response', status_code: 200, headers: [] },
    { type: 'Response', status_code: 204, headers: [] },
    { type: 'Response', status_code: 200, headers: [['connection', 'close']] },
    { type: 'EndOfMessage' },
    { type: 'ConnectionClosed' },
  ),
  fc.integer({ min: 0, max: 5 }).map((n): H11Event => ({ type: 'Data', data: 'x'.repeat(n) })),
);
const h11Op: fc.Arbitrary<Event> = fc.oneof(
  h11Event.map((event) => ({ type: 'send', event })),
  h11Event.map((event) => ({ type: 'receive', event })),
  fc.constant<Event>({ type: 'startNextCycle' }),
);

describe('executor ≡ XState 5.33 on random event sequences (value, context, emitted, timers after every step)', () => {
  it('tcpEndpoint', () => {
    fc.assert(
      fc.property(withTimers(tcpEvent), (steps) => drive(tcpEndpointMachine, undefined, steps)),
      { numRuns: RUNS },
    );
  });
  it('http11Connection (both roles)', () => {
    fc.assert(
      fc.property(fc.constantFrom('CLIENT', 'SERVER'), withTimers(h11Op), (ourRole, steps) =>
        drive(http11ConnectionMachine, () => ({ ourRole }), steps),
      ),
      { numRuns: RUNS },
    );
  });
  it('pooledConnection (checkout expiry and timer expiry)', () => {
    fc.assert(
      fc.property(fc.boolean(), withTimers(beliefEvent), (timed, steps) =>
        drive(timed ? timedPooledConnectionMachine : pooledConnectionMachine, undefined, steps),
      ),
      { numRuns: RUNS },
    );
  });
  it('server (correct and leaky idle timer)', () => {
    fc.assert(
      fc.property(fc.boolean(), serverInput, withTimers(serverEvent), (leaky, input, steps) =>
        drive(leaky ? leakyServerMachine : serverMachine, (now) => ({ ...input, nowMs: now }), steps),
      ),
      { numRuns: RUNS },
    );
  });
  it('clientPool (every rule combination)', () => {
    fc.assert(
      fc.property(
        poolRules,
        fc.array(fc.nat(30), { minLength: 5, maxLength: 5 }),
        withTimers(poolEvent),
        (rules, facts, steps) =>
          drive(clientPoolMachine, (now) => poolInput(rules, (c) => facts[c] ?? 0, now), steps),
      ),
      { numRuns: RUNS },
    );
    // every machine above ran: the comparisons are counted, not assumed
    expect(stepsChecked).toBeGreaterThan(50 * RUNS);
  });
});
