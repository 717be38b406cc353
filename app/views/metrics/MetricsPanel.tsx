/**
 * Metrics that follow the cursor: counts by outcome (failed per exception class, indeterminate),
 * retries, duplicate side effects, connections opened and closed, a latency histogram with
 * p50/p95/p99, and the error rate over time. Everything is computed up to the cursor from tables
 * built once per run (sim-core/trace/metricsSeries.ts); React renders the layout once per run,
 * and a transient subscription updates the numbers and redraws the charts (d3, a few dozen SVG
 * marks) when the cursor moves.
 */
import { axisBottom, max, scaleLinear, scaleLog, select } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import {
  countAtOrBefore,
  formatDuration,
  latencyHistogram,
  type MetricsAt,
  metricsAt,
  metricsTables,
  OUTCOMES,
  rateSeries,
} from '../../../sim-core';
import { formatCount } from '../../format';
import { useAppStore } from '../../store/context';
import type { RunData } from '../../store/types';
import { useGuard } from '../boundary/useGuard';
import { RunPanel } from '../panel/RunPanel';
import { placePctLabels } from './pctLabels';
import './metrics.css';

const OUTCOME_COLORS = { ok: '#15803d', 'ok-after-retry': '#d97706', failed: '#c8231b' } as const;
const OUTCOME_NAMES = { ok: 'ok', 'ok-after-retry': 'ok after retry', failed: 'failed' } as const;

/** A count tile: the count up to the cursor and, after the slash, the same count at the run's end. */
interface Tile {
  key: string;
  label: string;
  count: (m: MetricsAt) => number;
  tone?: 'good' | 'bad' | 'warn';
}

const TILES: Tile[] = [
  { key: 'finished', label: 'Requests finished', count: (m) => m.finished },
  { key: 'ok', label: 'OK', count: (m) => m.ok, tone: 'good' },
  { key: 'ok-after-retry', label: 'OK after retry', count: (m) => m.okAfterRetry, tone: 'warn' },
  { key: 'failed', label: 'Failed', count: (m) => m.failed, tone: 'bad' },
  { key: 'indeterminate', label: 'Indeterminate', count: (m) => m.indeterminate, tone: 'warn' },
  { key: 'retries', label: 'Retries', count: (m) => m.retries },
  { key: 'duplicates', label: 'Duplicate side effects', count: (m) => m.duplicates, tone: 'bad' },
  { key: 'opened', label: 'Connections opened', count: (m) => m.opened },
  { key: 'closed-server', label: 'Closed by the server', count: (m) => m.closedByServer },
  { key: 'closed-client', label: 'Closed by the client', count: (m) => m.closedByClient },
];

const HIST_W = 520;
const HIST_H = 226;
const RATE_W = 520;
const RATE_H = 150;
const M = { top: 22, right: 12, bottom: 30, left: 40 };
/**
 * The histogram's top margin holds up to three rows of percentile labels (p50, p95, p99). A row is
 * as high as a 10-unit label's box with the fonts the page may get (up to ~1.8 em) and its halo.
 */
const HIST_TOP = 60;
const PCT_ROW_H = 19;
const PCT_TOP = 14;
const PCT_GAP = 4;

