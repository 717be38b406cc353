/**
 * The CLI's argument handling, fuzzed in-process: argv arrays built from every real command and
 * flag name, Object.prototype names, garbage, boundary numbers, real and broken files and output
 * paths. Whatever the argv, the exit code is 0 or 2, nothing is an internal error, and an exit 2
 * is exactly one line on stderr (nothing on stdout) that names the flag, file, argument or field.
 * Runs use cheapEngine (small, real runs; no ladder); cli.test.ts has end-to-end runs. `risk` runs
 * its real Monte Carlo, so its argv always asks for few requests and no worker threads (their
 * own tests are in riskCommand.test.ts); `diagnose` reads pasted tracebacks from the fake files.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { PRESET_NAMES } from '../scenario/presets';
import { HTTP_METHODS } from '../scenario/types';
import { fuzzParams, fuzzTimeout, PROTOTYPE_NAMES } from '../tests/fuzz';
import { shown } from './args';
import { runCli } from './cli';
import { SCENARIO_FILE_MAX_BYTES, SCENARIO_FLAGS } from './scenarioFromArgs';
import { cheapEngine, fakeWorld } from './testing';

const fixture = (name: string) =>
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'h11', 'fixtures', name), 'utf8');

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const FILES: Record<string, string> = {
  'ok.json': '{"seed":5,"workload":{"kind":"sequential","gapsMs":[10,20],"method":"GET","path":"/"}}',
  'poisson.json':
    '{"workload":{"kind":"poisson","ratePerSec":1000,"count":1000000,"method":"POST","path":"/"},"limits":{"maxRequests":1000000,"maxDurationMs":3600000}}',
  'short.json': '{"limits":{"maxRequests":10,"maxDurationMs":1}}',
  'lognormal.json': '{"server":{"processing":{"kind":"lognormal","medianMs":1000,"sigma":5}}}',
  'partial.json': '{"server":{"idleTimeoutMs":100},"client":{"policy":"go-net-http"}}',
  'profile.json':
    '{"format":"race-window-server-profile","version":1,"name":"p","idleCloseMs":2000,"keepAliveHint":"timeout=1","requestsPerConnection":null,"closeKind":"fin"}',
  'null.json': 'null',
  'array.json': '[1,2]',
  'number.json': '-0',
  'string.json': '"constructor"',
  'constructor.json': '{"workload":{"kind":"constructor"}}',
  'proto.json': '{"__proto__":{"seed":1},"constructor":{"prototype":1}}',
  'server-proto.json': '{"server":{"profile":"toString"}}',
  'deep.json': nested(5000),
  'deep-field.json': `{"name":${nested(4000)}}`,
  'bad.json': '{"seed":\n',
  'empty.json': '',
  'big.json': ' '.repeat(SCENARIO_FILE_MAX_BYTES + 1),
  'a.jsonl': fixture('issue-96-stale-reuse.jsonl'),
  'errors.jsonl': fixture('local-errors.jsonl'),
  'bad.jsonl': '{"our_role":"CLIENT"}\n{"op":"send","event":{"type":"constructor"}}\n',
  'proto.jsonl': '{"__proto__":1}\n',
  '-': '{"seed":1}',
  'traceback.txt':
    'Traceback (most recent call last):\n  File "http3/_dispatch/connection.py", line 62, in send\nh11._util.RemoteProtocolError: can\'t handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE',
  'hangup.txt':
    'Error: socket hang up\n    at connResetException (node:internal/errors:720:14) code: ECONNRESET',
};
const READ_ERRORS = { 'ro.json': 'EACCES', adir: 'EISDIR', 'loop.json': 'ELOOP' };
const WRITE_ERRORS = { 'ro.jsonl': 'EACCES', adir: 'EISDIR', 'full.jsonl': 'ENOSPC' };

const CLIENTS = CLIENT_POLICIES.map((p) => p.name);
const SERVERS = SERVER_PROFILES.map((p) => p.name);
const FLAGS = [
  ...Object.keys(SCENARIO_FLAGS),
  'trace',
  'csv',
  'from-ms',
  'to-ms',
  'step-ms',
  'clients',
  'json',
  'markdown',
  'help',
];

const NUMBERS = [
  '0',
  '-0',
  '1',
  '5',
  '30',
  '0.01',
  '.5',
  '5.',
  '+1',
  '1e3',
  '1e-300',
  '1e999',
  '-1e999',
  '-1',
  'NaN',
  'Infinity',
  '0x10',
  '0b1',
  ' 5',
  '1_0',
  '4294967295',
  '4294967296',
  '1000',
  '1000.0001',
  '4999.5',
  '3600000',
  '3600001',
  '9'.repeat(400),
];

const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const value = fc.oneof(
  fc.constantFrom(
    ...CLIENTS,
    ...SERVERS,
    ...PRESET_NAMES,
    ...HTTP_METHODS,
    'get',
    'on',
    'off',
    'ON',
    'unlimited',
  ),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...NUMBERS),
  fc.integer({ min: -10, max: 7000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.array(fc.integer({ min: 0, max: 7000 }), { maxLength: 4 }).map((a) => a.join(',')),
  fc.array(fc.constantFrom(...CLIENTS, 'toString', ''), { maxLength: 3 }).map((a) => a.join(',')),
  fc.constantFrom(...Object.keys(FILES), ...Object.keys(READ_ERRORS), 'nope.json', '-', '--'),
  fc.constantFrom(...Object.keys(WRITE_ERRORS), 'no/such/dir/t.jsonl', 't.jsonl', '-'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constant('x'.repeat(5000)),
);

const token: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(name, value).map(([n, v]) => [`--${n}`, v]) },
  { weight: 3, arbitrary: fc.tuple(name, value).map(([n, v]) => [`--${n}=${v}`]) },
  { weight: 3, arbitrary: name.map((n) => [`--${n}`]) },
  { weight: 2, arbitrary: value.map((v) => [v]) },
  { weight: 1, arbitrary: fc.constantFrom('--', '-', '-x', '-h', '--help').map((t) => [t]) },
);

const ms = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: 0, max: 7000 }).map(String));
const clientList = fc
  .array(fc.constantFrom(...CLIENTS), { minLength: 1, maxLength: 3 })
  .map((a) => a.join(','));
/** A plausible value for each real flag, so that most cases get past the parser to the checks behind it. */
const TYPED: Record<string, fc.Arbitrary<string>> = {
  preset: fc.constantFrom(...PRESET_NAMES),
  seed: fc.oneof(fc.nat().map(String), fc.constantFrom(...NUMBERS)),
  client: fc.constantFrom(...CLIENTS),
  server: fc.constantFrom(...SERVERS),
  'idle-timeout-ms': ms,
  'delay-ms': ms,
  'jitter-ms': ms,
  'from-ms': ms,
  'to-ms': ms,
  'step-ms': ms,
  'gaps-ms': fc.array(ms, { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
  method: fc.constantFrom(...HTTP_METHODS, 'get', 'Post', 'BREW'),
  'keep-alive-hint': fc.constantFrom('on', 'off', 'ON', 'yes'),
  'requests-per-connection': fc.oneof(fc.constant('unlimited'), ms),
  trace: fc.constantFrom(...Object.keys(WRITE_ERRORS), 'no/such/dir/t.jsonl', 't.jsonl', '-'),
  clients: clientList,
  'server-file': fc.constantFrom('profile.json', 'profile.json', 'ok.json', 'nope.json', '-'),
};
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  run: [...Object.keys(SCENARIO_FLAGS), 'trace', 'csv'],
  sweep: [...Object.keys(SCENARIO_FLAGS), 'from-ms', 'to-ms', 'step-ms', 'clients', 'csv'],
  ladder: ['server', 'server-file', 'delay-ms', 'idle-timeout-ms', 'clients', 'json'],
  policies: ['markdown'],
};
const SWITCHES = new Set(['csv', 'json', 'markdown', 'leaky-idle-timer']);

const SCENARIO_FILES = Object.keys(FILES).filter((f) => f.endsWith('.json'));
const H11_FILES = Object.keys(FILES).filter((f) => f.endsWith('.jsonl'));
const FILE_ARGS: Record<string, readonly string[]> = {
  run: SCENARIO_FILES,
  sweep: SCENARIO_FILES,
  h11: [...H11_FILES, ...H11_FILES, '-', 'nope.jsonl', 'adir'],
};

/** A flag of `command` with a plausible value (a switch alone), in either form; or a file it reads. */
function typedToken(command: string): fc.Arbitrary<string[]> {
  const flags = Object.hasOwn(COMMAND_FLAGS, command) ? COMMAND_FLAGS[command]! : [];
  const files = Object.hasOwn(FILE_ARGS, command) ? FILE_ARGS[command]! : [];
  const file = fc.constantFrom(...files, ...(files.length > 0 ? [] : ['x'])).map((f) => [f]);
  if (flags.length === 0) return file;
  const flag = fc.tuple(fc.constantFrom(...flags), fc.boolean()).chain(([flag, joined]) => {
    if (SWITCHES.has(flag)) return fc.constant<string[]>([`--${flag}`]);
    return TYPED[flag]!.map((v) => (joined ? [`--${flag}=${v}`] : [`--${flag}`, v]));
  });
  return files.length > 0 ? fc.oneof({ weight: 4, arbitrary: flag }, { weight: 1, arbitrary: file }) : flag;
}

const command = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('run', 'sweep', 'ladder', 'presets', 'policies', 'h11') },
  { weight: 1, arbitrary: fc.constantFrom('help', '--help', '', 'RUN', '--seed', ...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const argvArb = command.chain((c) =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: typedToken(c) }, { weight: 1, arbitrary: token }), {
      maxLength: 6,
    })
    .map((tokens) => [c, ...tokens.flat()]),
);

