/**
 * XState's own actors against the executor (sim-core/executor), same process, interleaved
 * rounds, CPU time (`process.cpuUsage`): simulated requests per CPU-second for the seed presets
 * scaled to N requests (in segments of at most 34,000 at seeds seed, seed+1, … as `npm run bench`
 * does), the run alone and the trace hash on top. Prints medians; never asserts.
 *
 *   npx tsx sim-core/bench/executor.ts                       # 10,000 requests, 3 rounds
 *   npx tsx sim-core/bench/executor.ts --requests 30000 --rounds 5 --presets issue-96
 */
import { type ExecutorMode, setExecutorMode } from '../executor';
import { runScenario } from '../run';
import { traceHash } from '../trace/hash';
import { scaledScenario, segmentSizes } from './seedRun';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const requests = Number(arg('requests', '10000'));
const rounds = Number(arg('rounds', '3'));
const presets = arg('presets', 'issue-96,issue-96-fixed').split(',');
const modes: ExecutorMode[] = ['xstate', 'executor'];

const cpuMs = (t: NodeJS.CpuUsage) => (t.user + t.system) / 1000;
type Row = { run: number[]; hash: number[]; events: number; hashValue: string };
const rows = new Map<string, Row>();

for (let round = 0; round < rounds; round++) {
  for (const preset of presets) {
    for (const mode of round % 2 ? [...modes].reverse() : modes) {
      setExecutorMode(mode);
      let runMs = 0;
      let hashMs = 0;
      let events = 0;
      const hashes: string[] = [];
      const seed0 = scaledScenario(preset, 1).seed;
      for (const [i, size] of segmentSizes(requests).entries()) {
        const scenario = scaledScenario(preset, size, seed0 + i);
        (globalThis as { gc?: () => void }).gc?.();
        const t0 = process.cpuUsage();
        const { trace } = runScenario(scenario);
        runMs += cpuMs(process.cpuUsage(t0));
        const h0 = process.cpuUsage();
        hashes.push(traceHash(trace));
        hashMs += cpuMs(process.cpuUsage(h0));
        events += trace.length;
      }
      const hash = hashes.join(',');
      const key = `${preset} ${mode}`;
      const row = rows.get(key) ?? { run: [], hash: [], events, hashValue: hash };
      if (row.hashValue !== hash) throw new Error(`${key}: hash changed between rounds`);
      row.run.push(runMs);
      row.hash.push(hashMs);
      rows.set(key, row);
      process.stderr.write(`round ${round + 1}/${rounds} ${key}: ${runMs.toFixed(0)} ms CPU\n`);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(
  `${requests} requests per run, ${rounds} interleaved rounds, medians of CPU time (run; run + traceHash)`,
);
for (const preset of presets) {
  const x = rows.get(`${preset} xstate`)!;
  const e = rows.get(`${preset} executor`)!;
  if (x.hashValue !== e.hashValue)
    throw new Error(`${preset}: executor hash ${e.hashValue} ≠ XState ${x.hashValue}`);
  for (const [mode, r] of [
    ['xstate', x],
    ['executor', e],
  ] as const) {
    const run = median(r.run);
    const withHash = run + median(r.hash);
    console.log(
      `${preset.padEnd(16)} ${mode.padEnd(9)} run ${run.toFixed(0).padStart(6)} ms  ${Math.round(
        (requests * 1000) / run,
      )
        .toString()
        .padStart(6)} req/CPU-s   with hash ${Math.round((requests * 1000) / withHash)
        .toString()
        .padStart(6)} req/CPU-s`,
    );
  }
  console.log(
    `${preset.padEnd(16)} speed-up  ×${(median(x.run) / median(e.run)).toFixed(2)} (run), ×${(
      (median(x.run) + median(x.hash)) / (median(e.run) + median(e.hash))
    ).toFixed(2)} (with hash); hash ${e.hashValue}, ${e.events} trace events, identical`,
  );
}
