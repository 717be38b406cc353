/**
 * Race windows: the intervals where the pool's belief and reality disagree about a connection.
 *
 * A window opens when the pool holds the connection as idle (reusable) while the server has
 * already closed its socket — whichever of the two happens second. It stays open through a
 * checkout (the pool hands the stale connection to a request, still believing in it) and closes
 * when the pool's belief becomes `closed`: the connection expired or failed a liveness check
 * (`discard`), or a request sent into it failed (`failure`). A window still open when the run
 * ends closes at the run's end.
 *
 * A server that closes a connection while a request is active on it (not idle) opens no window:
 * that is a server-side bug of another kind (uvicorn #824), not the reuse race.
 */
import {
  type At,
  beliefPhase,
  buildConnFacts,
  type ConnFacts,
  type ConnFactsAt,
  type ConnFactsTable,
  type Happened,
} from './connFacts';
import type { TraceEvent } from './events';

export interface RaceWindow
  extends Happened<Pick<ConnFactsAt, 'serverClosedAt'>>,
    Pick<ConnFactsAt, 'finArrivedAt'> {
  conn: number;
  /** The first moment belief (idle) and reality (server closed) disagree. */
  start: number;
  end: number;
  // From the connection's facts: when the server closed it, and its FIN's arrival (null if not by `end`).
  /** Requests the pool handed this connection to while the window was open. */
  entered: { req: number; t: number }[];
  endedBy: 'discard' | 'failure' | 'run-end';
  /** Why the client dropped the connection (the pool's discard detail, `expired`, … or the belief's cause). */
  discardReason: string | null;
}

/** A connection's facts that open, fill and close its windows, in trace order. */
type Step =
  | (At & { k: 'close' })
  | (At & { k: 'belief'; to: string; cause: string })
  | (At & { k: 'reuse'; req: number | null })
  | (At & { k: 'discard'; detail: string })
  | (At & { k: 'failure' })
  | (At & { k: 'run-end' });

const at = (x: At): At => ({ t: x.t, seq: x.seq, i: x.i });

function steps(f: ConnFacts, runEnd: At | null): Step[] {
  const out: Step[] = [
    ...f.beliefs.map((b) => ({ ...at(b), k: 'belief' as const, to: b.to, cause: b.cause })),
    ...f.reuses.map((r) => ({ ...at(r), k: 'reuse' as const, req: r.req })),
    ...f.discards.map((d) => ({ ...at(d), k: 'discard' as const, detail: d.detail })),
    ...f.failures.map((x) => ({ ...at(x), k: 'failure' as const })),
  ];
  if (f.serverClose) out.push({ ...at(f.serverClose), k: 'close' });
  if (runEnd) out.push({ ...at(runEnd), k: 'run-end' });
  return out.sort((a, b) => a.i - b.i);
}

/** One connection's windows, from its facts. */
function windowsOfConn(f: ConnFacts, runEnd: At | null, lastAt: number, out: RaceWindow[]): void {
  let belief = 'connecting';
  let closedAt: number | null = null;
  let open: RaceWindow | null = null;
  let lastFailedAt: number | null = null;
  let discardReason: string | null = null;
  const finBefore = (i: number) => (f.finArrival && f.finArrival.i < i ? f.finArrival.t : null);
  const openIfDisagree = (t: number) => {
    if (open || belief !== 'idle' || closedAt === null) return;
    open = {
      conn: f.conn,
      start: t,
      end: t,
      serverClosedAt: closedAt,
      finArrivedAt: null,
      entered: [],
      endedBy: 'run-end',
      discardReason: null,
    };
  };
  const close = (
    w: RaceWindow,
    t: number,
    i: number,
    endedBy: RaceWindow['endedBy'],
    cause: string | null,
  ) => {
    w.end = t;
    w.endedBy = endedBy;
    w.finArrivedAt = finBefore(i);
    w.discardReason = endedBy === 'discard' ? (discardReason ?? cause) : null;
    out.push(w);
    open = null;
  };
  for (const s of steps(f, runEnd)) {
    switch (s.k) {
      case 'close':
        closedAt = s.t;
        openIfDisagree(s.t);
        break;
      case 'belief':
        belief = beliefPhase(s.to);
        if (belief === 'idle') openIfDisagree(s.t);
        else if (belief === 'closed' && open)
          close(open, s.t, s.i, lastFailedAt === s.t ? 'failure' : 'discard', s.cause);
        break;
      case 'reuse':
        if (open && s.req !== null) (open as RaceWindow).entered.push({ req: s.req, t: s.t });
        break;
      case 'discard':
        discardReason = s.detail;
        break;
      case 'failure':
        lastFailedAt = s.t;
        break;
      case 'run-end':
        if (open) close(open, s.t, s.i, 'run-end', null);
        break;
    }
  }
  // A trace cut short (no run.end) still reports its open windows, ending at the last event.
  if (open) close(open, lastAt, Number.POSITIVE_INFINITY, 'run-end', null);
}

export function raceWindows(
  trace: readonly TraceEvent[],
  facts: ConnFactsTable = buildConnFacts(trace),
): RaceWindow[] {
  const out: RaceWindow[] = [];
  for (const f of facts.conns) windowsOfConn(f, facts.runEnd, facts.endAt, out);
  return out.sort((a, b) => a.start - b.start || a.conn - b.conn);
}

/** The windows of one connection that contain t. */
export function windowAt(windows: readonly RaceWindow[], conn: number, t: number): RaceWindow | null {
  for (const w of windows) {
    if (w.start > t) break;
    if (w.conn === conn && t < w.end) return w;
  }
  return null;
}
