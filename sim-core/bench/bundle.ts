/**
 * The bench's timed children run sim-core as Vite builds it for the browser's Web Worker, not
 * through tsx's loader: tsx transforms with esbuild's `keepNames`, which wraps every named
 * closure in `__name(…)` — measured at 25–35 % of the engine's CPU — and the worker bundle
 * (Vite, rolldown, no keepNames) has none of it.
 *
 * `buildBenchBundle` bundles `main.ts` itself with Vite's programmatic `build()` in SSR mode (xstate
 * bundled in, as in the worker; `node:` builtins stay imports), unminified, with a source map
 * (`profile.ts` maps a `.cpuprofile`'s lines back to the source files with it), into a temporary
 * directory, and returns the path of `bench.mjs`, which plain `node --expose-gc` runs.
 *
 * The bundle runs from that temporary directory, so `import.meta` in a module of this repository
 * would point there: a plugin replaces `import.meta.url` by the module's own source file URL
 * (h11Replay's fixtures, the CLI's paths; `overload.ts`'s run-as-a-script check stays false), and
 * `import.meta.resolve` of a string by the file it resolves to from that module — except in
 * `main.ts`, whose `import.meta.url` is the bundle: a child's SELF is the file it runs (and in this
 * file, whose code the children never run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const SELF = fileURLToPath(import.meta.url);
const HERE = dirname(SELF);
export const BENCH_MAIN = join(HERE, 'main.ts');
const ROOT = resolve(HERE, '..', '..');
export const BUNDLE_FILE = 'bench.mjs';

/** `import.meta.url` / `import.meta.resolve` of the repository's modules, as if run from their sources. */
function sourceImportMeta(): Plugin {
  return {
    name: 'race-window:bench-source-import-meta',
    enforce: 'pre',
    async transform(code, id) {
      if (id === BENCH_MAIN || id === SELF || id.includes('/node_modules/') || !id.startsWith(ROOT))
        return null;
      if (!code.includes('import.meta')) return null;
      let out = code.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(id).href));
      for (const m of out.matchAll(/import\.meta\.resolve\((['"])([^'"]+)\1\)/g)) {
        const r = await this.resolve(m[2]!, id, { skipSelf: true });
        if (!r || r.external) throw new Error(`bench bundle: cannot resolve ${m[2]} from ${id}`);
        out = out.replace(m[0], JSON.stringify(pathToFileURL(r.id).href));
      }
      if (/import\.meta\.(?!env\b)/.test(out))
        throw new Error(`bench bundle: ${id} uses import.meta in a way the bundle would change`);
      return { code: out, map: null };
    },
  };
}

/** Builds the bench (main.ts and all it imports) as one ES module; returns its path. */
export async function buildBenchBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'race-window-bench-bundle-'));
  try {
    // Imported here, not at the top: the bundle contains this module too (main.ts imports it), and
    // its children must not load Vite (kept external, never imported there).
    const { build } = await import('vite');
    await build({
      configFile: false,
      logLevel: 'error',
      root: ROOT,
      mode: 'production',
      plugins: [sourceImportMeta()],
      ssr: { noExternal: true },
      build: {
        ssr: BENCH_MAIN,
        outDir: dir,
        emptyOutDir: false,
        minify: false,
        target: 'es2022',
        sourcemap: true,
        copyPublicDir: false,
        reportCompressedSize: false,
        rolldownOptions: { external: ['vite'], output: { entryFileNames: BUNDLE_FILE } },
      },
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return join(dir, BUNDLE_FILE);
}

/** Removes the temporary directory `buildBenchBundle` made (the bundle and its source map). */
export function removeBenchBundle(file: string): void {
  rmSync(dirname(file), { recursive: true, force: true });
}
