/**
 * Real and simulated, side by side, for a `--sweep` run: each real lane (a fresh client, one
 * request, a gap, a second request) against the simulator's sweep of the same parameters.
 *
 * The proxy is part of the test harness, and a loaded machine makes its 20 ms late (never
 * early) and the server's keep-alive timer late. Each lane's gap is therefore read on the wire,
 * in the simulator's frame (where the link takes exactly `delayMs` and the server closes exactly
 * `closeMs` after its response), from the proxy's own timestamps (one clock):
 * - lower edge — the request reaches the server after its close:
 *   gLo = (request delivered to the server − FIN received from the server) + closeMs − 2·delay;
 * - upper edge — the FIN had reached the client before it wrote the request:
 *   gHi = (request received from the client − FIN delivered to the client) + closeMs.
 * For a lane whose request was answered on the old connection the close came later; its gLo uses
 * the server's median close delay over the lanes that did see it. A read can also wait in the
 * kernel before the proxy's loop runs (unmeasurable from user space): the proxy bounds that wait
 * per segment (readUncertaintyUs) and a lane's tolerance grows by it beyond the first ms. A lane
 * answered on the old connection saw no close, so the server's timer lateness cannot be read off
 * it: its tolerance grows by the spread of the closes the other lanes saw (max − median). What is
 * left — the client's own event loop — belongs to the client under test and is not corrected.
 */
import { type SweepPoint, sweepGaps } from '../../sim-core/experiments/sweep';
import type { Scenario } from '../../sim-core/scenario/types';
import type { RelayedSegment } from './delayProxy';
import type { RealRun } from './real';

export interface LaneView {
  gapMs: number;
  /** The gap as the client measured it (from reading response 1 to sending request 2). */
  actualGapMs: number;
  outcome: string;
  reused: boolean;
  error: string | null;
  gLoMs: number;
  /** null when the lane's request was answered on the old connection (no close to compare). */
  gHiMs: number | null;
  /** ± ms this lane's gLo/gHi may be off by (3 ms + read uncertainty beyond 1 ms). */
  toleranceMs: number;
  /** The server's close after response 1 (ms, on the wire), when seen. */
  serverCloseMs: number | null;
  /**
   * How late the client's own gap timer fired (actual − asked, ms). Past CLIENT_STALL_MS the
   * client's event loop was stalled, and a stalled Node or asyncio loop runs its expired timers
   * before the socket reads that queued up meanwhile: it writes on a connection whose FIN is
   * sitting unread. That is the machine's load, not the gap the simulator was asked about, so
   * such a lane is not held to the window (it is counted and shown).
   */
  clientLateMs: number;
}

/** A client gap timer later than this (ms) marks the lane as disturbed by its own loop. */
export const CLIENT_STALL_MS = 3;

