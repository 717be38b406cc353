/**
 * The old engine and the new, side by side in one process, interleaved: XState's own actors
 * (`xstate`, the engine before issue 12) and the executor (`executor`, the default), switched
 * with `setExecutorMode` between runs of the same segments. Per preset: the full-trace run (hash
 * not read), the same run with `traceHash` on top (how every run paid before issue 12: the hash was
 * computed inside it) and the outcome-only run; per client policy: the gap sweep. CPU time
 * (`process.cpuUsage`), medians over the rounds, the order of the engines alternating per round;
 * the trace hashes of both engines must be equal (else it throws). Prints, never asserts a time.
 *
 * Both engines share one JIT here, so each runs somewhat slower than alone (the world's call sites
 * see two actor classes): section 1 of `npm run bench` measures the executor in its own process.
 */
import { sweepGaps } from '../cli/sweepCommand';
import { type ExecutorMode, setExecutorMode } from '../executor';
import { CLIENT_POLICIES } from '../policies';
import { runOutcomes, runScenario } from '../run';
import { DEFAULT_SCENARIO } from '../scenario/defaults';
import { presetScenario } from '../scenario/presets';
import type { Scenario } from '../scenario/types';
import { traceHash } from '../trace/hash';
import { fix, int, secs, table } from './format';
import { collectGarbage } from './measure';
import { scaledScenario, segmentSizes } from './seedRun';

export const ENGINES: readonly ExecutorMode[] = ['xstate', 'executor'];
export const SWEEP_GAPS = Array.from({ length: 200 }, (_, i) => 4900 + i);
export const SWEEP_DELAY_MS = 20;

/** CPU ms of one engine over the rounds (one entry per round). */
export interface EngineRuns {
  run: number[];
  hash: number[];
  outcome: number[];
}

export interface PresetComparison {
  preset: string;
  requests: number;
  /** The trace hashes of the segments, equal for both engines. */
  hash: string;
  byEngine: Record<string, EngineRuns>;
}

export interface SweepComparison {
  client: string;
  runs: number;
  failed: number;
  /** CPU ms per round, by engine. */
  byEngine: Record<string, number[]>;
}

export interface EngineComparison {
  rounds: number;
  presets: PresetComparison[];
  sweeps: SweepComparison[];
}

const cpuMs = (t: NodeJS.CpuUsage) => (t.user + t.system) / 1000;

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.cpuUsage();
  const value = fn();
  return { ms: cpuMs(process.cpuUsage(t0)), value };
}

export function sweepBase(policy: string): Scenario {
  const s = JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as Scenario;
  s.client.policy = policy;
  s.network.delayMs = SWEEP_DELAY_MS;
  return s;
}

/** One round of one engine over the preset's segments: CPU ms of each part, and the hashes. */
function presetRound(preset: string, requests: number, mode: ExecutorMode) {
  setExecutorMode(mode);
  const seed0 = presetScenario(preset).seed;
  let run = 0;
  let hash = 0;
  let outcome = 0;
  const hashes: string[] = [];
  for (const [i, size] of segmentSizes(requests).entries()) {
    const scenario = scaledScenario(preset, size, seed0 + i);
    collectGarbage();
    const full = timed(() => runScenario(scenario).trace);
    run += full.ms;
    const h = timed(() => traceHash(full.value));
    hash += h.ms;
    hashes.push(h.value);
    full.value.length = 0;
    collectGarbage();
    outcome += timed(() => runOutcomes(scenario)).ms;
  }
  return { run, hash, outcome, hashes: hashes.join(',') };
}

