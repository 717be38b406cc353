/**
 * Trace events as log rows: the entity, a kind group for filtering, and one line of detail in
 * the product's words. Facets (connection, request, segment, group) are columns built once per
 * run so that filtering 100,000 rows is a few typed-array scans.
 */
import type { RunEndReason, TraceEvent } from './events';

export const EVENT_GROUPS = ['segment', 'state', 'timer', 'pool', 'request', 'server', 'run'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

export const EVENT_GROUP_NAMES: Record<EventGroup, string> = {
  segment: 'segments',
  state: 'state changes',
  timer: 'timers',
  pool: 'pool decisions',
  request: 'requests & attempts',
  server: 'server handling',
  run: 'run',
};

export function groupOf(e: TraceEvent): EventGroup {
  switch (e.kind) {
    case 'segment.send':
    case 'segment.deliver':
      return 'segment';
    case 'state':
      return 'state';
    case 'timer.arm':
    case 'timer.fire':
    case 'timer.cancel':
      return 'timer';
    case 'pool':
      return 'pool';
    case 'request.start':
    case 'request.end':
    case 'attempt.start':
    case 'attempt.write':
    case 'attempt.end':
      return 'request';
    case 'server.handle':
      return 'server';
    default:
      return 'run';
  }
}

export interface EventFacets {
  count: number;
  /** Connection id, -1 for none. */
  conn: Int32Array;
  /** Request id, -1 for none. */
  req: Int32Array;
  /** Segment id, -1 for none. */
  seg: Int32Array;
  /** Index into EVENT_GROUPS. */
  group: Uint8Array;
}

export function eventFacets(trace: readonly TraceEvent[]): EventFacets {
  const n = trace.length;
  const facets: EventFacets = {
    count: n,
    conn: new Int32Array(n).fill(-1),
    req: new Int32Array(n).fill(-1),
    seg: new Int32Array(n).fill(-1),
    group: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = trace[i]!;
    facets.group[i] = EVENT_GROUPS.indexOf(groupOf(e));
    if ('conn' in e && typeof e.conn === 'number' && e.conn > 0) facets.conn[i] = e.conn;
    if ('req' in e && typeof e.req === 'number') facets.req[i] = e.req;
    if ('seg' in e && typeof e.seg === 'number') facets.seg[i] = e.seg;
  }
  return facets;
}

/** `#3 client`, `req 12`, `pool`. */
export function eventEntity(e: TraceEvent): string {
  switch (e.kind) {
    case 'segment.send':
    case 'segment.deliver':
    case 'state':
    case 'timer.arm':
    case 'timer.fire':
    case 'timer.cancel':
      return e.conn > 0 ? `#${e.conn} ${e.side}` : e.side;
    case 'pool':
      return e.conn !== null ? `#${e.conn} pool` : 'pool';
    case 'attempt.start':
    case 'attempt.write':
    case 'attempt.end':
    case 'server.handle':
      return `req ${e.req} · #${e.conn}`;
    case 'request.start':
    case 'request.end':
      return `req ${e.req}`;
    default:
      return 'run';
  }
}

const KIND_LABELS: Record<string, string> = {
  'segment.send': 'send',
  'segment.deliver': 'receive',
  'timer.arm': 'timer armed',
  'timer.fire': 'timer fired',
  'timer.cancel': 'timer cancelled',
  'request.start': 'request',
  'request.end': 'outcome',
  'attempt.start': 'attempt',
  'attempt.write': 'write',
  'attempt.end': 'attempt end',
  'server.handle': 'server',
  'run.start': 'run',
  'run.end': 'run',
};

const RUN_END: Record<RunEndReason, string> = {
  done: 'run finished',
  'max-duration': 'run stopped at the scenario’s time limit',
  'max-events': 'run stopped: the trace reached its size limit',
  'max-kernel-events': 'run stopped: the simulation reached its event limit',
  'max-queued': 'run stopped: too many requests waiting for a connection',
  'max-connections': 'run stopped: too many connections open at once',
};

const ms = (us: number) => `${Number((us / 1000).toPrecision(6))} ms`;

/** One line of detail, in the product's words. */
export function eventDetail(e: TraceEvent): string {
  switch (e.kind) {
    case 'run.start':
      return `run ${e.scenario}, seed ${e.seed}: ${e.client} → ${e.server} (trace v${e.version})`;
    case 'run.end':
      // Own keys only: an imported trace may say `constructor` or `toString`.
      return Object.hasOwn(RUN_END, e.reason) ? RUN_END[e.reason]! : `run stopped (${e.reason})`;
    case 'segment.send': {
      const what = e.flag === 'DATA' ? `${e.label ?? 'data'} (${e.bytes} B)` : e.flag;
      return `sends ${what} seg ${e.seg}, arrives in ${ms(e.arriveAt - e.t)}`;
    }
    case 'segment.deliver':
      return `receives ${e.flag} seg ${e.seg}`;
    case 'state':
      return `${e.from} → ${e.to} (${e.cause})`;
    case 'timer.arm':
      return `arms ${e.timer}, due in ${ms(e.at - e.t)}`;
    case 'timer.fire':
      return `${e.timer} fires`;
    case 'timer.cancel':
      return `cancels ${e.timer}`;
    case 'pool':
      return `${e.decision}${e.req !== null ? ` for req ${e.req}` : ''}: ${e.detail}`;
    case 'request.start':
      return `${e.method} ${e.path}${e.gapMs !== null ? ` after ${e.gapMs} ms idle` : ''}`;
    case 'attempt.start':
      return `attempt ${e.attempt} on #${e.conn} (${e.reused ? 'reused' : 'new connection'})`;
    case 'attempt.write':
      return e.ok
        ? `attempt ${e.attempt} writes the request`
        : `attempt ${e.attempt} write fails: ${e.errno ?? 'error'}`;
    case 'attempt.end':
      return e.ok
        ? `attempt ${e.attempt} ok`
        : `attempt ${e.attempt} failed (${e.cause ?? '?'}): ${e.error ? `${e.error.class}: ${e.error.message}` : 'error'}`;
    case 'server.handle':
      return `server handles it (request ${e.count} on this connection)`;
    case 'request.end':
      return `${e.outcome}${e.error ? ` — ${e.error.class}: ${e.error.message}` : ''}${e.indeterminate ? ' (indeterminate)' : ''}, ${ms(e.latency)}`;
  }
}

/** The event's kind as shown in the log (`state tcp`, `pool reuse`). */
export function eventKindLabel(e: TraceEvent): string {
  if (e.kind === 'state') return `${e.machine} state`;
  if (e.kind === 'pool') return `pool ${e.decision}`;
  return KIND_LABELS[e.kind] ?? e.kind;
}

/** Lower-case text of a row for free-text search (entity, kind and detail). */
export function eventSearchText(e: TraceEvent): string {
  return `${eventEntity(e)} ${eventKindLabel(e)} ${eventDetail(e)}`.toLowerCase();
}

export type OutcomeFilter = 'any' | 'ok' | 'ok-after-retry' | 'failed' | 'indeterminate';

export interface LogFilter {
  /** Kind groups to show; empty shows every group. */
  groups: EventGroup[];
  conn: number | null;
  req: number | null;
  /** Events of requests with this outcome, and of their connections while those requests were on them. */
  outcome: OutcomeFilter;
  /** Words that must all appear (case-insensitive). */
  text: string;
  /** Only events in [from, to] (µs), e.g. the timeline's visible range. */
  range: readonly [number, number] | null;
}

export const EMPTY_LOG_FILTER: LogFilter = {
  groups: [],
  conn: null,
  req: null,
  outcome: 'any',
  text: '',
  range: null,
};

export function isFilterEmpty(f: LogFilter): boolean {
  return (
    f.groups.length === 0 &&
    f.conn === null &&
    f.req === null &&
    f.outcome === 'any' &&
    f.text.trim() === '' &&
    f.range === null
  );
}

const searchTexts = new WeakMap<readonly TraceEvent[], string[]>();

/** Search text of every event, built on first use and kept for the trace's lifetime. */
export function searchTextsOf(trace: readonly TraceEvent[]): string[] {
  let texts = searchTexts.get(trace);
  if (!texts) {
    texts = trace.map(eventSearchText);
    searchTexts.set(trace, texts);
  }
  return texts;
}

interface RequestLike {
  id: number;
  outcome: string | null;
  indeterminate: boolean;
  attempts: { conn: number; startAt: number; endAt: number | null }[];
}

/** The seqs of the events that pass `filter`, in trace order. */
export function filterEvents(
  trace: readonly TraceEvent[],
  facets: EventFacets,
  requests: readonly RequestLike[],
  filter: LogFilter,
): Int32Array {
  const n = facets.count;
  const groups = filter.groups.length ? new Set(filter.groups.map((g) => EVENT_GROUPS.indexOf(g))) : null;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const texts = words.length ? searchTextsOf(trace) : null;
  let reqs: Set<number> | null = null;
  let windows: Map<number, [number, number][]> | null = null;
  if (filter.outcome !== 'any') {
    reqs = new Set();
    windows = new Map();
    for (const r of requests) {
      const match = filter.outcome === 'indeterminate' ? r.indeterminate : r.outcome === filter.outcome;
      if (!match) continue;
      reqs.add(r.id);
      for (const a of r.attempts) {
        const list = windows.get(a.conn) ?? [];
        list.push([a.startAt, a.endAt ?? Number.POSITIVE_INFINITY]);
        windows.set(a.conn, list);
      }
    }
  }
  let from = 0;
  let to = n;
  if (filter.range) {
    const [lo, hi] = filter.range;
    while (from < n && trace[from]!.t < lo) from++;
    to = from;
    while (to < n && trace[to]!.t <= hi) to++;
  }
  const out = new Int32Array(to - from);
  let k = 0;
  for (let i = from; i < to; i++) {
    if (groups && !groups.has(facets.group[i]!)) continue;
    if (filter.conn !== null && facets.conn[i] !== filter.conn) continue;
    if (filter.req !== null && facets.req[i] !== filter.req) continue;
    if (reqs && windows) {
      const req = facets.req[i]!;
      let ok = req >= 0 && reqs.has(req);
      if (!ok && req < 0) {
        const t = trace[i]!.t;
        const w = windows.get(facets.conn[i]!);
        ok = w?.some(([a, b]) => t >= a && t <= b) ?? false;
      }
      if (!ok) continue;
    }
    if (texts) {
      const text = texts[i]!;
      if (!words.every((w) => text.includes(w))) continue;
    }
    out[k++] = i;
  }
  return out.slice(0, k);
}
