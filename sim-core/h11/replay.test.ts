import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { H11_FILE_MAX_BYTES, runH11Command } from '../cli/h11Command';
import { InputTooLargeError } from '../cli/io';
import { REPLAY_LIMITS, ReplayInputError, replayH11 } from './replay';

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

describe('replay limits', () => {
  const small = { chars: 200, lineChars: 60, entries: 3 };
  const role = '{"our_role":"CLIENT"}';
  const closed = '{"op":"receive","event":{"type":"ConnectionClosed"}}';

  it('refuses a script longer than the limit, naming it', () => {
    expect(() => replayH11('#'.repeat(201), small)).toThrow('the script has 201 characters; at most 200');
  });

  it('refuses a line longer than the limit, naming the line and the limit', () => {
    expect(() => replayH11(`${role}\n#${'x'.repeat(60)}`, small)).toThrow(
      'line 2: has 61 characters; at most 60 per line',
    );
  });

  it('counts role lines and operations, not blank or comment lines', () => {
    expect(replayH11(`${role}\n\n# c\n${closed}\n\n${closed}`, small).lines).toHaveLength(2);
    expect(() => replayH11(`${role}\n${closed}\n${closed}\n${closed}`, small)).toThrow(
      'line 4: more than 3 role lines and operations; at most 3',
    );
  });

  it('the default limits allow a 32 MiB script of 1 MiB lines and 500,000 entries', () => {
    expect(REPLAY_LIMITS).toEqual({ chars: 32 * 1024 * 1024, lineChars: 1024 * 1024, entries: 500_000 });
  });

  it('a script of role lines only prints nothing (no connection is made until an operation)', () => {
    expect(replayH11(`${role}\n{"our_role":"SERVER"}\n${role}`).lines).toEqual([]);
  });

  it('a role line starts a fresh connection even when the previous one was never used', () => {
    const { lines } = replayH11(`${role}\n{"our_role":"SERVER"}\n${closed}`);
    expect(lines).toEqual(['{"our_state":"MUST_CLOSE","their_state":"CLOSED"}']);
  });

  // Was: `'our_role' in value` also saw Object.prototype; field names from input are own properties now.
  it('a line with only Object.prototype names is neither a role line nor an op', () => {
    expect(() => replayH11('{"constructor":1}')).toThrow('line 1: expected "our_role" or "op"');
    expect(() => replayH11('{"__proto__":{"our_role":"CLIENT"}}')).toThrow(
      'line 1: expected "our_role" or "op"',
    );
    expect(() => replayH11(`${role}\n{"op":"start_next_cycle","toString":1}`)).toThrow(
      'line 2: unknown field "toString"',
    );
  });

  it('quotes an unknown field on one line, clipped', () => {
    const key = `a\n${'k'.repeat(100)}`;
    let message = '';
    try {
      replayH11(`${role}\n${JSON.stringify({ op: 'start_next_cycle', [key]: 1 })}`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^line 2: unknown field "a\\nk+…"$/);
    expect(message.length).toBeLessThan(80);
  });
});

describe('runH11Command', () => {
  function io(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        readFile: async (p: string, maxBytes: number) => {
          if (!Object.hasOwn(files, p))
            throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
          const f = files[p]!;
          if (f.length > maxBytes) throw new InputTooLargeError(f.length, maxBytes);
          return f;
        },
        out: (l: string) => out.push(...l.split('\n')),
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

  it('writes many lines in a few writes, every line once and in order', async () => {
    const n = 10_000;
    const ops = ['{"op":"receive","event":{"type":"ConnectionClosed"}}', '{"op":"start_next_cycle"}'];
    const script = ['{"our_role":"CLIENT"}', ...Array.from({ length: n }, (_, i) => ops[i % 2])];
    const writes: string[] = [];
    const code = await runH11Command(['-'], {
      readFile: async () => script.join('\n'),
      out: (l) => writes.push(l),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(writes.length).toBe(3);
    const closed = '{"our_state":"MUST_CLOSE","their_state":"CLOSED"}';
    const notReusable =
      '{"error":"LocalProtocolError","message":"not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: CLOSED}","our_state":"MUST_CLOSE","their_state":"CLOSED"}';
    expect(writes.join('\n').split('\n')).toEqual(
      Array.from({ length: n }, (_, i) => (i % 2 ? notReusable : closed)),
    );
  });

  it('exits 2 with a one-line message on a malformed file', async () => {
    const t = io({ 'b.jsonl': '{"our_role":"CLIENT"}\n{"op":"send"}\n' });
    expect(await runH11Command(['b.jsonl'], t.io)).toBe(2);
    expect(t.err).toEqual(['h11: "b.jsonl": line 2: event must be an object']);
    expect(t.out).toEqual([]);
  });

  it('exits 2 on bad usage or an unreadable file, one line each', async () => {
    const t = io({});
    expect(await runH11Command([], t.io)).toBe(2);
    expect(await runH11Command(['x', 'y'], t.io)).toBe(2);
    expect(await runH11Command(['missing.jsonl'], t.io)).toBe(2);
    expect(await runH11Command(['--x'], t.io)).toBe(2);
    expect(await runH11Command(['-x'], t.io)).toBe(2);
    expect(t.err).toEqual([
      'h11: give one FILE.jsonl, got 0 arguments; usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)',
      'h11: give one FILE.jsonl, got 2 arguments; usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)',
      'h11: cannot read "missing.jsonl": no such file or directory (ENOENT)',
      'h11: unknown flag --x (this command takes no flags); usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)',
      'h11: unknown flag "-x" (flags start with --; this command takes no flags); usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)',
    ]);
  });

  it('refuses a file over the size limit before replaying it, naming the limit', async () => {
    const t = io({ 'big.jsonl': '#'.repeat(H11_FILE_MAX_BYTES + 1) });
    expect(await runH11Command(['big.jsonl'], t.io)).toBe(2);
    expect(t.err).toEqual([
      `h11: cannot read "big.jsonl": is ${H11_FILE_MAX_BYTES + 1} bytes; at most 33554432 bytes (32 MiB)`,
    ]);
  });

  it('passes "-" through to readFile (stdin)', async () => {
    const t = io({ '-': '{"our_role":"SERVER"}\n' });
    expect(await runH11Command(['-'], t.io)).toBe(0);
    expect(t.out).toEqual([]);
  });
});
