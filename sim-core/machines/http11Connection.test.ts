// Ported from python-hyper/h11 h11/tests/test_state.py (ConnectionState sequences) and the
// transition tables in h11/_state.py, driven through the XState machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { H11Event } from '../h11/events';
import {
  EVENT_TRIGGERED_TRANSITIONS,
  H11_ROLE_STATES,
  type H11Role,
  type H11State,
  http11ConnectionMachine,
} from './http11Connection';

const req = (headers: [string, string][] = [['host', 'a']], method = 'GET'): H11Event => ({
  type: 'Request',
  method,
  target: '/',
  headers,
});
const resp = (status_code = 200, headers: [string, string][] = [['content-length', '0']]): H11Event => ({
  type: 'Response',
  status_code,
  headers,
});
const info = (status_code = 100): H11Event => ({ type: 'InformationalResponse', status_code, headers: [] });
const data: H11Event = { type: 'Data', data: '' };
const eom: H11Event = { type: 'EndOfMessage' };
const closed: H11Event = { type: 'ConnectionClosed' };

function start(ourRole: H11Role) {
  const actor = createActor(http11ConnectionMachine, { input: { ourRole } });
  actor.start();
  return actor;
}

/** Drive a client-side connection: CLIENT events are sent, SERVER events received. */
function clientSide() {
  const actor = start('CLIENT');
  return {
    actor,
    client: (event: H11Event) => actor.send({ type: 'send', event }),
    server: (event: H11Event) => actor.send({ type: 'receive', event }),
    states: () => actor.getSnapshot().value as Record<H11Role, H11State>,
    error: () => actor.getSnapshot().context.lastError,
  };
}

describe('the statechart', () => {
  it('starts with both roles IDLE and h11 state names as region values', () => {
    const actor = start('SERVER');
    expect(actor.getSnapshot().value).toEqual({ CLIENT: 'IDLE', SERVER: 'IDLE' });
    expect(actor.getSnapshot().context.ourRole).toBe('SERVER');
  });

  it('has exactly the states of h11/_state.py in each region', () => {
    const root = http11ConnectionMachine.root;
    for (const role of ['CLIENT', 'SERVER'] as const) {
      expect(Object.keys(root.states[role]?.states ?? {}).sort()).toEqual([...H11_ROLE_STATES[role]].sort());
      expect(Object.keys(EVENT_TRIGGERED_TRANSITIONS[role]).sort()).toEqual(
        [...H11_ROLE_STATES[role]].sort(),
      );
    }
  });
});

