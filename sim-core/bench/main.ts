/**
 * `npm run bench`: sim-core throughput figures. Prints, never asserts.
 *
 *   npm run bench                      100,000 requests per preset (about 2 minutes on 2 cores)
 *   npm run bench -- --quick           10,000 requests
 *   npm run bench -- --requests 30000  any size
 *   npm run bench -- --json            machine-readable output on stdout
 *   npm run bench -- --jobs 1          run the two presets one after the other (cleaner wall times)
 *   npm run bench -- --profile         also CPU-profile issue-96 (full trace, then outcome-only) and print the top functions
 *   npm run bench -- --profile-only    only those two profiles
 *   npm run bench -- --engine-requests 100000 --engine-rounds 3
 *                                      size and rounds of the old-vs-new engine comparison
 *   npm run bench -- --tsx             children run sim-core through tsx's loader, not bundled
 *
 * Each preset is run twice over the same segments: with the full trace (runScenario; the trace
 * hash is not read, as in any run nobody asks it of) and outcome-only (runOutcomes: no trace).
 * Then the Poisson overload at 16,000 and 32,000 requests (overload.ts's child), and the CLI's
 * summary path against runScenario (cliPath.ts). Last, in one child, the old engine (XState's
 * actors) and the new (the executor) interleaved over the same segments and the gap sweep of
 * every client policy (engines.ts).
 *
 * Each preset runs in its own child process (node --expose-gc) so heap figures and JIT state
 * belong to that run alone; its plain-TypeScript references run in the same child, after it. The
 * engine comparison runs in a child of its own, after the others have finished.
 *
 * The children run sim-core as the product does: the parent first builds this file with Vite (an
 * SSR build, rolldown, no keepNames; bundle.ts) and the children are plain `node` on that bundle.
 * Through tsx's loader (esbuild with keepNames: every named closure wrapped in `__name(…)`) the
 * engine measured 25–35 % slower than the worker's Vite bundle; `--tsx` runs the children that
 * way, for comparison. The CLI's own process (section 8) stays `tsx sim-core/cli/main.ts`, the user's path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOutcomes, runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { buildBenchBundle, removeBenchBundle } from './bundle';
import { type CliInProcess, type CliProcess, cliInProcess, cliProcess } from './cliPath';
import { compareEngines, type EngineComparison, engineTables, SWEEP_DELAY_MS, SWEEP_GAPS } from './engines';
import { fix, int, pct, perCpuSec, ratio, runSecs, secs, table } from './format';
import { measureRow, type Row as OverloadRow, overloadChild } from './overload';
import { type ProfileSummary, summarizeProfile } from './profile';
import {
  benchScenario,
  type OutcomeProcessFigures,
  outcomeProcess,
  type ScenarioFigures,
  scaledScenario,
  segmentSizes,
} from './seedRun';

const PRESETS = ['issue-96', 'issue-96-fixed'] as const;
/** The engine comparison's default size: XState's actors take ≈ 0.6 ms per request. */
const ENGINE_REQUESTS = 30_000;
const PROFILE_REQUESTS = 20_000;
/** Issue 12: the Poisson overload must grow linearly (32k ≤ 2.2× the CPU of 16k). */
const OVERLOAD_SIZES = [16_000, 32_000] as const;
/** One `sim run` scenario file (a single run: ≤ 34,000 requests fit the 24-hour cap). */
const CLI_REQUESTS = 10_000;
/** Issue #3's target for the seed scenario, one core. */
const TARGET_REQUESTS_PER_CPU_S = 10_000;
/** Issue 12's target for outcome-only runs (the risk explorer's Monte Carlo). */
const TARGET_OUTCOME_PER_CPU_S = 50_000;

const ofOutcomeTarget = (requests: number, t: { cpuMs: number }) =>
  `${fix((100 * requests) / (t.cpuMs / 1000) / TARGET_OUTCOME_PER_CPU_S, 0)} %`;

