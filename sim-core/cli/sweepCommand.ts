/**
 * `sim sweep`: for each idle gap, a fresh run of two sequential requests —
 * one to open a connection, one after the gap — and the second request's
 * outcome. Prints the outcome as ranges of gaps per client policy.
 */

import { type SweepPoint, sweepGaps } from '../experiments/sweep';
import { CLIENT_POLICIES, serverProfile } from '../policies';
import { LIMITS } from '../scenario/validate';
import { numberFlag, parseArgs, UsageError } from './args';
import type { CliIO } from './io';
import { SCENARIO_FLAGS, scenarioFromArgs } from './scenarioFromArgs';

export { type SweepPoint, sweepGaps } from '../experiments/sweep';

/** Consecutive gaps with the same result, as `from–to result` lines. */
export function ranges(points: readonly SweepPoint[]): string[] {
  const out: string[] = [];
  let start = 0;
  const key = (p: SweepPoint) =>
    `${p.outcome}${p.cause ? ` (${p.cause})` : ''}${p.reused ? '' : ' [new connection]'}${
      p.serverProcessed > 1 ? ` [processed ${p.serverProcessed}×]` : ''
    }`;
  for (let i = 1; i <= points.length; i++) {
    if (i === points.length || key(points[i]!) !== key(points[start]!)) {
      const a = points[start]!;
      const b = points[i - 1]!;
      const span = a.gapMs === b.gapMs ? `${a.gapMs}` : `${a.gapMs}–${b.gapMs}`;
      out.push(`  ${span.padEnd(13)} ms  ${key(a)}${a.error ? ` — ${a.error}` : ''}`);
      start = i;
    }
  }
  return out;
}

export async function sweepCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, {
    ...SCENARIO_FLAGS,
    'from-ms': { value: true },
    'to-ms': { value: true },
    'step-ms': { value: true },
    clients: { value: true },
    csv: { value: false },
  });
  if (parsed.flags.has('gaps-ms') && parsed.flags.has('from-ms')) {
    throw new UsageError('give --gaps-ms or --from-ms/--to-ms/--step-ms, not both');
  }
  const base = await scenarioFromArgs(parsed, io);
  const flag = (name: string, fallback: number) => {
    const v = parsed.flags.get(name);
    return typeof v === 'string' ? numberFlag(name, v, ...LIMITS.ms) : fallback;
  };
  let gaps: number[];
  if (base.workload.kind === 'sequential' && parsed.flags.has('gaps-ms')) {
    gaps = base.workload.gapsMs;
  } else {
    const from = flag('from-ms', 4900);
    const to = flag('to-ms', 5100);
    const step = flag('step-ms', 1);
    if (to < from) throw new UsageError(`--to-ms (${to}) must be at least --from-ms (${from})`);
    if (step <= 0) throw new UsageError('--step-ms must be more than 0');
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > 10_000) throw new UsageError(`a sweep has at most 10000 gaps, this one has ${count}`);
    gaps = Array.from({ length: count }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
  }
  const clientsFlag = parsed.flags.get('clients');
  const clients =
    typeof clientsFlag === 'string' ? clientsFlag.split(',').map((c) => c.trim()) : [base.client.policy];
  for (const c of clients) {
    if (!CLIENT_POLICIES.some((p) => p.name === c)) throw new UsageError(`--clients: unknown client "${c}"`);
  }
  const csv = parsed.flags.get('csv') === true;
  if (csv) io.out('client,gapMs,outcome,cause,reused,error');
  for (const client of clients) {
    const points = sweepGaps({ ...base, client: { ...base.client, policy: client } }, gaps);
    if (csv) {
      for (const p of points) {
        io.out(
          [
            client,
            p.gapMs,
            p.outcome,
            p.cause ?? '',
            p.reused,
            p.error ? `"${p.error.replace(/"/g, '""')}"` : '',
          ].join(','),
        );
      }
      continue;
    }
    const s = base.server;
    const idle = s.idleTimeoutMs ?? serverProfile(s.profile)!.idleTimeoutMs;
    io.out(
      `${client} vs ${s.profile} (idle timeout ${idle} ms), one-way delay ${base.network.delayMs} ms + jitter up to ${base.network.jitterMs} ms, seed ${base.seed}: ${base.workload.method} after each idle gap`,
    );
    for (const line of ranges(points)) io.out(line);
  }
  return 0;
}
