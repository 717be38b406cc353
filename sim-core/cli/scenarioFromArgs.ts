/** Builds the scenario a `run` or `sweep` asks for: file or preset, then flag overrides. */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import {
  parseServerProfile,
  SERVER_PROFILE_MAX_CHARS,
  type ServerFileSettings,
  withServerProfile,
} from '../policies/server/profileFile';
import { jsonBoundsProblem, SCENARIO_BOUNDS } from '../scenario/bounds';
import { DEFAULT_SCENARIO, withDefaults } from '../scenario/defaults';
import { didYouMean } from '../scenario/didYouMean';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import { HTTP_METHODS, type HttpMethod, type Scenario } from '../scenario/types';
import { LIMITS, type Problem, STRING_LIMITS, scenarioProblems } from '../scenario/validate';
import { type FlagSpec, flagValue, listFlag, numberFlag, type Parsed, shown, UsageError } from './args';
import { type CliIO, ioProblem } from './io';

export const SCENARIO_FLAGS: Record<string, FlagSpec> = {
  preset: { value: true },
  seed: { value: true },
  client: { value: true },
  server: { value: true },
  'server-file': { value: true },
  'idle-timeout-ms': { value: true },
  'delay-ms': { value: true },
  'jitter-ms': { value: true },
  'gaps-ms': { value: true },
  method: { value: true },
  'keep-alive-hint': { value: true },
  'requests-per-connection': { value: true },
  'leaky-idle-timer': { value: false },
};

/**
 * The largest scenario file read. A valid scenario is at most ~2 MB as compact JSON (100,000 gaps
 * and 100,001 methods); indented, a few times that.
 */
export const SCENARIO_FILE_MAX_BYTES = 8 * 1024 * 1024;

const CLIENT_NAMES = CLIENT_POLICIES.map((p) => p.name);
const SERVER_NAMES = SERVER_PROFILES.map((p) => p.name);

