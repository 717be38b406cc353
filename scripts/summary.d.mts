// Types for summary.mjs (plain JS so that `node scripts/test-all.mjs` needs no TS runner).

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface Stage {
  name: string;
  kind: 'check' | 'tests';
  exitCode: number | null;
  counts?: Counts;
  error?: string;
}

export function countVitest(report: unknown): Counts;
export function countPlaywright(report: unknown): Counts;
export function combine(stages: readonly Stage[]): Counts;
export function formatLine(counts: Counts): string;