describe('test_state.py sequences', () => {
  it('test_ConnectionState: basic event-triggered transitions, the SERVER-Request special case', () => {
    const c = clientSide();
    c.client(req());
    expect(c.states()).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' });
    c.server(info());
    expect(c.states()).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' });
    c.server(resp());
    expect(c.states()).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_BODY' });
    c.client(eom);
    c.server(eom);
    expect(c.states()).toEqual({ CLIENT: 'DONE', SERVER: 'DONE' });
    c.server(closed);
    expect(c.states()).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'CLOSED' });
  });

  it('an illegal transition raises and the offending role goes to ERROR', () => {
    const c = clientSide();
    c.client(req());
    c.client(req());
    expect(c.error()).toEqual({
      class: 'LocalProtocolError',
      message: "can't handle event type Request when role=CLIENT and state=SEND_BODY",
    });
    expect(c.states()).toEqual({ CLIENT: 'ERROR', SERVER: 'SEND_RESPONSE' });
  });

  it('test_ConnectionState_keep_alive: Connection: close turns DONE into MUST_CLOSE', () => {
    const c = clientSide();
    c.client(
      req([
        ['host', 'a'],
        ['connection', 'close'],
      ]),
    );
    c.client(eom);
    expect(c.states()).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'SEND_RESPONSE' });
    c.server(resp());
    c.server(eom);
    expect(c.states()).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'MUST_CLOSE' });
  });

  it('test_ConnectionState_keep_alive_in_DONE: disabling keep-alive when the client is already DONE', () => {
    const c = clientSide();
    c.client(req());
    c.client(eom);
    expect(c.states().CLIENT).toBe('DONE');
    c.server(
      resp(200, [
        ['connection', 'close'],
        ['content-length', '0'],
      ]),
    );
    expect(c.states()).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'SEND_BODY' });
  });

  for (const kind of ['CONNECT', 'UPGRADE'] as const) {
    const proposal =
      kind === 'CONNECT'
        ? req([['host', 'a']], 'CONNECT')
        : req([
            ['host', 'a'],
            ['upgrade', 'x'],
          ]);
    const body = [
      ['host', 'a'],
      ['content-length', '1'],
    ] as [string, string][];
    const proposalWithBody: H11Event =
      kind === 'CONNECT' ? req(body, 'CONNECT') : req([...body, ['upgrade', 'x']]);
    for (const denyEarly of [true, false]) {
      it(`test_ConnectionState_switch_denied (${kind}, deny_early=${denyEarly})`, () => {
        const c = clientSide();
        c.client(proposalWithBody);
        c.client({ type: 'Data', data: 'x' });
        expect(c.states()).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' });
        expect(c.actor.getSnapshot().context.pendingSwitchProposals[kind]).toBe(true);
        if (denyEarly) {
          c.server(resp(400));
          expect(c.actor.getSnapshot().context.pendingSwitchProposals[kind]).toBe(false);
        }
        c.client(eom);
        if (denyEarly) {
          expect(c.states()).toEqual({ CLIENT: 'DONE', SERVER: 'SEND_BODY' });
        } else {
          expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
          c.server(info(100));
          expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
          c.server(resp(400));
          expect(c.states()).toEqual({ CLIENT: 'DONE', SERVER: 'SEND_BODY' });
        }
      });
    }
    it(`test_ConnectionState_protocol_switch_accepted (${kind})`, () => {
      const c = clientSide();
      c.client(proposal);
      c.client(eom);
      expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
      c.server(info(100));
      expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
      c.server(kind === 'UPGRADE' ? info(101) : resp(200, []));
      expect(c.states()).toEqual({ CLIENT: 'SWITCHED_PROTOCOL', SERVER: 'SWITCHED_PROTOCOL' });
    });
  }

  it('test_ConnectionState_double_protocol_switch: CONNECT + Upgrade', () => {
    for (const accept of [null, 'UPGRADE', 'CONNECT'] as const) {
      const c = clientSide();
      c.client(
        req(
          [
            ['host', 'a'],
            ['upgrade', 'x'],
          ],
          'CONNECT',
        ),
      );
      c.client(eom);
      expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
      c.server(accept === 'UPGRADE' ? info(101) : accept === 'CONNECT' ? resp(200, []) : resp(404));
      expect(c.states()).toEqual(
        accept === null
          ? { CLIENT: 'DONE', SERVER: 'SEND_BODY' }
          : { CLIENT: 'SWITCHED_PROTOCOL', SERVER: 'SWITCHED_PROTOCOL' },
      );
    }
  });

  it('test_ConnectionState_inconsistent_protocol_switch: 101 without an Upgrade proposal', () => {
    const c = clientSide();
    c.client(req([['host', 'a']], 'CONNECT'));
    c.server(info(101));
    expect(c.error()).toEqual({
      class: 'RemoteProtocolError',
      message: 'Received server _SWITCH_UPGRADE event without a pending proposal',
    });
    expect(c.states().SERVER).toBe('ERROR');
  });

  it('test_ConnectionState_keepalive_protocol_switch_interaction: the switch wins over MUST_CLOSE', () => {
    const c = clientSide();
    c.client(
      req([
        ['host', 'a'],
        ['upgrade', 'x'],
        ['connection', 'close'],
        ['content-length', '1'],
      ]),
    );
    c.client({ type: 'Data', data: 'x' });
    expect(c.states()).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' });
    c.client(eom);
    expect(c.states()).toEqual({ CLIENT: 'MIGHT_SWITCH_PROTOCOL', SERVER: 'SEND_RESPONSE' });
    c.server(resp());
    expect(c.states()).toEqual({ CLIENT: 'MUST_CLOSE', SERVER: 'SEND_BODY' });
  });

  it('test_ConnectionState_reuse', () => {
    const c = clientSide();
    const reuse = () => c.actor.send({ type: 'startNextCycle' });
    reuse();
    expect(c.error()?.message).toBe('not in a reusable state. self.states={CLIENT: IDLE, SERVER: IDLE}');
    c.client(req());
    c.client(eom);
    reuse();
    expect(c.error()?.class).toBe('LocalProtocolError');
    c.server(resp());
    c.server(eom);
    reuse();
    expect(c.error()).toBeNull();
    expect(c.states()).toEqual({ CLIENT: 'IDLE', SERVER: 'IDLE' });

    // no keep-alive
    c.client(
      req([
        ['host', 'a'],
        ['connection', 'close'],
      ]),
    );
    c.client(eom);
    c.server(resp());
    c.server(eom);
    reuse();
    expect(c.error()?.message).toBe(
      'not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}',
    );

    // one side closed
    const d = clientSide();
    d.client(req());
    d.client(eom);
    d.client(closed);
    d.server(resp());
    d.server(eom);
    expect(d.states()).toEqual({ CLIENT: 'CLOSED', SERVER: 'MUST_CLOSE' });
    d.actor.send({ type: 'startNextCycle' });
    expect(d.error()?.message).toBe(
      'not in a reusable state. self.states={CLIENT: CLOSED, SERVER: MUST_CLOSE}',
    );

    // failed protocol switch: reusable
    const e = clientSide();
    e.client(
      req([
        ['host', 'a'],
        ['upgrade', 'x'],
      ]),
    );
    e.client(eom);
    e.server(resp());
    e.server(eom);
    e.actor.send({ type: 'startNextCycle' });
    expect(e.error()).toBeNull();
    expect(e.states()).toEqual({ CLIENT: 'IDLE', SERVER: 'IDLE' });
  });

  it('test_server_request_is_illegal', () => {
    const actor = start('SERVER');
    actor.send({ type: 'send', event: req() });
    expect(actor.getSnapshot().context.lastError).toEqual({
      class: 'LocalProtocolError',
      message: "can't handle event type Request when role=SERVER and state=IDLE",
    });
  });

  it('clears lastError at the start of the next operation', () => {
    const c = clientSide();
    c.client(resp());
    expect(c.error()).not.toBeNull();
    c.server(closed);
    expect(c.error()).toBeNull();
  });
});

