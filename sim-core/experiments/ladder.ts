/**
 * The policy table: for each client policy, what happens to a GET and a POST
 * sent after (a) a stale gap — clearly after the server closed the idle
 * connection — and (b) a gap inside the race window, where the server's FIN
 * and the request cross in flight. Measured by sweeps, never asserted.
 */
import { CLIENT_POLICIES, clientPolicy, serverProfile } from '../policies';
import type { HttpMethod, Scenario } from '../scenario/types';
import { type SweepPoint, sweepGaps } from './sweep';

export interface LadderOptions {
  server: string;
  /** One-way delay, ms (no jitter: the window's edges stay sharp). */
  delayMs: number;
  /** Overrides the server's configured idle timeout. */
  idleTimeoutMs?: number;
  /** Override the server's hint and requests per connection (a `--server-file` profile). */
  keepAliveHint?: boolean;
  requestsPerConnection?: number | null;
  seed?: number;
  /** Policies to measure (default: all). */
  clients?: readonly string[];
}

export interface LadderCell {
  /** One short phrase: `ok`, `ok (new connection)`, `ok after retry`, `fails: RemoteProtocolError`. */
  text: string;
  failed: number;
  of: number;
  /** Requests the server handled twice (a retried POST that had reached it). */
  duplicates: number;
}

export interface LadderRow {
  policy: string;
  staleGapMs: number;
  stale: Record<'GET' | 'POST', LadderCell>;
  race: Record<'GET' | 'POST', LadderCell>;
}

export interface Ladder {
  server: string;
  delayMs: number;
  /** When the server really closes an idle connection, ms after its response. */
  closeAfterMs: number;
  /** The gaps (client idle time) where the FIN and the request cross: [from, to], or null. */
  window: { fromMs: number; toMs: number; stepMs: number } | null;
  rows: LadderRow[];
}

const METHODS = ['GET', 'POST'] as const;

function baseScenario(o: LadderOptions, policy: string): Scenario {
  return {
    version: 1,
    name: 'ladder',
    seed: o.seed ?? 1,
    server: {
      profile: o.server,
      ...(o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: o.idleTimeoutMs }),
      ...(o.keepAliveHint === undefined ? {} : { keepAliveHint: o.keepAliveHint }),
      ...(o.requestsPerConnection === undefined ? {} : { requestsPerConnection: o.requestsPerConnection }),
      processing: { kind: 'fixed', ms: 2 },
      eventLoopDelayMs: 0.05,
    },
    client: { policy, eventLoopDelayMs: clientPolicy(policy)!.eventLoopDelayMs },
    network: { delayMs: o.delayMs, jitterMs: 0 },
    workload: { kind: 'sequential', gapsMs: [0], method: 'GET', path: '/r' },
    limits: { maxRequests: 10, maxDurationMs: 86_400_000 },
  };
}

/** Gaps from `from` to `to` in `step` (rounded to µs). */
function range(from: number, to: number, step: number): number[] {
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
}

/**
 * A short name for `Class: message`: the class without its module path, plus the
 * message's last part when the class alone says nothing (`Error`, Go's `*url.Error`).
 */
export function shortError(error: string | null): string {
  const text = error ?? '';
  const at = text.indexOf(': ');
  const cls = at === -1 ? text : text.slice(0, at);
  const name = cls.split('.').pop() ?? cls;
  if (!/^(Error|TypeError)$/.test(name) && !cls.startsWith('*')) return name;
  const tail = (at === -1 ? '' : text.slice(at + 2)).split(': ').pop() ?? '';
  return `${cls.startsWith('*') ? cls : name} (${tail.replace(/\)$/, '')})`;
}

export function summarizeCell(points: readonly SweepPoint[]): LadderCell {
  const failed = points.filter((p) => p.outcome === 'failed');
  const duplicates = points.filter((p) => p.serverProcessed > 1).length;
  const dup = duplicates > 0 ? `, processed twice ×${duplicates}` : '';
  let text: string;
  if (failed.length > 0) {
    const classes = [...new Set(failed.map((p) => shortError(p.error)))].join(' / ');
    text = `${failed.length === points.length ? 'fails' : `fails ${failed.length}/${points.length}`}: ${classes}`;
  } else if (points.some((p) => p.outcome === 'ok-after-retry')) text = `ok after retry${dup}`;
  else if (points.some((p) => !p.reused)) text = 'ok (new connection)';
  else text = 'ok';
  return { text, failed: failed.length, of: points.length, duplicates };
}

export function policyLadder(o: LadderOptions): Ladder {
  const profile = serverProfile(o.server);
  if (!profile) throw new Error(`unknown server profile "${o.server}"`);
  const closeAfterMs = (o.idleTimeoutMs ?? profile.idleTimeoutMs) + profile.extraCloseDelayMs;
  const d = o.delayMs;
  // The window is where a client that polls at checkout (httpx 0.23's check, its own expiry
  // switched off) still fails: the request reaches the server after its close, yet the FIN had
  // not reached the client.
  const stepMs = Math.max(0.01, Math.round((2 * d) / 25 / 0.01) * 0.01);
  const probeGaps = range(Math.max(0, closeAfterMs - 2 * d - 3), closeAfterMs + 3, stepMs);
  const pollOnly = baseScenario(o, 'httpx-0.23');
  pollOnly.client.idleExpiryMs = null;
  const reference = sweepGaps(pollOnly, probeGaps, 'GET');
  const windowGaps = reference.filter((p) => p.outcome === 'failed').map((p) => p.gapMs);
  const window =
    windowGaps.length > 0
      ? { fromMs: windowGaps[0]!, toMs: windowGaps[windowGaps.length - 1]!, stepMs }
      : null;
  const staleGapMs = closeAfterMs + Math.max(500, 4 * d);
  const names = o.clients ?? CLIENT_POLICIES.map((p) => p.name);
  const rows = names.map((policy): LadderRow => {
    const base = baseScenario(o, policy);
    const cells = (gaps: readonly number[]) =>
      Object.fromEntries(
        METHODS.map((m: HttpMethod) => [m, summarizeCell(sweepGaps(base, gaps, m))]),
      ) as LadderRow['stale'];
    return { policy, staleGapMs, stale: cells([staleGapMs]), race: cells(windowGaps) };
  });
  return { server: o.server, delayMs: d, closeAfterMs, window, rows };
}

/** The ladder as a Markdown table (the README embeds this output). */
export function ladderMarkdown(l: Ladder): string {
  const w = l.window ? `${l.window.fromMs}–${l.window.toMs} ms` : 'none found';
  const head = [
    `Against \`${l.server}\` (closes an idle connection ${l.closeAfterMs} ms after its response), one-way delay ${l.delayMs} ms, no jitter.`,
    `Stale gap: ${l.rows[0]?.staleGapMs ?? '—'} ms idle (the FIN has reached the client: a check at checkout sees it). Race window: idle gaps ${w} (the request crosses the FIN on the wire: a readability check at checkout, with no client expiry, still fails), every gap in it.`,
    '',
    '| policy | stale gap, GET | stale gap, POST | race window, GET | race window, POST |',
    '|---|---|---|---|---|',
  ];
  const cell = (c: LadderCell) => c.text.replace(/\|/g, '\\|');
  const body = l.rows.map(
    (r) =>
      `| \`${r.policy}\` | ${cell(r.stale.GET)} | ${cell(r.stale.POST)} | ${l.window ? cell(r.race.GET) : '—'} | ${l.window ? cell(r.race.POST) : '—'} |`,
  );
  return [...head, ...body].join('\n');
}
