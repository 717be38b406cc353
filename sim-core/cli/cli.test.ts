// The CLI's tests (~570 lines): every command, flag and user error through runCli, one file so
// the usage text, exit codes and one-line errors are checked together.
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES } from '../policies';
import { PRESET_NAMES } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { traceHash } from '../trace/hash';
import { parseTrace } from '../trace/io';
import { oneLine, runCli, USAGE } from './cli';
import { ENGINE, type Engine } from './engine';
import { SCENARIO_FILE_MAX_BYTES } from './scenarioFromArgs';
import { SWEEP_MAX_POINTS } from './sweepCommand';
import { cheapEngine, fakeWorld } from './testing';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Files the tests read; `ro.json` and `adir` fail as a real unreadable file and a directory do. */
const FILES: Record<string, string> = {
  'null.json': 'null',
  'array.json': '[]',
  'number.json': '5',
  'string.json': '"x"',
  'true.json': 'true',
  'constructor.json': '{"workload":{"kind":"constructor"}}',
  'proto.json': '{"__proto__":{"seed":1}}',
  'deep4000.json': nested(4000),
  'deep100k.json': nested(100_000),
  'deep-field.json': `{"workload":{"kind":"sequential","gapsMs":${nested(5000)}}}`,
  'bad.json': '{"seed":\n\n',
  'ok.json': '{"seed":5,"workload":{"kind":"sequential","gapsMs":[10],"method":"GET","path":"/"}}',
  'big.json': ' '.repeat(SCENARIO_FILE_MAX_BYTES + 1),
  'name80.json': JSON.stringify({ name: 'n'.repeat(80) }),
  'short.json': '{"limits":{"maxRequests":10,"maxDurationMs":1}}',
};
const READ_ERRORS = { 'ro.json': 'EACCES', adir: 'EISDIR', 'loop.json': 'ELOOP' };
const WRITE_ERRORS = { 'ro.jsonl': 'EACCES', adir: 'EISDIR', 'full.jsonl': 'ENOSPC' };

async function cli(argv: string[], engine: Engine = cheapEngine(), files = FILES) {
  const w = fakeWorld(files, WRITE_ERRORS, READ_ERRORS);
  const code = await runCli(argv, w.io, engine);
  return { code, ...w };
}

/** Exit 2 and exactly this one line on stderr, nothing on stdout. */
async function refuses(argv: string[], line: string | RegExp, engine: Engine = cheapEngine()) {
  const r = await cli(argv, engine);
  expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: [] });
  expect(r.err).toHaveLength(1);
  if (typeof line === 'string') expect(r.err[0]).toBe(line);
  else expect(r.err[0]).toMatch(line);
  expect(r.err[0]).not.toContain('\n');
  return r;
}

