/**
 * `npm run real:check`: the Python and Go clients (and Node's against uvicorn) run for real
 * through the 20 ms proxy, each gap on a fresh client, beside the simulator's sweep of the same
 * parameters (agreement.ts). What is not installed is skipped with how to install it on Debian.
 * Prints one line per pair (PASS, FAIL, SKIP, or INCONCLUSIVE when the machine was too busy for
 * the clients' own timers) and exits 1 if any pair that ran disagrees.
 */
import { sweepGaps } from '../../sim-core/experiments/sweep';
import { clientPolicy, serverProfile } from '../../sim-core/policies';
import { CLIENT_STALL_MS, disagreements, edgeErrors, laneViews, realWindow, simWindow } from './agreement';
import { NotInstalled, runReal, twinScenario } from './real';

const DELAY = 20;
const PAIRS: [client: string, server: string][] = [
  ['httpx-0.23', 'node-http-20'],
  ['aiohttp-3.10', 'node-http-20'],
  ['requests', 'node-http-20'],
  ['go-net-http', 'node-http-20'],
  ['httpx-0.23', 'uvicorn'],
  ['aiohttp-3.10', 'uvicorn'],
  ['requests', 'uvicorn'],
  ['go-net-http', 'uvicorn'],
  ['node-agent-20', 'uvicorn'],
];
const range = (from: number, to: number, step: number) =>
  Array.from(
    { length: Math.round((to - from) / step) + 1 },
    (_, i) => Math.round((from + i * step) * 100) / 100,
  );
/** Messages name the host: the simulator's `service-b`, the proxy's 127.0.0.1:PORT. */
const sameHost = (e: string | null) =>
  e?.replace(/http:\/\/[^/"' ]+/g, 'http://HOST').replace(/host='[^']*', port=\d+/g, "host='HOST'") ?? null;

let failed = 0;
for (const [client, server] of PAIRS) {
  const idleTimeoutMs = 1000;
  const close = idleTimeoutMs + serverProfile(server)!.extraCloseDelayMs;
  const options = {
    client,
    server,
    delayMs: DELAY,
    gapsMs: range(close - 2 * DELAY - 10, close + 10, 2),
    idleTimeoutMs,
    keepAliveHint: false,
    method: 'GET' as const,
    sweep: true,
    maxWaitMs: 60_000,
  };
  let run: Awaited<ReturnType<typeof runReal>>;
  try {
    run = await runReal(options);
  } catch (e) {
    if (e instanceof NotInstalled) {
      console.log(`SKIP ${client} × ${server}: ${e.message}`);
      continue;
    }
    failed++;
    console.log(`FAIL ${client} × ${server}: ${e instanceof Error ? e.message : String(e)}`);
    continue;
  }
  const twin = twinScenario(run.options);
  const sim = sweepGaps(twin, range(close - 2 * DELAY - 10, close + 10, 0.1));
  const lanes = laneViews(run, close).map((l) => ({ ...l, error: sameHost(l.error) }));
  const sw = simWindow(sim);
  const lag = Math.max(...lanes.map((l) => l.toleranceMs));
  const window = sw && { ...sw, edgeErrors: edgeErrors(twin, sw, lag) };
  const real = realWindow(lanes);
  const modelled = clientPolicy(client)!.source;
  const head = `${client} (${run.versions.client}; the policy models ${modelled.library} ${modelled.version}) × ${server} (${run.versions.server})`;
  const retried = lanes.filter((l) => l.outcome === 'ok-after-retry').length;
  const figures = `real ${real ? `${real.fromMs.toFixed(1)}–${real.toMs.toFixed(1)} ms` : 'no failures'}${retried ? `, ${retried} ok after retry` : ''}; simulated ${window ? `${window.fromMs}–${window.toMs} ms` : 'no failures'}; proxy +${run.extraLatencyMs.median} ms median`;
  const bad = window
    ? disagreements(lanes, {
        ...window,
        errors: window.errors.map((e) => sameHost(e) ?? ''),
        edgeErrors: (window.edgeErrors ?? []).map((e) => sameHost(e) ?? ''),
      })
    : lanes
        .filter((l) => l.outcome === 'failed')
        .map((lane) => ({ lane, why: `failed (${lane.error}) where the simulator never fails` }));
  // Lanes whose client gap timer fired late are not compared (agreement.ts): without enough on
  // time, or without an on-time failure where the simulator has a window, nothing was shown.
  const calm = lanes.filter((l) => l.clientLateMs <= CLIENT_STALL_MS);
  const shown = window === null || calm.some((l) => l.outcome === 'failed');
  if (bad.length === 0 && (!shown || calm.length < lanes.length / 2))
    console.log(
      `INCONCLUSIVE ${head}: ${figures}; only ${calm.length}/${lanes.length} lanes had the client's gap timer on time (≤ ${CLIENT_STALL_MS} ms late): the machine is too busy`,
    );
  else if (bad.length === 0)
    console.log(`PASS ${head}: ${figures} (${calm.length}/${lanes.length} lanes on time)`);
  else {
    failed++;
    console.log(
      `FAIL ${head}: ${figures}; ${bad.length} lanes disagree, first: gap ${bad[0]!.lane.gapMs} ms: ${bad[0]!.why}`,
    );
  }
}
process.exitCode = failed > 0 ? 1 : 0;
