// app/ reaches sim-core only through its public entries (biome.json's noRestrictedImports): this
// runs the linter on imports as each kind of app/ file would write them, so the rule cannot be
// dropped or loosened without a failing test.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const biome = join(root, 'node_modules', '.bin', 'biome');
// The repo's biome.json in a folder of its own, so probe files never land in the working tree.
const probe = mkdtempSync(join(tmpdir(), 'rw-entry-'));
copyFileSync(join(root, 'biome.json'), join(probe, 'biome.json'));
afterAll(() => rmSync(probe, { recursive: true, force: true }));

/** Lints one import line as if it were the file `path`; the rule's message, or null when allowed. */
function lint(path: string, from: string): string | null {
  const depth = path.split('/').length - 1;
  const file = join(probe, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `import * as m from '${'../'.repeat(depth)}${from}';\nexport const x = m;\n`);
  const r = spawnSync(biome, ['lint', '--only=style/noRestrictedImports', path], {
    cwd: probe,
    encoding: 'utf8',
  });
  rmSync(file);
  const out = `${r.stdout}${r.stderr}`;
  if (r.status === 0) return null;
  const rule = out.match(/noRestrictedImports[\s\S]*?× ([^\n]+)/);
  if (!rule) throw new Error(`biome failed for another reason:\n${out}`);
  return rule[1]!;
}

describe("app/ imports sim-core through its public entries (biome's noRestrictedImports)", () => {
  it('a view or slice may import the entry and the statecharts, nothing deeper', () => {
    expect(lint('app/store/x.ts', 'sim-core')).toBeNull();
    expect(lint('app/views/inspector/x.ts', 'sim-core/statecharts')).toBeNull();
    for (const deep of ['sim-core/trace/io', 'sim-core/scenario/presets', 'sim-core/machines/server'])
      expect(lint('app/views/share/x.tsx', deep), deep).toMatch(/public entries only/);
  });

  it('the engine is the worker’s: sim-core/run only from app/worker', () => {
    expect(lint('app/worker/sim.worker.ts', 'sim-core/run')).toBeNull();
    expect(lint('app/store/x.ts', 'sim-core/run')).toMatch(/runs in the worker only/);
    expect(lint('app/worker/x.ts', 'sim-core/world/world')).toMatch(/public entries only/);
  });

  it('sim-core/testing only in tests', () => {
    expect(lint('app/store/x.test.ts', 'sim-core/testing')).toBeNull();
    expect(lint('app/views/timeline/testing.ts', 'sim-core/testing')).toBeNull();
    expect(lint('app/store/x.ts', 'sim-core/testing')).toMatch(/'sim-core\/testing' is for tests/);
    expect(lint('app/store/x.test.ts', 'sim-core/trace/fixtures/staleReuse')).toMatch(/public entries only/);
  });
});
