/** For the CLI's tests: an in-memory outside world (files, write targets, their errors, output) and a cheap engine. */
import { sweepGaps } from '../experiments/sweep';
import { runScenario } from '../run';
import type { Engine } from './engine';
import { type CliIO, InputTooLargeError } from './io';

/** A Node-style error with a `code` (what fs rejects with). */
export function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: fake, '${path}'`), { code });
}

export interface FakeWorld {
  io: CliIO;
  out: string[];
  err: string[];
  /** What was written, by path (the last write wins, as with a real file). */
  written: Map<string, string>;
  /** Every writeFile call in order. */
  writes: { path: string; bytes: number }[];
}

/**
 * `files` holds readable text or an error code by path (`-` is stdin); a path not in it is ENOENT.
 * `writeErrors` gives the code a write to a path fails with; paths under `no/such/` are ENOENT.
 */
export function fakeWorld(
  files: Record<string, string> = {},
  writeErrors: Record<string, string> = {},
  readErrors: Record<string, string> = {},
): FakeWorld {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const writes: { path: string; bytes: number }[] = [];
  const io: CliIO = {
    readFile: async (path, maxBytes) => {
      if (Object.hasOwn(readErrors, path)) throw fsError(readErrors[path]!, path);
      if (!Object.hasOwn(files, path)) throw fsError('ENOENT', path);
      const text = files[path]!;
      const size = Buffer.byteLength(text, 'utf8');
      if (size > maxBytes) throw new InputTooLargeError(path === '-' ? null : size, maxBytes);
      return text;
    },
    writeFile: async (path, text) => {
      if (Object.hasOwn(writeErrors, path)) throw fsError(writeErrors[path]!, path);
      if (path.startsWith('no/such/')) throw fsError('ENOENT', path);
      written.set(path, text);
      writes.push({ path, bytes: text.length });
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { io, out, err, written, writes };
}

export interface RecordingEngine extends Engine {
  /** What each command handed to the engine, in order. */
  calls: { kind: 'run' | 'sweep' | 'ladder'; arg: unknown }[];
}

/**
 * The real engine made cheap for argument tests: a run stops after a few thousand events, a
 * sweep runs its first two gaps, and a ladder (hundreds of runs) is not run at all — its options
 * are recorded and an empty ladder is printed.
 */
export function cheapEngine(): RecordingEngine {
  const calls: RecordingEngine['calls'] = [];
  return {
    calls,
    runScenario: (scenario) => {
      calls.push({ kind: 'run', arg: scenario });
      return runScenario(scenario, { maxEvents: 2000, maxKernelEvents: 4000 });
    },
    sweepGaps: (base, gaps) => {
      calls.push({ kind: 'sweep', arg: { base, gaps } });
      return sweepGaps(base, gaps.slice(0, 2));
    },
    policyLadder: (options) => {
      calls.push({ kind: 'ladder', arg: options });
      return { server: options.server, delayMs: options.delayMs, closeAfterMs: 0, window: null, rows: [] };
    },
  };
}
