/**
 * `sim real --client NAME --server NAME [--delay-ms N] [--gaps-ms LIST] [--idle-timeout-ms N]
 * [--keep-alive-hint on|off] [--method M] [--sweep] [--trace FILE] [--perfetto FILE] [--json]
 * [--max-wait-ms N]`:
 * runs a real client library against a real server through the delay proxy on 127.0.0.1 and
 * records what happened as a trace v1 with `source: real` (realTrace.ts); `--perfetto` writes the
 * same trace as a Chrome Trace Event file (sim-core/export/perfetto.ts). The trace's header
 * holds the simulated twin: the scenario with the same names and parameters, which `sim run`
 * and the app's compare mode run.
 *
 * Sequential (default): one client sends a request, then one after each gap, as `sim run
 * --gaps-ms` does. `--sweep`: each gap on a fresh client of its own (two requests: one to open
 * the connection, one after the gap), all side by side, as `sim sweep` does.
 */
import { writeFile } from 'node:fs/promises';
import { flagValue, listFlag, numberFlag, parseArgs, shown, UsageError } from '../../sim-core/cli/args';
import { oneOf } from '../../sim-core/cli/scenarioFromArgs';
import { serializeChromeTrace } from '../../sim-core/export/perfetto';
import { SummaryBuilder } from '../../sim-core/metrics/summary';
import { clientPolicy, serverProfile } from '../../sim-core/policies';
import { DEFAULT_SCENARIO } from '../../sim-core/scenario/defaults';
import { HTTP_METHODS, type HttpMethod, type Scenario } from '../../sim-core/scenario/types';
import { LIMITS } from '../../sim-core/scenario/validate';
import type { TraceEvent } from '../../sim-core/trace/events';
import { traceHash } from '../../sim-core/trace/hash';
import { serializeTrace } from '../../sim-core/trace/io';
import { DelayProxy, type RelayedSegment } from './delayProxy';
import { type ClientLine, realTrace, requestWire } from './realTrace';
import { CLIENT_RUNNERS, Processes, SERVER_RUNNERS } from './runners';

export interface RealOptions {
  client: string;
  server: string;
  delayMs: number;
  gapsMs: number[];
  idleTimeoutMs: number;
  keepAliveHint: boolean;
  method: HttpMethod;
  sweep: boolean;
  maxWaitMs: number;
}

export interface SweepResult {
  gapMs: number;
  actualGapMs: number | null;
  outcome: 'ok' | 'ok-after-retry' | 'failed' | 'unfinished';
  reused: boolean;
  error: string | null;
}

export interface RealRun {
  options: RealOptions;
  versions: { client: string; server: string };
  lines: ClientLine[];
  segments: RelayedSegment[];
  trace: TraceEvent[];
  /** The simulated twin: same client, server, timeout, hint, delay, gaps (sequential runs). */
  twin: Scenario;
  /** The proxy's lateness beyond --delay-ms over every relayed segment, ms. */
  extraLatencyMs: { median: number; p95: number; max: number; segments: number };
  /** For --sweep: the outcome of the request after each gap. */
  points: SweepResult[];
  cutShort: boolean;
  problems: string[];
}

const PATH = '/r';
/** ms between the starts of a sweep's clients. */
export const STAGGER_MS = 25;

