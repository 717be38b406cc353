/**
 * Trace hashes of a fixed list of runs, one line each: the regression check
 * for performance work. A change that must not alter the model (a faster
 * machine, hash or queue) must leave this output byte-identical:
 *
 *   npx tsx sim-core/bench/hashes.ts > before.txt
 *   … change …
 *   npx tsx sim-core/bench/hashes.ts > after.txt && diff before.txt after.txt
 *
 * Runs: every preset at seeds 1–5 with its own client and at seeds 1–2 with
 * every client policy; each seed preset scaled to a few thousand requests; and a gap sweep
 * (sequential GET, two requests) across each server profile's idle timeout for
 * every client policy × server profile × one-way delay. A sweep prints one
 * line (a hash over its runs' hashes); `--verbose` prints every run.
 *
 * Each trace is also hashed by an independent BigInt FNV-1a over
 * `JSON.stringify` of every event (the definition of `traceHash`) for the
 * preset runs, so a faster `traceHash` cannot drift from the value the CLI,
 * the worker and e2e compare.
 */
import { CLIENT_POLICIES, LOAD_BALANCER_PROFILES, SERVER_PROFILES } from '../policies';
import { runScenario } from '../run';
import { DEFAULT_SCENARIO } from '../scenario/defaults';
import { PRESET_NAMES, presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/events';
import { hashText } from '../trace/hash';
import { scaledScenario } from './seedRun';

const verbose = process.argv.includes('--verbose');
const SEEDS = [1, 2, 3, 4, 5];
const SCALED_REQUESTS = 3_000;
const SWEEP_DELAYS_MS = [2, 20];
const SWEEP_HALF_WIDTH_MS = 100;
const SWEEP_STEP_MS = 5;

/** FNV-1a 64 over the UTF-16 code units of each event's JSON plus "\n", with BigInt. */
function referenceHash(trace: readonly TraceEvent[]): string {
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  let h = 0xcbf29ce484222325n;
  for (const e of trace) {
    const line = `${JSON.stringify(e)}\n`;
    for (let i = 0; i < line.length; i++) h = ((h ^ BigInt(line.charCodeAt(i))) * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

function line(label: string, scenario: Scenario, checkReference: boolean): string {
  const { trace, summary } = runScenario(scenario);
  if (checkReference) {
    const ref = referenceHash(trace);
    if (ref !== summary.traceHash)
      throw new Error(`${label}: traceHash ${summary.traceHash} differs from the reference ${ref}`);
  }
  return `${label.padEnd(58)} ${summary.traceHash} ${trace.length}`;
}

const out: string[] = [];
for (const preset of PRESET_NAMES) {
  for (const seed of SEEDS)
    out.push(line(`preset ${preset} seed ${seed}`, presetScenario(preset, seed), true));
  for (const policy of CLIENT_POLICIES) {
    for (const seed of SEEDS.slice(0, 2)) {
      const s = presetScenario(preset, seed);
      s.client.policy = policy.name;
      out.push(line(`preset ${preset} seed ${seed} client ${policy.name}`, s, false));
    }
  }
}
for (const preset of ['issue-96', 'issue-96-fixed']) {
  out.push(
    line(`scaled ${preset} ${SCALED_REQUESTS} requests`, scaledScenario(preset, SCALED_REQUESTS), false),
  );
}
// The load-balancer profiles (issue 14) are left out: the gate compares the same runs as before,
// and Envoy's one-hour timeout would put the sweep's gaps past the scenario's gap limit.
for (const profile of SERVER_PROFILES.filter((p) => !LOAD_BALANCER_PROFILES.includes(p))) {
  const from = Math.max(1, profile.idleTimeoutMs - SWEEP_HALF_WIDTH_MS);
  const gaps: number[] = [];
  for (let g = from; g <= profile.idleTimeoutMs + SWEEP_HALF_WIDTH_MS; g += SWEEP_STEP_MS) gaps.push(g);
  for (const policy of CLIENT_POLICIES) {
    for (const delayMs of SWEEP_DELAYS_MS) {
      const hashes: string[] = [];
      for (const gapMs of gaps) {
        const s = JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as Scenario;
        s.client.policy = policy.name;
        s.server.profile = profile.name;
        s.network.delayMs = delayMs;
        s.workload = { kind: 'sequential', gapsMs: [gapMs], method: 'GET', path: '/' };
        const h = runScenario(s).summary.traceHash;
        hashes.push(h);
        if (verbose) out.push(`  sweep ${policy.name} ${profile.name} delay ${delayMs} gap ${gapMs} ${h}`);
      }
      out.push(
        `${`sweep ${policy.name} × ${profile.name}, delay ${delayMs} ms, ${gaps[0]}–${gaps[gaps.length - 1]} ms`.padEnd(58)} ${hashText(hashes.join('\n'))} ${gaps.length}`,
      );
    }
  }
}
process.stdout.write(`${out.join('\n')}\n`);