interface Options {
  requests: number;
  json: boolean;
  jobs: number;
  profile: boolean;
  /** --profile-only: section 6 alone. */
  profileOnly: boolean;
  child: string | null;
  preset: string;
  engineRequests: number | null;
  engineRounds: number;
  /** Children through tsx's loader (the parent's execArgv), not the Vite bundle. */
  tsx: boolean;
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: npm run bench -- [--quick | --requests N] [--json] [--jobs 1|2] [--profile | --profile-only] [--tsx]\n`,
  );
  process.exit(2);
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = {
    requests: 100_000,
    json: false,
    jobs: Math.min(2, availableParallelism()),
    profile: false,
    profileOnly: false,
    child: null,
    preset: 'issue-96',
    engineRequests: null,
    engineRounds: 3,
    tsx: false,
  };
  const int = (flag: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max)
      usage(`${flag} takes an integer from ${min} to ${max}, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.requests = 10_000;
    else if (a === '--requests') o.requests = int(a, argv[++i], 1, 1_000_000);
    else if (a === '--json') o.json = true;
    else if (a === '--jobs') o.jobs = int(a, argv[++i], 1, 8);
    else if (a === '--profile') o.profile = true;
    else if (a === '--profile-only') o.profileOnly = true;
    else if (a === '--child') o.child = argv[++i] ?? usage('--child needs a task');
    else if (a === '--preset') o.preset = argv[++i] ?? usage('--preset needs a name');
    else if (a === '--engine-requests') o.engineRequests = int(a, argv[++i], 1, 1_000_000);
    else if (a === '--engine-rounds') o.engineRounds = int(a, argv[++i], 1, 15);
    else if (a === '--tsx') o.tsx = true;
    else usage(`unknown argument "${a}"`);
  }
  return o;
}

// --- children ----------------------------------------------------------------

/** This file: main.ts through tsx, or in a child the bundle itself (bundle.ts leaves it as is). */
const SELF = fileURLToPath(import.meta.url);

/** What the children run: `node [execArgv] script`. */
interface ChildCommand {
  /** The node flags before the script (`--expose-gc` is added). */
  execArgv: string[];
  script: string;
  /** The bundle's source map, for the profile (null through tsx). */
  sourceMap: string | null;
}

/** Set by main before the first child: the Vite bundle with plain node, or tsx's loader. */
let command: ChildCommand = { execArgv: process.execArgv, script: SELF, sourceMap: null };

const ENGINE_CODE = {
  bundle: 'Vite SSR bundle (rolldown, no keepNames) — what the worker runs',
  tsx: 'tsx loader (keepNames: ≈25–35 % slower)',
} as const;

function nodeArgs(): string[] {
  const execArgv = [...command.execArgv];
  if (!execArgv.includes('--expose-gc')) execArgv.push('--expose-gc');
  return execArgv;
}

