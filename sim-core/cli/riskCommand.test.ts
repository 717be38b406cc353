import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli';
import { fakeWorld } from './testing';

const risk = async (args: string[]) => {
  const w = fakeWorld();
  const code = await runCli(['risk', ...args], w.io);
  return { code, out: w.out, err: w.err };
};

const STACK = ['--client', 'httpx-0.23', '--server', 'uvicorn', '--delay-ms', '30'];

describe('sim risk', () => {
  it('--json prints the issue’s fields; progress goes to stderr', async () => {
    const r = await risk([...STACK, '--requests', '3000', '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const j = JSON.parse(r.out[0]!);
    for (const k of ['requests', 'failed', 'failuresPerMillion', 'ci95PerMillion', 'byCause', 'byOutcome'])
      expect(j).toHaveProperty(k);
    for (const k of ['retries', 'duplicates', 'indeterminate', 'latencyMs', 'firstFailure'])
      expect(j).toHaveProperty(k);
    expect(Object.keys(j.byCause)).toEqual(['stale', 'raceWindow', 'serverClosedMidRequest', 'other']);
    expect(Object.keys(j.byOutcome)).toEqual(['eof', 'reset', 'timeout', 'other']);
    expect(j.requests).toBe(3000);
    const [lo, hi] = j.ci95PerMillion;
    expect(lo).toBeLessThanOrEqual(j.failuresPerMillion);
    expect(hi).toBeGreaterThanOrEqual(j.failuresPerMillion);
    expect(r.err.length).toBeGreaterThan(0);
    expect(r.err.every((l) => l.startsWith('risk: '))).toBe(true);
  });

  it('--fixes names httpx’s and uvicorn’s real settings, each measured', async () => {
    const r = await risk([...STACK, '--requests', '3000', '--fixes', '--json']);
    const { fixes, failed } = JSON.parse(r.out[0]!);
    expect(failed).toBeGreaterThan(0);
    const settings = fixes.map((f: { setting: string }) => f.setting);
    expect(settings).toContain('httpx.Limits(keepalive_expiry=3.9)');
    expect(settings).toContain('uvicorn --timeout-keep-alive 7');
    for (const f of fixes) {
      for (const k of ['change', 'setting', 'snippet', 'failuresPerMillion', 'ci95PerMillion', 'duplicates'])
        expect(f).toHaveProperty(k);
      // Either fix removes the race on these seeds.
      expect(f.failuresPerMillion).toBe(0);
      expect(f.vsBaseline).toBe('better');
    }
  });

  it('--vary prints a map, one cell per value pair', async () => {
    const r = await risk([
      ...STACK,
      '--requests',
      '500',
      '--vary',
      'clientExpiryMs=3000:5000:1000,serverTimeoutMs=4000:5000:1000',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { map } = JSON.parse(r.out[0]!);
    expect(map.cells).toHaveLength(6);
    expect(map.cells[5].input.client.idleExpiryMs).toBe(5000);
    expect(map.cells[5].input.server.idleTimeoutMs).toBe(5000);
    const text = await risk([...STACK, '--requests', '500', '--vary', 'delayMs=10:30:10']);
    expect(text.out.at(-1)).toMatch(/^\s+30\s+\d/);
  });

  for (const [args, message] of [
    [['--server', 'uvicorn'], '--client NAME is required'],
    [[...STACK, '--retries', 'maybe'], '--retries must be on or off'],
    [[...STACK, '--retries', 'on'], 'client.retries: httpx-0.23 has no setting'],
    [[...STACK, '--traffic', 'poisson'], '--traffic "poisson"'],
    [[...STACK, '--vary', 'rtt=1:2:1'], '--vary: unknown parameter "rtt"'],
    [[...STACK, '--workers', '0'], '--workers must be a whole number from 1 to 64'],
    [['--client', 'httpx', '--server', 'uvicorn'], 'client.policy: unknown name "httpx"'],
    [[...STACK, '--requests', '20', '--vary', 'ratePerSec=1:2:1'], 'ratePerSec needs poisson traffic'],
    [[...STACK, '--colour'], 'unknown flag --colour'],
  ] as const) {
    it(`refuses ${args.slice(-2).join(' ')} in one line, exit 2`, async () => {
      const r = await risk([...args]);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toContain(message);
    });
  }
});

describe('sim diagnose', () => {
  it('reads stdin and names library and mechanism', async () => {
    const w = fakeWorld({
      '-': 'httpx.RemoteProtocolError: Server disconnected without sending a response.',
    });
    expect(await runCli(['diagnose'], w.io)).toBe(0);
    expect(w.out[0]).toMatch(/^library: httpx/);
    expect(w.out.some((l) => l.startsWith('explore: npm run -s sim -- risk --client httpx-0.23'))).toBe(true);
  });
  it('says "not recognised" with the signatures it knows', async () => {
    const w = fakeWorld({ 'e.txt': 'ValueError: nope' });
    expect(await runCli(['diagnose', 'e.txt'], w.io)).toBe(0);
    expect(w.out[0]).toMatch(/^not recognised\. Known signatures: h11-send-response-http3, /);
  });
  it('a missing file is one line, exit 2', async () => {
    const w = fakeWorld();
    expect(await runCli(['diagnose', 'nope.txt'], w.io)).toBe(2);
    expect(w.err).toEqual(['error: cannot read "nope.txt": no such file or directory (ENOENT)']);
  });
});

// Worker threads need the real binary (tsx): the same estimate for 1 and 2 workers.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
function sim(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['sim-core/cli/main.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('sim risk --workers', () => {
  it('gives the identical estimate for 1 and 2 workers', async () => {
    const args = [
      'risk',
      ...STACK,
      '--traffic',
      'seed-bursts',
      '--method',
      'POST',
      '--requests',
      '2000',
      '--json',
    ];
    const [one, two] = await Promise.all([
      sim([...args, '--workers', '1']),
      sim([...args, '--workers', '2']),
    ]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
  }, 60_000);
});