export function oneOf(flag: string, value: string, known: readonly string[]): string {
  if (!known.includes(value)) {
    throw new UsageError(
      `--${flag}: unknown ${shown(value)}${didYouMean(value, known)}; known: ${known.join(', ')}`,
    );
  }
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

function problemsError(where: string, problems: readonly Problem[]): UsageError {
  const first = problems[0]!;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new UsageError(`${where}: ${first.path}: ${first.message}${more}`);
}

/** The scenario in `file` (`-` is stdin), defaults filled in and validated, before any flag. */
async function scenarioFile(file: string, io: CliIO): Promise<Scenario> {
  const name = file === '-' ? 'stdin' : shown(file);
  let text: string;
  try {
    text = await io.readFile(file, SCENARIO_FILE_MAX_BYTES);
  } catch (e) {
    throw new UsageError(`cannot read scenario file ${name}: ${ioProblem(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `scenario file ${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // Sizes first and without recursion: nothing below may meet a value nested 100,000 deep.
  const bounds = jsonBoundsProblem(value, SCENARIO_BOUNDS, { top: 'scenario' });
  if (bounds) throw new UsageError(`${name}: ${bounds.path}: ${bounds.message}`);
  if (!isObject(value)) throw new UsageError(`${name}: scenario: must be an object, got ${kindOf(value)}`);
  const base = withDefaults(value);
  const problems = scenarioProblems(base);
  if (problems.length > 0) throw problemsError(name, problems);
  return base as Scenario;
}

/**
 * The scenario server fields of the profile file `--server-file` names (what `sim probe` wrote),
 * or undefined without the flag; `--server` with it is refused (the file picks the profile).
 */
export async function serverFileFromArgs(parsed: Parsed, io: CliIO): Promise<ServerFileSettings | undefined> {
  const path = flagValue(parsed, 'server-file');
  if (path === undefined) return undefined;
  if (flagValue(parsed, 'server') !== undefined)
    throw new UsageError('give --server or --server-file, not both (the file picks the profile)');
  let text: string;
  try {
    text = await io.readFile(path, SERVER_PROFILE_MAX_CHARS);
  } catch (e) {
    throw new UsageError(`--server-file: cannot read ${shown(path)}: ${ioProblem(e)}`);
  }
  const parsedFile = parseServerProfile(text);
  if (!parsedFile.ok) throw new UsageError(`--server-file ${shown(path)}: ${parsedFile.message}`);
  return parsedFile.server;
}

export async function scenarioFromArgs(parsed: Parsed, io: CliIO): Promise<Scenario> {
  const { flags, positional } = parsed;
  if (positional.length > 1)
    throw new UsageError(
      `expected at most one scenario file, got ${positional.length}: ${shown(positional[0]!)}, ${shown(positional[1]!)}${positional.length > 2 ? ', …' : ''}`,
    );
  const file = positional[0];
  const preset = flagValue(parsed, 'preset');
  if (file !== undefined && preset !== undefined)
    throw new UsageError('give a scenario file or --preset, not both');

  let s: Scenario;
  if (file !== undefined) s = await scenarioFile(file, io);
  else if (preset !== undefined) s = presetScenario(oneOf('preset', preset, PRESET_NAMES));
  else s = JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as Scenario;

  // The profile file first: the flags below override what it set, as they override a scenario file.
  const serverFile = await serverFileFromArgs(parsed, io);
  if (serverFile !== undefined) s.server = withServerProfile(s.server, serverFile);

  const get = (name: string) => flagValue(parsed, name);
  const seed = get('seed');
  if (seed !== undefined) s.seed = numberFlag('seed', seed, LIMITS.seed[0], LIMITS.seed[1], true);
  const client = get('client');
  if (client !== undefined) s.client = { ...s.client, policy: oneOf('client', client, CLIENT_NAMES) };
  const server = get('server');
  if (server !== undefined) s.server = { ...s.server, profile: oneOf('server', server, SERVER_NAMES) };
  const idle = get('idle-timeout-ms');
  if (idle !== undefined) {
    s.server = { ...s.server, idleTimeoutMs: numberFlag('idle-timeout-ms', idle, ...LIMITS.idleTimeoutMs) };
  }
  const hint = get('keep-alive-hint');
  if (hint !== undefined) {
    const on = oneOf('keep-alive-hint', hint.toLowerCase(), ['on', 'off']) === 'on';
    s.server = { ...s.server, keepAliveHint: on };
  }
  const perConnection = get('requests-per-connection');
  if (perConnection !== undefined) {
    s.server = {
      ...s.server,
      requestsPerConnection:
        perConnection === 'unlimited'
          ? null
          : numberFlag('requests-per-connection', perConnection, ...LIMITS.requestsPerConnection, true),
    };
  }
  if (flags.get('leaky-idle-timer') === true) s.server = { ...s.server, leakyIdleTimer: true };
  const delay = get('delay-ms');
  if (delay !== undefined)
    s.network = { ...s.network, delayMs: numberFlag('delay-ms', delay, ...LIMITS.delayMs) };
  const jitter = get('jitter-ms');
  if (jitter !== undefined)
    s.network = { ...s.network, jitterMs: numberFlag('jitter-ms', jitter, ...LIMITS.delayMs) };
  const method = get('method');
  const methodValue =
    method === undefined ? undefined : (oneOf('method', method.toUpperCase(), HTTP_METHODS) as HttpMethod);
  const gaps = get('gaps-ms');
  if (gaps !== undefined) {
    const gapsMs = listFlag('gaps-ms', gaps, ...LIMITS.ms, LIMITS.gaps[1]);
    s.workload = { kind: 'sequential', gapsMs, method: methodValue ?? 'GET', path: '/' };
    // The name stays within its limit whatever the file named it.
    s.name = `${s.name.slice(0, STRING_LIMITS.name - '+gaps'.length)}+gaps`;
  } else if (methodValue !== undefined) {
    s.workload = { ...s.workload, method: methodValue };
  }
  // Every flag was checked above; this names anything a combination still gets wrong.
  const problems = scenarioProblems(s);
  if (problems.length > 0) throw problemsError(file === undefined ? 'scenario' : shown(file), problems);
  return s;
}
