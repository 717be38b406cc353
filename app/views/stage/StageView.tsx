/**
 * The stage: Service A's pool on the left, the server on the right, one row per connection alive
 * near the cursor. Drawn by d3 (renderer.ts) from a StageFrame (model.ts) on every cursor change,
 * through a transient store subscription — React renders this component once per run.
 */
import { useEffect, useRef, useState } from 'react';
import { serverProfile, TraceFolder, traceClient } from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { activeHighlights } from '../../store/lessonSlice';
import type { RunData } from '../../store/types';
import { useGuard } from '../boundary/useGuard';
import {
  NARROW,
  NARROW_BELOW,
  PRESENTER,
  PRESENTER_WIRE_WIDTH,
  STAGE_WIDTH,
  stageHeight,
  WIRE_WIDTH,
} from './geometry';
import { recordedCaptions } from './layers/header';
import { NarrowStageRenderer, narrowHeightFor } from './layers/narrow';
import { PresenterStageRenderer, presenterHeightFor } from './layers/presenter';
import { stageContext, stageFrame } from './model';
import { type StageCaptions, type StageHandlers, StageRenderer } from './renderer';

function trimMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`;
}

export function captionsFor(run: RunData): StageCaptions {
  const s = run.scenario;
  const profile = serverProfile(s.server.profile);
  const idle = s.server.idleTimeoutMs ?? profile?.idleTimeoutMs;
  const jitter = s.network.jitterMs > 0 ? ` + up to ${trimMs(s.network.jitterMs)} jitter` : '';
  const simulated = {
    client: `Service A · shared client ${s.client.policy}`,
    server: `Service B · ${s.server.profile}${idle !== undefined ? ` · idle timeout ${trimMs(idle)}` : ''}`,
    wire: `network · one-way ${trimMs(s.network.delayMs)}${jitter}`,
  };
  return recordedCaptions(run.trace, simulated, run.source?.scenarioKnown ?? true);
}

/** Writes a data attribute only when it changes (tests and the benchmark read them). */
function setData(el: HTMLElement, key: string, value: string): void {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

type Layout = 'wide' | 'narrow' | 'presenter';

/**
 * The layout for a container `width` CSS px wide: stacked cards under `NARROW_BELOW`; while
 * presenting (and wider than that), the presenter stage's large rows (pure).
 */
export const layoutFor = (width: number, presenting = false): Layout =>
  width > 0 && width < NARROW_BELOW ? 'narrow' : presenting ? 'presenter' : 'wide';

/** The stage's layout, following its container's width (a phone, a narrowed window) and presenter mode. */
function useLayout(hostRef: React.RefObject<HTMLElement | null>): Layout {
  const presenting = useApp((s) => s.presenter);
  const [width, setWidth] = useState<number>(() => (typeof window !== 'undefined' ? window.innerWidth : 0));
  useEffect(() => {
    const host = hostRef.current;
    if (!host || typeof ResizeObserver === 'undefined') return;
    const update = () => setWidth(host.parentElement?.clientWidth ?? host.clientWidth);
    update();
    const ro = new ResizeObserver(update);
    ro.observe(host.parentElement ?? host);
    return () => ro.disconnect();
  }, [hostRef]);
  return layoutFor(width, presenting);
}

export function StageView() {
  const store = useAppStore();
  const run = useApp((s) => s.run);
  const svgRef = useRef<SVGSVGElement>(null);
  const hostRef = useRef<HTMLElement>(null);
  const rendererRef = useRef<{
    layout: Layout;
    renderer: StageRenderer | NarrowStageRenderer | PresenterStageRenderer;
  } | null>(null);
  const guard = useGuard();
  const layout = useLayout(hostRef);

  useEffect(() => {
    const svg = svgRef.current;
    const host = hostRef.current;
    if (!svg || !host || !run) return;
    if (rendererRef.current?.layout !== layout) {
      const handlers: StageHandlers = { select: (sel) => store.getState().select(sel) };
      rendererRef.current = {
        layout,
        renderer:
          layout === 'narrow'
            ? new NarrowStageRenderer(svg, handlers)
            : layout === 'presenter'
              ? new PresenterStageRenderer(svg, handlers)
              : new StageRenderer(svg, handlers),
      };
    }
    const renderer = rendererRef.current.renderer;
    const narrow = layout === 'narrow';
    const wireWidth =
      layout === 'narrow'
        ? NARROW.stackWire
        : layout === 'presenter'
          ? PRESENTER_WIRE_WIDTH / PRESENTER.scale.segment
          : WIRE_WIDTH;
    renderer.reset();
    renderer.setCaptions(captionsFor(run));
    const ctx = stageContext(run.index, traceClient(run.trace));
    const folder = new TraceFolder(run.trace, run.index.times, run.index.keyframes, run.index.foldOptions);

    let highlightList: readonly number[] | null = null;
    let highlights: ReadonlySet<number> | null = null;
    const draw = () => {
      const s = store.getState();
      const active = activeHighlights(s);
      if (active !== highlightList) {
        highlightList = active;
        highlights = highlightList.length > 0 ? new Set(highlightList) : null;
      }
      const world = folder.seek(s.cursorUs);
      const frame = stageFrame(ctx, world, s.cursorUs, s.selection, wireWidth, highlights);
      renderer.render(frame, s.reducedMotion);
      setData(host, 'cursorUs', String(Math.round(s.cursorUs)));
      setData(host, 'playing', String(s.playing));
      setData(host, 'rows', String(frame.rows.length));
      setData(host, 'raceRows', String(frame.rows.filter((r) => r.race).length));
      setData(host, 'failedRows', String(frame.rows.filter((r) => r.failure).length));
    };
    draw();
    host.dataset.runId = String(run.runId);
    host.dataset.layout = layout;
    const lanes = run.index.lanes.lanes;
    host.style.setProperty(
      '--stage-aspect',
      narrow
        ? `${NARROW.width} / ${narrowHeightFor(lanes)}`
        : layout === 'presenter'
          ? `${PRESENTER.width} / ${presenterHeightFor(lanes)}`
          : `${STAGE_WIDTH} / ${stageHeight(lanes)}`,
    );

    // The re-run benchmark: from the request for a run to the first paint that shows it.
    const requested = store.getState().changeRequestedAt;
    if (requested !== null) {
      performance.measure('rw:rerun-data', { start: requested, end: performance.now() });
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.measure('rw:rerun-repaint', { start: requested, end: performance.now() });
        }, 0),
      );
    }

    return store.subscribe(
      (s) => [s.cursorUs, s.selection, s.reducedMotion, s.playing, activeHighlights(s)] as const,
      guard(draw),
      { equalityFn: (a, b) => a.every((x, i) => x === b[i]) },
    );
  }, [run, store, guard, layout]);

  return (
    <section
      className="stage"
      ref={hostRef}
      data-testid="stage"
      aria-label="Connections between Service A’s pool and the server, at the cursor time"
    >
      <svg ref={svgRef} className="stage-svg" aria-hidden={run ? undefined : true} />
      {run ? null : <p className="stage-loading">Simulating…</p>}
    </section>
  );
}
