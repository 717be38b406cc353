/**
 * The CLI's summary path against the engine alone, on the same scenario: `sim run FILE` called
 * in-process (runCli with an in-memory output: read, validate, run, summary JSON with the trace
 * hash) next to `runScenario` (the hash not read), both in this process after a warm-up; and
 * `sim run FILE` as a process of its own (tsx start-up included) next to `sim presets` (start-up
 * alone), wall time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/cli';
import type { CliIO } from '../cli/io';
import { runScenario } from '../run';
import { measure, type Timing } from './measure';
import { scaledScenario } from './seedRun';

export interface CliInProcess {
  preset: string;
  requests: number;
  runScenario: Timing;
  cli: Timing;
  /** Characters the CLI printed (the summary JSON). */
  outputChars: number;
}

export interface CliProcess {
  runWallMs: number;
  startupWallMs: number;
}

/** A scenario file for `sim run`: one run (≤ 34,000 requests fit the 24-hour cap). */
export function writeScenarioFile(preset: string, requests: number): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'race-window-cli-'));
  const file = join(dir, `${preset}-${requests}.json`);
  writeFileSync(file, JSON.stringify(scaledScenario(preset, requests)));
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function cliInProcess(preset: string, requests: number): Promise<CliInProcess> {
  const { file, cleanup } = writeScenarioFile(preset, requests);
  try {
    let chars = 0;
    const io: CliIO = {
      readFile: async (path) => readFileSync(path, 'utf8'),
      writeFile: async () => {},
      out: (line) => {
        chars += line.length;
      },
      err: (line) => {
        throw new Error(`sim run: ${line}`);
      },
    };
    const scenario = scaledScenario(preset, requests);
    // Warm-up, untimed: both paths JIT-compiled before either is measured.
    runScenario(scaledScenario(preset, Math.min(requests, 1000)));
    await runCli(['run', file], io);
    const run = measure(() => runScenario(scenario).summary.totals.requests);
    chars = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const code = await runCli(['run', file], io);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (code !== 0) throw new Error(`sim run exited with ${code}`);
    return {
      preset,
      requests,
      runScenario: { wallMs: run.wallMs, cpuMs: run.cpuMs },
      cli: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 },
      outputChars: chars,
    };
  } finally {
    cleanup();
  }
}

const CLI_MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

function wallOf(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [...process.execArgv, CLI_MAIN, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(performance.now() - t0);
      else reject(new Error(`sim ${args.join(' ')} exited with ${code}`));
    });
  });
}

export async function cliProcess(preset: string, requests: number): Promise<CliProcess> {
  const { file, cleanup } = writeScenarioFile(preset, requests);
  try {
    const startupWallMs = await wallOf(['presets']);
    const runWallMs = await wallOf(['run', file]);
    return { runWallMs, startupWallMs };
  } finally {
    cleanup();
  }
}
