/**
 * Paused at a failure: the exception and its one-sentence cause at the top of the page, above the
 * scenario bar and the stage, so a laptop screen (1280×800) shows them together with the picture
 * without scrolling to the story card below the stage. Shown while playback is paused with the
 * cursor on a failed request's moment (pause at failures, Page Down, a shared link to it), not
 * while playing, not in a lesson (the step's text names the failure) or in presenter mode (its own
 * layout shows the story card). Not a live region: the transport's stop line announces the stop.
 */
import type { FailureInfo } from '../../../sim-core';
import { formatSimSeconds } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import { lastFailureAtOrBefore } from '../../store/queries';
import type { AppState } from '../../store/types';
import './failureBanner.css';

/** The failure the paused cursor is on (the selected request's, when several share the moment). */
export function failureAtPause(s: AppState): FailureInfo | null {
  if (!s.run || s.playing || s.lesson || s.presenter) return null;
  const failures = s.run.index.failures;
  const last = lastFailureAtOrBefore(failures, s.cursorUs);
  if (!last || last.t !== s.cursorUs) return null;
  const sel = s.selection;
  if (sel?.kind !== 'req' || sel.id === last.req) return last;
  // Several failures at this moment: the selected request's, if it is one of them.
  for (let i = failures.indexOf(last); i >= 0 && failures[i]!.t === last.t; i--)
    if (failures[i]!.req === sel.id) return failures[i]!;
  return last;
}

const bannerKey = (s: AppState) => {
  const f = failureAtPause(s);
  return f ? `${s.run!.runId}:${f.req}:${f.attempt}` : '';
};

export function FailureBanner() {
  const store = useAppStore();
  // Re-render when the failure at the pause changes (not per frame); read it from the store.
  useApp(bannerKey);
  const select = useApp((s) => s.select);
  const f = failureAtPause(store.getState());
  if (!f) return null;
  return (
    <section
      className="failure-banner"
      aria-label="Paused at a failure"
      data-testid="failure-banner"
      data-req={f.req}
    >
      <p className="failure-banner-error">
        <button
          type="button"
          className="failure-banner-badge"
          onClick={() => select({ kind: 'req', id: f.req })}
          title="Select this request"
        >
          ✗ request {f.req} · {formatSimSeconds(f.t)}
        </button>{' '}
        {f.error ? (
          <>
            <code className="failure-banner-class" data-testid="failure-banner-class">
              {f.error.class}
            </code>
            : <span className="failure-banner-message">{f.error.message}</span>
          </>
        ) : (
          <span>
            {f.method} {f.path} failed
          </span>
        )}
      </p>
      <p className="failure-banner-cause" data-testid="failure-banner-cause">
        {f.sentence}
        {f.indeterminate ? ' The server may still have processed it (indeterminate).' : ''}
      </p>
    </section>
  );
}