function runChild(args: string[], nodeFlags: string[] = []): Promise<string> {
  const execArgv = nodeArgs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, ...nodeFlags, command.script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

async function childMain(o: Options): Promise<void> {
  if (o.child === 'cli') {
    process.stdout.write(`${JSON.stringify(await cliInProcess(o.preset, o.requests))}\n`);
    return;
  }
  if (o.child === 'scenario') {
    process.stdout.write(`${JSON.stringify(benchScenario(o.preset, o.requests))}\n`);
    return;
  }
  if (o.child === 'outcome-process') {
    process.stdout.write(JSON.stringify(outcomeProcess(o.preset, o.requests)));
    return;
  }
  if (o.child === 'overload') {
    process.stdout.write(JSON.stringify(measureRow(o.requests)));
    return;
  }
  if (o.child === 'engines') {
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const c = compareEngines(PRESETS, o.requests, o.engineRounds, log);
    process.stdout.write(`${JSON.stringify(c)}\n`);
    return;
  }
  if (o.child === 'profile' || o.child === 'profile-outcome') {
    // Only the simulation: what --cpu-prof records is the run itself.
    const seed = presetScenario(o.preset).seed;
    const run = o.child === 'profile' ? runScenario : runOutcomes;
    for (const [i, n] of segmentSizes(o.requests).entries()) run(scaledScenario(o.preset, n, seed + i));
    return;
  }
  usage(`unknown child task ${o.child}`);
}

// --- profile (parent) ------------------------------------------------------------

async function profileBoth(o: Options, log: (s: string) => void): Promise<Profiled[]> {
  const requests = Math.min(o.requests, PROFILE_REQUESTS);
  const out: Profiled[] = [];
  for (const mode of ['full trace', 'outcome-only'] as const) {
    log(`bench: profiling issue-96, ${mode}, ${int(requests)} requests…`);
    out.push(await profileOnce(requests, mode));
  }
  return out;
}

function profileTables(profiles: readonly Profiled[]): string[] {
  return profiles.flatMap((p) => [
    table(
      `6. CPU profile of issue-96, ${p.mode}, ${int(p.requests)} requests (self time, ${secs(p.totalMs)} sampled)`,
      ['area', 'self', 'share'],
      p.byArea.map((a) => [a.area, secs(a.selfMs), `${fix(100 * a.share)} %`]),
    ),
    table(
      `Top functions by self time (${p.mode})`,
      ['function', 'where', 'area', 'self', 'share'],
      p.top.map((l) => [l.name, l.where, l.area, `${fix(l.selfMs, 0)} ms`, `${fix(100 * l.share)} %`]),
    ),
  ]);
}

type Profiled = ProfileSummary & { requests: number; mode: 'full trace' | 'outcome-only' };

async function profileOnce(requests: number, mode: Profiled['mode']): Promise<Profiled> {
  const dir = mkdtempSync(join(tmpdir(), 'race-window-bench-'));
  try {
    const child = mode === 'full trace' ? 'profile' : 'profile-outcome';
    await runChild(
      ['--child', child, '--preset', 'issue-96', '--requests', String(requests)],
      ['--cpu-prof', '--cpu-prof-dir', dir],
    );
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('bench: node --cpu-prof wrote no profile');
    const bundle = command.sourceMap ? { file: command.script, map: command.sourceMap } : undefined;
    return { requests, mode, ...summarizeProfile(join(dir, file), 25, bundle) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- output ----------------------------------------------------------------------

/** A preset's figures: its scenario child's, and its outcome-only child's (`ownProcess`). */
type PresetFigures = ScenarioFigures & { ownProcess: OutcomeProcessFigures };

function report(
  o: Options,
  figures: PresetFigures[],
  comparison: EngineComparison,
  profiles: Profiled[],
  overload: OverloadRow[],
  cli: { inProcess: CliInProcess; process: CliProcess },
  totalMs: number,
): string {
  const head = ['', ...figures.map((f) => f.preset)];
  const row = (label: string, f: (x: PresetFigures) => string) => [label, ...figures.map(f)];
  const out: string[] = [];
  const f0 = figures[0]!;
  out.push(
    `Race Window sim-core bench — ${int(o.requests)} requests per preset, node ${process.version}, ${availableParallelism()} CPUs, jobs ${o.jobs}` +
      `\nengine code: ${o.tsx ? ENGINE_CODE.tsx : ENGINE_CODE.bundle}` +
      `\nThe preset's workload is kept; ${f0.segments.length} segment(s) of ≤ 34,000 requests (scenario validation caps a run at 24 simulated hours), seeds ${f0.segments.map((s) => s.seed).join(', ')}.`,
  );
  out.push(
    table('1. Seed scenario, scaled', head, [
      row('client policy', (f) => f.client),
      row('machines run by (RW_EXECUTOR)', (f) => f.engine),
      row('simulated time', (f) => `${fix(f.segments.reduce((n, s) => n + s.simulatedHours, 0))} h`),
      row(
        'ok / ok-after-retry / failed',
        (f) => `${f.outcomes.ok} / ${f.outcomes.okAfterRetry} / ${f.outcomes.failed}`,
      ),
      row('connections opened', (f) => int(f.outcomes.connections)),
      row('wall time', (f) => secs(f.run.wallMs)),
      row('CPU time', (f) => secs(f.run.cpuMs)),
      row('full trace: simulated requests / CPU-s', (f) => perCpuSec(f.requests, f.run.cpuMs)),
      row(
        `  of the target (${int(TARGET_REQUESTS_PER_CPU_S)})`,
        (f) => `${fix((100 * f.requests) / (f.run.cpuMs / 1000) / TARGET_REQUESTS_PER_CPU_S, 0)} %`,
      ),
      row('outcome-only, after the full runs: CPU time', (f) => secs(f.outcomeRun.cpuMs)),
      row('outcome-only, after the full runs: requests / CPU-s', (f) =>
        perCpuSec(f.requests, f.outcomeRun.cpuMs),
      ),
      row(`  of the target (${int(TARGET_OUTCOME_PER_CPU_S)})`, (f) =>
        ofOutcomeTarget(f.requests, f.outcomeRun),
      ),
      row('outcome-only, own process, first pass / CPU-s', (f) =>
        perCpuSec(f.requests, f.ownProcess.first.cpuMs),
      ),
      row(`  of the target (${int(TARGET_OUTCOME_PER_CPU_S)})`, (f) =>
        ofOutcomeTarget(f.requests, f.ownProcess.first),
      ),
      row('outcome-only, own process, again / CPU-s', (f) => perCpuSec(f.requests, f.ownProcess.again.cpuMs)),
      row(`  of the target (${int(TARGET_OUTCOME_PER_CPU_S)})`, (f) =>
        ofOutcomeTarget(f.requests, f.ownProcess.again),
      ),
      row('  CPU per run (segment), first pass', (f) => runSecs(f.ownProcess.firstPerRunCpuMs)),
      row('  CPU per run (segment), again', (f) => runSecs(f.ownProcess.againPerRunCpuMs)),
      row('  one-time warm-up (first pass − again)', (f) =>
        secs(f.ownProcess.first.cpuMs - f.ownProcess.again.cpuMs),
      ),
      row('  same totals in both passes', (f) => (f.ownProcess.same ? 'yes' : 'NO')),
      row('outcome-only, totals only ({ requests: false }) / CPU-s', (f) =>
        perCpuSec(f.requests, f.totalsRun.cpuMs),
      ),
      row('  same totals as the full runs (both)', (f) => (f.outcomeSame ? 'yes' : 'NO')),
      row('kernel events delivered', (f) => int(f.kernelEvents)),
      row('kernel events / CPU-s', (f) => perCpuSec(f.kernelEvents, f.run.cpuMs)),
      row('machine transitions (state events)', (f) => int(f.stateEvents)),
      row('machine transitions / CPU-s', (f) => perCpuSec(f.stateEvents, f.run.cpuMs)),
      row('trace events', (f) => int(f.traceEvents)),
      row('trace events / CPU-s', (f) => perCpuSec(f.traceEvents, f.run.cpuMs)),
      row(
        `heap used, results held${f0.gcExposed ? ' (after gc)' : ''}`,
        (f) => `${fix(f.heapWithTracesMB)} MB`,
      ),
      row('heap used, results dropped', (f) => `${fix(f.heapAfterDropMB)} MB`),
    ]),
  );
  out.push(
    table('2. Same load, plain TypeScript, same process (CPU)', head, [
      row('bare kernel: same events, trivial callbacks', (f) => secs(f.refs.kernel.cpuMs)),
      row('  kernel events / CPU-s', (f) => perCpuSec(f.refs.kernel.events, f.refs.kernel.cpuMs)),
      row('trace recorder: same number of events', (f) => secs(f.refs.recorder.cpuMs)),
      row('TCP switch reducer: events = all sends', (f) => int(f.refs.reducer.events)),
      row('  reducer CPU', (f) => secs(f.refs.reducer.cpuMs)),
      row('plain model total (kernel+recorder+reducer)', (f) =>
        secs(f.refs.kernel.cpuMs + f.refs.recorder.cpuMs + f.refs.reducer.cpuMs),
      ),
      row('ratio: real run / plain model', (f) =>
        ratio(f.run.cpuMs, f.refs.kernel.cpuMs + f.refs.recorder.cpuMs + f.refs.reducer.cpuMs),
      ),
      row('ratio: real run / bare kernel', (f) => ratio(f.run.cpuMs, f.refs.kernel.cpuMs)),
      row(
        'like for like: recorded TCP streams',
        (f) => `${int(f.refs.replay.streams)} actors, ${int(f.refs.replay.events)} ev`,
      ),
      row('  XState actor µs / event (start incl.)', (f) =>
        fix((f.refs.replay.xstate.cpuMs * 1000) / f.refs.replay.events, 2),
      ),
      row('  reducer µs / event', (f) => fix((f.refs.replay.reducer.cpuMs * 1000) / f.refs.replay.events, 3)),
      row('  ratio XState / reducer', (f) => ratio(f.refs.replay.xstate.cpuMs, f.refs.replay.reducer.cpuMs)),
      row('  same final state & effects', (f) => `${f.refs.replay.agree}/${f.refs.replay.streams}`),
    ]),
  );
  const machines = [...new Set(figures.flatMap((f) => Object.keys(f.sends.byMachinePerRequest)))];
  const traceMachines = [...new Set(figures.flatMap((f) => Object.keys(f.stateByMachine)))];
  const starters = [...new Set(figures.flatMap((f) => Object.keys(f.sends.startsByMachinePerRequest)))];
  const stepped = [...new Set(figures.flatMap((f) => Object.keys(f.sends.microstepsByMachinePerRequest)))];
  const engines = [...new Set(figures.map((f) => f.engine))].join(' / ');
  out.push(
    table(`3. Per request (machines run by ${engines})`, head, [
      row('kernel events', (f) => fix(f.kernelEvents / f.requests, 2)),
      row('machine transitions (state events)', (f) => fix(f.stateEvents / f.requests, 2)),
      ...traceMachines.map((m) => row(`  ${m}`, (f) => fix((f.stateByMachine[m] ?? 0) / f.requests, 2))),
      row('trace events', (f) => fix(f.traceEvents / f.requests, 2)),
      row('sends (events into actors)', (f) => fix(f.sends.perRequest, 2)),
      ...machines.map((m) =>
        row(`  ${m}: sends (no-op) · µs each · share`, (f) => {
          const all = f.sends.byMachinePerRequest[m] ?? 0;
          const noop = f.sends.noopByMachinePerRequest[m] ?? 0;
          const us = f.sends.usPerSendByMachine[m] ?? 0;
          return `${fix(all, 2)} (${fix(noop, 2)}) · ${fix(us, 1)} · ${pct(f.sends.sendShareByMachine[m] ?? 0)}`;
        }),
      ),
      row('actor starts', (f) =>
        fix(
          Object.values(f.sends.startsByMachinePerRequest).reduce((a, b) => a + b, 0),
          2,
        ),
      ),
      ...starters.map((m) =>
        row(
          `  ${m}: starts · µs each · share`,
          (f) =>
            `${fix(f.sends.startsByMachinePerRequest[m] ?? 0, 2)} · ${fix(f.sends.usPerStartByMachine[m] ?? 0, 1)} · ${pct(f.sends.startShareByMachine[m] ?? 0)}`,
        ),
      ),
      row('executor microsteps (XState: not counted)', (f) =>
        fix(
          Object.values(f.sends.microstepsByMachinePerRequest).reduce((a, b) => a + b, 0),
          2,
        ),
      ),
      ...stepped.map((m) => row(`  ${m}`, (f) => fix(f.sends.microstepsByMachinePerRequest[m] ?? 0, 2))),
      row('  inside the actors (sends + starts), share', (f) =>
        pct(
          [
            ...Object.values(f.sends.sendShareByMachine),
            ...Object.values(f.sends.startShareByMachine),
          ].reduce((a, b) => a + b, 0),
        ),
      ),
      row('  counted over (instrumented pass, wall)', (f) => `${int(f.sends.sampleRequests)} req`),
      row('CPU µs', (f) => fix((f.run.cpuMs * 1000) / f.requests, 1)),
    ]),
  );
  out.push(...engineTables(comparison));
  out.push(
    table('5. Trace hash and summary over the whole trace (CPU)', head, [
      row('traceHash', (f) => secs(f.traceHash.cpuMs)),
      row('  of which JSON.stringify (alone)', (f) => secs(f.stringify.cpuMs)),
      row('summarize (hash not read: on demand)', (f) => secs(f.summarize.cpuMs)),
      row('summarize share of run CPU', (f) => `${fix((100 * f.summarize.cpuMs) / f.run.cpuMs)} %`),
      row('hash / CPU-s (trace events)', (f) => perCpuSec(f.traceEvents, f.traceHash.cpuMs)),
    ]),
  );
  out.push(...profileTables(profiles));
  const [small, large] = overload;
  out.push(
    table(
      '7. Poisson overload (overload.ts: 100,000 GET/s into a pool of 100), one child per size',
      ['requests', 'CPU (gc the bench adds left out)', 'requests / CPU-s', 'trace events', 'run.end'],
      [
        ...overload.map((r) => [
          int(r.count),
          secs(r.cpuS * 1000),
          int(r.reqPerCpuS),
          int(r.traceEvents),
          r.reason,
        ]),
        [
          `${int(large!.count)} / ${int(small!.count)}`,
          ratio(large!.cpuS, small!.cpuS),
          '',
          '',
          'linear: ≤ 2.2× for 2× the requests',
        ],
      ],
    ),
  );
  const c = cli.inProcess;
  out.push(
    table(
      `8. The CLI's summary path: ${c.preset} at ${int(c.requests)} requests (one scenario file)`,
      ['', 'wall', 'CPU'],
      [
        ['runScenario, in process', secs(c.runScenario.wallMs), secs(c.runScenario.cpuMs)],
        [
          `sim run FILE, in process (summary JSON, ${fix(c.outputChars / 1e6)} M chars, hash included)`,
          secs(c.cli.wallMs),
          secs(c.cli.cpuMs),
        ],
        [
          '  ratio CLI / runScenario',
          ratio(c.cli.wallMs, c.runScenario.wallMs),
          ratio(c.cli.cpuMs, c.runScenario.cpuMs),
        ],
        ['sim run FILE, its own process (tsx start-up included)', secs(cli.process.runWallMs), ''],
        ['sim presets, its own process (start-up alone)', secs(cli.process.startupWallMs), ''],
      ],
    ),
  );
  out.push(`\nbench total: ${secs(totalMs)} wall. Figures only; nothing here is asserted.`);
  return out.join('\n');
}

/** Builds the bundle the children run (bundle.ts); a failed build stops the bench. */
async function useBundle(log: (s: string) => void): Promise<string> {
  const t0 = Date.now();
  let file: string;
  try {
    file = await buildBenchBundle();
  } catch (e) {
    throw new Error(
      `the Vite SSR build of sim-core/bench/main.ts failed (npm run bench -- --tsx runs the children through tsx instead):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  }
  const map = `${file}.map`;
  if (!existsSync(map)) {
    removeBenchBundle(file);
    throw new Error(`the Vite SSR build wrote no source map next to ${file}`);
  }
  command = { execArgv: [], script: file, sourceMap: map };
  log(
    `bench: building sim-core as Vite does (SSR build of bench/main.ts, rolldown, no keepNames, xstate bundled) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return file;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.child) {
    await childMain(o);
    return;
  }
  const t0 = Date.now();
  const log = (s: string) => {
    if (!o.json) process.stderr.write(`${s}\n`);
  };
  if (o.tsx) {
    await parentMain(o, t0, log);
    return;
  }
  const bundle = await useBundle(log);
  const removeOnSignal = () => {
    removeBenchBundle(bundle);
    process.exit(130);
  };
  process.once('SIGINT', removeOnSignal);
  process.once('SIGTERM', removeOnSignal);
  try {
    await parentMain(o, t0, log);
  } finally {
    removeBenchBundle(bundle);
  }
}

async function parentMain(o: Options, t0: number, log: (s: string) => void): Promise<void> {
  if (o.profileOnly) {
    // Only section 6, for work on the engine: the two profiles, nothing timed besides.
    const profiles = await profileBoth(o, log);
    process.stdout.write(
      o.json
        ? `${JSON.stringify({ node: process.version, engineCode: o.tsx ? 'tsx' : 'vite-ssr-bundle', profiles }, null, 2)}\n`
        : `${profileTables(profiles).join('\n\n')}\n`,
    );
    return;
  }
  log(`bench: ${PRESETS.join(' and ')} at ${int(o.requests)} requests, ${o.jobs} at a time…`);
  /** `child`'s JSON for each preset, `o.jobs` children at a time. */
  const perPreset = <T>(child: string) =>
    pool(
      PRESETS.map(
        (p) => async () =>
          JSON.parse(
            await runChild(['--child', child, '--preset', p, '--requests', String(o.requests)]),
          ) as T,
      ),
      o.jobs,
    );
  const scenarios = await perPreset<ScenarioFigures>('scenario');
  // Outcome-only again, each preset in a child that runs nothing else: how the risk explorer's
  // workers run them (seedRun.ts outcomeProcess).
  log('bench: outcome-only runs in their own processes…');
  const own = await perPreset<OutcomeProcessFigures>('outcome-process');
  const figures: PresetFigures[] = scenarios.map((f, i) => ({ ...f, ownProcess: own[i]! }));
  const overload: OverloadRow[] = [];
  for (const n of OVERLOAD_SIZES) {
    log(`bench: Poisson overload, ${int(n)} requests…`);
    overload.push(
      await overloadChild(
        n,
        o.tsx
          ? undefined
          : {
              execArgv: nodeArgs(),
              script: command.script,
              args: ['--child', 'overload', '--requests', String(n)],
            },
      ),
    );
  }
  log('bench: the CLI path…');
  const cliRequests = Math.min(o.requests, CLI_REQUESTS);
  const cli = {
    inProcess: JSON.parse(
      await runChild(['--child', 'cli', '--preset', 'issue-96', '--requests', String(cliRequests)]),
    ) as CliInProcess,
    process: await cliProcess('issue-96', cliRequests),
  };
  const engineRequests = o.engineRequests ?? Math.min(o.requests, ENGINE_REQUESTS);
  log(
    `bench: old and new engine, ${int(engineRequests)} requests and the gap sweeps, ${o.engineRounds} interleaved rounds…`,
  );
  const engines = JSON.parse(
    await runChild([
      '--child',
      'engines',
      '--requests',
      String(engineRequests),
      '--engine-rounds',
      String(o.engineRounds),
    ]),
  ) as EngineComparison;
  const profiles = o.profile ? await profileBoth(o, log) : [];
  const totalMs = Date.now() - t0;
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ requests: o.requests, node: process.version, jobs: o.jobs, engineCode: o.tsx ? 'tsx' : 'vite-ssr-bundle', presets: figures, engines, sweepGaps: { from: SWEEP_GAPS[0], to: SWEEP_GAPS[SWEEP_GAPS.length - 1], delayMs: SWEEP_DELAY_MS }, profiles, overload, cli, totalMs }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${report(o, figures, engines, profiles, overload, cli, totalMs)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
