/**
 * The map: vary one or two parameters (client expiry × server timeout by default) and see the
 * failure rate of each setting as a heatmap cell with its interval; a cell opens that setting's
 * first failure on the stage (a real run, same seed). Cells fill in as their shards finish.
 */
import { useEffect, useRef, useState } from 'react';
import { type MapSpec, VARY_PARAMS, type VaryParam, type VaryParamName } from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { RunProgress } from './EstimateView';
import { drawHeatmap } from './heatmap';
import { PARAM_LABELS } from './mapParams';
import { cellRequests, startMap } from './runner';
import { openOnStage, openRunOnStage } from './stageLink';

/** A cell count the browser can draw in reasonable time. */
const MAX_CELLS = 144;

function cellsOf(v: VaryParam): number {
  return v.step > 0 && v.to >= v.from ? Math.floor((v.to - v.from) / v.step + 1e-9) + 1 : 0;
}

function AxisControls({
  name,
  value,
  onChange,
  allowNone,
}: {
  name: 'x' | 'y';
  value: VaryParam | undefined;
  onChange: (v: VaryParam | undefined) => void;
  allowNone: boolean;
}) {
  const id = `risk-map-${name}`;
  const [draft, setDraft] = useState(value ? `${value.from}:${value.to}:${value.step}` : '');
  useEffect(() => setDraft(value ? `${value.from}:${value.to}:${value.step}` : ''), [value]);
  const commitRange = () => {
    if (!value) return;
    const [from, to, step] = draft.split(':').map(Number);
    if ([from, to, step].every((n) => Number.isFinite(n)))
      onChange({ ...value, from: from!, to: to!, step: step! });
    else setDraft(`${value.from}:${value.to}:${value.step}`);
  };
  return (
    <div className="risk-map-axis">
      <div className="field">
        <label htmlFor={`${id}-param`}>{name === 'x' ? 'Across' : 'Down'}</label>
        <select
          id={`${id}-param`}
          value={value?.param ?? 'none'}
          data-testid={`${id}-param`}
          onChange={(e) => {
            const p = e.target.value;
            if (p === 'none') onChange(undefined);
            else onChange({ ...defaultRange(p as VaryParamName), param: p as VaryParamName });
          }}
        >
          {allowNone ? <option value="none">nothing (one row)</option> : null}
          {VARY_PARAMS.map((p) => (
            <option key={p} value={p}>
              {PARAM_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      {value ? (
        <div className="field">
          <label htmlFor={`${id}-range`}>from:to:step</label>
          <input
            id={`${id}-range`}
            className="num-input medium"
            value={draft}
            spellCheck={false}
            data-testid={`${id}-range`}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commitRange}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitRange();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

function defaultRange(p: VaryParamName): VaryParam {
  switch (p) {
    case 'clientExpiryMs':
      return { param: p, from: 1000, to: 8000, step: 1000 };
    case 'serverTimeoutMs':
      return { param: p, from: 2000, to: 8000, step: 1000 };
    case 'delayMs':
      return { param: p, from: 5, to: 50, step: 5 };
    case 'meanGapMs':
      return { param: p, from: 1000, to: 8000, step: 1000 };
    case 'ratePerSec':
      return { param: p, from: 1, to: 10, step: 1 };
  }
}

export function specProblem(spec: MapSpec): string | null {
  for (const v of [spec.x, spec.y]) {
    if (!v) continue;
    if (!(v.step > 0)) return `${PARAM_LABELS[v.param]}: the step must be above 0`;
    if (v.to < v.from) return `${PARAM_LABELS[v.param]}: “to” must not be below “from”`;
  }
  if (spec.y && spec.y.param === spec.x.param) return 'vary two different parameters';
  const n = cellsOf(spec.x) * (spec.y ? cellsOf(spec.y) : 1);
  if (n > MAX_CELLS) return `${n} cells; at most ${MAX_CELLS} (use a larger step)`;
  return null;
}

export function MapView() {
  const store = useAppStore();
  const run = useApp((s) => s.riskMap);
  const spec = useApp((s) => s.riskMapSpec);
  const input = useApp((s) => s.riskInput);
  const setSpec = useApp((s) => s.setRiskMapSpec);
  const [draftSpec, setDraftSpec] = useState<MapSpec>(spec);
  useEffect(() => setDraftSpec(spec), [spec]);
  const problem = specProblem(draftSpec);
  const svgRef = useRef<SVGSVGElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const result =
    run.status === 'done'
      ? run.result
      : run.status === 'running' || run.status === 'cancelled'
        ? run.partial
        : null;

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(box.clientWidth)));
    ro.observe(box);
    setWidth(Math.floor(box.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !result || width <= 0) return;
    drawHeatmap(svg, result, {
      width,
      onOpen: (cell) => {
        const f = cell.estimate?.firstFailure;
        if (f) openOnStage(store, f.scenario, f.req);
        else openRunOnStage(store, cell.input, 0, null);
      },
    });
  }, [result, width, store]);

  const draw = () => {
    if (problem) return;
    setSpec(draftSpec);
    // The slice clears the map when the spec changes; start it on the new one.
    queueMicrotask(() => void startMap(store));
  };

  return (
    <section
      className="risk-card risk-map"
      aria-labelledby="risk-map-title"
      data-testid="risk-map"
      data-status={run.status}
    >
      <h3 id="risk-map-title">Map</h3>
      <div className="risk-map-controls">
        <AxisControls
          name="x"
          value={draftSpec.x}
          onChange={(x) => x && setDraftSpec({ ...draftSpec, x })}
          allowNone={false}
        />
        <AxisControls
          name="y"
          value={draftSpec.y}
          onChange={(y) => setDraftSpec(y ? { ...draftSpec, y } : { x: draftSpec.x })}
          allowNone
        />
        <button type="button" onClick={draw} disabled={problem !== null} data-testid="risk-map-draw">
          Draw map
        </button>
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <RunProgress run={run} what="Map" testId="risk-map-progress" />
      <p className="muted small">
        {formatCells(draftSpec)} cells × {cellRequests(input).toLocaleString('en-US')} requests, same seeds in
        every cell. A cell opens its first failure on the stage.
      </p>
      <div className="risk-map-box" ref={boxRef}>
        {result ? (
          <figure className="risk-heatmap-figure" aria-label="Failures per million by setting">
            <svg ref={svgRef} className="risk-heatmap" data-testid="risk-heatmap" />
          </figure>
        ) : null}
      </div>
    </section>
  );
}

function formatCells(spec: MapSpec): string {
  return String(cellsOf(spec.x) * (spec.y ? cellsOf(spec.y) : 1));
}
