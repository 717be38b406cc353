/**
 * The app's own link parameters, beside the share codec's (sim-core/scenario/url.ts):
 *
 * - `bp` — breakpoints: `bp=stale-write,near-timeout:50,retry:off` (`:off` = listed, not
 *   enabled); `bp=none` for no breakpoints. Absent = the default (pause at failures).
 * - `lesson` + `step` — a lesson step, 1-based: `lesson=issue-96&step=3` opens that step at its
 *   pause (the step's scenario replaces any scenario parameters).
 * - `imported=trace` — the link was copied while an imported trace file without a scenario was on
 *   screen; a link cannot carry a file, so opening it says so.
 *
 * Pure string work; decoding never throws: every bad value becomes a problem naming the parameter
 * and the limit, and falls back.
 */

import type { BreakpointCondition } from '../../sim-core';
import {
  BREAKPOINT_KINDS,
  conditionProblems,
  didYouMean,
  LESSONS,
  lessonById,
  parseQuery,
  type UrlProblem,
} from '../../sim-core';
import { type Breakpoint, DEFAULT_BREAKPOINTS, makeBreakpoint } from './breakpointSlice';

export const APP_PARAM_NAMES = ['bp', 'lesson', 'step', 'imported'] as const;

export interface AppParams {
  /** null: not given (use the default list). */
  breakpoints: Breakpoint[] | null;
  /** The lesson and its step index (0-based), or null. */
  lesson: { id: string; step: number } | null;
  imported: boolean;
  problems: UrlProblem[];
}

function conditionText(c: BreakpointCondition): string {
  return c.kind === 'near-timeout' ? `near-timeout:${c.withinMs}` : c.kind;
}

/** `bp=…` for a list, or null when it is the default (nothing to write). */
export function encodeBreakpoints(list: readonly Breakpoint[]): string | null {
  const named = list.filter((b) => b.condition.kind !== 'event');
  const same =
    named.length === DEFAULT_BREAKPOINTS.length &&
    named.every(
      (b, i) => b.id === DEFAULT_BREAKPOINTS[i]!.id && b.enabled === DEFAULT_BREAKPOINTS[i]!.enabled,
    );
  if (same) return null;
  if (named.length === 0) return 'none';
  return named.map((b) => `${conditionText(b.condition)}${b.enabled ? '' : ':off'}`).join(',');
}

export function decodeBreakpoints(raw: string): { list: Breakpoint[]; problems: string[] } {
  const list: Breakpoint[] = [];
  const problems: string[] = [];
  const value = raw.trim();
  if (value === 'none' || value === '') return { list, problems };
  for (const item of value.split(',')) {
    const parts = item.trim().split(':');
    let enabled = true;
    if (parts.length > 1 && parts[parts.length - 1] === 'off') {
      enabled = false;
      parts.pop();
    }
    const kind = parts[0] ?? '';
    let condition: BreakpointCondition | null = null;
    if (kind === 'near-timeout') {
      const ms = parts.length === 2 ? Number(parts[1]!.replace(/ms$/, '')) : Number.NaN;
      const c = { kind: 'near-timeout' as const, withinMs: ms };
      const p = conditionProblems(c);
      if (parts.length !== 2 || p.length > 0)
        problems.push(
          `"${item}": near-timeout needs a number of ms above 0 and at most 60000, as near-timeout:50`,
        );
      else condition = c;
    } else if ((BREAKPOINT_KINDS as readonly string[]).includes(kind) && parts.length === 1) {
      condition = { kind } as BreakpointCondition;
    } else {
      problems.push(
        `"${item}" is not a breakpoint${didYouMean(kind, BREAKPOINT_KINDS)}; allowed: ${BREAKPOINT_KINDS.join(', ')} (near-timeout:MS), each optionally :off`,
      );
    }
    if (condition && !list.some((b) => b.id === makeBreakpoint(condition).id))
      list.push(makeBreakpoint(condition, enabled));
  }
  return { list, problems };
}

export function decodeAppParams(search: string): AppParams {
  const pairs = parseQuery(search);
  const get = (k: string) => {
    let v: string | undefined;
    for (const [key, val] of pairs) if (key === k) v = val;
    return v;
  };
  const problems: UrlProblem[] = [];
  let breakpoints: Breakpoint[] | null = null;
  const bp = get('bp');
  if (bp !== undefined) {
    const d = decodeBreakpoints(bp);
    breakpoints = d.list;
    for (const message of d.problems) problems.push({ param: 'bp', message: `${message}; ignored` });
  }

  let lesson: AppParams['lesson'] = null;
  const lessonParam = get('lesson');
  const stepParam = get('step');
  if (lessonParam !== undefined) {
    const l = lessonById(lessonParam);
    if (!l) {
      const ids = LESSONS.map((x) => x.id);
      problems.push({
        param: 'lesson',
        message: `unknown lesson "${lessonParam}"${didYouMean(lessonParam, ids)}; allowed: ${ids.join(', ')}. Opened the simulator without a lesson.`,
      });
    } else {
      let step = 0;
      if (stepParam !== undefined) {
        const n = Number(stepParam);
        if (Number.isInteger(n) && n >= 1 && n <= l.steps.length) step = n - 1;
        else
          problems.push({
            param: 'step',
            message: `must be a whole number from 1 to ${l.steps.length} (the steps of "${l.id}"), got "${stepParam}"; opened step 1`,
          });
      }
      lesson = { id: l.id, step };
    }
  } else if (stepParam !== undefined) {
    problems.push({ param: 'step', message: 'means nothing without lesson=…; ignored' });
  }
  const imported = get('imported') !== undefined;
  return { breakpoints, lesson, imported, problems };
}