/** Runs the real pair; every process it starts is stopped before it returns or throws. */
export async function runReal(o: RealOptions): Promise<RealRun> {
  const clientRunner = CLIENT_RUNNERS.find((c) => c.name === o.client);
  const serverRunner = SERVER_RUNNERS.find((s) => s.name === o.server);
  if (!clientRunner)
    throw new UsageError(
      `--client: no real client for ${shown(o.client)}; real: ${CLIENT_RUNNERS.map((c) => c.name).join(', ')}`,
    );
  if (!serverRunner)
    throw new UsageError(
      `--server: no real server for ${shown(o.server)}; real: ${SERVER_RUNNERS.map((s) => s.name).join(', ')}`,
    );
  const clientProgram = clientRunner.resolve();
  if (typeof clientProgram === 'string') throw new NotInstalled(clientProgram);
  const serverProgram = serverRunner.resolve(o);
  if (typeof serverProgram === 'string') throw new NotInstalled(serverProgram);

  const procs = new Processes();
  let proxy: DelayProxy | null = null;
  try {
    const deadline = Date.now() + o.maxWaitMs;
    const server = procs.start(serverProgram, [], () => {});
    const serverPort = await firstJsonLine(server.child, server.stderr, 20_000, 'server');
    proxy = new DelayProxy(Number(serverPort.port), o.delayMs);
    const proxyPort = await proxy.listen();
    const url = `http://127.0.0.1:${proxyPort}${PATH}`;
    const lanes = o.sweep
      ? o.gapsMs.map((g, i) => [
          // Staggered: each lane's close and second request come ~STAGGER_MS after the previous
          // lane's, so a lane's timing is not disturbed by a burst of the others' segments.
          { id: 2 * i + 1, gapMs: null, startMs: i * STAGGER_MS },
          { id: 2 * i + 2, gapMs: g },
        ])
      : [[{ id: 1, gapMs: null }, ...o.gapsMs.map((g, i) => ({ id: i + 2, gapMs: g }))]];
    const groups = clientRunner.lanesInProcess ? [lanes] : lanes.map((l) => [l]);
    const lines: ClientLine[] = [];
    let clientVersion = clientProgram.version;
    let cutShort = false;
    await Promise.all(
      groups.map(async (group, gi) => {
        const plan = clientRunner.plan({ url, method: o.method, lanes: group });
        const expected = group.reduce((n, l) => n + l.length, 0);
        let got = 0;
        const c = procs.start(clientProgram, [plan], (line) => {
          let v: unknown;
          try {
            v = JSON.parse(line);
          } catch {
            return;
          }
          const rec = v as Partial<ClientLine> & { ready?: boolean; version?: string };
          if (rec.ready) {
            if (rec.version) clientVersion = rec.version;
            return;
          }
          if (typeof rec.id === 'number') {
            // Lanes of other processes are numbered after this one's.
            lines.push({ ...(rec as ClientLine), lane: (rec.lane ?? 0) + gi * 1000 });
            got++;
          }
        });
        const exited = new Promise<number | null>((r) => c.child.once('exit', (code) => r(code)));
        const left = Math.max(0, deadline - Date.now());
        let bound: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((r) => {
          bound = setTimeout(() => r('timeout'), left);
        });
        const code = await Promise.race([exited, timeout]);
        clearTimeout(bound);
        if (code === 'timeout') cutShort = true;
        await procs.stop(c.child);
        if (code !== 'timeout' && got < expected)
          throw new Error(
            `the ${o.client} client exited (code ${code}) after ${got} of ${expected} requests: ${c.stderr().trim().slice(-600)}`,
          );
      }),
    );
    // The last FIN/RST relays are at most one delay behind the client's last line.
    await sleep(o.delayMs * 2 + 20);
    const segments = [...proxy.segments];
    lines.sort((a, b) => a.id - b.id);
    const policy = clientPolicy(o.client);
    const timed = policy?.idleExpiryMs != null && policy.expiryCheck.kind === 'timer';
    const versions = { client: clientVersion, server: serverProgram.version };
    const trace = realTrace({
      scenarioName: `real ${o.client} × ${o.server}`.slice(0, 80),
      client: o.client,
      server: o.server,
      variants: { belief: timed ? 'timed' : 'untimed', server: 'correct' },
      sourceDetail: `${o.client} = ${versions.client}; ${o.server} = ${versions.server} (idle timeout ${o.idleTimeoutMs} ms, hint ${o.keepAliveHint ? 'on' : 'off'}); through a delay proxy on 127.0.0.1, ${o.delayMs} ms each way${o.sweep ? `; sweep: ${o.gapsMs.length} clients side by side` : ''}`,
      method: o.method,
      path: PATH,
      lines,
      segments,
      cutShort,
    });
    return {
      options: o,
      versions,
      lines,
      segments,
      trace,
      twin: twinScenario(o),
      extraLatencyMs: extraLatency(segments, o.delayMs),
      points: o.sweep ? sweepPoints(lines, segments) : [],
      cutShort,
      problems: [...proxy.problems],
    };
  } finally {
    await proxy?.close();
    await procs.close();
  }
}

/** A client or server that is not installed here: reported with how to install it, never faked. */
export class NotInstalled extends Error {
  override name = 'NotInstalled';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function firstJsonLine(
  child: import('node:child_process').ChildProcess,
  stderr: () => string,
  timeoutMs: number,
  what: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ${what} did not start within ${timeoutMs} ms: ${stderr().slice(-600)}`)),
      timeoutMs,
    );
    child.stdout!.once('data', (d: Buffer) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(d.toString('utf8').split('\n')[0]!));
      } catch {
        reject(
          new Error(
            `the ${what} printed ${JSON.stringify(d.toString('utf8').slice(0, 200))} instead of its port`,
          ),
        );
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${what} exited (code ${code}) before listening: ${stderr().slice(-600)}`));
    });
  });
}

