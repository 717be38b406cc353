/**
 * Where a lesson step pauses in its run, what it highlights there and what it
 * says — resolved against the step's trace. Pure, so the app, the e2e tests
 * and the recorder agree on every step.
 */
import { clientPolicy, serverProfile } from '../../policies';
import { scenarioProblems } from '../../scenario/validate';
import type { TraceEvent } from '../../trace/events';
import { type BreakpointHit, breakpointHits, conditionProblems } from '../breakpoints';
import { authoredProse, DIRECTION_WORDS, unbackedWords } from './claims';
import type { Lesson, LessonStep } from './types';

export interface ResolvedStep {
  /** Where playback pauses: µs and the trace position (t = 0, seq = 0 for `start`). */
  t: number;
  seq: number;
  hit: BreakpointHit | null;
  text: string;
  highlights: { kind: 'conn' | 'req'; id: number }[];
}

export type StepResolution = { ok: true; step: ResolvedStep } | { ok: false; problem: string };

export function resolveStep(step: LessonStep, trace: readonly TraceEvent[]): StepResolution {
  let hit: BreakpointHit | null = null;
  let t = 0;
  let seq = 0;
  const pause = step.pause;
  if (pause.at === 'time') {
    t = Math.round(pause.tMs * 1000);
    for (const e of trace) {
      if (e.t > t) break;
      seq = e.seq;
    }
  } else if (pause.at === 'condition') {
    const n = pause.occurrence ?? 1;
    hit = breakpointHits(trace, pause.condition)[n - 1] ?? null;
    if (!hit)
      return {
        ok: false,
        problem: `step "${step.id}": its pause condition never holds ${n > 1 ? `${n} times ` : ''}in this run`,
      };
    t = hit.t;
    seq = hit.seq;
  }
  const highlights: ResolvedStep['highlights'] = [];
  for (const h of step.highlight ?? []) {
    const kind = h.entity === 'connection' ? 'conn' : 'req';
    const id = 'id' in h ? h.id : kind === 'conn' ? hit?.conn : hit?.req;
    if (id === null || id === undefined)
      return {
        ok: false,
        problem: `step "${step.id}": nothing to highlight — the pause names no ${h.entity}`,
      };
    highlights.push({ kind, id });
  }
  const text = step.text.replace(/\{(conn|req|hit)\}/g, (_, key: string) => {
    if (key === 'hit') return hit?.sentence ?? '';
    const v = key === 'conn' ? hit?.conn : hit?.req;
    return v === null || v === undefined ? `{${key}}` : String(v);
  });
  if (/\{(conn|req)\}/.test(text))
    return {
      ok: false,
      problem: `step "${step.id}": its text names {conn} or {req}, which the pause does not give`,
    };
  return { ok: true, step: { t, seq, hit, text: text.replace(/\s+/g, ' ').trim(), highlights } };
}

/** Problems with a lesson as data (before running it); empty when it is usable. */
export function lessonProblems(lesson: Lesson): string[] {
  const out: string[] = [];
  if (lesson.steps.length === 0) out.push(`lesson "${lesson.id}" has no steps`);
  const ids = new Set<string>();
  for (const step of lesson.steps) {
    const at = `lesson "${lesson.id}" step "${step.id}"`;
    if (ids.has(step.id)) out.push(`${at}: the id is used twice`);
    ids.add(step.id);
    for (const p of scenarioProblems(step.scenario)) out.push(`${at}: scenario ${p.path}: ${p.message}`);
    if (step.pause.at === 'condition')
      for (const p of conditionProblems(step.pause.condition)) out.push(`${at}: ${p}`);
    if (step.compare?.client && !clientPolicy(step.compare.client))
      out.push(`${at}: compare.client "${step.compare.client}" is not a client policy`);
    if (step.compare?.server && !serverProfile(step.compare.server))
      out.push(`${at}: compare.server "${step.compare.server}" is not a server profile`);
    // The generated sentence stands as a sentence of its own, never spliced into one of the prose's.
    for (const m of step.text.matchAll(/\{hit\}/g)) {
      const before = step.text.slice(0, m.index).trimEnd();
      const after = step.text.slice(m.index + m[0].length);
      if ((before !== '' && !/[.!?]$/.test(before)) || !/^(\s|$)/.test(after))
        out.push(`${at}: {hit} must stand as its own sentence (after a full stop, or first), not inside one`);
    }
    const direction = authoredProse(step).match(DIRECTION_WORDS);
    if (direction)
      out.push(
        `${at}: says "${direction[0]}" — name the view (the stage, the comparison) instead of where it sits`,
      );
    const unbacked = unbackedWords(step);
    if (unbacked.length > 0)
      out.push(`${at}: its prose names ${unbacked.join(', ')} with no claim stating it (add it to claims)`);
    const q = step.question;
    if (q && (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= q.choices.length))
      out.push(`${at}: question answer must be an index from 0 to ${q.choices.length - 1}, got ${q.answer}`);
  }
  return out;
}