/** The one error line names something the user typed (a flag, an argument, a file) or a field. */
function namesWhat(line: string, argv: readonly string[]): boolean {
  if (line.includes('--')) return true;
  if (line.includes('stdin')) return true;
  if (argv.some((a) => line.includes(shown(a)))) return true;
  return (
    /^error: (give a command|unknown command|scenario: [\w.[\]]+: )/.test(line) ||
    /^h11: give one FILE/.test(line)
  );
}

/** `risk`'s progress lines (stderr, by design); nothing else may go there on success. */
const PROGRESS = /^risk: \d+ requests simulated \(about \d+ %\)$/;

async function check(argv: string[]): Promise<number> {
  const w = fakeWorld(FILES, WRITE_ERRORS, READ_ERRORS);
  const code = await runCli(argv, w.io, cheapEngine());
  // Progress is dropped before the checks: an exit 2 is still exactly one line.
  if (argv[0] === 'risk') w.err.splice(0, w.err.length, ...w.err.filter((l) => !PROGRESS.test(l)));
  const what = { argv, code, err: w.err };
  expect([0, 2], JSON.stringify(what)).toContain(code);
  expect(w.err.join('\n'), JSON.stringify(what)).not.toMatch(/internal error/);
  if (code === 0) {
    expect(w.err, JSON.stringify(what)).toEqual([]);
    return code;
  }
  expect(w.err, JSON.stringify(what)).toHaveLength(1);
  expect(w.out, JSON.stringify(what)).toEqual([]);
  const line = w.err[0]!;
  expect(line, JSON.stringify(what)).not.toMatch(/[\n\r\u2028\u2029]/);
  expect(namesWhat(line, argv), JSON.stringify(what)).toBe(true);
  return code;
}

