/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and says where the time went:
 * self time per function and per area of the code base.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
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

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
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
