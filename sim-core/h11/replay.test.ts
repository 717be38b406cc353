import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runH11Command } from '../cli/h11Command';
import { ReplayInputError, replayH11 } from './replay';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const scripts = readdirSync(fixtures).filter((f) => f.endsWith('.jsonl') && !f.endsWith('.expected.jsonl'));

describe('fixtures (compare with real h11, see README)', () => {
  it('has the fixtures', () => {
    expect(scripts).toContain('issue-96-stale-reuse.jsonl');
    expect(scripts.length).toBeGreaterThanOrEqual(6);
  });
  for (const script of scripts) {
    it(`replays ${script}`, () => {
      const input = readFileSync(join(fixtures, script), 'utf8');
      const expected = readFileSync(join(fixtures, script.replace(/\.jsonl$/, '.expected.jsonl')), 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      expect(replayH11(input).lines).toEqual(expected);
    });
  }
});

describe('replayH11', () => {
  it('replays the issue-96 sequence', () => {
    const { lines } = replayH11(
      [
        '{"our_role":"CLIENT"}',
        '{"op":"send","event":{"type":"Request","method":"GET","target":"/","headers":[["host","example"]],"http_version":"1.1"}}',
        '{"op":"send","event":{"type":"EndOfMessage"}}',
        '{"op":"receive","event":{"type":"ConnectionClosed"}}',
        '{"op":"receive","event":{"type":"ConnectionClosed"}}',
      ].join('\n'),
    );
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { our_state: 'SEND_BODY', their_state: 'SEND_RESPONSE' },
      { our_state: 'DONE', their_state: 'SEND_RESPONSE' },
      {
        error: 'RemoteProtocolError',
        message: "can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
        our_state: 'MUST_CLOSE',
        their_state: 'ERROR',
      },
      {
        error: 'RemoteProtocolError',
        message: "Can't receive data when peer state is ERROR",
        our_state: 'MUST_CLOSE',
        their_state: 'ERROR',
      },
    ]);
  });

  it('ignores blank and comment lines; a new our_role line starts a fresh connection', () => {
    const { lines } = replayH11(
      '# c\n\n{"our_role":"SERVER"}\n{"op":"send","event":{"type":"ConnectionClosed"}}\n{"our_role":"SERVER"}\n{"op":"start_next_cycle"}\n',
    );
    expect(lines).toEqual([
      '{"our_state":"CLOSED","their_state":"MUST_CLOSE"}',
      '{"error":"LocalProtocolError","message":"not in a reusable state. self.states={CLIENT: IDLE, SERVER: IDLE}","our_state":"IDLE","their_state":"IDLE"}',
    ]);
  });

  const bad: [string, string][] = [
    ['{"op":"start_next_cycle"}', 'line 1: op before any {"our_role": ...} line'],
    ['{"our_role":"PROXY"}', 'line 1: our_role must be "CLIENT" or "SERVER"'],
    ['{"our_role":"CLIENT"}\nnot json', 'line 2: not valid JSON'],
    ['{"our_role":"CLIENT"}\n{"op":"fly"}', 'line 2: op must be "send", "receive" or "start_next_cycle"'],
    ['{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"Nope"}}', 'line 2: event.type must be one of'],
    [
      '{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"Request","method":"GET","headers":[]}}',
      'line 2: event.target must be a string',
    ],
    [
      '{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"Response","status_code":"200","headers":[]}}',
      'line 2: event.status_code must be a number',
    ],
    [
      '{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"Response","status_code":200,"headers":[["a"]]}}',
      'line 2: event.headers[0] must be a [name, value] pair of strings',
    ],
    [
      '{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"Data","data":"x","extra":1}}',
      'line 2: event.extra is not a field of Data',
    ],
  ];
  for (const [input, message] of bad) {
    it(`rejects malformed input: ${message}`, () => {
      expect(() => replayH11(input)).toThrow(ReplayInputError);
      expect(() => replayH11(input)).toThrow(message);
    });
  }
});

describe('runH11Command', () => {
  function io(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        readFile: async (p: string) => {
          const f = files[p];
          if (f === undefined) throw new Error('ENOENT: no such file');
          return f;
        },
        out: (l: string) => out.push(l),
        err: (l: string) => err.push(l),
      },
    };
  }

  it('prints one line per operation and exits 0', async () => {
    const t = io({
      'a.jsonl': '{"our_role":"CLIENT"}\n{"op":"receive","event":{"type":"ConnectionClosed"}}\n',
    });
    expect(await runH11Command(['a.jsonl'], t.io)).toBe(0);
    expect(t.out).toEqual(['{"our_state":"MUST_CLOSE","their_state":"CLOSED"}']);
    expect(t.err).toEqual([]);
  });

  it('exits 2 with a one-line message on a malformed file', async () => {
    const t = io({ 'b.jsonl': '{"our_role":"CLIENT"}\n{"op":"send"}\n' });
    expect(await runH11Command(['b.jsonl'], t.io)).toBe(2);
    expect(t.err).toEqual(['h11: b.jsonl: line 2: event must be an object']);
    expect(t.out).toEqual([]);
  });

  it('exits 2 on bad usage or an unreadable file', async () => {
    const t = io({});
    expect(await runH11Command([], t.io)).toBe(2);
    expect(await runH11Command(['x', 'y'], t.io)).toBe(2);
    expect(await runH11Command(['missing.jsonl'], t.io)).toBe(2);
    expect(t.err[2]).toBe('h11: cannot read missing.jsonl: ENOENT: no such file');
  });

  it('passes "-" through to readFile (stdin)', async () => {
    const t = io({ '-': '{"our_role":"SERVER"}\n' });
    expect(await runH11Command(['-'], t.io)).toBe(0);
    expect(t.out).toEqual([]);
  });
});
