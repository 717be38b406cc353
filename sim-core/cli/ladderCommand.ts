/** `sim ladder`: every client policy after a stale gap and inside the race window (Markdown or JSON). */
import { ladderMarkdown } from '../experiments/ladder';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { LIMITS } from '../scenario/validate';
import { flagValue, namesFlag, noPositional, numberFlag, parseArgs } from './args';
import type { Engine } from './engine';
import type { CliIO } from './io';
import { oneOf, serverFileFromArgs } from './scenarioFromArgs';

/** One-way delay range of a ladder, ms (its window step is 2·delay/25, at least 0.01 ms). */
export const LADDER_DELAY_MS = [0.01, 1000] as const;

export async function ladderCommand(argv: readonly string[], io: CliIO, engine: Engine): Promise<number> {
  const parsed = parseArgs(argv, {
    server: { value: true },
    'server-file': { value: true },
    'delay-ms': { value: true },
    'idle-timeout-ms': { value: true },
    clients: { value: true },
    json: { value: false },
  });
  noPositional(parsed);
  const file = await serverFileFromArgs(parsed, io);
  const server =
    file?.profile ??
    oneOf(
      'server',
      flagValue(parsed, 'server') ?? 'uvicorn',
      SERVER_PROFILES.map((p) => p.name),
    );
  const delay = flagValue(parsed, 'delay-ms');
  const idle = flagValue(parsed, 'idle-timeout-ms');
  const clients = flagValue(parsed, 'clients');
  const ladder = engine.policyLadder({
    server,
    ...(file === undefined
      ? {}
      : {
          idleTimeoutMs: file.idleTimeoutMs!,
          keepAliveHint: file.keepAliveHint!,
          requestsPerConnection: file.requestsPerConnection ?? null,
        }),
    delayMs: delay === undefined ? 30 : numberFlag('delay-ms', delay, ...LADDER_DELAY_MS),
    ...(idle === undefined
      ? {}
      : { idleTimeoutMs: numberFlag('idle-timeout-ms', idle, ...LIMITS.idleTimeoutMs) }),
    ...(clients === undefined
      ? {}
      : {
          clients: namesFlag(
            'clients',
            clients,
            CLIENT_POLICIES.map((p) => p.name),
          ),
        }),
  });
  io.out(parsed.flags.get('json') ? JSON.stringify(ladder, null, 2) : ladderMarkdown(ladder));
  return 0;
}
