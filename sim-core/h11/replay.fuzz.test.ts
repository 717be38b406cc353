// Seeded fuzz of the h11 replay (issue 10 §7): random scripts — mostly well-formed operations a
// real h11 session could see, mixed with broken lines and names from Object.prototype — must
// either replay with one JSON line per operation that obeys h11's rules for where an error is
// raised and which side it marks, or be refused with one ReplayInputError naming its line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, PROTOTYPE_NAMES } from '../tests/fuzz';
import { REPLAY_LIMITS, ReplayInputError, replayH11 } from './replay';

const RUNS = 2000;

/** h11's connection states (h11/_state.py). */
const H11_STATES = new Set([
  'IDLE',
  'SEND_BODY',
  'DONE',
  'MUST_CLOSE',
  'CLOSED',
  'ERROR',
  'MIGHT_SWITCH_PROTOCOL',
  'SWITCHED_PROTOCOL',
  'SEND_RESPONSE',
]);

const header = fc.oneof(
  fc.constant(['host', 'example']),
  fc.constant(['connection', 'close']),
  fc.constant(['connection', 'keep-alive']),
  fc.constant(['transfer-encoding', 'chunked']),
  fc.constant(['expect', '100-continue']),
  fc.constant(['upgrade', 'websocket']),
  fc.tuple(fc.constant('content-length'), fc.oneof(fc.nat({ max: 12 }).map(String), fc.constant('x'))),
  fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 4 })),
);
const headers = fc.array(header, { maxLength: 3 });
const version = fc.option(fc.constantFrom('1.1', '1.0'), { nil: undefined });

const event = fc.oneof(
  fc.record(
    {
      type: fc.constant('Request'),
      method: fc.constantFrom('GET', 'HEAD', 'POST', 'CONNECT'),
      target: fc.constant('/'),
      headers,
      http_version: version,
    },
    { requiredKeys: ['type', 'method', 'target', 'headers'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('Response', 'InformationalResponse'),
      status_code: fc.constantFrom(100, 101, 200, 204, 304, 400, 500),
      headers,
      http_version: version,
    },
    { requiredKeys: ['type', 'status_code', 'headers'] },
  ),
  fc.record(
    { type: fc.constant('Data'), data: fc.constantFrom('', 'ok', 'hello', '0123456789'), length: fc.nat(12) },
    { requiredKeys: ['type', 'data'] },
  ),
  fc.record({ type: fc.constant('EndOfMessage'), headers }, { requiredKeys: ['type'] }),
  fc.constant({ type: 'ConnectionClosed' }),
);

/** A line of a script, with what it is, so the check knows which lines print output. */
type Line = { text: string; kind: 'role' | 'send' | 'receive' | 'cycle' | 'other' };

const roleLine: fc.Arbitrary<Line> = fc
  .constantFrom('CLIENT', 'SERVER')
  .map((r): Line => ({ text: JSON.stringify({ our_role: r }), kind: 'role' }));

const goodLine: fc.Arbitrary<Line> = fc.oneof(
  { weight: 1, arbitrary: roleLine },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom('send', 'receive'), event)
      .map(([op, ev]): Line => ({ text: JSON.stringify({ op, event: ev }), kind: op as 'send' | 'receive' })),
  },
  { weight: 1, arbitrary: fc.constant<Line>({ text: '{"op":"start_next_cycle"}', kind: 'cycle' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Line>({ text: '', kind: 'other' }, { text: '# note', kind: 'other' }),
  },
);

const proto = fc.constantFrom(...PROTOTYPE_NAMES);
const badLine: fc.Arbitrary<Line> = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.json({ maxDepth: 3 }),
    proto.map((p) => JSON.stringify({ op: p })),
    proto.map((p) => JSON.stringify({ our_role: p })),
    proto.map((p) => `{"${p}":1}`),
    proto.map((p) => JSON.stringify({ op: 'send', event: { type: p } })),
    proto.map((p) => JSON.stringify({ op: 'receive', event: { type: 'Data', data: 'x', [p]: 1 } })),
    proto.map((p) => JSON.stringify({ op: 'send', [p]: 1, event: { type: 'EndOfMessage' } })),
    fc.constant('{"op":"send","event":{"type":"Request","method":"GÉT","target":"/","headers":[]}}'),
    fc.constant('{"op":"receive","event":{"type":"Response","status_code":"200","headers":[]}}'),
  )
  .map((text): Line => ({ text, kind: 'other' }));

/** A whole exchange that h11 accepts, so random lines after it reach reuse, PAUSED and EOF. */
const op = (o: string, ev: object): Line => ({
  text: JSON.stringify({ op: o, event: ev }),
  kind: o as 'send',
});
const exchange: Line[] = [
  { text: '{"our_role":"CLIENT"}', kind: 'role' },
  op('send', { type: 'Request', method: 'GET', target: '/', headers: [['host', 'example']] }),
  op('send', { type: 'EndOfMessage' }),
  op('receive', { type: 'Response', status_code: 200, headers: [['content-length', '2']] }),
  op('receive', { type: 'Data', data: 'ok' }),
  op('receive', { type: 'EndOfMessage' }),
];

