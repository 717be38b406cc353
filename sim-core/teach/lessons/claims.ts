/**
 * A lesson step's claims (types.ts, `LessonClaim`), checked against its run with what the views
 * read: the fold at the pause (the stage's TCP, h11 and pool columns), the connection facts (the
 * pool's drops) and the trace's request ends (failures, outcomes). And the rule that keeps prose
 * honest: every TCP or h11 state and pool word the prose names must be backed by a claim.
 */
import { failureKind } from '../../metrics/failureKinds';
import { factsOf } from '../../trace/connFacts';
import type { TraceEvent } from '../../trace/events';
import { foldAt } from '../../trace/fold';
import { H11_ROLE_STATES, TRACE_STATES } from '../../trace/io';
import { intervalAt } from '../../trace/raceWindows';
import type { TraceIndex } from '../../trace/traceIndex';
import type { ResolvedStep } from './resolve';
import type { DropReason, LessonClaim, LessonStep } from './types';

/** One run of a step: its trace and the index the app builds from it. */
export interface ClaimRunData {
  trace: readonly TraceEvent[];
  index: TraceIndex;
}

/** The pool's discard detail → the reason a claim names. */
export function dropReason(detail: string): DropReason | null {
  if (detail.startsWith('expired')) return 'expired';
  if (detail.startsWith('readable')) return 'readable';
  if (detail.startsWith('EOF seen')) return 'eof-seen';
  if (detail.startsWith('reader saw')) return 'reader';
  return null;
}

const show = (c: LessonClaim) => JSON.stringify(c);

/** Problems with a step's claims against its run(s); empty when every claim holds. */
export function claimProblems(
  step: LessonStep,
  pause: ResolvedStep,
  runs: { A: ClaimRunData; B?: ClaimRunData },
): string[] {
  const out: string[] = [];
  for (const c of step.claims ?? []) {
    const which = c.run ?? 'A';
    const run = runs[which];
    if (!run) {
      out.push(`step "${step.id}": claim ${show(c)} is about run B, which the step does not compare`);
      continue;
    }
    // Run A is looked at where the step pauses; run B (the comparison) as a whole.
    const at = which === 'A' ? pause.t : run.index.endAt;
    const ref = (r: number | 'pause', kind: 'conn' | 'req') => {
      if (r !== 'pause') return r;
      const v = kind === 'conn' ? pause.hit?.conn : pause.hit?.req;
      return v ?? null;
    };
    const fail = (why: string) => out.push(`step "${step.id}": claim ${show(c)} does not hold: ${why}`);
    if ('conn' in c) {
      const id = ref(c.conn, 'conn');
      if (id === null) {
        fail('the pause names no connection');
        continue;
      }
      if ('side' in c) {
        if (c.by === 'pause') {
          for (const [machine, want] of [
            ['tcp', c.tcp],
            ['h11', c.h11],
          ] as const) {
            if (want === undefined) continue;
            const entered = run.trace.some(
              (e) =>
                e.t <= at &&
                e.kind === 'state' &&
                e.conn === id &&
                e.side === c.side &&
                e.machine === machine &&
                e.to === want,
            );
            if (!entered) fail(`the ${c.side}'s ${machine} never entered ${want} by ${at} µs`);
          }
          continue;
        }
        const conn = foldAt(run.trace, at, run.index.foldOptions).conns.get(id);
        const end = c.side === 'client' ? conn?.client : conn?.server;
        if (!end) {
          fail(`connection #${id} has no ${c.side} endpoint at ${at} µs`);
          continue;
        }
        if (c.tcp !== undefined && end.tcp !== c.tcp) fail(`the ${c.side}'s TCP state is ${end.tcp}`);
        if (c.h11 !== undefined && end.h11 !== c.h11) fail(`the ${c.side}'s h11 state is ${end.h11}`);
      } else if ('interval' in c) {
        const w = intervalAt(run.index.raceIntervals, id, at);
        const got = w?.kind ?? 'none';
        if (got !== c.interval)
          fail(`connection #${id} is ${got === 'none' ? 'in neither' : got} at ${at} µs`);
      } else if ('pool' in c) {
        const conn = foldAt(run.trace, at, run.index.foldOptions).conns.get(id);
        const phase = conn ? conn.belief.split('.')[0] : 'absent';
        if (phase !== c.pool) fail(`the pool's belief is ${phase}`);
      } else {
        const drops = (factsOf(run.index.connFacts, id)?.discards ?? []).filter(
          (d) => c.by === 'end' || d.t <= at,
        );
        if (!drops.some((d) => dropReason(d.detail) === c.dropped))
          fail(
            drops.length === 0
              ? `connection #${id} was not dropped`
              : `connection #${id} was dropped as ${drops.map((d) => `"${d.detail}"`).join(', ')}`,
          );
      }
    } else {
      const id = ref(c.req, 'req');
      if (id === null) {
        fail('the pause names no request');
        continue;
      }
      const endEvent = run.trace.find((e) => e.kind === 'request.end' && e.req === id);
      const ended = endEvent?.kind === 'request.end' ? endEvent : null;
      if ('kind' in c) {
        const f = run.index.failures.find((x) => x.req === id);
        const kind = f ? failureKind(f.cause, f.times) : null;
        if (!f || kind !== c.kind) fail(f ? `request ${id} failed as ${kind}` : `request ${id} did not fail`);
        else if (c.windowMs) {
          const left = f.times.writtenAt ?? f.times.attemptAt;
          const w = intervalAt(run.index.raceIntervals, f.conn, left);
          const ms = w ? (w.end - w.start) / 1000 : null;
          if (ms === null || ms < c.windowMs[0] || ms > c.windowMs[1])
            fail(`request ${id} left in ${w ? `a ${w.kind} interval of ${ms} ms` : 'no interval'}`);
        }
      } else if ('outcome' in c) {
        if (ended?.outcome !== c.outcome) fail(`request ${id} ended ${ended?.outcome ?? 'never'}`);
      } else {
        const by = c.by === 'end' || which === 'B' ? Number.POSITIVE_INFINITY : at;
        if (ended?.outcome !== 'failed' || ended.t > by)
          fail(`request ${id} ${ended ? `ended ${ended.outcome} at ${ended.t} µs` : 'never ended'}`);
        else if (!ended.error?.class.includes(c.fails))
          fail(`request ${id} failed with ${ended.error?.class ?? 'no error'}`);
      }
    }
  }
  return out;
}

