/**
 * `sim risk`: will this stack hit the keep-alive race, how often, and what removes it? A Monte
 * Carlo over seeds (sim-core/risk), across worker threads with --workers; --vary maps the rate
 * over one or two parameters; --fixes measures each candidate change on the same seeds.
 */
import { serverProfile } from '../policies';
import { candidateFixes, fixNotes, rankFixes } from '../risk/fixes';
import { mapCells, VARY_PARAMS } from '../risk/map';
import { mergeShards } from '../risk/merge';
import { planShards, runCount } from '../risk/plan';
import type {
  Fix,
  MapSpec,
  RiskEstimate,
  RiskInput,
  RiskTraffic,
  VaryParam,
  VaryParamName,
} from '../risk/types';
import { RISK_LIMITS, validateRiskInput } from '../risk/validate';
import { flagValue, noPositional, numberFlag, parseArgs, shown, UsageError } from './args';
import type { CliIO } from './io';
import { runShards } from './riskPool';

export const RISK_FLAGS = {
  client: { value: true },
  server: { value: true },
  'delay-ms': { value: true },
  'jitter-ms': { value: true },
  'idle-timeout-ms': { value: true },
  'client-expiry-ms': { value: true },
  retries: { value: true },
  traffic: { value: true },
  method: { value: true },
  requests: { value: true },
  seed: { value: true },
  workers: { value: true },
  vary: { value: true },
  fixes: { value: false },
  json: { value: false },
} as const;

const TRAFFIC_FORMS =
  'sequential:exp:MEAN_MS, sequential:uniform:MIN_MS:MAX_MS, sequential:fixed:MS, poisson:RATE_PER_S or seed-bursts';

export function parseTraffic(raw: string): RiskTraffic {
  const parts = raw.split(':');
  const n = (i: number, what: string) => {
    const v = parts[i];
    if (v === undefined)
      throw new UsageError(`--traffic ${shown(raw)}: ${what} is missing (forms: ${TRAFFIC_FORMS})`);
    return numberFlag('traffic', v, 0, 3_600_000);
  };
  const exact = (len: number) => {
    if (parts.length !== len)
      throw new UsageError(`--traffic ${shown(raw)}: expected one of ${TRAFFIC_FORMS}`);
  };
  if (parts[0] === 'seed-bursts') {
    exact(1);
    return { kind: 'seed-bursts' };
  }
  if (parts[0] === 'poisson') {
    exact(2);
    return { kind: 'poisson', ratePerSec: numberFlag('traffic', parts[1]!, ...RISK_LIMITS.ratePerSec) };
  }
  if (parts[0] === 'sequential') {
    if (parts[1] === 'exp') {
      exact(3);
      return { kind: 'sequential', gap: { kind: 'exponential', meanMs: n(2, 'MEAN_MS') } };
    }
    if (parts[1] === 'uniform') {
      exact(4);
      return { kind: 'sequential', gap: { kind: 'uniform', minMs: n(2, 'MIN_MS'), maxMs: n(3, 'MAX_MS') } };
    }
    if (parts[1] === 'fixed') {
      exact(3);
      return { kind: 'sequential', gap: { kind: 'fixed', ms: n(2, 'MS') } };
    }
  }
  throw new UsageError(`--traffic ${shown(raw)}: expected one of ${TRAFFIC_FORMS}`);
}

/** `--vary PARAM=FROM:TO:STEP[,PARAM=FROM:TO:STEP]`: one parameter (a line) or two (a map). */
export function parseVary(raw: string): MapSpec {
  const items = raw.split(',', 3);
  if (items.length > 2) throw new UsageError('--vary takes at most two parameters (x,y)');
  const one = (item: string): VaryParam => {
    const m = /^([A-Za-z]+)=([^:]+):([^:]+):([^:]+)$/.exec(item.trim());
    if (!m)
      throw new UsageError(
        `--vary ${shown(item)}: expected PARAM=FROM:TO:STEP (PARAM: ${VARY_PARAMS.join(', ')})`,
      );
    const param = m[1] as VaryParamName;
    if (!VARY_PARAMS.includes(param))
      throw new UsageError(`--vary: unknown parameter ${shown(m[1]!)} (known: ${VARY_PARAMS.join(', ')})`);
    const num = (v: string) => numberFlag('vary', v, 0, 3_600_000);
    return { param, from: num(m[2]!), to: num(m[3]!), step: num(m[4]!) };
  };
  const x = one(items[0]!);
  const y = items[1] === undefined ? undefined : one(items[1]);
  if (y && y.param === x.param) throw new UsageError(`--vary: ${x.param} is given twice`);
  return y ? { x, y } : { x };
}

