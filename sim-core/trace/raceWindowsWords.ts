/**
 * The words for the two intervals of raceWindows.ts, in one place, so the stage, the timeline,
 * the legend, the inspector, the stories and the lessons say the same thing: **race window** (a
 * request sent now crosses the FIN on the wire) and **stale** (the FIN has arrived; a check at
 * checkout would see it). Each sentence is checked against the trace by raceWindowsWords.test.ts.
 */
import { type FailureKind, failureKind } from '../metrics/failureKinds';
import { formatDuration } from './duration';
import type { FailureInfo } from './failures';
import type { RaceInterval, RaceIntervalKind } from './raceWindows';

export interface IntervalWords {
  /** In running text: `race window`, `stale`. */
  name: string;
  /** On the stage: `RACE WINDOW`, `STALE`. */
  badge: string;
  /** One sentence: what it is. */
  definition: string;
  /** A clause for a row's accessible name. */
  short: string;
}

export const INTERVAL_WORDS: Record<RaceIntervalKind, IntervalWords> = {
  'race-window': {
    name: 'race window',
    badge: 'RACE WINDOW',
    definition:
      'a request sent now crosses the server’s FIN on the wire: it leaves before the FIN reaches the client and reaches the server after its close. No check at checkout can see it; about one round trip wide.',
    short: 'a request sent now crosses the server’s FIN on the wire',
  },
  stale: {
    name: 'stale',
    badge: 'STALE',
    definition:
      'the server’s FIN has reached the client, but the pool still holds the connection as reusable: a check at checkout would see it.',
    short: 'the server’s FIN has reached the client; the pool still believes it reusable',
  },
};

/** A failure's kind as a badge: `stale reuse`, `race window`, … (none for `other`). */
export const FAILURE_KIND_LABELS: Record<FailureKind, string> = {
  'stale-reuse': 'stale reuse',
  'race-window': 'race window',
  'closed-mid-request': 'closed mid-request',
  timeout: 'timeout',
  other: '',
};

/** Which side of the race a failure fell on (metrics/failureKinds.ts), from its explained times. */
export const kindOfFailure = (f: Pick<FailureInfo, 'cause' | 'times'>): FailureKind =>
  failureKind(f.cause, f.times);

/** What reached the client first: `FIN` or `RST`. */
export function evidenceName(w: RaceInterval): 'FIN' | 'RST' {
  return w.finArrivedAt !== null && w.finArrivedAt === w.evidenceAt ? 'FIN' : 'RST';
}

/**
 * The caption over a connection's wire at t inside w: `STALE · FIN arrived 1.26 s ago`,
 * `RACE WINDOW · request and FIN cross` (a request sent in it is on its way), or
 * `RACE WINDOW · a request sent now would cross the FIN`.
 */
export function intervalCaption(w: RaceInterval, t: number): string {
  if (w.kind === 'stale') {
    return `STALE · ${evidenceName(w)} arrived ${formatDuration(t - (w.evidenceAt ?? w.start))} ago`;
  }
  return w.entered.some((x) => x.t <= t)
    ? 'RACE WINDOW · request and FIN cross'
    : 'RACE WINDOW · a request sent now would cross the FIN';
}

/** How an interval ended, in words (`the FIN’s arrival`, `the client dropping it: expired`, …). */
export function endedByText(w: RaceInterval): string {
  switch (w.endedBy) {
    case 'evidence':
      return `the ${evidenceName(w)}’s arrival`;
    case 'discard':
      return `the client dropping it${w.discardReason ? `: ${w.discardReason}` : ''}`;
    case 'failure':
      return 'a failed request';
    case 'run-end':
      return 'the end of the run';
  }
}

/** The sentence a connection's story tells at the interval's start (and its end, once past t). */
export function intervalSentence(
  w: RaceInterval,
  t: number,
  entered: readonly { req: number; t: number }[],
  at: (us: number) => string,
): string {
  const sent = entered.length
    ? `; ${entered.length === 1 ? 'request' : 'requests'} ${entered.map((x) => x.req).join(', ')} sent in it`
    : '';
  const opens =
    w.kind === 'race-window'
      ? `Race window opens: a request sent from now until the FIN reaches the client reaches the server after its close at ${at(w.serverClosedAt)}; the two cross on the wire${sent}.`
      : `Stale from the ${evidenceName(w)}’s arrival: the client has the evidence, the pool still holds it as reusable${sent}.`;
  if (w.end > t) return opens;
  return `${opens} It lasts ${formatDuration(w.end - w.start)} (ended by ${endedByText(w)}).`;
}

/** `4.75 ms in its race window and 1.26 s stale`, up to t (null: neither had started). */
export function timeSpentText(intervals: readonly RaceInterval[], t: number): string | null {
  const spent = (kind: RaceIntervalKind) =>
    intervals
      .filter((w) => w.kind === kind && w.start <= t)
      .reduce((s, w) => s + (Math.min(w.end, t) - w.start), 0);
  const race = intervals.some((w) => w.kind === 'race-window' && w.start <= t);
  const stale = intervals.some((w) => w.kind === 'stale' && w.start <= t);
  const parts = [
    ...(race ? [`${formatDuration(spent('race-window'))} in its race window`] : []),
    ...(stale ? [`${formatDuration(spent('stale'))} stale`] : []),
  ];
  return parts.length ? parts.join(' and ') : null;
}