const uncertain = (s: RelayedSegment | undefined) => Math.max(0, ((s?.readUncertaintyUs ?? 0) - 1000) / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

export function laneViews(run: RealRun, closeMs: number, baseToleranceMs = 3): LaneView[] {
  const d = run.options.delayMs;
  const raw = run.points.flatMap((p) => {
    const second = run.lines.find((l) => l.gapMs === p.gapMs && l.id % 2 === 0);
    if (!second || p.actualGapMs === null) return [];
    const first = run.segments.find(
      (s) => s.from === 'client' && s.flag === 'DATA' && s.req === second.id - 1,
    );
    const req2 = run.segments.find((s) => s.from === 'client' && s.flag === 'DATA' && s.req === second.id);
    if (!first || !req2) return [];
    const onConn = run.segments.filter((s) => s.conn === first.conn && s.from === 'server');
    const resp = onConn.filter((s) => s.flag === 'DATA' && s.receivedUs < req2.receivedUs).pop();
    // The close that raced request 2 — absent when request 2 was answered on this connection.
    const answered = p.outcome === 'ok' && p.reused;
    const fin = answered ? undefined : onConn.find((s) => s.flag === 'FIN' || s.flag === 'RST');
    if (!resp) return [];
    return [{ p, req2, resp, fin }];
  });
  const closes = raw.filter((r) => r.fin).map((r) => (r.fin!.receivedUs - r.resp.receivedUs) / 1000);
  const typicalClose = median(closes);
  // A loaded server fires its idle timer late (never early): a lane whose request beat the close
  // saw no close to measure, so its bound is the lateness the other lanes' closes showed.
  const lateSpread = closes.length === 0 ? 0 : Math.max(...closes) - typicalClose;
  return raw.map(({ p, req2, resp, fin }) => {
    const finReceived = fin ? fin.receivedUs : resp.receivedUs + typicalClose * 1000;
    const toServer = req2.deliveredUs ?? req2.dueUs;
    return {
      gapMs: p.gapMs,
      actualGapMs: p.actualGapMs!,
      outcome: p.outcome,
      reused: p.reused,
      error: p.error,
      gLoMs: (toServer - finReceived) / 1000 + closeMs - 2 * d,
      gHiMs: fin?.deliveredUs == null ? null : (req2.receivedUs - fin.deliveredUs) / 1000 + closeMs,
      toleranceMs:
        baseToleranceMs + uncertain(resp) + uncertain(req2) + uncertain(fin) + (fin ? 0 : lateSpread),
      serverCloseMs: fin ? (fin.receivedUs - resp.receivedUs) / 1000 : null,
      clientLateMs: p.actualGapMs! - p.gapMs,
    };
  });
}

export interface SimWindow {
  fromMs: number;
  toMs: number;
  /** The error most of the window raises. */
  error: string;
  /** Every error raised in the window (at its lower edge the request can meet a reset instead). */
  errors: string[];
  /**
   * The errors the simulator raises at the lower edge when the server's event loop lags (see
   * `edgeErrors`): accepted from a lane within its tolerance of that edge. Empty unless computed.
   */
  edgeErrors?: string[];
}

/**
 * What the twin raises just below its window's lower edge when the server's event loop is `lagMs`
 * behind. A request that reaches the server less than the loop's lag before its idle timer fires
 * is still unread when the timer closes the socket, and Linux answers close() with unread data
 * with RST: the client reads a reset, not EOF (tcpEndpoint's `hasUnreadData` close). A loaded
 * machine's server loop lags by as much as a lane's tolerance allows its timer to be late, so a lane
 * within its tolerance of the edge may show this error; the simulator, not a list, says which.
 */
export function edgeErrors(twin: Scenario, window: SimWindow, lagMs: number): string[] {
  if (!(lagMs > 0)) return [];
  const lagged: Scenario = { ...twin, server: { ...twin.server, eventLoopDelayMs: lagMs } };
  const steps = Math.ceil((lagMs + 1) / 0.1);
  const gaps = Array.from(
    { length: steps + 1 },
    (_, i) => Math.round((window.fromMs - lagMs - 1 + i * 0.1) * 10) / 10,
  );
  const errors = new Set<string>();
  for (const p of sweepGaps(lagged, gaps)) if (p.outcome === 'failed') errors.add(p.error ?? '');
  return [...errors];
}

/** The simulated failing interval [first, last failing gap] of a fine sweep, or null. */
export function simWindow(points: readonly SweepPoint[]): SimWindow | null {
  const failed = points.filter((p) => p.outcome === 'failed');
  if (failed.length === 0) return null;
  const count = new Map<string, number>();
  for (const p of failed) count.set(p.error ?? '', (count.get(p.error ?? '') ?? 0) + 1);
  const errors = [...count.keys()];
  const error = errors.reduce((a, b) => (count.get(b)! > count.get(a)! ? b : a));
  return { fromMs: failed[0]!.gapMs, toMs: failed[failed.length - 1]!.gapMs, error, errors };
}

export interface Disagreement {
  lane: LaneView;
  why: string;
}

/**
 * Every lane whose outcome the simulator's window contradicts by more than the lane's tolerance:
 * a failure outside [from − tol, to + tol] in its own frame, an ok reuse past from + tol, a new
 * connection before to − tol, or a failure with another error (within tol of the lower edge, an
 * error of `window.edgeErrors` agrees too).
 */
export function disagreements(lanes: readonly LaneView[], window: SimWindow): Disagreement[] {
  const out: Disagreement[] = [];
  for (const l of lanes) {
    const t = l.toleranceMs;
    if (l.clientLateMs > CLIENT_STALL_MS) continue;
    if (l.outcome === 'failed') {
      if (l.gLoMs < window.fromMs - t)
        out.push({
          lane: l,
          why: `failed at gLo ${l.gLoMs.toFixed(2)} < ${window.fromMs} − ${t.toFixed(1)}`,
        });
      if (l.gHiMs !== null && l.gHiMs > window.toMs + t)
        out.push({ lane: l, why: `failed at gHi ${l.gHiMs.toFixed(2)} > ${window.toMs} + ${t.toFixed(1)}` });
      const atEdge = l.gLoMs <= window.fromMs + t;
      const error = l.error ?? '';
      if (!window.errors.includes(error) && !(atEdge && (window.edgeErrors ?? []).includes(error)))
        out.push({
          lane: l,
          why: `error ${JSON.stringify(l.error)} ≠ simulated ${JSON.stringify(window.error)}`,
        });
    } else if (l.reused) {
      if (l.gLoMs > window.fromMs + t)
        out.push({
          lane: l,
          why: `ok on the reused connection at gLo ${l.gLoMs.toFixed(2)} > ${window.fromMs} + ${t.toFixed(1)}`,
        });
    } else if (l.gHiMs !== null && l.gHiMs < window.toMs - t) {
      out.push({
        lane: l,
        why: `new connection at gHi ${l.gHiMs.toFixed(2)} < ${window.toMs} − ${t.toFixed(1)}`,
      });
    }
  }
  return out;
}

/** The real failing interval in the simulator's frame: [min gLo, max gHi] over failed lanes (loop on time). */
export function realWindow(lanes: readonly LaneView[]): { fromMs: number; toMs: number } | null {
  const failed = lanes.filter((l) => l.outcome === 'failed' && l.clientLateMs <= CLIENT_STALL_MS);
  if (failed.length === 0) return null;
  const his = failed.map((l) => l.gHiMs ?? l.gLoMs);
  return { fromMs: Math.min(...failed.map((l) => l.gLoMs)), toMs: Math.max(...his) };
}