export function riskInputFromArgs(flags: Map<string, string | true>): RiskInput {
  const v = (name: string) => {
    const x = flags.get(name);
    return typeof x === 'string' ? x : undefined;
  };
  const client = v('client');
  const server = v('server');
  if (client === undefined)
    throw new UsageError('--client NAME is required (npm run -s sim -- policies lists them)');
  if (server === undefined)
    throw new UsageError('--server NAME is required (npm run -s sim -- policies lists them)');
  const num = (name: string, [lo, hi]: readonly [number, number], integer = false) => {
    const raw = v(name);
    return raw === undefined ? undefined : numberFlag(name, raw, lo, hi, integer);
  };
  const retries = v('retries');
  if (retries !== undefined && retries !== 'on' && retries !== 'off')
    throw new UsageError(`--retries must be on or off, got ${shown(retries)}`);
  const method = v('method');
  if (method !== undefined && method !== 'GET' && method !== 'POST')
    throw new UsageError(`--method must be GET or POST, got ${shown(method)}`);
  const input = {
    client: {
      policy: client,
      idleExpiryMs: num('client-expiry-ms', RISK_LIMITS.idleExpiryMs),
      retries,
    },
    server: { profile: server, idleTimeoutMs: num('idle-timeout-ms', RISK_LIMITS.idleTimeoutMs) },
    network: {
      delayMs: num('delay-ms', RISK_LIMITS.delayMs) ?? 2,
      jitterMs: num('jitter-ms', RISK_LIMITS.jitterMs) ?? 0,
    },
    traffic: parseTraffic(v('traffic') ?? 'sequential:exp:5000'),
    postShare: method === 'POST' ? 1 : 0,
    processes: 1,
    requests: num('requests', RISK_LIMITS.requests, true) ?? 20_000,
    seed: num('seed', RISK_LIMITS.seed, true) ?? 1,
  };
  // Flags left out are fields left out (validation refuses an explicit undefined nowhere, but JSON would drop it).
  return validateRiskInput(JSON.parse(JSON.stringify(input)));
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toString() : x.toFixed(2).replace(/\.?0+$/, '') || '0');

function describe(input: RiskInput): string {
  const t = input.traffic;
  const traffic =
    t.kind === 'seed-bursts'
      ? 'the seed’s bursts after idle periods'
      : t.kind === 'poisson'
        ? `Poisson arrivals, ${t.ratePerSec}/s`
        : `sequential calls, ${t.gap.kind === 'exponential' ? `exponential gaps, mean ${t.gap.meanMs} ms` : t.gap.kind === 'uniform' ? `gaps uniform ${t.gap.minMs}–${t.gap.maxMs} ms` : `gaps of ${t.gap.kind === 'fixed' ? t.gap.ms : '?'} ms`}`;
  const idle = input.server.idleTimeoutMs ?? serverProfile(input.server.profile)!.idleTimeoutMs;
  const expiry =
    input.client.idleExpiryMs === undefined
      ? ''
      : `, client expiry ${input.client.idleExpiryMs ?? 'none'} ms`;
  return `${input.client.policy}${input.client.retries ? ` (retries ${input.client.retries})` : ''} vs ${input.server.profile} (idle timeout ${idle} ms)${expiry}, one-way delay ${input.network.delayMs} ms + jitter up to ${input.network.jitterMs} ms, ${traffic}, ${input.postShare === 1 ? 'POST' : input.postShare === 0 ? 'GET' : `${input.postShare * 100} % POST`}, seed ${input.seed}`;
}

function estimateLines(e: RiskEstimate): string[] {
  const c = e.byCause;
  const o = e.byOutcome;
  const lat = (l: RiskEstimate['latencyMs']) => `p95 ${l.p95 ?? '–'} ms, p99 ${l.p99 ?? '–'} ms`;
  const out = [
    `  ${e.requests} requests in ${e.runs} runs: ${e.failed} failed — ${fmt(e.failuresPerMillion)} per million (95 % ${fmt(e.ci95PerMillion[0])}–${fmt(e.ci95PerMillion[1])})`,
    `  by cause: stale ${c.stale}, race window ${c.raceWindow}, closed mid-request ${c.serverClosedMidRequest}, other ${c.other}`,
    `  by outcome: eof ${o.eof}, reset ${o.reset}, timeout ${o.timeout}, other ${o.other}`,
    `  retries ${e.retries}, duplicated side effects ${e.duplicates}, indeterminate ${e.indeterminate}`,
    `  latency ${lat(e.latencyMs)}; first-attempt successes only ${lat(e.latencyCleanMs)}`,
  ];
  if (e.truncatedRuns > 0)
    out.push(`  warning: ${e.truncatedRuns} runs stopped at an engine limit before all their requests`);
  if (e.firstFailure)
    out.push(
      `  first failure: request ${e.firstFailure.req} of run ${e.firstFailure.run} (seed ${e.firstFailure.seed}), sent at ${e.firstFailure.tMs} ms (its scenario: --json firstFailure.scenario)`,
    );
  return out;
}

/** The JSON of an estimate: the issue's fields first, the first failure's scenario last. */
const estimateJson = (e: RiskEstimate) => e;

const fixJson = (f: Fix) => ({
  id: f.id,
  change: f.change,
  setting: f.setting,
  snippet: f.snippet,
  source: f.source,
  failuresPerMillion: f.estimate.failuresPerMillion,
  ci95PerMillion: f.estimate.ci95PerMillion,
  duplicates: f.duplicates,
  vsBaseline: f.vsBaseline,
  retries: f.estimate.retries,
  byCause: f.estimate.byCause,
  input: f.input,
});