/** `risk` and `diagnose`: their own flags with plausible and broken values, and the generic tokens. */
const RISK_TYPED: Record<string, fc.Arbitrary<string>> = {
  client: fc.constantFrom(...CLIENTS, 'toString', 'httpx'),
  server: fc.constantFrom(...SERVERS, '__proto__', 'alb'),
  'delay-ms': ms,
  'jitter-ms': ms,
  'idle-timeout-ms': ms,
  'client-expiry-ms': ms,
  retries: fc.constantFrom('on', 'off', 'ON', 'yes', ''),
  traffic: fc.constantFrom(
    'sequential:exp:5000',
    'sequential:exp:0',
    'sequential:exp',
    'sequential:uniform:100:3000',
    'sequential:uniform:3000:100',
    'sequential:fixed:4990',
    'sequential:lognormal:5',
    'poisson:5',
    'poisson:0',
    'poisson:1e999',
    'seed-bursts',
    'seed-bursts:1',
    'constructor',
    ':',
  ),
  method: fc.constantFrom('GET', 'POST', 'PUT', 'get', 'constructor'),
  // Few requests (1 to a few runs) or a broken count: a valid argv runs the real Monte Carlo.
  requests: fc.constantFrom('1', '30', '120', '0', '-1', '1.5', '1e999', '10000001', 'NaN', 'x'),
  seed: fc.oneof(fc.nat().map(String), fc.constantFrom(...NUMBERS)),
  // 1 runs in this thread; anything else is refused (a worker thread per case would be slow).
  workers: fc.constantFrom('1', '0', '-1', '1.5', '1e999', 'x', ''),
  vary: fc.constantFrom(
    'clientExpiryMs=3000:5000:1000',
    'serverTimeoutMs=4000:6000:2000,clientExpiryMs=3000:4000:1000',
    'delayMs=10:30:10',
    'clientExpiryMs=5000:3000:1000',
    'clientExpiryMs=1:3600000:1',
    'clientExpiryMs=0:1:0',
    'toString=1:2:1',
    'clientExpiryMs=1:2',
    'delayMs=1:2:1,delayMs=1:2:1',
    'a=1:2:3,b=1:2:3,c=1:2:3',
  ),
};
const RISK_SWITCHES = new Set(['fixes', 'json']);
const riskToken = fc
  .tuple(fc.constantFrom(...Object.keys(RISK_TYPED), ...RISK_SWITCHES), fc.boolean())
  .chain(([flag, joined]) =>
    RISK_SWITCHES.has(flag)
      ? fc.constant<string[]>([`--${flag}`])
      : RISK_TYPED[flag]!.map((v) => (joined ? [`--${flag}=${v}`] : [`--${flag}`, v])),
  );