describe('issue 10 §5: exit codes (each was exit 1 with an internal error, or a wrong success)', () => {
  it('--trace into a directory that does not exist is exit 2, before the run', async () => {
    const engine = cheapEngine();
    await refuses(
      ['run', '--trace', 'no/such/dir/t.jsonl'],
      'error: --trace: cannot write "no/such/dir/t.jsonl": no such file or directory (ENOENT)',
      engine,
    );
    expect(engine.calls).toEqual([]);
  });

  it('--trace naming a directory, an unwritable file or a full disk is exit 2', async () => {
    await refuses(['run', '--trace', 'adir'], 'error: --trace: cannot write "adir": is a directory (EISDIR)');
    await refuses(
      ['run', '--trace', 'ro.jsonl'],
      'error: --trace: cannot write "ro.jsonl": permission denied (EACCES)',
    );
    await refuses(
      ['run', '--trace=full.jsonl'],
      'error: --trace: cannot write "full.jsonl": no space left on device (ENOSPC)',
    );
  });

  it('a scenario file holding null, a list, a number, a string or true is exit 2, with or without flags', async () => {
    for (const [file, what] of [
      ['null.json', 'null'],
      ['array.json', 'a list'],
      ['number.json', 'a number'],
      ['string.json', 'a string'],
      ['true.json', 'a boolean'],
    ]) {
      const line = `error: "${file}": scenario: must be an object, got ${what}`;
      await refuses(['run', file!], line);
      await refuses(['run', file!, '--seed', '1'], line);
      await refuses(['sweep', file!, '--client', 'httpx-0.23'], line);
    }
  });

  it('--trace FILE: the summary’s hash is the trace’s, read from the file as written', async () => {
    const r = await cli(['run', '--preset', 'issue-96', '--trace', 't.jsonl'], ENGINE);
    expect(r.code).toBe(0);
    const parsed = parseTrace(r.written.get('t.jsonl')!);
    expect(parsed.ok).toBe(true);
    const printed = JSON.parse(r.out.join('\n')) as { traceHash: string };
    if (parsed.ok) expect(printed.traceHash).toBe(traceHash(parsed.trace));
    const plain = await cli(['run', '--preset', 'issue-96'], ENGINE);
    expect(plain.out).toEqual(r.out);
  });

  it('--trace - writes the trace to stdout (and only the trace); with --csv it is refused', async () => {
    const r = await cli(['run', '--gaps-ms', '5', '--trace', '-'], ENGINE);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.written.size).toBe(0);
    const parsed = parseTrace(`${r.out.join('\n')}\n`);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.scenario?.workload).toEqual({
        kind: 'sequential',
        gapsMs: [5],
        method: 'GET',
        path: '/',
      });
      expect(parsed.trace.length).toBeGreaterThan(10);
    }
    await refuses(
      ['run', '--trace', '-', '--csv'],
      'error: --trace - and --csv both write to stdout: give --trace a file',
    );
  });

  it('--trace FILE writes the trace there and the summary to stdout', async () => {
    const r = await cli(['run', '--gaps-ms', '5', '--trace', 't.jsonl'], ENGINE);
    expect(r.code).toBe(0);
    expect(parseTrace(r.written.get('t.jsonl')!).ok).toBe(true);
    expect(JSON.parse(r.out.join('\n')).requests).toHaveLength(2);
  });

  it('a switch given a value (--csv=no, --leaky-idle-timer=false, --json=1, --markdown=) is refused', async () => {
    await refuses(['run', '--csv=no'], 'error: --csv is a switch and takes no value, got "--csv=no"');
    await refuses(
      ['run', '--leaky-idle-timer=false'],
      'error: --leaky-idle-timer is a switch and takes no value, got "--leaky-idle-timer=false"',
    );
    await refuses(['ladder', '--json=1'], 'error: --json is a switch and takes no value, got "--json=1"');
    await refuses(
      ['policies', '--markdown='],
      'error: --markdown is a switch and takes no value, got "--markdown="',
    );
  });
});

