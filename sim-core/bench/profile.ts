/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and says where the time went:
 * self time per function and per area of the code base.
 *
 * A profile of the bench's bundle (bundle.ts: one `bench.mjs`) names that file for every frame;
 * given the bundle's source map, each frame's position is mapped back to its source file and line
 * (and a name the bundler suffixed to keep it unique, `table$1`, back to `table`), so the areas
 * are sim-core's directories as with tsx's loader.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  where: string;
  area: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  byArea: { area: string; selfMs: number; share: number }[];
  top: ProfileLine[];
}

export function areaOf(url: string, functionName: string): string {
  if (url.includes('/node_modules/xstate/')) return 'xstate';
  const m = /\/sim-core\/([^/]+)\//.exec(url);
  if (m) return `sim-core/${m[1]}`;
  if (url.includes('/sim-core/run.ts')) return 'sim-core/run.ts';
  if (url.includes('/node_modules/')) return 'other node_modules';
  // A bundle's frame with no source position: its module body (every module's top level) at 1:1.
  if (url.endsWith('/bench.mjs')) return 'bundle, top level / unmapped';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)')
    return 'runtime';
  if (url.startsWith('node:') || url === '') return 'node/V8 builtins';
  return 'other';
}

function shortUrl(url: string): string {
  const i = url.indexOf('/sim-core/');
  if (i >= 0) return url.slice(i + 1);
  const j = url.indexOf('/node_modules/');
  if (j >= 0) return url.slice(j + '/node_modules/'.length);
  return url;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One decoded source-map segment: generated column, source index, original line (0-based). */
type Segment = [column: number, source: number, line: number];

/** A source map (version 3) decoded far enough to answer "which file and line is this position". */
export class SourceMapLookup {
  private readonly sources: string[];
  private readonly lines: Segment[][] = [];

  /** `mapFile`: the `.map` file; its `sources` are relative to its directory (or `sourceRoot`). */
  constructor(mapFile: string) {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as {
      version: number;
      sources: string[];
      sourceRoot?: string;
      mappings: string;
    };
    if (map.version !== 3) throw new Error(`${mapFile}: source map version ${map.version}, not 3`);
    const base = resolve(dirname(mapFile), map.sourceRoot ?? '');
    this.sources = map.sources.map((s) => pathToFileURL(resolve(base, s)).href);
    let source = 0;
    let line = 0;
    for (const text of map.mappings.split(';')) {
      const segments: Segment[] = [];
      let column = 0;
      for (const seg of text.split(',')) {
        if (!seg) continue;
        const v = decodeVlq(seg);
        column += v[0]!;
        if (v.length < 4) continue; // a position mapped to no source
        source += v[1]!;
        line += v[2]!;
        segments.push([column, source, line]);
      }
      this.lines.push(segments);
    }
  }

  /** The source file URL and 0-based line of a 0-based generated position, or null. */
  lookup(line: number, column: number): { url: string; line: number } | null {
    // The last segment at or before the column on that line, else the line's first one.
    const segments = this.lines[line];
    if (!segments || segments.length === 0) return null;
    let best = segments[0]!;
    for (const s of segments) {
      if (s[0] > column) break;
      best = s;
    }
    return { url: this.sources[best[1]]!, line: best[2] };
  }
}

function decodeVlq(seg: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of seg) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`source map: bad base64 digit ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

/** Where a bundle's frames come from: the bundle file and its source map. */
export interface BundleSource {
  file: string;
  map: string;
}

export function summarizeProfile(file: string, top = 25, bundle?: BundleSource): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  if (bundle) {
    const lookup = new SourceMapLookup(bundle.map);
    const bundleUrl = pathToFileURL(bundle.file).href;
    for (const node of profile.nodes) {
      const f = node.callFrame;
      if (f.url !== bundleUrl && f.url !== bundle.file) continue;
      const at = lookup.lookup(f.lineNumber, f.columnNumber);
      if (!at) continue;
      node.callFrame = {
        ...f,
        url: at.url,
        lineNumber: at.line,
        functionName: f.functionName.replace(/\$\d+$/, ''),
      };
    }
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const byFn = new Map<string, ProfileLine>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    if (area === 'runtime' && functionName === '(idle)') continue;
    total += us;
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const line = byFn.get(key) ?? { name: functionName || '(anonymous)', where, area, selfMs: 0, share: 0 };
    line.selfMs += us / 1000;
    byFn.set(key, line);
  }
  const lines = [...byFn.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const l of lines) l.share = l.selfMs / (total / 1000);
  return {
    totalMs: total / 1000,
    byArea: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, selfMs: us / 1000, share: us / total })),
    top: lines,
  };
}
