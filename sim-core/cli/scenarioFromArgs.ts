/** Builds the scenario a `run` or `sweep` asks for: file or preset, then flag overrides. */
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { DEFAULT_SCENARIO, withDefaults } from '../scenario/defaults';
import { didYouMean } from '../scenario/didYouMean';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import { HTTP_METHODS, type HttpMethod, type Scenario } from '../scenario/types';
import { LIMITS, scenarioProblems } from '../scenario/validate';
import { type FlagSpec, listFlag, numberFlag, type Parsed, UsageError } from './args';
import type { CliIO } from './io';

export const SCENARIO_FLAGS: Record<string, FlagSpec> = {
  preset: { value: true },
  seed: { value: true },
  client: { value: true },
  server: { value: true },
  'idle-timeout-ms': { value: true },
  'delay-ms': { value: true },
  'jitter-ms': { value: true },
  'gaps-ms': { value: true },
  method: { value: true },
  'keep-alive-hint': { value: true },
  'requests-per-connection': { value: true },
  'leaky-idle-timer': { value: false },
};

function oneOf(flag: string, value: string, known: readonly string[]): string {
  if (!known.includes(value)) {
    throw new UsageError(
      `--${flag}: unknown "${value}"${didYouMean(value, known)}; known: ${known.join(', ')}`,
    );
  }
  return value;
}

export async function scenarioFromArgs(parsed: Parsed, io: CliIO): Promise<Scenario> {
  const { flags, positional } = parsed;
  if (positional.length > 1)
    throw new UsageError(`expected at most one scenario file, got ${positional.join(' ')}`);
  const file = positional[0];
  const preset = flags.get('preset');
  if (file && typeof preset === 'string') throw new UsageError('give a scenario file or --preset, not both');

  let base: unknown;
  if (file) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (e) {
      throw new UsageError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    try {
      base = withDefaults(JSON.parse(text));
    } catch (e) {
      throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
  } else if (typeof preset === 'string') {
    base = presetScenario(oneOf('preset', preset, PRESET_NAMES));
  } else {
    base = JSON.parse(JSON.stringify(DEFAULT_SCENARIO));
  }

  const s = base as Scenario;
  const get = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const seed = get('seed');
  if (seed !== undefined) s.seed = numberFlag('seed', seed, LIMITS.seed[0], LIMITS.seed[1], true);
  const client = get('client');
  if (client !== undefined) {
    s.client = {
      ...s.client,
      policy: oneOf(
        'client',
        client,
        CLIENT_POLICIES.map((p) => p.name),
      ),
    };
  }
  const server = get('server');
  if (server !== undefined) {
    s.server = {
      ...s.server,
      profile: oneOf(
        'server',
        server,
        SERVER_PROFILES.map((p) => p.name),
      ),
    };
  }
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
    const gapsMs = listFlag('gaps-ms', gaps, ...LIMITS.ms);
    if (gapsMs.length > LIMITS.gaps[1])
      throw new UsageError(`--gaps-ms takes at most ${LIMITS.gaps[1]} gaps`);
    s.workload = { kind: 'sequential', gapsMs, method: methodValue ?? 'GET', path: '/' };
    s.name = `${s.name}+gaps`;
  } else if (methodValue !== undefined && s.workload) {
    s.workload = { ...s.workload, method: methodValue };
  }
  const problems = scenarioProblems(s);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : '';
    throw new UsageError(`${file ?? 'scenario'}: ${first.path}: ${first.message}${more}`);
  }
  return s;
}
