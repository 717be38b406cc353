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
import type { TraceEvent } from './events';
import { beliefPhase, isServerCloseTransition } from './fold';

export interface RaceWindow {
  conn: number;
  /** The first moment belief (idle) and reality (server closed) disagree. */
  start: number;
  end: number;
  /** When the server's socket left ESTABLISHED. */
  serverClosedAt: number;
  /** When the server's FIN reached the client (null if it had not by `end`). */
  finArrivedAt: number | null;
  /** Requests the pool handed this connection to while the window was open. */
  entered: { req: number; t: number }[];
  endedBy: 'discard' | 'failure' | 'run-end';
  /** Why the client dropped the connection (the pool's discard detail, `expired`, … or the belief's cause). */
  discardReason: string | null;
}

interface ConnTrack {
  belief: string;
  serverClosedAt: number | null;
  finArrivedAt: number | null;
  open: RaceWindow | null;
  lastFailedAt: number | null;
  discardReason: string | null;
}

export function raceWindows(trace: readonly TraceEvent[]): RaceWindow[] {
  const out: RaceWindow[] = [];
  const conns = new Map<number, ConnTrack>();
  const track = (id: number): ConnTrack => {
    let c = conns.get(id);
    if (!c) {
      c = {
        belief: 'connecting',
        serverClosedAt: null,
        finArrivedAt: null,
        open: null,
        lastFailedAt: null,
        discardReason: null,
      };
      conns.set(id, c);
    }
    return c;
  };
  const openIfDisagree = (id: number, c: ConnTrack, t: number) => {
    if (c.open || c.belief !== 'idle' || c.serverClosedAt === null) return;
    c.open = {
      conn: id,
      start: t,
      end: t,
      serverClosedAt: c.serverClosedAt,
      finArrivedAt: c.finArrivedAt,
      entered: [],
      endedBy: 'run-end',
      discardReason: null,
    };
  };
  const close = (c: ConnTrack, t: number, endedBy: RaceWindow['endedBy'], cause: string | null = null) => {
    const w = c.open;
    if (!w) return;
    w.end = t;
    w.endedBy = endedBy;
    w.finArrivedAt = c.finArrivedAt;
    w.discardReason = endedBy === 'discard' ? (c.discardReason ?? cause) : null;
    out.push(w);
    c.open = null;
  };

  for (const e of trace) {
    switch (e.kind) {
      case 'state': {
        if (e.conn === 0) break;
        const c = track(e.conn);
        if (e.machine === 'tcp' && e.side === 'server' && c.serverClosedAt === null) {
          if (isServerCloseTransition(e.from, e.to)) {
            c.serverClosedAt = e.t;
            openIfDisagree(e.conn, c, e.t);
          }
        } else if (e.machine === 'belief') {
          c.belief = beliefPhase(e.to);
          if (c.belief === 'idle') openIfDisagree(e.conn, c, e.t);
          else if (c.belief === 'closed') {
            close(c, e.t, c.lastFailedAt === e.t ? 'failure' : 'discard', e.cause);
          }
        }
        break;
      }
      case 'segment.deliver': {
        const c = track(e.conn);
        if (e.side === 'client' && e.flag === 'FIN' && c.finArrivedAt === null) c.finArrivedAt = e.t;
        break;
      }
      case 'pool': {
        if (e.conn === null) break;
        const c = track(e.conn);
        if (e.decision === 'reuse' && c.open && e.req !== null) c.open.entered.push({ req: e.req, t: e.t });
        if (e.decision === 'discard') c.discardReason = e.detail;
        break;
      }
      case 'attempt.end':
        if (!e.ok) track(e.conn).lastFailedAt = e.t;
        break;
      case 'run.end':
        for (const c of conns.values()) close(c, e.t, 'run-end');
        break;
      default:
        break;
    }
  }
  // A trace cut short (no run.end) still reports its open windows, ending at the last event.
  const last = trace.length > 0 ? trace[trace.length - 1]!.t : 0;
  for (const c of conns.values()) close(c, last, 'run-end');
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