function Metrics({ run }: { run: RunData }) {
  const store = useAppStore();
  const guard = useGuard();
  const tables = useMemo(() => metricsTables(run.trace, run.index), [run]);
  const hist = useMemo(() => latencyHistogram(tables, 28), [tables]);
  const rate = useMemo(() => rateSeries(tables, 60), [tables]);
  const end = useMemo(() => metricsAt(tables, run.index.endAt), [tables, run]);
  const rootRef = useRef<HTMLDivElement>(null);
  const histRef = useRef<SVGSVGElement>(null);
  const rateRef = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const root = rootRef.current;
    const histSvg = histRef.current;
    const rateSvg = rateRef.current;
    if (!root || !histSvg || !rateSvg) return;

    // ── Latency histogram ──
    const hs = select(histSvg);
    hs.selectAll('*').remove();
    const edges = hist.edges;
    const hx = (hist.log ? scaleLog() : scaleLinear())
      .domain([edges[0] ?? 1, edges[edges.length - 1] ?? 2])
      .range([M.left, HIST_W - M.right]);
    const totals = hist.ends.map((b) => b.ok.length + b['ok-after-retry'].length + b.failed.length);
    const hy = scaleLinear()
      .domain([0, max(totals) ?? 1])
      .nice()
      .range([HIST_H - M.bottom, HIST_TOP]);
    hs.append('g')
      .attr('class', 'mx-axis')
      .attr('transform', `translate(0,${HIST_H - M.bottom})`)
      .call(
        axisBottom(hx)
          .tickValues(
            hist.log
              ? hx
                  .ticks(12)
                  .filter((v) => [1, 2, 5].includes(Math.round(v / 10 ** Math.floor(Math.log10(v)))))
              : hx.ticks(6),
          )
          .tickFormat((v) => formatDuration(Number(v))),
      );
    hs.append('text')
      .attr('class', 'mx-caption')
      .attr('x', HIST_W - M.right)
      .attr('y', HIST_H - 2)
      .attr('text-anchor', 'end')
      .text(hist.log ? 'latency (log scale)' : 'latency');
    const ghost = hs.append('g').attr('class', 'mx-ghost');
    ghost
      .selectAll('rect')
      .data(totals)
      .join('rect')
      .attr('x', (_, i) => hx(edges[i]!) + 0.5)
      .attr('width', (_, i) => Math.max(1, hx(edges[i + 1]!) - hx(edges[i]!) - 1))
      .attr('y', (d) => hy(d))
      .attr('height', (d) => hy(0) - hy(d));
    const bars = hs.append('g').attr('class', 'mx-bars');
    const pct = hs.append('g').attr('class', 'mx-pct');

    // ── Error rate over time ──
    const rs = select(rateSvg);
    rs.selectAll('*').remove();
    const rx = scaleLinear()
      .domain([0, Math.max(1, run.index.endAt)])
      .range([M.left, RATE_W - M.right]);
    const ry = scaleLinear()
      .domain([0, max(rate.finished) ?? 1])
      .nice()
      .range([RATE_H - M.bottom, M.top]);
    rs.append('g')
      .attr('class', 'mx-axis')
      .attr('transform', `translate(0,${RATE_H - M.bottom})`)
      .call(
        axisBottom(rx)
          .ticks(6)
          .tickFormat((v) => formatDuration(Number(v))),
      );
    rs.append('g')
      .attr('class', 'mx-axis')
      .attr('transform', `translate(${M.left},0)`)
      .call((g) => {
        const ticks = ry.ticks(3).filter(Number.isInteger);
        g.selectAll('text')
          .data(ticks)
          .join('text')
          .attr('x', -6)
          .attr('y', (d) => ry(d) + 3)
          .attr('text-anchor', 'end')
          .text((d) => String(d));
      });
    const bw = Math.max(1, rx(rate.width) - rx(0) - 1);
    const rateBars = rs.append('g');
    // Finished requests per bin, and the failed ones drawn over them.
    for (const series of ['finished', 'failed'] as const)
      rateBars
        .selectAll(`rect.mx-${series}`)
        .data(Array.from(rate[series]))
        .join('rect')
        .attr('class', `mx-${series}`)
        .attr('x', (_, i) => rx(rate.starts[i]!) + 0.5)
        .attr('width', bw)
        .attr('y', (d) => ry(d))
        .attr('height', (d) => ry(0) - ry(d));
    const future = rs
      .append('rect')
      .attr('class', 'mx-future')
      .attr('y', M.top - 4)
      .attr('height', RATE_H - M.bottom - M.top + 4);
    const rateCursor = rs
      .append('line')
      .attr('class', 'mx-cursor')
      .attr('y1', M.top - 6)
      .attr('y2', RATE_H - M.bottom);
    const rateLabel = rs.append('text').attr('class', 'mx-rate-label').attr('y', 12);

    const numbers = new Map<string, HTMLElement>();
    for (const el of root.querySelectorAll<HTMLElement>('[data-metric]')) numbers.set(el.dataset.metric!, el);
    const classList = root.querySelector<HTMLUListElement>('.mx-classes');

    let lastKey = '';
    const update = (t: number) => {
      const m = metricsAt(tables, t);
      const key = `${m.finished}|${m.retries}|${m.opened}|${m.closedByServer}|${m.closedByClient}|${m.duplicates}`;
      rateCursor.attr('x1', rx(t)).attr('x2', rx(t));
      future.attr('x', rx(t)).attr('width', Math.max(0, RATE_W - M.right - rx(t)));
      const inBin = Math.min(rate.finished.length - 1, Math.floor(t / rate.width));
      let f = 0;
      let n = 0;
      for (let i = 0; i <= inBin; i++) {
        f += rate.failed[i]!;
        n += rate.finished[i]!;
      }
      rateLabel
        .attr('x', Math.min(RATE_W - M.right, Math.max(M.left, rx(t))))
        .attr('text-anchor', rx(t) > RATE_W / 2 ? 'end' : 'start')
        .text(n ? `${((100 * f) / n).toFixed(1)}% failed so far` : 'no request finished yet');
      if (key === lastKey) return;
      lastKey = key;
      for (const tile of TILES) {
        const el = numbers.get(tile.key);
        if (el) el.textContent = formatCount(tile.count(m));
      }
      if (classList) {
        classList.replaceChildren(
          ...m.failedByClass.map(([cls, count]) => {
            const li = document.createElement('li');
            const code = document.createElement('code');
            code.textContent = cls;
            code.title = cls;
            const span = document.createElement('span');
            span.className = 'mx-class-count';
            span.textContent = formatCount(count);
            li.append(code, span);
            return li;
          }),
        );
      }
      // Histogram of what finished by t, stacked by outcome.
      const stacks = hist.ends.flatMap((b, i) => {
        let y = 0;
        return OUTCOMES.map((o) => {
          const c = countAtOrBefore(b[o], t);
          const d = { i, o, y0: y, y1: y + c };
          y += c;
          return d;
        });
      });
      bars
        .selectAll<SVGRectElement, (typeof stacks)[number]>('rect')
        .data(stacks)
        .join('rect')
        .attr('x', (d) => hx(edges[d.i]!) + 0.5)
        .attr('width', (d) => Math.max(1, hx(edges[d.i + 1]!) - hx(edges[d.i]!) - 1))
        .attr('y', (d) => hy(d.y1))
        .attr('height', (d) => hy(d.y0) - hy(d.y1))
        .attr('fill', (d) => OUTCOME_COLORS[d.o]);
      const marks: [string, number][] = [];
      if (m.p50 !== null) marks.push(['p50', m.p50]);
      if (m.p95 !== null) marks.push(['p95', m.p95]);
      if (m.p99 !== null) marks.push(['p99', m.p99]);
      const groups = pct
        .selectAll<SVGGElement, (typeof marks)[number]>('g')
        .data(marks, (d) => d[0])
        .join((enter) => {
          const g = enter.append('g');
          g.append('line').attr('y2', HIST_H - M.bottom);
          g.append('text')
            .attr('data-pct', (d) => d[0])
            .attr('text-anchor', 'start');
          return g;
        })
        .attr('transform', (d) => `translate(${hx(Math.max(edges[0]!, d[1]))},0)`);
      groups.select('text').text((d) => `${d[0]} ${formatDuration(d[1])}`);
      // Label collision (pctLabels.ts): labels nudged apart onto rows; each line reaches up to its label.
      const texts = groups.select<SVGTextElement>('text');
      const xs = marks.map((d) => hx(Math.max(edges[0]!, d[1])));
      const spots = placePctLabels(
        texts.nodes().map((node, i) => ({
          x: xs[i]!,
          width: node.getComputedTextLength?.() || 6 * (node.textContent ?? '').length,
        })),
        M.left,
        HIST_W - M.right,
        PCT_GAP,
      );
      groups.each(function (_, i) {
        const y = PCT_TOP + spots[i]!.row * PCT_ROW_H;
        const g = select(this);
        g.select('text')
          .attr('x', spots[i]!.x0 - xs[i]!)
          .attr('y', y);
        g.select('line').attr('y1', y + 3);
      });
      for (const p of ['p50', 'p95', 'p99'] as const) {
        const el = numbers.get(p);
        if (el) el.textContent = m[p] === null ? '—' : formatDuration(m[p]!);
      }
      root.dataset.failed = String(m.failed);
      root.dataset.finished = String(m.finished);
    };
    update(store.getState().cursorUs);
    return store.subscribe((s) => s.cursorUs, guard(update));
  }, [tables, hist, rate, run, store, guard]);

  return (
    <div className="mx" ref={rootRef} data-testid="metrics">
      <div className="mx-tiles">
        {TILES.map((tile) => (
          <div
            key={tile.key}
            className={`mx-tile${tile.tone ? ` mx-${tile.tone}` : ''}`}
            data-testid={`metric-${tile.key}`}
          >
            <div className="mx-label">{tile.label}</div>
            <div className="mx-value">
              <span data-metric={tile.key}>0</span>
              <span className="mx-total"> / {formatCount(tile.count(end))}</span>
            </div>
          </div>
        ))}
      </div>
      <div className="mx-charts">
        <figure className="mx-figure">
          <figcaption>
            <strong>Failed by exception class</strong> <span className="muted small">so far</span>
          </figcaption>
          <ul className="mx-classes" data-testid="metric-classes" />
          {end.failedByClass.length === 0 ? (
            <p className="muted small">No request failed in this run.</p>
          ) : null}
          <dl className="mx-pcts">
            <dt>p50</dt>
            <dd data-metric="p50">—</dd>
            <dt>p95</dt>
            <dd data-metric="p95">—</dd>
            <dt>p99</dt>
            <dd data-metric="p99">—</dd>
          </dl>
          <p className="muted small">Latency of the requests finished by the cursor (failures included).</p>
        </figure>
        <figure className="mx-figure">
          <figcaption>
            <strong>Latency</strong>{' '}
            <span className="muted small">finished by the cursor, by outcome; grey: the whole run</span>
          </figcaption>
          <svg
            ref={histRef}
            viewBox={`0 0 ${HIST_W} ${HIST_H}`}
            className="mx-svg"
            role="img"
            aria-label="Latency histogram of the requests finished by the cursor, with p50, p95 and p99"
          />
          <ul className="mx-legend">
            {OUTCOMES.map((o) => (
              <li key={o}>
                <span className="mx-swatch" style={{ background: OUTCOME_COLORS[o] }} /> {OUTCOME_NAMES[o]}
              </li>
            ))}
          </ul>
        </figure>
        <figure className="mx-figure">
          <figcaption>
            <strong>Error rate over time</strong>{' '}
            <span className="muted small">
              requests finished (grey) and failed (red) per {formatDuration(rate.width)}
            </span>
          </figcaption>
          <svg
            ref={rateRef}
            viewBox={`0 0 ${RATE_W} ${RATE_H}`}
            className="mx-svg"
            role="img"
            aria-label="Requests finished and failed over time, with the cursor"
          />
        </figure>
      </div>
    </div>
  );
}

export function MetricsPanel() {
  return (
    <RunPanel
      name="metrics"
      title="Metrics"
      intro="Counted up to the cursor; the number after the slash is the whole run’s."
      wide
      testId="metrics-panel"
      body={(run) => <Metrics run={run} key={run.runId} />}
    />
  );
}
