/**
 * A machine's statechart, drawn from its XState definition (machineCharts.ts, loaded on demand),
 * with the state the selected connection's machine was in at the cursor highlighted and the
 * transition that led there marked. The highlight follows the cursor through a transient store
 * subscription; React re-renders only when the active state changes (for the list of what can
 * happen next).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { activeStateIds, formatInstant } from '../../../sim-core';
import { useAppStore } from '../../store/context';
import { useGuard } from '../boundary/useGuard';
import type { LaidChart, MachineKind } from './machineCharts';

export interface ActiveAt {
  value: string;
  /** The state before (null for the initial one). */
  from: string | null;
  since: number;
  cause: string;
}

export interface StatechartProps {
  kind: MachineKind;
  /** The machine's state at time t, from the trace (null: the machine did not exist yet). */
  valueAt: (t: number) => ActiveAt | null;
  title: string;
}

type ChartsModule = typeof import('./machineCharts');

export function Statechart({ kind, valueAt, title }: StatechartProps) {
  const store = useAppStore();
  const guard = useGuard();
  const [charts, setCharts] = useState<ChartsModule | null>(null);
  const [region, setRegion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<{ key: string; at: ActiveAt | null }>({ key: '', at: null });
  const svgRef = useRef<SVGSVGElement>(null);

  useEffect(() => {
    let live = true;
    import('./machineCharts')
      .then((m) => {
        if (live) setCharts(m);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, []);

  const regions = useMemo(() => (charts ? charts.regionsOf(kind) : []), [charts, kind]);
  // A parallel machine (h11) is drawn one region at a time; the server role is where its errors show.
  const shownRegion = regions.length
    ? region && regions.includes(region)
      ? region
      : regions.includes('SERVER')
        ? 'SERVER'
        : regions[0]!
    : null;
  const laid = useMemo(
    () => (charts ? charts.laidChart(kind, shownRegion) : null),
    [charts, kind, shownRegion],
  );
  const detailOf = charts?.detailOf ?? ((t: LaidChart['edges'][number]['transitions'][number]) => t.event);

  useEffect(() => {
    const svg = svgRef.current;
    if (!laid || !svg) return;
    const nodes = new Map<string, SVGGElement>();
    for (const el of svg.querySelectorAll<SVGGElement>('[data-state]')) nodes.set(el.dataset.state!, el);
    const edges = new Map<string, SVGGElement>();
    for (const el of svg.querySelectorAll<SVGGElement>('[data-edge]')) edges.set(el.dataset.edge!, el);
    let lastKey = '';
    const update = (t: number) => {
      const at = valueAt(t);
      const key = at ? `${at.value}|${at.from}|${at.since}` : '';
      if (key === lastKey) return;
      lastKey = key;
      const ids = new Set(at ? activeStateIds(laid.chart, at.value) : []);
      const prev = at?.from ? activeStateIds(laid.chart, at.from) : [];
      for (const [id, el] of nodes) el.classList.toggle('is-active', ids.has(id));
      const taken = new Set<string>();
      for (const p of prev) for (const c of ids) if (p !== c) taken.add(`${p}→${c}`);
      for (const [k, el] of edges) el.classList.toggle('is-taken', taken.has(k));
      svg.dataset.active = [...ids].join(' ');
      setActive({ key, at });
    };
    update(store.getState().cursorUs);
    return store.subscribe((s) => s.cursorUs, guard(update));
  }, [laid, valueAt, store, guard]);

  const next = useMemo(() => {
    if (!laid || !active.at) return [];
    const ids = activeStateIds(laid.chart, active.at.value);
    return laid.edges.filter((e) => ids.includes(e.source));
  }, [laid, active]);
  const internal = useMemo(() => {
    if (!laid || !active.at) return [];
    const ids = activeStateIds(laid.chart, active.at.value);
    return ids.flatMap((id) => laid.internal.get(id) ?? []);
  }, [laid, active]);

  if (error) return <p className="error-text">The statechart could not be loaded: {error}</p>;
  if (!laid) return <p className="muted small">Loading the statechart…</p>;
  const pad = 10;
  return (
    <div className="sc" data-testid="statechart" data-machine={laid.machine} data-region={shownRegion ?? ''}>
      {regions.length ? (
        <fieldset className="sc-regions">
          <legend className="muted small">Parallel regions:</legend>
          {regions.map((r) => (
            <button
              key={r}
              type="button"
              className="insp-tab"
              aria-pressed={r === shownRegion}
              onClick={() => setRegion(r)}
              data-testid={`region-${r}`}
            >
              {r} role
            </button>
          ))}
        </fieldset>
      ) : null}
      <svg
        ref={svgRef}
        className="sc-svg"
        viewBox={`${-pad} ${-pad} ${laid.width + 2 * pad} ${laid.height + 2 * pad}`}
        style={{ maxWidth: `${laid.width + 2 * pad}px` }}
        role="img"
        aria-label={`${title}: statechart of the ${laid.machine} machine, the state at the cursor highlighted`}
      >
        <defs>
          <marker
            id={`sc-arrow-${kind}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0L10,5L0,10Z" className="sc-arrowhead" />
          </marker>
        </defs>
        {laid.regions
          .filter((r) => r.title && laid.regions.length > 1)
          .map((r) => (
            <g key={r.id} className="sc-region">
              <rect x={r.x - 6} y={-4} width={r.w + 12} height={r.h + 8} rx={10} />
              <text x={r.x + 4} y={12}>
                {r.title} role
              </text>
            </g>
          ))}
        {laid.edges.map((e) => (
          <g key={e.key} className="sc-edge" data-edge={e.key}>
            <title>{e.details.join('\n')}</title>
            <path d={e.d} markerEnd={`url(#sc-arrow-${kind})`} />
            <text x={e.labelX} y={e.labelY - ((e.labels.length - 1) * 12) / 2 + 4} textAnchor="middle">
              {e.labels.map((l, i) => (
                <tspan key={l} x={e.labelX} dy={i === 0 ? 0 : 12}>
                  {l}
                </tspan>
              ))}
            </text>
          </g>
        ))}
        {laid.nodes.map((n) => (
          <g
            key={n.id}
            className={`sc-node${n.final ? ' is-final' : ''}`}
            data-state={n.id}
            transform={`translate(${n.x - n.w / 2},${n.y - n.h / 2})`}
          >
            <title>{n.description ? `${n.label}: ${n.description}` : n.label}</title>
            <rect width={n.w} height={n.h} rx={n.h / 2} />
            {n.final ? (
              <rect className="sc-final" x={3} y={3} width={n.w - 6} height={n.h - 6} rx={(n.h - 6) / 2} />
            ) : null}
            <text x={n.w / 2} y={n.h / 2 + 4} textAnchor="middle">
              {n.label}
            </text>
            {n.note.map((line, i) => (
              <text key={line} className="sc-note" x={n.w / 2} y={n.h + 12 + i * 12} textAnchor="middle">
                {line}
              </text>
            ))}
            {n.initial ? <circle className="sc-initial" cx={-9} cy={n.h / 2} r={4} /> : null}
          </g>
        ))}
      </svg>
      <div className="sc-now" data-testid="statechart-now" aria-live="polite">
        {active.at ? (
          <>
            <p>
              At the cursor: <strong>{active.at.value}</strong> since {formatInstant(active.at.since, 6)}
              {active.at.from ? (
                <>
                  {' '}
                  — from {active.at.from} on <code>{active.at.cause}</code>
                </>
              ) : null}
              .
            </p>
            {next.length || internal.length ? (
              <ul className="sc-next">
                {next.map((e) =>
                  e.transitions.map((t) => (
                    <li key={`${e.key}:${detailOf(t)}`}>
                      → <strong>{e.target}</strong>: {detailOf(t)}
                    </li>
                  )),
                )}
                {internal.map((t) => (
                  <li key={`int:${detailOf(t)}`} className="muted">
                    stays: {detailOf(t)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">A final state: nothing leaves it.</p>
            )}
          </>
        ) : (
          <p className="muted small">This machine does not exist yet at the cursor.</p>
        )}
      </div>
    </div>
  );
}