/** The simulator's scenario for the same parameters (sequential: the same gaps on one client). */
export function twinScenario(o: RealOptions): Scenario {
  const s = JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as Scenario;
  s.name = `twin of real ${o.client} × ${o.server}`.slice(0, 80);
  s.description =
    'The simulated twin of a real run: same client policy, server profile, timeout, hint, delay and gaps.';
  s.client = {
    policy: o.client,
    eventLoopDelayMs: clientPolicy(o.client)?.eventLoopDelayMs ?? s.client.eventLoopDelayMs,
  };
  s.server = {
    ...s.server,
    profile: o.server,
    idleTimeoutMs: o.idleTimeoutMs,
    keepAliveHint: o.keepAliveHint,
    // The real servers answer at once (a few µs of work).
    processing: { kind: 'fixed', ms: 0.1 },
  };
  s.network = { delayMs: o.delayMs, jitterMs: 0 };
  s.workload = {
    kind: 'sequential',
    gapsMs: o.sweep ? [o.gapsMs[0] ?? 0] : [...o.gapsMs],
    method: o.method,
    path: PATH,
  };
  return s;
}

function extraLatency(segments: readonly RelayedSegment[], delayMs: number): RealRun['extraLatencyMs'] {
  const late = segments
    .filter((s) => s.deliveredUs !== null)
    .map((s) => (s.deliveredUs! - s.receivedUs) / 1000 - delayMs)
    .sort((a, b) => a - b);
  const q = (p: number) =>
    late.length === 0
      ? 0
      : Math.round(late[Math.min(late.length - 1, Math.floor(p * late.length))]! * 1000) / 1000;
  return { median: q(0.5), p95: q(0.95), max: q(1), segments: late.length };
}

function sweepPoints(lines: readonly ClientLine[], segments: readonly RelayedSegment[]): SweepResult[] {
  const wire = requestWire(lines, segments);
  return lines
    .filter((l) => l.gapMs !== null)
    .map((l) => {
      const w = wire.get(l.id)!;
      const outcome = l.ok
        ? w.conns.length > 1
          ? 'ok-after-retry'
          : 'ok'
        : w.conns.length === 0
          ? 'unfinished'
          : 'failed';
      return {
        gapMs: l.gapMs!,
        actualGapMs: w.actualGapMs,
        outcome,
        reused: w.reused,
        error: l.error ? `${l.error.class}: ${l.error.message}` : null,
      };
    });
}

/** `run`'s summary shape for a real trace, plus where it came from and the proxy's figures. */
export function realSummary(run: RealRun): Record<string, unknown> {
  const b = new SummaryBuilder();
  for (const e of run.trace) b.add(e, e.t);
  const summary = b.summary(() => traceHash(run.trace));
  return {
    source: 'real',
    versions: run.versions,
    proxy: { delayMs: run.options.delayMs, extraLatencyMs: run.extraLatencyMs, problems: run.problems },
    ...(run.options.sweep ? { points: run.points } : {}),
    ...summary,
  };
}

interface RealArgs {
  options: RealOptions;
  trace?: string;
  perfetto?: string;
  json: boolean;
}

