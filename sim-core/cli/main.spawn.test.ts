/**
 * The real binary (tsx sim-core/cli/main.ts) for what only a process shows: exit codes, stderr
 * lines, stdin, and a reader that closes stdout early. Each spawn costs a tsx start-up (~1 s), so
 * only a handful; everything else runs in-process in cli.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'race-window-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `stdoutBytes` closes stdout after that many bytes (as `| head -c N` would). */
function sim(args: string[], opts: { stdin?: string; stdoutBytes?: number } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['sim-core/cli/main.ts', ...args], { cwd: root, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (opts.stdoutBytes !== undefined && stdout.length >= opts.stdoutBytes) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('the sim binary', { timeout: 240_000 }, () => {
  it('--trace into a missing directory: exit 2, one line, no stack trace', async () => {
    const r = await sim(['run', '--trace', join(dir, 'no', 'such', 't.jsonl')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      `error: --trace: cannot write ${JSON.stringify(join(dir, 'no', 'such', 't.jsonl'))}: no such file or directory (ENOENT)`,
    ]);
    expect(r.stdout).toBe('');
  });

  it('a scenario file holding null, with a flag: exit 2, one line', async () => {
    const f = join(dir, 'null.json');
    writeFileSync(f, 'null');
    const r = await sim(['run', f, '--seed', '1']);
    expect({ code: r.code, stderr: lines(r.stderr) }).toEqual({
      code: 2,
      stderr: [`error: ${JSON.stringify(f)}: scenario: must be an object, got null`],
    });
  });

  it('h11 - reads the script from stdin and exits 0', async () => {
    const r = await sim(['h11', '-'], {
      stdin: '{"our_role":"CLIENT"}\n{"op":"receive","event":{"type":"ConnectionClosed"}}\n',
    });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout: '{"our_state":"MUST_CLOSE","their_state":"CLOSED"}\n',
      stderr: '',
    });
  });

  it('a reader that closes stdout early ends the run quietly with exit 0', async () => {
    const script = ['{"our_role":"CLIENT"}', ...Array(50_000).fill('{"op":"start_next_cycle"}')].join('\n');
    const r = await sim(['h11', '-'], { stdin: script, stdoutBytes: 1 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
