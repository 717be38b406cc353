/**
 * The scrub bar: the whole run on one axis — event density (bars), race windows (red) and stale
 * connections (violet) under the axis, failed requests (red markers) — and the cursor. Click or
 * drag to seek; it is a slider for assistive technology (its keys are the global shortcuts: arrows
 * step, Home/End, PageUp/PageDown).
 */
import { axisBottom, max, scaleLinear, scaleSqrt, select } from 'd3';
import { useEffect, useRef } from 'react';
import { eventDensity } from '../../../sim-core';
import { formatCursor } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import { COLORS } from '../theme';

const H = 62;
const BARS_TOP = 14;
const BARS_BOTTOM = 38;
const RACE_Y = 41;
const PAD = 10;

function tickFormat(endUs: number) {
  const s = endUs / 1e6;
  return (d: number) =>
    s >= 10
      ? `${Math.round(d / 1e6)} s`
      : s >= 0.01
        ? `${(d / 1e6).toPrecision(3)} s`
        : `${Math.round(d / 1000)} ms`;
}

export function Scrubber() {
  const store = useAppStore();
  const run = useApp((s) => s.run);
  const hostRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    const svgEl = svgRef.current;
    if (!host || !svgEl || !run) return;
    const svg = select(svgEl);
    const index = run.index;
    const end = Math.max(1, index.endAt);
    let width = host.clientWidth || 800;
    const x = scaleLinear()
      .domain([0, end])
      .range([PAD, width - PAD]);

    const drawStatic = () => {
      width = host.clientWidth || 800;
      x.range([PAD, width - PAD]);
      svg.attr('width', width).attr('height', H).attr('viewBox', `0 0 ${width} ${H}`);
      svg.selectAll('*').remove();
      const bins = Math.max(20, Math.floor((width - 2 * PAD) / 3));
      const density = eventDensity(index.times, 0, end, bins);
      const y = scaleSqrt()
        .domain([0, max(density) ?? 1])
        .range([0, BARS_BOTTOM - BARS_TOP]);
      const bw = (width - 2 * PAD) / bins;
      svg
        .append('g')
        .attr('class', 'density')
        .selectAll('rect')
        .data(Array.from(density))
        .join('rect')
        .attr('x', (_d, i) => PAD + i * bw)
        .attr('width', Math.max(1, bw - 0.6))
        .attr('y', (d) => BARS_BOTTOM - y(d))
        .attr('height', (d) => y(d));
      svg
        .append('g')
        .attr('class', 'race-marks')
        .selectAll('rect')
        .data(index.raceIntervals)
        .join('rect')
        .attr('x', (w) => x(w.start))
        .attr('width', (w) => Math.max(2, x(w.end) - x(w.start)))
        .attr('y', RACE_Y)
        .attr('height', 4)
        .attr('fill', (w) => (w.kind === 'stale' ? COLORS.stale : COLORS.race))
        .append('title')
        .text(
          (w) =>
            `${w.kind === 'stale' ? 'Stale' : 'Race window'} on #${w.conn}: ${formatCursor(w.start)} – ${formatCursor(w.end)}`,
        );
      svg
        .append('g')
        .attr('class', 'failure-marks')
        .selectAll('path')
        .data(index.failures)
        .join('path')
        .attr('data-testid', 'failure-marker')
        .attr('d', (f) => `M${x(f.t) - 4.5},2L${x(f.t) + 4.5},2L${x(f.t)},10Z`)
        .attr('fill', COLORS.fail)
        .append('title')
        .text((f) => `Request ${f.req} failed at ${formatCursor(f.t)}`);
      svg
        .append('g')
        .attr('class', 'scrub-axis')
        .attr('transform', `translate(0,${RACE_Y + 6})`)
        .call(
          axisBottom(x)
            .ticks(Math.max(2, Math.floor(width / 110)))
            .tickSize(3)
            .tickFormat((d) => tickFormat(end)(Number(d))),
        );
      const cursor = svg.append('g').attr('class', 'scrub-cursor');
      cursor
        .append('line')
        .attr('y1', 0)
        .attr('y2', RACE_Y + 6);
      cursor
        .append('circle')
        .attr('cy', BARS_BOTTOM - 1)
        .attr('r', 5.5);
      drawCursor();
    };

    const drawCursor = () => {
      const t = store.getState().cursorUs;
      svg.select('.scrub-cursor').attr('transform', `translate(${x(t)},0)`);
      host.setAttribute('aria-valuenow', String(Math.round(t)));
      host.setAttribute('aria-valuetext', formatCursor(t));
    };

    drawStatic();
    host.setAttribute('aria-valuemax', String(Math.round(end)));
    const ro = new ResizeObserver(() => {
      if ((host.clientWidth || 800) !== width) drawStatic();
    });
    ro.observe(host);
    const unsubscribe = store.subscribe((s) => s.cursorUs, drawCursor);

    let dragging = false;
    const seekAt = (e: PointerEvent) => {
      const rect = svgEl.getBoundingClientRect();
      store.getState().seek(x.invert(e.clientX - rect.left));
    };
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      dragging = true;
      host.setPointerCapture(e.pointerId);
      store.getState().pause();
      seekAt(e);
    };
    const move = (e: PointerEvent) => {
      if (dragging) seekAt(e);
    };
    const up = (e: PointerEvent) => {
      dragging = false;
      if (host.hasPointerCapture(e.pointerId)) host.releasePointerCapture(e.pointerId);
    };
    host.addEventListener('pointerdown', down);
    host.addEventListener('pointermove', move);
    host.addEventListener('pointerup', up);
    host.addEventListener('pointercancel', up);
    return () => {
      ro.disconnect();
      unsubscribe();
      host.removeEventListener('pointerdown', down);
      host.removeEventListener('pointermove', move);
      host.removeEventListener('pointerup', up);
      host.removeEventListener('pointercancel', up);
    };
  }, [run, store]);

  return (
    <div
      ref={hostRef}
      className="scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Time in the run (arrows step between events, Page Up/Down jump between failures)"
      aria-valuemin={0}
      aria-valuemax={run?.index.endAt ?? 0}
      aria-valuenow={0}
      data-testid="scrubber"
    >
      <svg ref={svgRef} aria-hidden="true" />
    </div>
  );
}