describe('issue 10 §2/§4 on the CLI: no internal error for any user input', () => {
  it('{"workload":{"kind":"constructor"}} is a field error (was: keys.includes is not a function)', async () => {
    await refuses(
      ['run', 'constructor.json'],
      'error: "constructor.json": workload.kind: unknown value "constructor"; allowed: sequential, poisson, idle-then-burst, service-chain',
    );
  });

  it('a __proto__ key in a file is an unknown field, not a prototype', async () => {
    await refuses(
      ['run', 'proto.json'],
      /^error: "proto\.json": scenario\.__proto__: unknown field; allowed: version, /,
    );
  });

  it('nesting 4,000 or 100,000 deep (at the top or in a field) is exit 2 naming the depth limit', async () => {
    for (const f of ['deep4000.json', 'deep100k.json', 'deep-field.json']) {
      await refuses(
        ['run', f],
        new RegExp(`^error: "${f}": .*is nested more than 16 levels deep; at most 16$`),
      );
      await refuses(
        ['run', f, '--seed', '1', '--gaps-ms', '1'],
        /is nested more than 16 levels deep; at most 16$/,
      );
    }
  });

  it('a file over the size limit is refused before it is parsed, naming the limit', async () => {
    await refuses(
      ['run', 'big.json'],
      `error: cannot read scenario file "big.json": is ${SCENARIO_FILE_MAX_BYTES + 1} bytes; at most 8388608 bytes (8 MiB)`,
    );
    const stdin = fakeWorld({ '-': ' '.repeat(SCENARIO_FILE_MAX_BYTES + 1) });
    expect(await runCli(['run', '-'], stdin.io, cheapEngine())).toBe(2);
    expect(stdin.err).toEqual([
      'error: cannot read scenario file stdin: is larger than 8388608 bytes (8 MiB), the limit',
    ]);
  });

  it('missing, unreadable, looping and directory paths are exit 2 naming the file and the cause', async () => {
    await refuses(
      ['run', 'nope.json'],
      'error: cannot read scenario file "nope.json": no such file or directory (ENOENT)',
    );
    await refuses(
      ['run', 'ro.json'],
      'error: cannot read scenario file "ro.json": permission denied (EACCES)',
    );
    await refuses(['run', 'adir'], 'error: cannot read scenario file "adir": is a directory (EISDIR)');
    await refuses(
      ['sweep', 'loop.json'],
      /^error: cannot read scenario file "loop\.json": too many levels of symbolic links \(ELOOP\)$/,
    );
  });

  it('bad JSON is one line even when the parser quotes line breaks', async () => {
    const r = await refuses(['run', 'bad.json'], /^error: scenario file "bad\.json" is not valid JSON: /);
    expect(r.err[0]).not.toMatch(/[\n\r]/);
  });

  it('the scenario a file and the flags make is what runs', async () => {
    const engine = cheapEngine();
    const r = await cli(['run', 'ok.json', '--client', 'httpx-0.23', '--delay-ms', '7', '--csv'], engine);
    expect(r.code).toBe(0);
    const s = engine.calls[0]!.arg as Scenario;
    expect({ seed: s.seed, policy: s.client.policy, delay: s.network.delayMs, gaps: s.workload }).toEqual({
      seed: 5,
      policy: 'httpx-0.23',
      delay: 7,
      gaps: { kind: 'sequential', gapsMs: [10], method: 'GET', path: '/' },
    });
    expect(r.out[0]!.split('\n')[0]).toMatch(/^id,method,sentAtMs,/);
  });

  it('--gaps-ms on a file whose name is at the 80-character limit still gives a valid name', async () => {
    const engine = cheapEngine();
    expect((await cli(['run', 'name80.json', '--gaps-ms', '1'], engine)).code).toBe(0);
    expect((engine.calls[0]!.arg as Scenario).name).toBe(`${'n'.repeat(75)}+gaps`);
  });

  it('an engine that throws something unexpected is an internal error, exit 1 (only a bug gets here)', async () => {
    const broken: Engine = {
      ...cheapEngine(),
      runScenario: () => {
        throw new TypeError('boom');
      },
    };
    const r = await cli(['run'], broken);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['internal error: boom — please report it with the command you ran']);
  });
});

