/**
 * `sim real … --perfetto FILE` writes the real run as a Chrome Trace Event file that passes the
 * same structural check as the simulator's exports (every slice closed, flows paired, timestamps
 * monotonic per track), and the two files it writes are checked before the run starts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromeTraceProblems } from '../../sim-core/export/chromeTraceCheck';
import { realMain } from './real';

describe('real --perfetto', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes a Chrome trace of the real run (a reuse and a request after the close)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rw-real-perfetto-'));
    const file = join(dir, 'real.json');
    const code = await realMain([
      '--client',
      'node-agent-20',
      '--server',
      'node-http-20',
      '--idle-timeout-ms',
      '100',
      '--delay-ms',
      '5',
      '--gaps-ms',
      '20,1300',
      '--perfetto',
      file,
    ]);
    expect(code).toBe(0);
    const json = await readFile(file, 'utf8');
    expect(chromeTraceProblems(json)).toEqual([]);
    const events = (JSON.parse(json) as { traceEvents: { ph: string; name: string }[] }).traceEvents;
    // The real trace's segments are there as flows (s/f pairs), its requests as slices.
    expect(events.some((e) => e.ph === 's')).toBe(true);
    expect(events.some((e) => e.ph === 'X' || e.ph === 'B')).toBe(true);
  });

  it('--perfetto - and --perfetto with --sweep are refused before anything runs', async () => {
    expect(await realMain(['--perfetto', '-'])).toBe(2);
    expect(await realMain(['--sweep', '--perfetto', join(tmpdir(), 'x.json')])).toBe(2);
  });
});
