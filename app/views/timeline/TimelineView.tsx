/**
 * The sequence timeline of one run: React renders the toolbar and a host once per run; the
 * TimelineRenderer draws, and follows the store through transient subscriptions (cursor,
 * selection, visible range) — no React render per frame.
 *
 * `variant="main"` is the current run; `variant="compare"` is compare mode's run B, which shares the
 * cursor and the visible range (lock-step) and selects only requests (request ids are the same
 * workload's requests in both runs; connection and segment ids are not).
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store/context';
import type { RunData } from '../../store/types';
import { useGuard } from '../boundary/useGuard';
import {
  around,
  bringIntoView,
  connOf,
  cursorRange,
  extentOf,
  failureAfter,
  raceWindowAfter,
} from './navigate';
import { TimelineRenderer } from './renderer';
import './timeline.css';

// The inspector and the view-data fuzz test read these from here.
export { around, connOf, extentOf, failureExtent } from './navigate';

export interface TimelineViewProps {
  run: RunData;
  variant: 'main' | 'compare';
  /** Accessible name of the drawing. */
  label: string;
}

export function TimelineView({ run, variant: role, label }: TimelineViewProps) {
  const store = useAppStore();
  const hostRef = useRef<HTMLElement>(null);
  const rendererRef = useRef<TimelineRenderer | null>(null);
  const guard = useGuard();

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const renderer = new TimelineRenderer(host, {
      select: (sel) => {
        if (role === 'main' || sel === null || sel.kind === 'req') store.getState().select(sel);
      },
      hover: (sel) => {
        if (role === 'main' || sel === null || sel.kind === 'req') store.getState().setHover(sel);
      },
      seek: (t) => store.getState().seek(t),
      domain: (d) => store.getState().setTimelineDomain(d),
    });
    rendererRef.current = renderer;
    return () => {
      renderer.destroy();
      rendererRef.current = null;
    };
  }, [store, role]);

  useEffect(() => {
    const renderer = rendererRef.current;
    if (!renderer) return;
    const s = store.getState();
    const d = s.timelineDomain;
    const fits = d && d[0] < run.index.endAt && d[1] > 0 ? d : null;
    renderer.setRun(run.trace, run.index, fits);
    renderer.setReducedMotion(s.reducedMotion);
    renderer.setCursor(s.cursorUs, false);
    renderer.setSelection(s.selection, s.hover);
    const unsubs = [
      store.subscribe(
        (x) => [x.cursorUs, x.playing] as const,
        guard(([t, playing]) => renderer.setCursor(t, playing)),
        { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
      ),
      store.subscribe(
        (x) => [x.selection, x.hover] as const,
        guard(([sel, hover]) => renderer.setSelection(sel, hover)),
        { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
      ),
      // A selection made elsewhere (the log, the stage, the inspector): bring it into view.
      store.subscribe(
        (x) => x.selection,
        guard((sel) => {
          if (!sel || (role === 'compare' && sel.kind !== 'req')) return;
          const ext = extentOf(run.index, sel);
          if (!ext) return;
          const range = bringIntoView(renderer.domain, ext);
          if (range) renderer.userDomain(range, false);
          const conn = connOf(run.index, sel);
          if (conn !== null) renderer.revealConnection(conn);
        }),
      ),
      store.subscribe(
        (x) => x.timelineDomain,
        guard((d) => {
          const [a, b] = renderer.domain;
          if (
            d === null ? a <= 0 && b >= renderer.endAt : Math.abs(d[0] - a) < 0.5 && Math.abs(d[1] - b) < 0.5
          )
            return;
          renderer.setDomain(d);
        }),
      ),
      store.subscribe(
        (x) => x.reducedMotion,
        guard((on) => renderer.setReducedMotion(on)),
      ),
    ];
    return () => {
      for (const u of unsubs) u();
    };
  }, [run, store, role, guard]);

  const zoomTo = (d: [number, number] | null) => rendererRef.current?.userDomain(d);
  const nextWindow = () => {
    const r = rendererRef.current;
    if (!r) return;
    const next = raceWindowAfter(run.index, r.domain);
    if (!next) return;
    const w = next.window;
    zoomTo(next.range);
    r.revealConnection(w.conn);
    if (role === 'main') {
      // The moment a request left into it (else the window's last moment, the FIN about to arrive).
      const s = store.getState();
      s.pause();
      s.seek(w.entered[0]?.t ?? Math.max(w.start, w.end - 1));
      s.select({ kind: 'conn', id: w.conn });
    }
  };
  const nextFailure = () => {
    const r = rendererRef.current;
    if (!r) return;
    const next = failureAfter(run.index, r.domain);
    if (!next) return;
    const f = next.failure;
    if (next.range) zoomTo(next.range);
    r.revealConnection(f.conn);
    const s = store.getState();
    s.pause();
    s.seek(f.t);
    s.select({ kind: 'req', id: f.req });
  };
  const toSelection = () => {
    const sel = store.getState().selection;
    const ext = sel ? extentOf(run.index, sel) : null;
    if (ext) zoomTo(around(ext[0], ext[1], 0.15));
    const conn = sel ? connOf(run.index, sel) : null;
    if (conn !== null) rendererRef.current?.revealConnection(conn);
  };
  const toCursor = () => {
    const r = rendererRef.current;
    if (!r) return;
    zoomTo(cursorRange(store.getState().cursorUs, r.domain, r.endAt));
  };
  const hasWindows = run.index.raceIntervals.some((w) => w.kind === 'race-window');
  const hasFailures = run.index.failures.length > 0;

  return (
    <div className="tl-view" data-testid={role === 'main' ? 'timeline' : 'compare-timeline'}>
      <div className="tl-toolbar" role="toolbar" aria-label={`${label}: zoom`}>
        <button type="button" className="small-button" onClick={() => zoomTo(null)} data-testid="tl-fit">
          Whole run
        </button>
        <button
          type="button"
          className="small-button"
          onClick={() => rendererRef.current?.zoomBy(4)}
          aria-label="Zoom in"
        >
          +
        </button>
        <button
          type="button"
          className="small-button"
          onClick={() => rendererRef.current?.zoomBy(0.25)}
          aria-label="Zoom out"
        >
          −
        </button>
        <button type="button" className="small-button" onClick={toCursor} data-testid="tl-cursor">
          Cursor
        </button>
        <button type="button" className="small-button" onClick={toSelection} data-testid="tl-selection">
          Selection
        </button>
        <button
          type="button"
          className="small-button tl-race-button"
          onClick={nextWindow}
          disabled={!hasWindows}
          data-testid="tl-next-window"
          title="Zoom to the next race window"
        >
          Race window ▸
        </button>
        <button
          type="button"
          className="small-button"
          onClick={nextFailure}
          disabled={!hasFailures}
          data-testid="tl-next-failure"
          title="Zoom to the next failed request: the request, the end-of-file and the reset"
        >
          Failure ▸
        </button>
        <span className="tl-hint muted small">scroll to zoom · drag to pan · shift+scroll for more rows</span>
      </div>
      <figure className="tl-host" ref={hostRef} aria-label={label} />
    </div>
  );
}
