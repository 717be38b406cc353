/**
 * URL ⇄ store. At start-up the query string opens a scenario at a moment (`readShareUrl`); after
 * that the store writes the URL back (replaceState, debounced): scenario, seed, selection, and the
 * cursor whenever playback is paused, and compare mode's run B (`compare=client:…`). While playing,
 * the cursor is not written (it changes every frame); pausing writes it. So the address bar is
 * always a link to what is on screen when paused.
 */
import { type DecodedShare, decodeShareQuery, encodeShareQuery, parseQuery } from '../../sim-core';
import { APP_PARAM_NAMES, type AppParams, decodeAppParams, encodeBreakpoints } from './appParams';
import { stepSelection } from './lessonSlice';
import { decodeRiskParams, RISK_PARAM_NAMES, type RiskLink, riskQuery } from './riskUrl';
import { DEFAULT_PRESET, type Notice } from './scenarioSlice';
import { sameSelection } from './selectionSlice';
import type { AppStore } from './store';
import type { AppState } from './types';

/** Query parameters the app reads besides the share codec's own (see appParams.ts). */
export const APP_PARAMS: readonly string[] = APP_PARAM_NAMES;

export interface DecodedUrl extends DecodedShare {
  app: AppParams;
  /** Whether the link said `sel=` (a lesson step selects its own entity otherwise). */
  hasSelection: boolean;
  /** The risk explorer (`view=risk&risk.…`, riskUrl.ts). */
  risk: RiskLink;
}

export function readShareUrl(search: string): DecodedUrl {
  const decoded = decodeShareQuery(search, DEFAULT_PRESET, { ignore: [...APP_PARAMS, ...RISK_PARAM_NAMES] });
  const app = decodeAppParams(search);
  const risk = decodeRiskParams(search);
  return {
    ...decoded,
    app,
    risk,
    problems: [...decoded.problems, ...app.problems, ...risk.problems],
    hasSelection: parseQuery(search).some(([k]) => k === 'sel'),
  };
}

/** The notice listing URL problems (null when there are none). */
export function urlNotice(decoded: DecodedShare): Notice | null {
  if (decoded.problems.length === 0) return null;
  return {
    id: 'url',
    tone: 'warning',
    title:
      decoded.problems.length === 1
        ? 'A link parameter was not usable'
        : `${decoded.problems.length} link parameters were not usable`,
    items: decoded.problems.map((p) => `${p.param}: ${p.message}`),
  };
}

/** Starts the run the URL describes (paused at its moment), or the lesson step it names. */
export function openFromUrl(store: AppStore, decoded: DecodedShare | DecodedUrl): void {
  const s = store.getState();
  const app = 'app' in decoded ? decoded.app : null;
  const problems = [...decoded.problems];
  if (app?.imported && !app.lesson)
    problems.push({
      param: 'imported',
      message:
        'this link was copied while an imported trace file was on screen, and a link cannot carry a file: ask for the file (Share → Import trace). Opened the scenario below instead.',
    });
  const notice = urlNotice({ ...decoded, problems });
  if (notice) s.addNotice(notice);
  if (app?.breakpoints) s.setBreakpoints(app.breakpoints);
  if ('risk' in decoded && decoded.risk.open && s.setRiskInput(decoded.risk.input))
    s.setRiskOpen(true, decoded.risk.tab);
  if (app?.lesson) {
    const hasSelection = 'hasSelection' in decoded && decoded.hasSelection;
    s.startLesson(app.lesson.id, app.lesson.step, {
      t: decoded.t,
      ...(hasSelection ? { selection: decoded.selection } : {}),
    });
    return;
  }
  // Compare mode as the link had it (before the run, so run B starts as soon as run A is there).
  if (decoded.compare) s.setCompareWith(decoded.compare);
  s.openScenario(decoded.scenario, {
    preset: decoded.preset,
    cursor: decoded.t ?? 'start',
    selection: decoded.selection,
  });
}

/** Whether the lesson step is what is on screen (its run, or its run still being computed). */
export function lessonOnScript(s: AppState): boolean {
  const l = s.lesson;
  if (!l) return false;
  if (l.status === 'ready') return s.run !== null && s.run.runId === l.runId;
  return true;
}

/** The query string for the current state (what "Copy link" shares). */
export function shareQuery(s: AppState): string {
  const bp = encodeBreakpoints(s.breakpoints);
  const risk = riskQuery(s);
  const tail = (bp === null ? '' : `&bp=${bp}`) + (risk === '' ? '' : `&${risk}`);
  const l = s.lesson;
  if (l && lessonOnScript(s)) {
    let q = `lesson=${encodeURIComponent(l.id)}&step=${l.step + 1}`;
    if (l.status === 'ready' && l.resolved) {
      if (Math.round(s.cursorUs) !== l.resolved.t) q += `&t=${Math.round(s.cursorUs)}`;
      if (!sameSelection(s.selection, stepSelection(l.resolved)))
        q += s.selection ? `&sel=${s.selection.kind}:${s.selection.id}` : '';
    }
    return q + tail;
  }
  if (s.run?.source && !s.run.source.scenarioKnown) return `imported=trace${tail}`;
  const scenario = s.run?.scenario ?? s.scenario;
  const preset = s.run ? s.run.preset : s.preset;
  return (
    encodeShareQuery({ scenario, preset, t: s.cursorUs, selection: s.selection, compare: s.compareWith }) +
    tail
  );
}

export interface UrlTarget {
  /** The current path (kept when writing the query). */
  pathname: () => string;
  replace: (url: string) => void;
  /** Told whether a write is waiting (debounced), and when it is done. */
  pending?: (waiting: boolean) => void;
}

export const browserUrlTarget: UrlTarget = {
  pathname: () => window.location.pathname,
  replace: (url) => window.history.replaceState(window.history.state, '', url),
  // `<html data-url-pending>`: "false" once the address bar shows the state (what tests wait for).
  pending: (waiting) => {
    document.documentElement.dataset.urlPending = String(waiting);
  },
};

/** Keeps the URL in step with the store; returns `flush` (write now) and `stop`. */
export function startUrlSync(
  store: AppStore,
  target: UrlTarget = browserUrlTarget,
  debounceMs = 200,
): { flush: () => void; stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  const write = () => {
    timer = null;
    target.pending?.(false);
    const s = store.getState();
    // While playing the moment is moving: pausing writes it (the selector changes then).
    if (!s.run || s.playing) return;
    const query = shareQuery(s);
    if (query === last) return;
    last = query;
    target.replace(`${target.pathname()}?${query}`);
  };
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    target.pending?.(true);
    timer = setTimeout(write, debounceMs);
  };
  const unsubscribe = store.subscribe(
    (s) =>
      [
        s.run,
        s.selection,
        s.playing ? -1 : s.cursorUs,
        s.lesson,
        s.breakpoints,
        s.compareWith,
        s.riskOpen,
        s.riskTab,
        s.riskInput,
      ] as const,
    schedule,
    { equalityFn: (a, b) => a.every((x, i) => x === b[i]) },
  );
  return {
    flush: () => {
      if (timer !== null) clearTimeout(timer);
      write();
    },
    stop: () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