/** Generic tokens that cannot ask for a big run: none names --requests or --workers. */
const safeToken = token.filter((t) => !t.some((a) => /^--(requests|workers|vary)\b/.test(a)));
const riskArgv = fc
  .tuple(
    fc.constantFrom<string[][]>([], [['--client', 'httpx-0.23']]),
    fc.constantFrom<string[][]>([], [['--server', 'uvicorn']]),
    fc.array(fc.oneof({ weight: 4, arbitrary: riskToken }, { weight: 1, arbitrary: safeToken }), {
      maxLength: 6,
    }),
  )
  .map(([c, s, rest]) => {
    const argv = ['risk', ...[...c, ...s, ...rest].flat()];
    // Few requests unless the argv names its own (always few or broken, above).
    if (!argv.some((a) => a.startsWith('--requests'))) argv.push('--requests', '40');
    return argv;
  });
const diagnoseArgv = fc
  .array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .constantFrom(
            'traceback.txt',
            'hangup.txt',
            'ok.json',
            'empty.json',
            '-',
            'nope.txt',
            'adir',
            'ro.json',
            'big.json',
          )
          .map((f) => [f]),
      },
      { weight: 2, arbitrary: fc.constant(['--json']) },
      { weight: 1, arbitrary: safeToken },
    ),
    { maxLength: 3 },
  )
  .map((tokens) => ['diagnose', ...tokens.flat()]);

describe('CLI argv fuzz: risk and diagnose', () => {
  const runs = 200;
  it(
    'any argv: exit 0 or 2, never an internal error; an exit 2 is one line naming the flag, file or field',
    async () => {
      const seen = new Map<string, number>();
      const argvs = fc.oneof({ weight: 3, arbitrary: riskArgv }, { weight: 1, arbitrary: diagnoseArgv });
      await fc.assert(
        fc.asyncProperty(argvs, async (argv) => {
          const key = `${argv[0]} ${await check(argv)}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }),
        fuzzParams('cli.risk', runs),
      );
      // Not only refusals: some cases got through to a real estimate and a real diagnosis.
      if ((fuzzParams('cli.risk', runs).numRuns ?? runs) >= runs)
        for (const k of ['risk 0', 'risk 2', 'diagnose 0', 'diagnose 2'])
          expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    },
    fuzzTimeout(runs, 40),
  );
});

describe('CLI argv fuzz', () => {
  const runs = 3000;
  it(
    'any argv: exit 0 or 2, never an internal error; an exit 2 is one line naming the flag, file or field',
    async () => {
      await fc.assert(
        fc.asyncProperty(argvArb, async (argv) => {
          await check(argv);
        }),
        fuzzParams('cli.argv', runs),
      );
    },
    fuzzTimeout(runs, 4),
  );
});