const TCP_STATES: readonly string[] = TRACE_STATES.tcp;
const H11_STATES: readonly string[] = [...new Set([...H11_ROLE_STATES.client, ...H11_ROLE_STATES.server])];

/** A state name as a word of its own (`CLOSED` is not in `ConnectionClosed`, `DONE` not in `DONE_X`). */
const word = (name: string) => new RegExp(`(?<![A-Za-z0-9_-])${name.replace(/-/g, '\\-')}(?![A-Za-z0-9_-])`);

/** Stale / race window, and the claims that back them (an interval at the pause, or a failure's kind). */
const backsInterval = (kind: 'stale' | 'race-window') => (c: LessonClaim) =>
  ('interval' in c && c.interval === kind) ||
  ('kind' in c && c.kind === (kind === 'stale' ? 'stale-reuse' : 'race-window'));

/** Pool words and the claim each needs. */
const POOL_WORDS: { re: RegExp; name: string; backs: (c: LessonClaim) => boolean }[] = [
  { re: /\breusable\b/i, name: 'reusable', backs: (c) => 'pool' in c && c.pool === 'idle' },
  { re: /\bin use\b/i, name: 'in use', backs: (c) => 'pool' in c && c.pool === 'active' },
  { re: /\bexpired\b/i, name: 'expired', backs: (c) => 'dropped' in c && c.dropped === 'expired' },
  { re: /\breadable\b/i, name: 'readable', backs: (c) => 'dropped' in c && c.dropped === 'readable' },
  { re: /\bstale\b/i, name: 'stale', backs: backsInterval('stale') },
  { re: /\brace window\b/i, name: 'race window', backs: backsInterval('race-window') },
];

/** The h11 role states a claim names (`DONE/SEND_RESPONSE` → DONE, SEND_RESPONSE). */
const h11Roles = (c: LessonClaim): string[] => ('h11' in c && c.h11 ? c.h11.split('/') : []);

/**
 * The prose a step authors (its title, its text without placeholders, its answer's explanation): what a
 * learner reads as a statement about this run. Generated sentences (`{hit}`) come from the model.
 */
export function authoredProse(step: LessonStep): string {
  return [step.title, step.text.replace(/\{(conn|req|hit)\}/g, ''), step.question?.explanation ?? ''].join(
    ' ',
  );
}

/**
 * Every state name and pool word in a step's prose, with no claim that states it: a TCP state
 * (`ESTABLISHED`) needs a claim with that `tcp`, an h11 state (`SEND_RESPONSE`) one whose `h11`
 * has that role state, `reusable` / `in use` a `pool` claim, `expired` / `readable` a `dropped` one,
 * `stale` / `race window` an `interval` claim of that kind or a failure `kind` claim.
 */
export function unbackedWords(step: LessonStep): string[] {
  const prose = authoredProse(step);
  const claims = step.claims ?? [];
  const out: string[] = [];
  for (const s of new Set([...TCP_STATES, ...H11_STATES])) {
    if (!word(s).test(prose)) continue;
    const backed = claims.some(
      (c) => (TCP_STATES.includes(s) && 'tcp' in c && c.tcp === s) || h11Roles(c).includes(s),
    );
    if (!backed) out.push(s);
  }
  for (const w of POOL_WORDS) if (w.re.test(prose) && !claims.some(w.backs)) out.push(w.name);
  return out;
}

/**
 * Phrases that place a view by where it sits on screen ("on the left", "(right)", "shown below"),
 * which another layout (a phone, presenter mode) moves. "The request left", "below the server's" pass.
 */
export const DIRECTION_WORDS =
  /\b(?:on|to|at|from) the (?:left|right)\b|\((?:left|right|above|below)\)|\b(?:above|below|beneath|underneath)(?=\s*(?:[.,;:)]|$))|\b(?:left|right)(?:-hand)? (?:side|column|panel|run)\b/i;