export async function riskCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, RISK_FLAGS);
  noPositional(parsed);
  const input = riskInputFromArgs(parsed.flags);
  const rawWorkers = flagValue(parsed, 'workers');
  const workers =
    rawWorkers === undefined ? 1 : numberFlag('workers', rawWorkers, ...RISK_LIMITS.shards, true);
  const rawVary = flagValue(parsed, 'vary');
  const spec = rawVary === undefined ? null : parseVary(rawVary);
  const json = parsed.flags.get('json') === true;
  const withFixes = parsed.flags.get('fixes') === true;
  const cells = spec ? mapCells(input, spec) : [];
  const candidates = withFixes ? candidateFixes(input) : [];
  // Everything to estimate, in one queue across the workers: the input, each fix, each cell.
  const inputs = [input, ...candidates.map((c) => c.apply(input)), ...cells];
  const shardsPer = inputs.map((i) => planShards(i, Math.min(workers, runCount(i))));
  const all = shardsPer.flat();
  const total = all.reduce((n, s) => n + Math.min(s.input.requests, (s.toRun - s.fromRun) * 500), 0);
  let lastTenth = -1;
  const results = await runShards(all, workers, ({ requestsDone }) => {
    const tenth = Math.floor((10 * requestsDone) / Math.max(1, total));
    if (tenth > lastTenth) {
      lastTenth = tenth;
      io.err(`risk: ${requestsDone} requests simulated (about ${Math.min(100, tenth * 10)} %)`);
    }
  });
  let k = 0;
  const estimates = shardsPer.map((shards) => {
    const from = k;
    k += shards.length;
    return mergeShards(results.slice(from, k));
  });
  const estimate = estimates[0]!;
  const fixes = rankFixes(candidates, input, estimates.slice(1, 1 + candidates.length), estimate);
  const cellEstimates = estimates.slice(1 + candidates.length);
  if (json) {
    const out: Record<string, unknown> = { input, ...estimateJson(estimate) };
    if (withFixes) {
      out.fixes = fixes.map(fixJson);
      out.fixNotes = fixNotes(input);
    }
    if (spec)
      out.map = {
        spec,
        cells: cells.map((c, i) => ({
          input: c,
          failuresPerMillion: cellEstimates[i]!.failuresPerMillion,
          ci95PerMillion: cellEstimates[i]!.ci95PerMillion,
          failed: cellEstimates[i]!.failed,
          requests: cellEstimates[i]!.requests,
          firstFailureSeed: cellEstimates[i]!.firstFailure?.seed ?? null,
        })),
      };
    io.out(JSON.stringify(out));
    return 0;
  }
  io.out(describe(input));
  for (const line of estimateLines(estimate)) io.out(line);
  if (withFixes) {
    io.out(
      fixes.length === 0
        ? 'fixes: none of the modelled settings applies to this stack'
        : 'fixes, best first (measured on the same seeds):',
    );
    fixes.forEach((f, i) => {
      const e = f.estimate;
      io.out(
        `  ${i + 1}. ${f.change}: ${fmt(e.failuresPerMillion)} per million (95 % ${fmt(e.ci95PerMillion[0])}–${fmt(e.ci95PerMillion[1])}), duplicates ${f.duplicates}, retries ${e.retries}${f.vsBaseline ? ` — ${f.vsBaseline}` : ''}`,
      );
      io.out(`     setting: ${f.setting}`);
      io.out(`     source: ${f.source}`);
    });
    for (const note of fixNotes(input)) io.out(`  not offered — ${note}`);
  }
  if (spec) for (const line of mapLines(spec, cellEstimates)) io.out(line);
  return 0;
}

function mapLines(spec: MapSpec, cells: readonly RiskEstimate[]): string[] {
  const cell = (e: RiskEstimate) =>
    `${fmt(e.failuresPerMillion)} [${fmt(e.ci95PerMillion[0])}–${fmt(e.ci95PerMillion[1])}]`;
  const xs = valuesOf(spec.x);
  if (!spec.y)
    return [
      `failures per million [95 %] by ${spec.x.param}:`,
      ...xs.map((x, i) => `  ${String(x).padStart(10)}  ${cell(cells[i]!)}`),
    ];
  const ys = valuesOf(spec.y);
  const width = 24;
  const out = [`failures per million [95 %]: rows ${spec.x.param}, columns ${spec.y.param}`];
  out.push(`  ${''.padStart(10)}${ys.map((y) => String(y).padStart(width)).join('')}`);
  xs.forEach((x, i) => {
    out.push(
      `  ${String(x).padStart(10)}${ys.map((_, j) => cell(cells[i * ys.length + j]!).padStart(width)).join('')}`,
    );
  });
  return out;
}

function valuesOf(v: VaryParam): number[] {
  const n = Math.floor((v.to - v.from) / v.step + 1e-9) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((v.from + i * v.step) * 1e6) / 1e6);
}
