/**
 * Compare mode: the current run (A) beside a run B of the same seed and workload with another
 * client policy or server profile — by default the seed client http3 0.6 against today's httpx.
 * Both follow the one cursor (lock-step playback) and the timeline's visible range; a marker sits
 * at the first request whose outcome differs, and a table lists the metric differences. This is
 * "re-run the reproduction on the broken version, then on the fixed one", made visible.
 */
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceIndex } from '../../../sim-core';
import {
  CLIENT_POLICIES,
  type Divergence,
  decodeCompare,
  divergences,
  formatInstant,
  type MetricDiff,
  metricDiffs,
  SERVER_PROFILES,
  windowFacts,
} from '../../../sim-core';
import { formatCount } from '../../format';
import type { CompareWith } from '../../store/analysisSlice';
import { useApp, useAppStore } from '../../store/context';
import type { RunData } from '../../store/types';
import { scenarioB as scenarioOfB, startCompareRunner } from '../../worker/compareRunner';
import { useGuard } from '../boundary/useGuard';
import { RunPanel } from '../panel/RunPanel';
import { breakAtDots } from '../summary/SummaryView';
import { TimelineView } from '../timeline/TimelineView';
import './compare.css';

/** The default run B: the seed client against today's httpx, whichever side A is on. */
export function defaultB(aClient: string): string {
  const fixed =
    CLIENT_POLICIES.find((p) => p.name === 'httpx-0.23')?.name ??
    CLIENT_POLICIES[CLIENT_POLICIES.length - 1]!.name;
  const buggy = CLIENT_POLICIES.find((p) => p.name === 'http3-0.6')?.name ?? CLIENT_POLICIES[0]!.name;
  return aClient === fixed ? buggy : aClient === buggy ? fixed : fixed;
}

const STRIP_W = 1000;
const ROW_H = 22;
const STRIP_H = ROW_H * 2 + 26;
const LABEL_W = 70;
const OUTCOME_FILL: Record<string, string> = {
  ok: '#15803d',
  'ok-after-retry': '#d97706',
  failed: '#c8231b',
  unfinished: '#8a94a6',
  absent: '#d9dee6',
};

function outcomePaths(index: TraceIndex, x: (t: number) => number, y: number): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const r of index.requests) {
    const o = r.outcome ?? 'unfinished';
    const px = x(r.startAt);
    paths[o] = `${paths[o] ?? ''}M${px.toFixed(1)},${y}v${ROW_H - 6}`;
  }
  return paths;
}

/** Two rows of requests, A above B, coloured by outcome, with the differences marked and the cursor. */
function OutcomeStrips({ a, b, diffs }: { a: RunData; b: RunData; diffs: Divergence[] }) {
  const store = useAppStore();
  const guard = useGuard();
  const endAt = Math.max(a.index.endAt, b.index.endAt, 1);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([0, endAt])
        .range([LABEL_W, STRIP_W - 8]),
    [endAt],
  );
  const cursorRef = useRef<SVGLineElement>(null);
  const rangeRef = useRef<SVGRectElement>(null);
  useEffect(() => {
    const place = (t: number) => {
      cursorRef.current?.setAttribute('x1', String(x(t)));
      cursorRef.current?.setAttribute('x2', String(x(t)));
    };
    const range = (d: readonly [number, number] | null) => {
      const r = rangeRef.current;
      if (!r) return;
      r.setAttribute('visibility', d ? 'visible' : 'hidden');
      if (d) {
        r.setAttribute('x', String(x(Math.max(0, d[0]))));
        r.setAttribute('width', String(Math.max(2, x(Math.min(endAt, d[1])) - x(Math.max(0, d[0])))));
      }
    };
    place(store.getState().cursorUs);
    range(store.getState().timelineDomain);
    const u1 = store.subscribe((s) => s.cursorUs, guard(place));
    const u2 = store.subscribe((s) => s.timelineDomain, guard(range));
    return () => {
      u1();
      u2();
    };
  }, [store, x, endAt, guard]);
  const pa = useMemo(() => outcomePaths(a.index, x, 3), [a, x]);
  const pb = useMemo(() => outcomePaths(b.index, x, ROW_H + 3), [b, x]);
  const first = diffs[0];
  return (
    <svg
      className="cmp-strips"
      viewBox={`0 0 ${STRIP_W} ${STRIP_H}`}
      role="img"
      aria-label="Every request of run A and run B by outcome, with the requests whose outcome differs marked"
      data-testid="compare-strips"
    >
      <text x={LABEL_W - 8} y={ROW_H / 2 + 5} textAnchor="end" className="cmp-strip-label">
        A
      </text>
      <text x={LABEL_W - 8} y={ROW_H * 1.5 + 5} textAnchor="end" className="cmp-strip-label">
        B
      </text>
      <rect ref={rangeRef} className="cmp-range" y={0} height={ROW_H * 2} />
      {Object.entries(pa).map(([o, d]) => (
        <path key={`a${o}`} d={d} stroke={OUTCOME_FILL[o]} className="cmp-tick" />
      ))}
      {Object.entries(pb).map(([o, d]) => (
        <path key={`b${o}`} d={d} stroke={OUTCOME_FILL[o]} className="cmp-tick" />
      ))}
      {diffs.slice(1, 400).map((d) => (
        <line key={d.req} className="cmp-diff" x1={x(d.t)} x2={x(d.t)} y1={0} y2={ROW_H * 2} />
      ))}
      {first ? (
        <g
          className="cmp-first"
          data-testid="first-divergence-marker"
          data-req={first.req}
          transform={`translate(${x(first.t)},0)`}
        >
          <line y1={-2} y2={ROW_H * 2 + 4} />
          <path d="M-6,-2L6,-2L0,6Z" />
          <text
            y={ROW_H * 2 + 17}
            textAnchor={x(first.t) > STRIP_W - 200 ? 'end' : 'start'}
            x={x(first.t) > STRIP_W - 200 ? -4 : 4}
          >
            first difference: request {first.req}
          </text>
        </g>
      ) : null}
      <line ref={cursorRef} className="cmp-cursor" y1={-2} y2={ROW_H * 2 + 2} />
    </svg>
  );
}