function parseRealArgs(argv: readonly string[]): RealArgs {
  const parsed = parseArgs(argv, {
    client: { value: true },
    server: { value: true },
    'delay-ms': { value: true },
    'gaps-ms': { value: true },
    'idle-timeout-ms': { value: true },
    'keep-alive-hint': { value: true },
    method: { value: true },
    sweep: { value: false },
    trace: { value: true },
    perfetto: { value: true },
    json: { value: false },
    'max-wait-ms': { value: true },
  });
  if (parsed.positional[0] !== undefined)
    throw new UsageError(`unexpected argument ${shown(parsed.positional[0])}`);
  const names = (list: readonly { name: string }[]) => list.map((x) => x.name);
  const client = oneOf('client', flagValue(parsed, 'client') ?? 'node-agent-20', names(CLIENT_RUNNERS));
  const server = oneOf('server', flagValue(parsed, 'server') ?? 'node-http-20', names(SERVER_RUNNERS));
  const get = (n: string) => flagValue(parsed, n);
  const idle = get('idle-timeout-ms');
  const idleTimeoutMs =
    idle === undefined
      ? serverProfile(server)!.idleTimeoutMs
      : numberFlag('idle-timeout-ms', idle, 1, 60_000);
  const hint = get('keep-alive-hint');
  const keepAliveHint =
    hint === undefined
      ? serverProfile(server)!.hint !== 'never'
      : oneOf('keep-alive-hint', hint.toLowerCase(), ['on', 'off']) === 'on';
  const close = idleTimeoutMs + serverProfile(server)!.extraCloseDelayMs;
  const gaps = get('gaps-ms');
  const gapsMs =
    gaps === undefined ? [100, close - 10, close + 100] : listFlag('gaps-ms', gaps, 0, 120_000, 1000);
  const method = get('method');
  const delay = get('delay-ms');
  const wait = get('max-wait-ms');
  const sweep = parsed.flags.get('sweep') === true;
  const longest = sweep
    ? Math.max(...gapsMs) + gapsMs.length * STAGGER_MS
    : gapsMs.reduce((a, b) => a + b, 0);
  const trace = get('trace');
  if (trace !== undefined && sweep)
    throw new UsageError('--trace records one client: drop --sweep (a sweep runs one client per gap)');
  const perfetto = get('perfetto');
  if (perfetto !== undefined && sweep)
    throw new UsageError('--perfetto records one client: drop --sweep (a sweep runs one client per gap)');
  if (perfetto === '-') throw new UsageError('--perfetto: give a file (stdout carries the report)');
  return {
    options: {
      client,
      server,
      delayMs: delay === undefined ? 20 : numberFlag('delay-ms', delay, 0, 1000),
      gapsMs,
      idleTimeoutMs,
      keepAliveHint,
      method:
        method === undefined ? 'GET' : (oneOf('method', method.toUpperCase(), HTTP_METHODS) as HttpMethod),
      sweep,
      maxWaitMs:
        wait === undefined ? longest + 60_000 : numberFlag('max-wait-ms', wait, 1000, LIMITS.ms[1], true),
    },
    ...(trace === undefined ? {} : { trace }),
    ...(perfetto === undefined ? {} : { perfetto }),
    json: parsed.flags.get('json') === true,
  };
}

function report(run: RealRun): string {
  const o = run.options;
  const lines = [
    `real ${o.client} (${run.versions.client}) × ${o.server} (${run.versions.server}), idle timeout ${o.idleTimeoutMs} ms, hint ${o.keepAliveHint ? 'on' : 'off'}, ${o.delayMs} ms each way (proxy +${run.extraLatencyMs.median} ms median, +${run.extraLatencyMs.max} ms max)`,
  ];
  const wire = requestWire(run.lines, run.segments);
  for (const l of run.lines) {
    const w = wire.get(l.id)!;
    const gap = w.actualGapMs === null ? 'first' : `after ${w.actualGapMs} ms`;
    const how = l.ok
      ? `ok ${l.status}`
      : `failed${w.cause ? ` (${w.cause})` : ''} — ${l.error?.class}: ${l.error?.message}${l.error?.code ? ` [${l.error.code}]` : ''}`;
    lines.push(
      `  #${l.id} ${gap}: ${how} on ${w.conns.map((c) => `#${c}`).join(', ') || 'no connection'}${w.reused ? ' (reused)' : ''}`,
    );
  }
  if (run.cutShort) lines.push(`  stopped at --max-wait-ms ${o.maxWaitMs}: requests unfinished`);
  return lines.join('\n');
}

export async function realMain(argv: readonly string[]): Promise<number> {
  try {
    const { options, trace, perfetto, json } = parseRealArgs(argv);
    // Both files are checked before the run (minutes, maybe) and written after it.
    for (const [flag, file] of [
      ['--trace', trace],
      ['--perfetto', perfetto],
    ] as const)
      if (file !== undefined)
        await writeFile(file, '').catch((e) => {
          throw new UsageError(
            `${flag}: cannot write ${shown(file)}: ${(e as NodeJS.ErrnoException).code ?? e}`,
          );
        });
    const run = await runReal(options);
    if (trace !== undefined) await writeFile(trace, serializeTrace(run.trace, run.twin));
    if (perfetto !== undefined) await writeFile(perfetto, serializeChromeTrace(run.trace));
    process.stdout.write(`${json ? JSON.stringify(realSummary(run), null, 2) : report(run)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof NotInstalled) {
      process.stderr.write(`error: ${e.message}\n`);
      return e instanceof NotInstalled ? 3 : 2;
    }
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