const script = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 8, arbitrary: goodLine.filter((l) => l.kind !== 'role') },
          { weight: 1, arbitrary: badLine },
        ),
        { maxLength: 12 },
      )
      .map((rest) => [...exchange, ...rest]),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(roleLine, fc.array(goodLine, { maxLength: 30 }))
      .map(([role, rest]) => [role, ...rest]),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof({ weight: 6, arbitrary: goodLine }, { weight: 1, arbitrary: badLine }), {
      maxLength: 30,
    }),
  },
);

type Out = { error?: string; message?: string; our_state: string; their_state: string; next_event?: string };

/** What the cases reached, so a generator that stopped reaching h11's rules fails the test. */
const seen = { refused: 0, accepted: 0, local: 0, remote: 0, paused: 0 };

function check(lines: Line[]): void {
  const text = lines.map((l) => l.text).join('\n');
  let out: string[];
  try {
    out = replayH11(text).lines;
  } catch (e) {
    // A refusal is one line naming a line of the script.
    expect(e).toBeInstanceOf(ReplayInputError);
    const err = e as ReplayInputError;
    expect(err.message).not.toMatch(/[\n\r]/);
    expect(err.message).toMatch(/^line \d+: /);
    expect(err.lineNumber).toBeGreaterThanOrEqual(1);
    expect(err.lineNumber).toBeLessThanOrEqual(lines.length);
    expect(err.message.length).toBeLessThan(300);
    seen.refused++;
    return;
  }
  // Accepted: every line was well formed, so the script has no 'other' line but blanks/comments.
  const ops = lines.filter((l) => l.kind === 'send' || l.kind === 'receive' || l.kind === 'cycle');
  expect(out).toHaveLength(ops.length);
  seen.accepted++;
  let prev: Out | null = null;
  let opIndex = 0;
  for (const l of lines) {
    // h11 starts both sides IDLE.
    if (l.kind === 'role') prev = { our_state: 'IDLE', their_state: 'IDLE' };
    if (l.kind !== 'send' && l.kind !== 'receive' && l.kind !== 'cycle') continue;
    const o = JSON.parse(out[opIndex++]!) as Out;
    expect(H11_STATES.has(o.our_state), o.our_state).toBe(true);
    expect(H11_STATES.has(o.their_state), o.their_state).toBe(true);
    if (o.error !== undefined) {
      expect(typeof o.message).toBe('string');
      seen[o.error === 'LocalProtocolError' ? 'local' : 'remote']++;
      // h11: Connection.send raises LocalProtocolError and marks our side ERROR — unless the event
      // itself is invalid (h11 refuses it when it is built, e.g. a Request without Host:, before
      // send sees it: no state changes); next_event raises RemoteProtocolError and marks their
      // side ERROR; start_next_cycle raises LocalProtocolError and changes no state.
      const unchanged = prev !== null && o.our_state === prev.our_state && o.their_state === prev.their_state;
      if (l.kind === 'send') {
        expect(o.error).toBe('LocalProtocolError');
        expect(o.our_state === 'ERROR' || unchanged, JSON.stringify(o)).toBe(true);
      } else if (l.kind === 'receive') {
        expect(o.error).toBe('RemoteProtocolError');
        expect(o.their_state).toBe('ERROR');
      } else {
        expect(o.error).toBe('LocalProtocolError');
        expect(unchanged, JSON.stringify(o)).toBe(true);
      }
    }
    if (o.next_event !== undefined) {
      expect(l.kind).toBe('receive');
      expect(o.next_event).toBe('PAUSED');
      seen.paused++;
    }
    prev = o;
  }
  // Deterministic: the same script replays to the same lines.
  expect(replayH11(text).lines).toEqual(out);
}

describe('h11 replay fuzz', () => {
  it(
    'a random script replays by h11’s rules or is refused with one line naming its line',
    () => {
      fc.assert(fc.property(script, check), fuzzParams('h11.replay', RUNS));
      const runs = fuzzParams('h11.replay', RUNS).numRuns!;
      expect(seen.accepted).toBeGreaterThan(runs / 3);
      expect(seen.refused).toBeGreaterThan(runs / 20);
      expect(seen.local).toBeGreaterThan(runs / 50);
      expect(seen.remote).toBeGreaterThan(runs / 50);
      expect(seen.paused).toBeGreaterThan(0);
    },
    fuzzTimeout(RUNS, 6),
  );

  it('limits are named in the refusal', () => {
    const small = { ...REPLAY_LIMITS, entries: 3 };
    const text =
      '{"our_role":"CLIENT"}\n{"op":"start_next_cycle"}\n\n# x\n{"op":"start_next_cycle"}\n{"our_role":"SERVER"}';
    expect(() => replayH11(text, small)).toThrow('line 6: more than 3 role lines and operations; at most 3');
    expect(() => replayH11('x'.repeat(11), { ...REPLAY_LIMITS, chars: 10 })).toThrow(
      'the script has 11 characters; at most 10',
    );
  });
});