function DiffTable({ rows }: { rows: MetricDiff[] }) {
  const fmt = (v: number | null, unit: MetricDiff['unit']) =>
    v === null ? '—' : unit === 'ms' ? `${v.toFixed(1)} ms` : formatCount(v);
  const delta = (r: MetricDiff) => {
    if (r.delta === null) return '—';
    if (Math.abs(r.delta) < 1e-9) return '=';
    const sign = r.delta > 0 ? '+' : '−';
    return `${sign}${fmt(Math.abs(r.delta), r.unit)}`;
  };
  return (
    <table className="cmp-table" data-testid="metric-diffs">
      <thead>
        <tr>
          <th>Metric</th>
          <th>A</th>
          <th>B</th>
          <th>B − A</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key} data-better={r.better ?? ''} className={r.sub ? 'cmp-sub' : ''}>
            <th scope="row">{r.sub ? <code>{breakAtDots(r.label)}</code> : r.label}</th>
            <td className={r.better === 'a' ? 'cmp-better' : ''}>{fmt(r.a, r.unit)}</td>
            <td className={r.better === 'b' ? 'cmp-better' : ''}>{fmt(r.b, r.unit)}</td>
            <td className={`cmp-delta ${r.better ? (r.better === 'b' ? 'cmp-good' : 'cmp-bad') : ''}`}>
              {delta(r)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function describeSide(d: Divergence['a'], decimals: number): string {
  if (d.outcome === 'absent') return 'not in this run';
  const on = d.conn === null ? '' : ` on ${d.reused ? 'reused' : 'new'} connection #${d.conn}`;
  const what =
    d.outcome === 'failed'
      ? `failed${d.error ? ` with ${d.error.class}` : ''}`
      : d.outcome === 'ok-after-retry'
        ? 'succeeded after a retry'
        : d.outcome === 'ok'
          ? 'succeeded'
          : 'had not finished';
  const when = d.endAt !== null ? ` at ${formatInstant(d.endAt, decimals)}` : '';
  return `${what}${on}${when}${d.attempts > 1 ? ` (${d.attempts} attempts)` : ''}`;
}

function Results({ a, b }: { a: RunData; b: RunData }) {
  const store = useAppStore();
  const diffs = useMemo(() => divergences(a.index, b.index), [a, b]);
  const rows = useMemo(
    () => metricDiffs(a.summary, b.summary, windowFacts(a.index), windowFacts(b.index)),
    [a, b],
  );
  const first = diffs[0];
  const go = (d: Divergence) => {
    const s = store.getState();
    s.pause();
    s.seek(d.t);
    s.select({ kind: 'req', id: d.req });
  };
  return (
    <div className="cmp-results">
      <OutcomeStrips a={a} b={b} diffs={diffs} />
      {first ? (
        <div className="cmp-first-card" data-testid="first-divergence" data-req={first.req}>
          <p>
            <strong>
              {diffs.length} {diffs.length === 1 ? 'request ends' : 'requests end'} differently.
            </strong>{' '}
            The first is request {first.req} <code>{first.label}</code>, issued at {formatInstant(first.t, 6)}
            : in A it {describeSide(first.a, 6)}; in B it {describeSide(first.b, 6)}.
          </p>
          <button
            type="button"
            className="small-button"
            onClick={() => go(first)}
            data-testid="go-first-divergence"
          >
            Go to request {first.req}
          </button>
        </div>
      ) : (
        <p className="cmp-first-card" data-testid="first-divergence" data-req="">
          Every request ends the same way in both runs.
        </p>
      )}
      <div className="cmp-grid">
        <DiffTable rows={rows} />
        <div className="cmp-b-timeline">
          <h3>
            Run B on the timeline{' '}
            <span className="muted small">same cursor, same range as the timeline above</span>
          </h3>
          <TimelineView
            run={b}
            variant="compare"
            label={`Sequence timeline of run B (${b.scenario.client.policy} → ${b.scenario.server.profile})`}
          />
        </div>
      </div>
    </div>
  );
}

/** What an override field shows: its value as typed, empty for "A's" (pure). */
const shown = (v: number | null | undefined) => (v === undefined ? '' : v === null ? 'none' : String(v));

/** Run A's value of each override, as the placeholder says it (pure). */
function aSettings(a: RunData['scenario']): Record<'expiry' | 'delay' | 'timeout', string> {
  const policy = CLIENT_POLICIES.find((p) => p.name === a.client.policy);
  const expiry = a.client.idleExpiryMs !== undefined ? a.client.idleExpiryMs : (policy?.idleExpiryMs ?? null);
  const profile = SERVER_PROFILES.find((p) => p.name === a.server.profile);
  const timeout = a.server.idleTimeoutMs ?? profile?.idleTimeoutMs;
  return {
    expiry: expiry === null ? 'none' : String(expiry),
    delay: String(a.network.delayMs),
    timeout: timeout === undefined ? '' : String(timeout),
  };
}

/**
 * Run B as the form has it: the names and each override typed (empty: A's), read by the link's
 * own grammar (compareParam.ts), so the panel and a link accept and reject the same values with
 * the same messages (pure).
 */
export function formCompare(
  a: RunData['scenario'],
  form: { client: string; server: string; expiry: string; delay: string; timeout: string },
): { compare: CompareWith | null; problems: string[] } {
  const items = [`client:${form.client}`, `server:${form.server}`];
  for (const key of ['expiry', 'delay', 'timeout'] as const) {
    const v = form[key].trim();
    if (v !== '') items.push(`${key}:${v}`);
  }
  return decodeCompare(items.join(','), a);
}

/** A's scenario has every setting `b` would give it (B adds nothing) (pure). */
function sameAsA(a: RunData['scenario'], b: CompareWith): boolean {
  const s = scenarioOfB(a, b);
  return JSON.stringify(s) === JSON.stringify(a);
}

function CompareBody({ run }: { run: RunData }) {
  const store = useAppStore();
  const compareWith = useApp((s) => s.compareWith);
  const status = useApp((s) => s.compareStatus);
  const scenarioB = useApp((s) => s.compareScenario);
  const setCompareWith = useApp((s) => s.setCompareWith);
  const change = useApp((s) => s.changeScenario);
  const [client, setClient] = useState(() => compareWith?.client ?? defaultB(run.scenario.client.policy));
  const [server, setServer] = useState(() => compareWith?.server ?? run.scenario.server.profile);
  const [expiry, setExpiry] = useState(() => shown(compareWith?.expiryMs));
  const [delay, setDelay] = useState(() => shown(compareWith?.delayMs));
  const [timeout, setTimeoutMs] = useState(() => shown(compareWith?.timeoutMs));
  // A link (or a lesson step) that sets compare mode after the panel mounted: show its values.
  useEffect(() => {
    if (!compareWith) return;
    setClient(compareWith.client);
    setServer(compareWith.server);
    setExpiry(shown(compareWith.expiryMs));
    setDelay(shown(compareWith.delayMs));
    setTimeoutMs(shown(compareWith.timeoutMs));
  }, [compareWith]);
  useEffect(() => startCompareRunner(store), [store]);
  const on = compareWith !== null;
  const read = formCompare(run.scenario, { client, server, expiry, delay, timeout });
  // A recorded trace (real sockets, a capture) may be compared with its own scenario: B is then
  // its simulated twin (issue 15), not a copy of A.
  const start = run.trace[0];
  const recorded = start?.kind === 'run.start' && start.source !== undefined && start.source !== 'simulated';
  const same = !recorded && read.compare !== null && sameAsA(run.scenario, read.compare);
  const bRun = status.status === 'done' ? status.run : null;
  const aOf = aSettings(run.scenario);
  const number = (
    key: 'expiry' | 'delay' | 'timeout',
    label: string,
    value: string,
    set: (v: string) => void,
  ) => (
    <label>
      {label}{' '}
      <input
        type="text"
        inputMode="decimal"
        className="cmp-number"
        value={value}
        placeholder={aOf[key] === '' ? 'A’s' : `A’s: ${aOf[key]}`}
        onChange={(e) => set(e.target.value)}
        data-testid={`compare-${key}`}
        aria-describedby={read.problems.length > 0 ? 'compare-problems' : undefined}
      />
    </label>
  );

  return (
    <>
      <form
        className="cmp-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (read.compare && read.problems.length === 0) setCompareWith(read.compare);
        }}
      >
        <div className="cmp-side">
          <span className="cmp-tag">A</span> the run above: <code>{run.scenario.client.policy}</code> →{' '}
          <code>{run.scenario.server.profile}</code>, seed {run.scenario.seed}
        </div>
        <div className="cmp-side">
          <span className="cmp-tag cmp-tag-b">B</span>
          <label>
            client{' '}
            <select value={client} onChange={(e) => setClient(e.target.value)} data-testid="compare-client">
              {CLIENT_POLICIES.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            server{' '}
            <select value={server} onChange={(e) => setServer(e.target.value)} data-testid="compare-server">
              {SERVER_PROFILES.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="cmp-side cmp-overrides">
          <span className="cmp-tag cmp-tag-spacer" aria-hidden="true" />
          {number('expiry', 'client idle expiry (ms)', expiry, setExpiry)}
          {number('delay', 'one-way delay (ms)', delay, setDelay)}
          {number('timeout', 'server idle timeout (ms)', timeout, setTimeoutMs)}
          <button
            type="submit"
            className="primary"
            disabled={same || read.problems.length > 0}
            data-testid="compare-run"
            title={same ? 'B must differ from A' : undefined}
          >
            {on ? 'Re-run B' : 'Compare'}
          </button>
          {on ? (
            <>
              <button type="button" onClick={() => setCompareWith(null)} data-testid="compare-stop">
                Stop comparing
              </button>
              <button
                type="button"
                onClick={() => {
                  // Swap: B becomes the main run (a fork of A), A becomes B.
                  const a = run.scenario;
                  const b = scenarioOfB(a, compareWith);
                  const prev: CompareWith = { client: a.client.policy, server: a.server.profile };
                  if (compareWith.expiryMs !== undefined) prev.expiryMs = Number(aOf.expiry) || null;
                  if (compareWith.delayMs !== undefined) prev.delayMs = a.network.delayMs;
                  if (compareWith.timeoutMs !== undefined && aOf.timeout !== '')
                    prev.timeoutMs = Number(aOf.timeout);
                  change({ client: b.client, server: b.server, network: b.network });
                  setCompareWith(prev);
                }}
                data-testid="compare-swap"
              >
                Swap A and B
              </button>
            </>
          ) : null}
        </div>
      </form>
      {read.problems.length > 0 ? (
        <ul className="error-text small cmp-problems" id="compare-problems" data-testid="compare-problems">
          {read.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : same ? (
        <p className="muted small">
          Pick a client policy, a server profile or a setting for B that differs from A’s.
        </p>
      ) : null}
      {/* data-status: run B's lifecycle; data-b: `client server` of the B it is about (what tests
          wait for: the status of *this* B, not a previous one); data-b-settings: its expiry, delay
          and timeout. */}
      <div
        className="cmp-status"
        data-testid="compare-status"
        data-status={status.status}
        data-b={scenarioB ? `${scenarioB.client.policy} ${scenarioB.server.profile}` : ''}
        data-b-settings={scenarioB ? settingsOf(scenarioB) : ''}
        aria-live="polite"
      >
        {status.status === 'running' && scenarioB ? (
          <p className="muted">
            Running B: <code>{scenarioB.client.policy}</code> → <code>{scenarioB.server.profile}</code>, same
            seed and workload…
          </p>
        ) : status.status === 'error' ? (
          <p className="error-text">Run B failed: {status.message}</p>
        ) : null}
      </div>
      {bRun && on ? <Results a={run} b={bRun} /> : null}
    </>
  );
}

/** `expiry=4000 delay=20 timeout=5000` of a scenario, A's defaults named (`policy`, `profile`) (pure). */
export function settingsOf(s: RunData['scenario']): string {
  const expiry =
    s.client.idleExpiryMs === undefined
      ? 'policy'
      : s.client.idleExpiryMs === null
        ? 'none'
        : s.client.idleExpiryMs;
  return `expiry=${expiry} delay=${s.network.delayMs} timeout=${s.server.idleTimeoutMs ?? 'profile'}`;
}

export function ComparePanel() {
  return (
    <RunPanel
      name="compare"
      title="Compare"
      intro="The same seed and workload with another client or server: which requests end differently, and by how much."
      wide
      testId="compare-panel"
      body={(run) => <CompareBody run={run} />}
    />
  );
}
