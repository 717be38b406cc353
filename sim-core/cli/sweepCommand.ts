/**
 * `sim sweep`: for each idle gap, a fresh run of two sequential requests —
 * one to open a connection, one after the gap — and the second request's
 * outcome. Prints the outcome as ranges of gaps per client policy.
 */

import { type SweepPoint, SweepRunStopped } from '../experiments/sweep';
import { CLIENT_POLICIES, serverProfile } from '../policies';
import { LIMITS } from '../scenario/validate';
import { flagValue, namesFlag, numberFlag, parseArgs, UsageError } from './args';
import type { Engine } from './engine';
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

/** Runs a sweep does at most (gaps × clients; each is a two-request run). */
export const SWEEP_MAX_POINTS = 10_000;

export async function sweepCommand(argv: readonly string[], io: CliIO, engine: Engine): Promise<number> {
  const parsed = parseArgs(argv, {
    ...SCENARIO_FLAGS,
    'from-ms': { value: true },
    'to-ms': { value: true },
    'step-ms': { value: true },
    clients: { value: true },
    csv: { value: false },
  });
  const range = ['from-ms', 'to-ms', 'step-ms'].find((f) => parsed.flags.has(f));
  if (parsed.flags.has('gaps-ms') && range !== undefined) {
    throw new UsageError(
      `give --gaps-ms or --from-ms/--to-ms/--step-ms, not both (got --gaps-ms and --${range})`,
    );
  }
  const flag = (name: string, fallback: number) => {
    const v = flagValue(parsed, name);
    return v === undefined ? fallback : numberFlag(name, v, ...LIMITS.ms);
  };
  // The flags of the sweep itself are checked before the scenario file is read.
  let rangeGaps: number[] | null = null;
  if (!parsed.flags.has('gaps-ms')) {
    const from = flag('from-ms', 4900);
    const to = flag('to-ms', 5100);
    const step = flag('step-ms', 1);
    if (to < from) throw new UsageError(`--to-ms (${to}) must be at least --from-ms (${from})`);
    if (step <= 0) throw new UsageError('--step-ms must be more than 0');
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (!(count <= SWEEP_MAX_POINTS))
      throw new UsageError(
        `--step-ms: a sweep has at most ${SWEEP_MAX_POINTS} gaps, --from-ms ${from} --to-ms ${to} --step-ms ${step} gives ${count > 1e9 ? 'over a billion' : count}`,
      );
    rangeGaps = Array.from({ length: count }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
  }
  const clientsFlag = flagValue(parsed, 'clients');
  const clientNames =
    clientsFlag === undefined
      ? null
      : namesFlag(
          'clients',
          clientsFlag,
          CLIENT_POLICIES.map((p) => p.name),
        );
  const base = await scenarioFromArgs(parsed, io);
  const gaps = rangeGaps ?? (base.workload.kind === 'sequential' ? base.workload.gapsMs : []);
  const clients = clientNames ?? [base.client.policy];
  if (gaps.length * clients.length > SWEEP_MAX_POINTS)
    throw new UsageError(
      `a sweep runs at most ${SWEEP_MAX_POINTS} points, this one ${gaps.length} gaps × ${clients.length} clients: narrow ${rangeGaps ? '--from-ms/--to-ms/--step-ms' : '--gaps-ms'} or give fewer --clients`,
    );
  // Every run first, then the output: a sweep that stops with an error prints nothing on stdout.
  const results = clients.map((client) => {
    try {
      return {
        client,
        points: engine.sweepGaps({ ...base, client: { ...base.client, policy: client } }, gaps),
      };
    } catch (e) {
      if (!(e instanceof SweepRunStopped)) throw e;
      throw new UsageError(
        `${rangeGaps ? '--from-ms/--to-ms' : '--gaps-ms'}: ${e.message} (limits.maxDurationMs is ${base.limits.maxDurationMs} ms): give smaller gaps, or a scenario file with a larger limit`,
      );
    }
  });
  if (parsed.flags.get('csv') === true) {
    io.out('client,gapMs,outcome,cause,reused,error');
    for (const { client, points } of results) {
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
    }
    return 0;
  }
  const s = base.server;
  const idle = s.idleTimeoutMs ?? serverProfile(s.profile)!.idleTimeoutMs;
  for (const { client, points } of results) {
    io.out(
      `${client} vs ${s.profile} (idle timeout ${idle} ms), one-way delay ${base.network.delayMs} ms + jitter up to ${base.network.jitterMs} ms, seed ${base.seed}: ${base.workload.method} after each idle gap`,
    );
    for (const line of ranges(points)) io.out(line);
  }
  return 0;
}