/** `rounds` interleaved rounds of every preset and every client policy's sweep in both engines. */
export function compareEngines(
  presets: readonly string[],
  requests: number,
  rounds: number,
  log: (line: string) => void = () => {},
): EngineComparison {
  const out: EngineComparison = {
    rounds,
    presets: presets.map((preset) => ({
      preset,
      requests,
      hash: '',
      byEngine: Object.fromEntries(ENGINES.map((m) => [m, { run: [], hash: [], outcome: [] }])),
    })),
    sweeps: CLIENT_POLICIES.map((p) => ({
      client: p.name,
      runs: SWEEP_GAPS.length,
      failed: 0,
      byEngine: Object.fromEntries(ENGINES.map((m) => [m, []])),
    })),
  };
  try {
    // Untimed warm-up of both engines (the JIT's first look is not a figure).
    for (const mode of ENGINES) {
      setExecutorMode(mode);
      for (const preset of presets) runScenario(scaledScenario(preset, 500));
      for (const p of CLIENT_POLICIES) sweepGaps(sweepBase(p.name), SWEEP_GAPS.slice(0, 10));
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...ENGINES].reverse() : ENGINES;
      for (const p of out.presets) {
        for (const mode of order) {
          const r = presetRound(p.preset, requests, mode);
          if (p.hash && p.hash !== r.hashes)
            throw new Error(`${p.preset} ${mode}: trace hash ${r.hashes} ≠ ${p.hash}`);
          p.hash = r.hashes;
          const e = p.byEngine[mode]!;
          e.run.push(r.run);
          e.hash.push(r.hash);
          e.outcome.push(r.outcome);
          log(`engines: round ${round + 1}/${rounds} ${p.preset} ${mode}: full ${r.run.toFixed(0)} ms CPU`);
        }
      }
      for (const s of out.sweeps) {
        for (const mode of order) {
          setExecutorMode(mode);
          collectGarbage();
          const m = timed(() => sweepGaps(sweepBase(s.client), SWEEP_GAPS));
          s.byEngine[mode]!.push(m.ms);
          s.failed = m.value.filter((x) => x.outcome === 'failed').length;
        }
      }
    }
  } finally {
    setExecutorMode(null);
  }
  return out;
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Section 4: XState's actors (the engine before issue 12) and the executor, one process, interleaved. */
export function engineTables(c: EngineComparison): string[] {
  const [old, now] = ['xstate', 'executor'];
  const rows: string[][] = [];
  for (const p of c.presets) {
    const x = p.byEngine[old!]!;
    const e = p.byEngine[now!]!;
    const rate = (ms: number) => int(p.requests / (ms / 1000));
    const line = (label: string, a: number, b: number) => [
      `${p.preset}: ${label}`,
      rate(a),
      rate(b),
      `×${fix(a / b, 2)}`,
    ];
    rows.push(line('full trace (hash unread)', median(x.run), median(e.run)));
    rows.push(
      line(
        'full trace + traceHash (how runs paid before issue 12)',
        median(x.run.map((r, i) => r + x.hash[i]!)),
        median(e.run.map((r, i) => r + e.hash[i]!)),
      ),
    );
    rows.push(line('outcome-only (runOutcomes)', median(x.outcome), median(e.outcome)));
  }
  const sweepRows = c.sweeps.map((s) => {
    const a = median(s.byEngine[old!]!);
    const b = median(s.byEngine[now!]!);
    return [
      s.client,
      secs(a),
      secs(b),
      `×${fix(a / b, 2)}`,
      fix(b / s.runs, 2),
      `${s.runs - s.failed} / ${s.failed}`,
    ];
  });
  const sum = (m: string) => c.sweeps.reduce((n, s) => n + median(s.byEngine[m]!), 0);
  const runs = c.sweeps.reduce((n, s) => n + s.runs, 0);
  sweepRows.push([
    `all ${c.sweeps.length} policies`,
    secs(sum(old!)),
    secs(sum(now!)),
    `×${fix(sum(old!) / sum(now!), 2)}`,
    fix(sum(now!) / runs, 2),
    `${c.sweeps.reduce((n, s) => n + s.runs - s.failed, 0)} / ${c.sweeps.reduce((n, s) => n + s.failed, 0)}`,
  ]);
  const p0 = c.presets[0]!;
  return [
    table(
      `4. Old and new engine, one process: ${int(p0.requests)} requests per preset, ${c.rounds} interleaved rounds, CPU medians (trace hashes equal)`,
      ['simulated requests / CPU-s', 'XState actors', 'executor', 'speed-up'],
      rows,
    ),
    table(
      `   Gap sweep: ${SWEEP_GAPS.length} runs per policy (gaps ${SWEEP_GAPS[0]}–${SWEEP_GAPS[SWEEP_GAPS.length - 1]} ms, step 1), one-way delay ${SWEEP_DELAY_MS} ms, CPU medians`,
      [
        'client policy',
        'XState actors',
        'executor',
        'speed-up',
        'executor ms / run',
        'second request ok / failed',
      ],
      sweepRows,
    ),
  ];
}