describe('flags of every command', () => {
  const proto = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

  it('Object.prototype names as flag names are unknown flags on every command', async () => {
    for (const command of ['run', 'sweep', 'ladder', 'presets', 'policies']) {
      for (const name of proto) {
        await refuses([command, `--${name}`], new RegExp(`^error: unknown flag --${name} \\(`));
        await refuses([command, `--${name}=1`], new RegExp(`^error: unknown flag --${name} \\(`));
      }
    }
  });

  it('Object.prototype names as values are unknown names', async () => {
    for (const name of proto) {
      await refuses(
        ['run', '--client', name],
        new RegExp(`^error: --client: unknown "${name}"; known: http3-0.6, `),
      );
      await refuses(
        ['run', '--server', name],
        new RegExp(`^error: --server: unknown "${name}"; known: uvicorn, `),
      );
      await refuses(
        ['run', '--preset', name],
        new RegExp(`^error: --preset: unknown "${name}"; known: issue-96, `),
      );
      await refuses(
        ['sweep', '--clients', name],
        new RegExp(`^error: --clients: unknown "${name}"; known: `),
      );
      await refuses(
        ['ladder', '--clients', name],
        new RegExp(`^error: --clients: unknown "${name}"; known: `),
      );
      await refuses(['ladder', '--server', name], new RegExp(`^error: --server: unknown "${name}"; known: `));
    }
    await refuses(
      ['run', '--method', 'constructor'],
      /^error: --method: unknown "CONSTRUCTOR"; known: GET, /,
    );
    await refuses(
      ['run', '--keep-alive-hint', 'valueOf'],
      /^error: --keep-alive-hint: unknown "valueof"; known: on, off$/,
    );
  });

  it('numbers: NaN, Infinity, 1e999, hex, binary, blanks, empty and out of range are refused, naming the range', async () => {
    for (const bad of [
      'NaN',
      'Infinity',
      '-Infinity',
      '1e999',
      '0x10',
      '0b1',
      '0o7',
      ' 5',
      '5 ',
      '1_000',
      '5ms',
      '--',
      '.',
      '1e',
      '+',
    ]) {
      await refuses(
        ['run', `--delay-ms=${bad}`],
        `error: --delay-ms must be a number from 0 to 10000, got ${JSON.stringify(bad)}`,
      );
    }
    await refuses(
      ['run', '--seed', '1.5'],
      'error: --seed must be a whole number from 0 to 4294967295, got "1.5"',
    );
    await refuses(
      ['run', '--seed', '4294967296'],
      'error: --seed must be a whole number from 0 to 4294967295, got "4294967296"',
    );
    await refuses(
      ['run', '--seed', '-1'],
      'error: --seed must be a whole number from 0 to 4294967295, got "-1"',
    );
    await refuses(['run', '--seed='], 'error: --seed needs a value, got an empty one');
    await refuses(
      ['run', '--idle-timeout-ms', '9'.repeat(5000)],
      /^error: --idle-timeout-ms must be a number from .*, got "9{80}…" \(5000 characters\)$/,
    );
  });

  it('-0 is 0, and 1e3, .5 and +2 are decimal numbers', async () => {
    const engine = cheapEngine();
    expect(
      (
        await cli(
          ['run', '--seed', '-0', '--delay-ms', '.5', '--jitter-ms', '+2', '--idle-timeout-ms', '1e3'],
          engine,
        )
      ).code,
    ).toBe(0);
    const s = engine.calls[0]!.arg as Scenario;
    expect(Object.is(s.seed, 0)).toBe(true);
    expect([s.network.delayMs, s.network.jitterMs, s.server.idleTimeoutMs]).toEqual([0.5, 2, 1000]);
  });

  it('a value flag at the end, or followed by another flag, needs a value', async () => {
    await refuses(['run', '--seed'], 'error: --seed needs a value');
    await refuses(
      ['run', '--seed', '--csv'],
      'error: --seed needs a value, got the flag "--csv" (write --seed=VALUE for a value that starts with --)',
    );
    await refuses(['sweep', '--clients'], 'error: --clients needs a value');
    await refuses(['ladder', '--server'], 'error: --server needs a value');
  });

  it('a flag given twice is refused, in either form', async () => {
    await refuses(['run', '--seed', '1', '--seed', '2'], 'error: --seed is given more than once');
    await refuses(['run', '--seed=1', '--seed', '1'], 'error: --seed is given more than once');
    await refuses(['run', '--csv', '--csv'], 'error: --csv is given more than once');
    await refuses(['policies', '--markdown', '--markdown'], 'error: --markdown is given more than once');
  });

  it('single-dash arguments other than "-" are unknown flags; "--" ends the flags', async () => {
    await refuses(['run', '-x'], /^error: unknown flag "-x" \(flags start with --; known: --preset, /);
    await refuses(['run', '-5'], /^error: unknown flag "-5" \(flags start with --; /);
    await refuses(
      ['run', '--', '--seed'],
      'error: cannot read scenario file "--seed": no such file or directory (ENOENT)',
    );
  });

  it('unknown flag names with line breaks or of any length stay on one clipped line', async () => {
    const r = await refuses(
      ['run', `--a\nb${'c'.repeat(200)}`],
      /^error: unknown flag "--a\\nbc+…" \(205 characters\) \(known: /,
    );
    expect(r.err[0]!.length).toBeLessThan(400);
    await refuses(['run', '--client', 'a\r\nb'], /^error: --client: unknown "a\\r\\nb"; known: /);
  });

  // Found by cli.fuzz: an empty argument was read as a file named "" (ENOENT).
  it('an empty argument is refused as such', async () => {
    await refuses(['run', ''], 'error: an argument is empty (""): give a file name, or leave it out');
    await refuses(['sweep', '--', ''], 'error: an argument is empty (""): give a file name, or leave it out');
  });

  it('at most one scenario file; a file and --preset are exclusive', async () => {
    await refuses(
      ['run', 'a.json', 'b.json', 'c.json'],
      'error: expected at most one scenario file, got 3: "a.json", "b.json", …',
    );
    await refuses(
      ['run', 'ok.json', '--preset', PRESET_NAMES[0]!],
      'error: give a scenario file or --preset, not both',
    );
  });

  it('--requests-per-connection takes a whole number or unlimited; --keep-alive-hint on or off', async () => {
    const engine = cheapEngine();
    expect(
      (await cli(['run', '--requests-per-connection', 'unlimited', '--keep-alive-hint', 'OFF'], engine)).code,
    ).toBe(0);
    const s = engine.calls[0]!.arg as Scenario;
    expect([s.server.requestsPerConnection, s.server.keepAliveHint]).toEqual([null, false]);
    await refuses(
      ['run', '--requests-per-connection', '0'],
      'error: --requests-per-connection must be a whole number from 1 to 1000000, got "0"',
    );
  });

  it('--gaps-ms: lists, empty entries and its length limit', async () => {
    await refuses(
      ['run', '--gaps-ms', '1,,2'],
      'error: --gaps-ms must be a comma-separated list of numbers, got "1,,2"',
    );
    await refuses(
      ['run', '--gaps-ms', ','],
      'error: --gaps-ms must be a comma-separated list of numbers, got ","',
    );
    await refuses(
      ['run', '--gaps-ms', Array(100_001).fill('1').join(',')],
      'error: --gaps-ms takes at most 100000 numbers',
    );
    await refuses(
      ['run', '--gaps-ms', '1,x'],
      'error: --gaps-ms must be a number from 0 to 3600000, got "x"',
    );
  });

  it('sweep: a range or a list, not both; a step above 0; at most SWEEP_MAX_POINTS runs in all', async () => {
    await refuses(
      ['sweep', '--gaps-ms', '1', '--step-ms', '1'],
      'error: give --gaps-ms or --from-ms/--to-ms/--step-ms, not both (got --gaps-ms and --step-ms)',
    );
    await refuses(['sweep', '--step-ms', '0'], 'error: --step-ms must be more than 0');
    await refuses(
      ['sweep', '--from-ms', '10', '--to-ms', '5'],
      'error: --to-ms (5) must be at least --from-ms (10)',
    );
    await refuses(
      ['sweep', '--from-ms', '0', '--to-ms', '3600000', '--step-ms', '1e-300'],
      /^error: --step-ms: a sweep has at most 10000 gaps, .* gives over a billion$/,
    );
    await refuses(
      ['sweep', '--from-ms', '0', '--to-ms', '10000', '--step-ms', '1'],
      /^error: --step-ms: a sweep has at most 10000 gaps, .* gives 10001$/,
    );
    const all = CLIENT_POLICIES.map((p) => p.name).join(',');
    await refuses(
      ['sweep', '--from-ms', '0', '--to-ms', '999', '--clients', all],
      `error: a sweep runs at most ${SWEEP_MAX_POINTS} points, this one 1000 gaps × ${CLIENT_POLICIES.length} clients: narrow --from-ms/--to-ms/--step-ms or give fewer --clients`,
    );
    // Found by cli.fuzz: the points limit named no flag.
    await refuses(
      ['sweep', '--from-ms=30', '--idle-timeout-ms=5253', '--clients', 'httpx-0.6.7,urllib3-2'],
      'error: a sweep runs at most 10000 points, this one 5071 gaps × 2 clients: narrow --from-ms/--to-ms/--step-ms or give fewer --clients',
    );
    await refuses(
      ['sweep', '--clients', 'httpx-0.23,httpx-0.23'],
      'error: --clients: "httpx-0.23" is listed more than once',
    );
    const engine = cheapEngine();
    expect(
      (await cli(['sweep', '--gaps-ms', '10,20', '--clients', 'httpx-0.23,requests', '--csv'], engine)).code,
    ).toBe(0);
    expect(engine.calls.map((c) => (c.arg as { gaps: number[] }).gaps)).toEqual([
      [10, 20],
      [10, 20],
    ]);
  });

  // Found by cli.fuzz: a gap the run's duration limit cuts off was an internal error (requests[1] undefined).
  it('sweep: a gap the run cannot reach within limits.maxDurationMs names the flag and the limit', async () => {
    await refuses(
      ['sweep', '--gaps-ms=3600000'],
      'error: --gaps-ms: the run with a gap of 3600000 ms ended (max-duration) before the request after the gap (limits.maxDurationMs is 3600000 ms): give smaller gaps, or a scenario file with a larger limit',
    );
    await refuses(
      ['sweep', 'short.json', '--from-ms', '5', '--to-ms', '20', '--step-ms', '5'],
      /^error: --from-ms\/--to-ms: the run with a gap of (5|10|15|20) ms ended \(max-duration\) before the request after the gap \(limits.maxDurationMs is 1 ms\)/,
      ENGINE,
    );
    // Found by cli.fuzz: with --csv the header was printed before the error.
    await refuses(
      ['sweep', '--csv', '--requests-per-connection', 'unlimited', 'short.json', '--seed', '1804986102'],
      /^error: --from-ms\/--to-ms: the run with a gap of 4900 ms ended \(max-duration\)/,
    );
  });

  it('ladder: the delay range, an idle timeout in range, distinct clients, no arguments', async () => {
    await refuses(
      ['ladder', '--delay-ms', '0'],
      'error: --delay-ms must be a number from 0.01 to 1000, got "0"',
    );
    await refuses(['ladder', '--idle-timeout-ms', '-5'], /^error: --idle-timeout-ms must be a number from /);
    await refuses(
      ['ladder', '--clients', 'go-net-http,go-net-http'],
      'error: --clients: "go-net-http" is listed more than once',
    );
    await refuses(['ladder', 'x'], 'error: unexpected argument "x"');
    const engine = cheapEngine();
    expect(
      (
        await cli(
          ['ladder', '--server', 'nginx', '--delay-ms=2', '--clients', 'go-net-http, requests'],
          engine,
        )
      ).code,
    ).toBe(0);
    expect(engine.calls[0]!.arg).toEqual({
      server: 'nginx',
      delayMs: 2,
      clients: ['go-net-http', 'requests'],
    });
  });

  it('presets and policies take no arguments', async () => {
    await refuses(['presets', 'x'], 'error: unexpected argument "x"');
    await refuses(['presets', '--markdown'], 'error: unknown flag --markdown (this command takes no flags)');
    await refuses(['policies', 'x'], 'error: unexpected argument "x"');
    expect((await cli(['presets'])).out).toHaveLength(PRESET_NAMES.length);
  });

  it('no command, an unknown command, and help', async () => {
    await refuses(
      [],
      'error: give a command (run, sweep, ladder, risk, diagnose, presets, policies, h11, pcap, help); "help" lists their flags',
    );
    await refuses(
      ['frob'],
      'error: unknown command "frob" (commands: run, sweep, ladder, risk, diagnose, presets, policies, h11, pcap, help)',
    );
    await refuses(['constructor'], /^error: unknown command "constructor" /);
    await refuses(['--seed'], /^error: unknown command "--seed" /);
    await refuses(['frob', '--help'], /^error: unknown command "frob" /);
    for (const argv of [['help'], ['--help'], ['-h'], ['run', '--help'], ['sweep', '-h']]) {
      const r = await cli(argv);
      expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 0, out: [USAGE], err: [] });
    }
  });
});

describe('end to end with the real engine', () => {
  it('run --preset with --csv prints a row per request', async () => {
    const r = await cli(['run', '--preset', 'issue-96', '--csv'], ENGINE);
    expect(r.code).toBe(0);
    const rows = r.out[0]!.split('\n');
    expect(rows[0]).toMatch(/^id,method,/);
    expect(rows.length).toBeGreaterThan(2);
  });

  it('sweep over two gaps prints the ranges', async () => {
    const r = await cli(['sweep', '--gaps-ms', '100,6000', '--client', 'http3-0.6'], ENGINE);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^http3-0\.6 vs uvicorn \(idle timeout 5000 ms\)/);
    expect(r.out.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual(['100', '6000']);
  });

  it('ladder for one client prints its row', { timeout: 240_000 }, async () => {
    const r = await cli(['ladder', '--clients', 'httpx-0.23', '--delay-ms', '30'], ENGINE);
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('| `httpx-0.23` |');
  });
});

describe('oneLine', () => {
  it('escapes every line break and control character, leaves the rest', () => {
    expect(oneLine('a\nb\r\tc\u0000d\u2028e\u0085f é ✓')).toBe('a\\nb\\r\\tc\\u0000d\\u2028e\\u0085f é ✓');
    expect(oneLine('plain')).toBe('plain');
  });
});
