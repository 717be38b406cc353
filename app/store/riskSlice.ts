/**
 * The risk explorer (issue 14): "will my stack hit this, how often, and what change removes it?"
 * The question (`riskInput`, validated field by field), which tab is open, and the lifecycle of
 * each computation the explorer runs on the risk workers — the estimate, the map, the fixes —
 * written by app/views/risk/runner.ts, which owns the worker pool. "Paste your error" keeps its
 * text and diagnosis here too, so closing the dialog loses nothing.
 *
 * The dialog and its input go in the URL (`?view=risk&risk.client=…`, store/riskUrl.ts); the
 * results never do: they are recomputed from the input (the same seed gives the same numbers).
 */
import type { Diagnosis, Fix, MapSpec, RiskEstimate, RiskInput } from '../../sim-core';
import { ScenarioError, validateRiskInput } from '../../sim-core';
import type { SliceCreator } from './types';

/** The explorer (estimate, fixes, map on one screen) or "paste your error". */
export type RiskTab = 'explore' | 'diagnose';
export const RISK_TABS: readonly RiskTab[] = ['explore', 'diagnose'];

/**
 * The engineer's question as the issue puts it: httpx 0.23 → uvicorn, 30 ms round trip (15 ms one
 * way) — the CLI's defaults for `risk --client httpx-0.23 --server uvicorn --delay-ms 15`
 * (sequential calls, exponential idle gaps of mean 5 s, GET, 20,000 requests, seed 1), so the page
 * and the command line answer it with the same numbers.
 */
export const DEFAULT_RISK_INPUT: RiskInput = {
  client: { policy: 'httpx-0.23' },
  server: { profile: 'uvicorn' },
  network: { delayMs: 15, jitterMs: 0 },
  traffic: { kind: 'sequential', gap: { kind: 'exponential', meanMs: 5000 } },
  postShare: 0,
  processes: 1,
  requests: 20_000,
  seed: 1,
};

/** The default map: client expiry × server timeout. */
export const DEFAULT_MAP_SPEC: MapSpec = {
  x: { param: 'clientExpiryMs', from: 1000, to: 8000, step: 1000 },
  y: { param: 'serverTimeoutMs', from: 2000, to: 8000, step: 1000 },
};

/** One map cell measured: where it is and its estimate (null until its shards are in). */
export interface RiskCell {
  x: number;
  y: number | null;
  input: RiskInput;
  estimate: RiskEstimate | null;
}

export interface RiskMapResult {
  spec: MapSpec;
  cells: RiskCell[];
}

/** A computation on the risk workers, from start to its result; `partial` tightens as shards merge. */
export type RiskRun<T> =
  | { status: 'idle' }
  | { status: 'running'; runsDone: number; runsTotal: number; partial: T | null; workers: number }
  | { status: 'done'; result: T; elapsedMs: number; workers: number }
  | { status: 'cancelled'; partial: T | null }
  | { status: 'error'; message: string };

export interface RiskSlice {
  riskOpen: boolean;
  riskTab: RiskTab;
  /** The question being asked (what the form edits and the runs use). */
  riskInput: RiskInput;
  /** Field problems of the last input asked for, by path (`network.delayMs`): nothing runs while any. */
  riskProblems: Record<string, string>;
  riskMapSpec: MapSpec;
  riskEstimate: RiskRun<RiskEstimate>;
  riskMap: RiskRun<RiskMapResult>;
  riskFixes: RiskRun<Fix[]>;
  riskPasted: string;
  riskDiagnosis: Diagnosis | null;

  setRiskOpen: (open: boolean, tab?: RiskTab) => void;
  setRiskTab: (tab: RiskTab) => void;
  /** Sets the input if it is valid (results of the old one are cleared), else only the problems. */
  setRiskInput: (input: RiskInput) => boolean;
  setRiskMapSpec: (spec: MapSpec) => void;
  setRiskEstimate: (run: RiskRun<RiskEstimate>) => void;
  setRiskMap: (run: RiskRun<RiskMapResult>) => void;
  setRiskFixes: (run: RiskRun<Fix[]>) => void;
  setRiskPasted: (text: string, diagnosis: Diagnosis | null) => void;
}

/** The input as validation returns it, or its problems by field path (validation names the first). */
export function checkRiskInput(
  input: unknown,
): { ok: true; input: RiskInput } | { ok: false; problems: Record<string, string> } {
  try {
    return { ok: true, input: validateRiskInput(input) };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const problems: Record<string, string> = {};
    for (const p of e.problems) problems[p.path] ??= p.message;
    return { ok: false, problems };
  }
}

export const createRiskSlice: SliceCreator<RiskSlice> = (set) => ({
  riskOpen: false,
  riskTab: 'explore',
  riskInput: DEFAULT_RISK_INPUT,
  riskProblems: {},
  riskMapSpec: DEFAULT_MAP_SPEC,
  riskEstimate: { status: 'idle' },
  riskMap: { status: 'idle' },
  riskFixes: { status: 'idle' },
  riskPasted: '',
  riskDiagnosis: null,

  setRiskOpen: (riskOpen, tab) => set(tab ? { riskOpen, riskTab: tab } : { riskOpen }),
  setRiskTab: (riskTab) => set({ riskTab }),
  setRiskInput: (input) => {
    const checked = checkRiskInput(input);
    if (!checked.ok) {
      set({ riskProblems: checked.problems });
      return false;
    }
    set({
      riskInput: checked.input,
      riskProblems: {},
      riskEstimate: { status: 'idle' },
      riskMap: { status: 'idle' },
      riskFixes: { status: 'idle' },
    });
    return true;
  },
  setRiskMapSpec: (riskMapSpec) => set({ riskMapSpec, riskMap: { status: 'idle' } }),
  setRiskEstimate: (riskEstimate) => set({ riskEstimate }),
  setRiskMap: (riskMap) => set({ riskMap }),
  setRiskFixes: (riskFixes) => set({ riskFixes }),
  setRiskPasted: (riskPasted, riskDiagnosis) => set({ riskPasted, riskDiagnosis }),
});
