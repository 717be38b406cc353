// `npx tsx sim-core/bench/h11Replay.ts`: replayH11 on ~18 MB scripts (the fixtures repeated, only error
// lines, only role lines, one connection receiving EOF over and over), each at half and full
// size, to show the time is linear in the input. Figures are CPU seconds of this process.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPLAY_LIMITS, replayH11 } from '../h11/replay';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'h11', 'fixtures');
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const SIZE = 18_000_000;

function repeat(unit: string, chars: number): string {
  const out: string[] = [];
  for (let n = 0; n < chars; n += unit.length + 1) out.push(unit);
  return out.join('\n');
}

const scripts: Record<string, string> = {
  fixtures: repeat(
    readdirSync(fixtures)
      .filter((f) => f.endsWith('.jsonl') && !f.endsWith('.expected.jsonl'))
      .map(read)
      .join('\n'),
    SIZE,
  ),
  'local errors': repeat(read('local-errors.jsonl'), SIZE),
  'role lines': repeat('{"our_role":"CLIENT"}', SIZE),
  'one connection': `{"our_role":"CLIENT"}\n${repeat('{"op":"receive","event":{"type":"ConnectionClosed"}}', SIZE)}`,
};

const unlimited = { ...REPLAY_LIMITS, entries: Number.MAX_SAFE_INTEGER };

function cpuSeconds(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

for (const [name, script] of Object.entries(scripts)) {
  const half = script.slice(0, script.lastIndexOf('\n', script.length / 2));
  let lines = 0;
  const tHalf = cpuSeconds(() => replayH11(half, unlimited));
  const tFull = cpuSeconds(() => {
    lines = replayH11(script, unlimited).lines.length;
  });
  console.log(
    `${name.padEnd(15)} ${(script.length / 1e6).toFixed(1)} MB, ${lines} output lines: ${tFull.toFixed(2)} s CPU (half the script ${tHalf.toFixed(2)} s)`,
  );
}
