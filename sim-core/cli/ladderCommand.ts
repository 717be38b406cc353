/** `sim ladder`: every client policy after a stale gap and inside the race window (Markdown or JSON). */
import { ladderMarkdown, policyLadder } from '../experiments/ladder';
import { CLIENT_POLICIES, SERVER_PROFILES } from '../policies';
import { LIMITS } from '../scenario/validate';
import { numberFlag, parseArgs, UsageError } from './args';
import type { CliIO } from './io';

export function ladderCommand(argv: readonly string[], io: CliIO): number {
  const parsed = parseArgs(argv, {
    server: { value: true },
    'delay-ms': { value: true },
    'idle-timeout-ms': { value: true },
    clients: { value: true },
    json: { value: false },
  });
  if (parsed.positional.length > 0) throw new UsageError(`unexpected argument "${parsed.positional[0]}"`);
  const get = (name: string) => {
    const v = parsed.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const server = get('server') ?? 'uvicorn';
  const servers = SERVER_PROFILES.map((p) => p.name);
  if (!servers.includes(server))
    throw new UsageError(`--server: unknown "${server}"; known: ${servers.join(', ')}`);
  const delay = get('delay-ms');
  const idle = get('idle-timeout-ms');
  const clients = get('clients')
    ?.split(',')
    .map((c) => c.trim());
  for (const c of clients ?? []) {
    if (!CLIENT_POLICIES.some((p) => p.name === c)) throw new UsageError(`--clients: unknown client "${c}"`);
  }
  const ladder = policyLadder({
    server,
    delayMs: delay === undefined ? 30 : numberFlag('delay-ms', delay, 0.01, 1000),
    ...(idle === undefined
      ? {}
      : { idleTimeoutMs: numberFlag('idle-timeout-ms', idle, ...LIMITS.idleTimeoutMs) }),
    ...(clients ? { clients } : {}),
  });
  io.out(parsed.flags.get('json') ? JSON.stringify(ladder, null, 2) : ladderMarkdown(ladder));
  return 0;
}
