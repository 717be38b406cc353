/**
 * URL ⇄ store. At start-up the query string opens a scenario at a moment (`readShareUrl`); after
 * that the store writes the URL back (replaceState, debounced): scenario, seed, selection, and the
 * cursor whenever playback is paused. While playing, the cursor is not written (it changes every
 * frame); pausing writes it. So the address bar is always a link to what is on screen when paused.
 */
import { type DecodedShare, decodeShareQuery, encodeShareQuery } from '../../sim-core/scenario/url';
import { DEFAULT_PRESET, type Notice } from './scenarioSlice';
import type { AppStore } from './store';
import type { AppState } from './types';

/** Query parameters the app reads besides the share codec's own. */
export const APP_PARAMS: readonly string[] = [];

export function readShareUrl(search: string): DecodedShare {
  return decodeShareQuery(search, DEFAULT_PRESET, { ignore: APP_PARAMS });
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

/** Starts the run the URL describes (paused at its moment). */
export function openFromUrl(store: AppStore, decoded: DecodedShare): void {
  const s = store.getState();
  const notice = urlNotice(decoded);
  if (notice) s.addNotice(notice);
  s.openScenario(decoded.scenario, {
    preset: decoded.preset,
    cursor: decoded.t ?? 'start',
    selection: decoded.selection,
  });
}

/** The query string for the current state (what "Copy link" shares). */
export function shareQuery(s: AppState): string {
  const scenario = s.run?.scenario ?? s.scenario;
  const preset = s.run ? s.run.preset : s.preset;
  return encodeShareQuery({ scenario, preset, t: s.cursorUs, selection: s.selection });
}

export interface UrlTarget {
  /** The current path (kept when writing the query). */
  pathname: () => string;
  replace: (url: string) => void;
}

export const browserUrlTarget: UrlTarget = {
  pathname: () => window.location.pathname,
  replace: (url) => window.history.replaceState(window.history.state, '', url),
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
    timer = setTimeout(write, debounceMs);
  };
  const unsubscribe = store.subscribe(
    (s) => [s.run, s.selection, s.playing ? -1 : s.cursorUs] as const,
    schedule,
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] },
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