describe('ConnectionClosed received in each server state (client side)', () => {
  const setups: [
    string,
    (c: ReturnType<typeof clientSide>) => void,
    string | null,
    Record<H11Role, H11State>,
  ][] = [
    ['IDLE', () => {}, null, { CLIENT: 'MUST_CLOSE', SERVER: 'CLOSED' }],
    [
      'SEND_RESPONSE',
      (c) => {
        c.client(req());
        c.client(eom);
      },
      "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
      { CLIENT: 'MUST_CLOSE', SERVER: 'ERROR' },
    ],
    [
      'SEND_BODY (Content-Length)',
      (c) => {
        c.client(req());
        c.client(eom);
        c.server(resp(200, [['content-length', '7']]));
        c.server({ type: 'Data', data: 'é' });
      },
      'peer closed connection without sending complete message body (received 2 bytes, expected 7)',
      { CLIENT: 'MUST_CLOSE', SERVER: 'ERROR' },
    ],
    [
      'SEND_BODY (close-delimited)',
      (c) => {
        c.client(req());
        c.client(eom);
        c.server(resp(200, []));
      },
      null,
      { CLIENT: 'MUST_CLOSE', SERVER: 'CLOSED' },
    ],
    [
      'DONE',
      (c) => {
        c.client(req());
        c.client(eom);
        c.server(resp());
        c.server(eom);
      },
      null,
      { CLIENT: 'MUST_CLOSE', SERVER: 'CLOSED' },
    ],
  ];
  for (const [name, prepare, message, final] of setups) {
    it(name, () => {
      const c = clientSide();
      prepare(c);
      c.server(closed);
      expect(c.error()?.message ?? null).toBe(message);
      if (message) expect(c.error()?.class).toBe('RemoteProtocolError');
      expect(c.states()).toEqual(final);
    });
  }
});

describe('property: random operation sequences', () => {
  const eventArb: fc.Arbitrary<H11Event> = fc.oneof(
    fc.constantFrom<H11Event>(
      req(),
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
      { type: 'Request', method: 'GET', target: '/', headers: [], http_version: '1.0' },
      req([]),
      info(100),
      info(101),
      resp(),
      resp(200, []),
      resp(204, []),
      resp(200, [['content-length', '3']]),
      resp(200, [['connection', 'close']]),
      eom,
      { type: 'EndOfMessage', headers: [['x', 'y']] },
      closed,
    ),
    fc.integer({ min: 0, max: 5 }).map((n): H11Event => ({ type: 'Data', data: 'x'.repeat(n) })),
    fc.constant(data),
  );
  const opArb = fc.oneof(
    eventArb.map((event) => ({ type: 'send' as const, event })),
    eventArb.map((event) => ({ type: 'receive' as const, event })),
    fc.constant({ type: 'startNextCycle' as const }),
  );

  it('keeps both roles in valid h11 states, regions in step with the core, and ERROR absorbing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<H11Role>('CLIENT', 'SERVER'),
        fc.array(opArb, { maxLength: 40 }),
        (role, ops) => {
          const actor = start(role);
          const erroredAt: Partial<Record<H11Role, true>> = {};
          for (const op of ops) {
            actor.send(op);
            const snap = actor.getSnapshot();
            const value = snap.value as Record<H11Role, H11State>;
            for (const r of ['CLIENT', 'SERVER'] as const) {
              expect(H11_ROLE_STATES[r]).toContain(value[r]);
              // the statechart's regions reached the state the core computed
              expect(value[r]).toBe(snap.context.states[r]);
              // once a role is ERROR it stays ERROR for the life of the connection (h11 has no way out)
              if (erroredAt[r]) expect(value[r]).toBe('ERROR');
              if (value[r] === 'ERROR') erroredAt[r] = true;
            }
            // an operation that put nobody in ERROR and moved nobody still may have failed only
            // with the messages h11 raises without a state change
            if (snap.context.lastError && !Object.values(value).includes('ERROR')) {
              expect(snap.context.lastError.class).toBe('LocalProtocolError');
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
