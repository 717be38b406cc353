import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputTooLargeError, ioProblem } from './io';
import { nodeIO } from './nodeIo';

const dir = mkdtempSync(join(tmpdir(), 'race-window-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return ioProblem(e);
  }
  return 'no error';
}

describe('nodeIO.readFile', () => {
  it('reads UTF-8 and drops a leading byte-order mark', async () => {
    const f = join(dir, 'bom.json');
    writeFileSync(f, '\ufeff{"name":"é"}');
    expect(await nodeIO.readFile(f, 100)).toBe('{"name":"é"}');
  });

  it('reads a file of exactly the limit and refuses one byte more, by its size', async () => {
    const f = join(dir, 'ten');
    writeFileSync(f, '0123456789');
    expect(await nodeIO.readFile(f, 10)).toBe('0123456789');
    await expect(nodeIO.readFile(f, 9)).rejects.toEqual(new InputTooLargeError(10, 9));
  });

  it('stops reading a device that has no size at the limit', async () => {
    expect(await problem(nodeIO.readFile('/dev/zero', 1000))).toBe('is larger than 1000 bytes, the limit');
  });

  it('a directory, a missing file and a path through a file are Node errors with a code', async () => {
    expect(await problem(nodeIO.readFile(dir, 100))).toBe('is a directory (EISDIR)');
    expect(await problem(nodeIO.readFile(join(dir, 'missing'), 100))).toBe(
      'no such file or directory (ENOENT)',
    );
    writeFileSync(join(dir, 'plain'), 'x');
    expect(await problem(nodeIO.readFile(join(dir, 'plain', 'x'), 100))).toBe(
      'a part of the path is not a directory (ENOTDIR)',
    );
  });

  // Root reads any file, so as root the read runs in a child process that drops to the unprivileged
  // `nobody` (uid 65534) once its modules are loaded: the EACCES still comes from the kernel, not
  // from a fake. Dropping after the imports, not at spawn: `nobody` may not be able to read the
  // checkout (a clone under a 0700 directory, as `mktemp -d` makes).
  it('an unreadable file is EACCES', async () => {
    const f = join(dir, 'secret');
    writeFileSync(f, 'x');
    chmodSync(f, 0o000);
    if (process.getuid?.() !== 0) {
      expect(await problem(nodeIO.readFile(f, 100))).toBe('permission denied (EACCES)');
      return;
    }
    chmodSync(dir, 0o755);
    const script = `import { nodeIO } from ${JSON.stringify(new URL('./nodeIo.ts', import.meta.url).href)};
      import { ioProblem } from ${JSON.stringify(new URL('./io.ts', import.meta.url).href)};
      process.setgid(65534);
      process.setuid(65534);
      nodeIO.readFile(${JSON.stringify(f)}, 100).then(() => console.log('no error'), (e) => console.log(ioProblem(e)));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('permission denied (EACCES)');
  });
});

describe('nodeIO.writeFile', () => {
  it('fails with the code of a missing directory or a directory', async () => {
    expect(await problem(nodeIO.writeFile(join(dir, 'no', 'such', 't.jsonl'), ''))).toBe(
      'no such file or directory (ENOENT)',
    );
    expect(await problem(nodeIO.writeFile(dir, ''))).toBe('is a directory (EISDIR)');
  });
});

describe('ioProblem', () => {
  it('describes anything thrown, including non-errors and unknown codes', () => {
    expect(ioProblem('x')).toBe('x');
    expect(ioProblem(Object.assign(new Error('odd'), { code: 'EWHATEVER' }))).toBe('odd (EWHATEVER)');
    expect(ioProblem(Object.assign(new Error('odd'), { code: 'constructor' }))).toBe('odd (constructor)');
    expect(ioProblem(new InputTooLargeError(null, 8 * 1024 * 1024))).toBe(
      'is larger than 8388608 bytes (8 MiB), the limit',
    );
  });
});
