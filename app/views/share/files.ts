/**
 * Scenario and trace files: names, downloads, and the scenario file's checks. A scenario file is
 * JSON giving only what differs from the defaults (as for the CLI); it is refused — with the
 * field and the limit — when it is too large, not JSON, or not a valid scenario. An exported
 * changed preset (`issue-96 (modified: …)`, describe.ts) gets the preset's name back on import.
 */

import type { Scenario } from '../../../sim-core';
import {
  jsonBoundsProblem,
  SCENARIO_BOUNDS,
  scenarioProblems,
  withDefaults,
  withPresetIdentity,
} from '../../../sim-core';
import { describeError } from '../../worker/protocol';

/** Larger scenario files are refused unread (a scenario is a few kB; this is a wrong file). */
export const SCENARIO_FILE_LIMIT_BYTES = 1_000_000;

const TRACE_NOT_SCENARIO =
  'this is a trace file (JSON Lines of trace events), not a scenario: use “Open a trace file” instead';

/** A trace file's header line, or a bare trace's first event. */
export function looksLikeTrace(firstLine: string): boolean {
  try {
    const o = JSON.parse(firstLine) as Record<string, unknown>;
    return o?.format === 'race-window-trace' || o?.kind === 'run.start';
  } catch {
    return false;
  }
}

export type ScenarioFileResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** Checks the text of a scenario file. Never throws: a check that fails is a problem too. */
export function parseScenarioFile(text: string): ScenarioFileResult {
  try {
    return checkScenarioText(text);
  } catch (e) {
    return { ok: false, problems: [`the file could not be checked: ${describeError(e)}`] };
  }
}

/** A file too large to be a scenario is refused unread. */
export function scenarioTooLarge(bytes: number): string | null {
  return bytes > SCENARIO_FILE_LIMIT_BYTES
    ? `the file is ${(bytes / 1e6).toFixed(1)} MB; a scenario file is at most ${SCENARIO_FILE_LIMIT_BYTES / 1e6} MB`
    : null;
}

function checkScenarioText(text: string): ScenarioFileResult {
  const big = scenarioTooLarge(text.length);
  if (big) return { ok: false, problems: [big] };
  if (text.trim() === '') return { ok: false, problems: ['the file is empty: expected a scenario (JSON)'] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    if (looksLikeTrace(text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'))))
      return { ok: false, problems: [TRACE_NOT_SCENARIO] };
    return { ok: false, problems: [`not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: ['a scenario file must hold one JSON object, such as {"seed": 7}'] };
  if (looksLikeTrace(text)) return { ok: false, problems: [TRACE_NOT_SCENARIO] };
  // Sizes first, iteratively: nothing recursive may meet a value nested thousands deep.
  const bounds = jsonBoundsProblem(raw, SCENARIO_BOUNDS, { top: 'the file' });
  if (bounds) return { ok: false, problems: [`${bounds.path}: ${bounds.message}`] };
  const scenario = withDefaults(raw);
  const problems = scenarioProblems(scenario);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => `${p.path}: ${p.message}`) };
  // A file this app exported from a changed preset opens as the run it was exported from.
  return { ok: true, scenario: withPresetIdentity(scenario as Scenario) };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'scenario';

export const scenarioFileName = (s: Scenario) => `${slug(s.name)}-seed${s.seed}.scenario.json`;
export const traceFileName = (s: Scenario) => `${slug(s.name)}-seed${s.seed}.trace.jsonl`;

/** Saves `text` as a file named `name` (a download). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
