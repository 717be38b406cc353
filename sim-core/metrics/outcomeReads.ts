/**
 * Which events an outcome-only run's readers — the summary (summary.ts) and the failure
 * classification (failureKinds.ts) — look at. Without a trace, the world builds only these and
 * counts the rest (`World.skip`): the count keeps the run's bound on trace events and the
 * summary's `events` as they were. metrics.test.ts checks that both readers give the same
 * result over every event of a trace and over only the events named here.
 */
import type { MachineName, SegmentFlag, Side, TraceEvent } from '../trace/events';

/** A `state` event of this machine and side. */
export const outcomeReadsState = (machine: MachineName, side: Side): boolean =>
  machine === 'belief' || (machine === 'tcp' && side === 'server');

/** A `segment.send` from `side`: the request's DATA leaving the client. */
export const outcomeReadsSegmentSend = (side: Side, flag: SegmentFlag): boolean =>
  side === 'client' && flag === 'DATA';

/** A `segment.deliver` at `side`: the request reaching the server, the server's FIN or RST the client. */
export const outcomeReadsSegmentDeliver = (side: Side, flag: SegmentFlag): boolean =>
  side === 'server' ? flag === 'DATA' : flag === 'FIN' || flag === 'RST';

/** Kinds neither reader looks at (every other kind not named above is read). */
const UNREAD_KINDS: ReadonlySet<TraceEvent['kind']> = new Set([
  'timer.arm',
  'timer.fire',
  'timer.cancel',
  'attempt.end',
]);

/** Whether an outcome-only run must build `e` (the world decides so before building it). */
export function outcomeReads(e: TraceEvent): boolean {
  if (UNREAD_KINDS.has(e.kind)) return false;
  if (e.kind === 'state') return outcomeReadsState(e.machine, e.side);
  if (e.kind === 'segment.send') return outcomeReadsSegmentSend(e.side, e.flag);
  if (e.kind === 'segment.deliver') return outcomeReadsSegmentDeliver(e.side, e.flag);
  return true;
}
