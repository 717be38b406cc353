/**
 * The inspector: details of the selected connection, request or segment — the states it went
 * through over time, a request's attempts and why each ended, the exception text beside a plain
 * explanation derived from the trace with times, and the selected entity's machines drawn as
 * statecharts from their XState definitions with the state at the cursor highlighted.
 *
 * Re-renders when the selection or the run changes; what follows the cursor (statechart
 * highlight, the cursor line on the state history) subscribes transiently.
 */
import { useCallback, useMemo, useState } from 'react';
import type { TraceEvent } from '../../../sim-core';
import {
  type ConnSpans,
  connectionStory,
  formatDuration,
  formatInstant,
  requestStory,
  STATE_LANE_NAMES,
  STATE_LANES,
  type StateLane,
  type StoryLine,
  segmentStory,
  spanIndexAt,
  spansOf,
} from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import type { RunData, Selection } from '../../store/types';
import { PanelShell, Simulating } from '../panel/PanelShell';
import { timelineModel } from '../timeline/model';
import { around, extentOf } from '../timeline/TimelineView';
import type { MachineKind } from './machineCharts';
import { type ActiveAt, Statechart } from './Statechart';
import { StateHistory } from './StateHistory';
import { useWarmCharts } from './useWarmCharts';
import './inspector.css';

/** Which machine definition a lane's states come from: the variants the run recorded in `run.start`. */
export function machineKindFor(lane: StateLane, trace: readonly TraceEvent[]): MachineKind {
  const start = trace[0];
  const variants = start?.kind === 'run.start' ? start.variants : undefined;
  switch (lane) {
    case 'tcp.client':
    case 'tcp.server':
      return 'tcp';
    case 'h11.client':
    case 'h11.server':
      return 'h11';
    case 'belief':
      return variants?.belief === 'timed' ? 'belief-timed' : 'belief';
    case 'server':
      return variants?.server === 'leaky' ? 'server-leaky' : 'server';
  }
}

const MACHINE_TITLES: Record<StateLane, string> = {
  belief: 'Pool’s belief (pooledConnection)',
  'tcp.client': 'Client TCP endpoint (tcpEndpoint)',
  'h11.client': 'Client’s h11 connection (http11Connection)',
  'h11.server': 'Server’s h11 connection (http11Connection)',
  'tcp.server': 'Server TCP endpoint (tcpEndpoint)',
  server: 'Server application (server)',
};

function activeAt(conn: ConnSpans, lane: StateLane, t: number): ActiveAt | null {
  const list = conn.states[lane];
  const i = spanIndexAt(list, t);
  const s = list[i];
  if (!s) return null;
  return { value: s.state, from: list[i - 1]?.state ?? null, since: s.start, cause: s.cause };
}

function Machines({ run, conn, initial }: { run: RunData; conn: ConnSpans; initial: StateLane }) {
  const [lane, setLane] = useState<StateLane>(initial);
  const kind = machineKindFor(lane, run.trace);
  const valueAt = useCallback((t: number) => activeAt(conn, lane, t), [conn, lane]);
  return (
    <section className="insp-section" aria-label="Statechart">
      <h3>
        Machines of connection #{conn.conn}{' '}
        <span className="muted small">drawn from the XState definitions</span>
      </h3>
      <div className="insp-tabs" role="tablist" aria-label="Machine">
        {STATE_LANES.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={l === lane}
            className="insp-tab"
            onClick={() => setLane(l)}
            data-testid={`machine-tab-${l}`}
          >
            {STATE_LANE_NAMES[l]}
          </button>
        ))}
      </div>
      <p className="muted small insp-machine-title">{MACHINE_TITLES[lane]}</p>
      <Statechart kind={kind} valueAt={valueAt} title={MACHINE_TITLES[lane]} />
    </section>
  );
}

function StoryLines({ lines, decimals }: { lines: StoryLine[]; decimals: number }) {
  const store = useAppStore();
  const go = (line: StoryLine) => {
    const s = store.getState();
    s.pause();
    s.seek(line.t);
  };
  return (
    <ol className="insp-story" data-testid="insp-story">
      {lines.map((l) => (
        <li key={`${l.seq}:${l.text}`} data-tone={l.tone}>
          <button
            type="button"
            className="link-button insp-time"
            onClick={() => go(l)}
            title="Move the cursor here"
          >
            {formatInstant(l.t, decimals)}
          </button>
          <span>
            {l.text}
            {l.ref ? (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button insp-ref"
                  onClick={() => store.getState().select(l.ref as Selection)}
                >
                  {l.ref.kind === 'conn'
                    ? `#${l.ref.id}`
                    : l.ref.kind === 'req'
                      ? `request ${l.ref.id}`
                      : `segment ${l.ref.id}`}
                </button>
              </>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function ZoomButton({ run, sel }: { run: RunData; sel: Selection }) {
  const store = useAppStore();
  return (
    <button
      type="button"
      className="small-button"
      onClick={() => {
        const ext = extentOf(run.index, sel);
        if (ext) store.getState().setTimelineDomain(around(ext[0], ext[1], 0.15));
      }}
    >
      Show on the timeline
    </button>
  );
}

function RequestInspector({ run, id }: { run: RunData; id: number }) {
  const store = useAppStore();
  const story = useMemo(() => requestStory(run.trace, run.index, id), [run, id]);
  const failure = useMemo(() => run.index.failures.find((f) => f.req === id) ?? null, [run, id]);
  const model = timelineModel(run.trace, run.index);
  if (!story) return <Missing what={`request ${id}`} />;
  const last = story.attempts[story.attempts.length - 1];
  const conn = last ? spansOf(model.spans, last.conn) : undefined;
  const outcome = story.outcome ?? 'unfinished';
  return (
    <div className="insp-body" data-testid="insp-request" data-req={id} data-outcome={outcome}>
      <header className="insp-head">
        <h3>
          Request {id} <code>{story.label}</code>
        </h3>
        <span className={`insp-badge insp-${outcome}`}>{outcome.replace(/-/g, ' ')}</span>
        {story.indeterminate ? <span className="insp-badge insp-warn">indeterminate</span> : null}
        {story.endAt !== null ? (
          <span className="muted small">{formatDuration(story.endAt - story.startAt)}</span>
        ) : null}
        <ZoomButton run={run} sel={{ kind: 'req', id }} />
      </header>
      {story.error ? (
        <div className="insp-error">
          <div className="insp-exception" data-testid="insp-exception">
            <div className="insp-label">The exception</div>
            <code className="insp-class">{story.error.class}</code>
            <pre className="insp-message">{story.error.message}</pre>
            {story.error.code ? <code className="insp-code">code: {story.error.code}</code> : null}
          </div>
          <div className="insp-explanation" data-testid="insp-explanation">
            <div className="insp-label">What happened</div>
            <p>{story.headline}</p>
            {failure ? <p className="insp-cause">{failure.sentence}</p> : null}
          </div>
        </div>
      ) : (
        <p className="insp-explanation-plain" data-testid="insp-explanation">
          {story.headline}
        </p>
      )}
      <div className="insp-cols">
        <div className="insp-col">
          <section className="insp-section" aria-label="Attempts">
            <h3>Attempts</h3>
            <table className="insp-table" data-testid="insp-attempts">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Connection</th>
                  <th>Began</th>
                  <th>Result</th>
                  <th>Why it ended</th>
                </tr>
              </thead>
              <tbody>
                {story.attempts.map((a) => (
                  <tr key={a.attempt} data-result={a.result}>
                    <td>{a.attempt}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => store.getState().select({ kind: 'conn', id: a.conn })}
                      >
                        #{a.conn}
                      </button>{' '}
                      <span className="muted small">{a.reused ? 'reused' : 'new'}</span>
                    </td>
                    <td className="insp-num">{formatInstant(a.startAt, story.decimals)}</td>
                    <td>
                      <span
                        className={`insp-badge insp-${a.result === 'ok' ? 'ok' : a.result === 'failed' ? 'failed' : 'warn'}`}
                      >
                        {a.result}
                      </span>
                    </td>
                    <td>
                      {a.why}
                      {a.retry ? <div className="insp-retry">Then: {a.retry}.</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="insp-section" aria-label="What happened, in order">
            <h3>In order</h3>
            <StoryLines lines={story.lines} decimals={story.decimals} />
          </section>
        </div>
        <div className="insp-col">
          {conn ? (
            <section className="insp-section" aria-label="States over time">
              <h3>States of #{conn.conn} around the request</h3>
              <StateHistory
                conn={conn}
                decimals={story.decimals}
                window={historyWindow(
                  conn,
                  story.startAt,
                  story.endAt ?? run.index.endAt,
                  failure?.times.serverClosedAt ?? null,
                )}
              />
            </section>
          ) : null}
        </div>
      </div>
      {conn ? <Machines run={run} conn={conn} initial="h11.client" key={`m-req-${id}`} /> : null}
    </div>
  );
}

/** From a little before the server closed the connection (or the request began) to a little after it ended. */
function historyWindow(
  conn: ConnSpans,
  start: number,
  end: number,
  closedAt: number | null,
): [number, number] {
  const a = Math.max(conn.start, Math.min(start, closedAt ?? start));
  const b = Math.min(Math.max(conn.end, end), end + Math.max(2000, (end - a) * 0.15));
  const pad = (b - a) * 0.06;
  return [Math.max(conn.start, a - pad), Math.max(b, a + 10)];
}

function ConnectionInspector({ run, id }: { run: RunData; id: number }) {
  const store = useAppStore();
  const story = useMemo(() => connectionStory(run.trace, run.index, id), [run, id]);
  const conn = spansOf(timelineModel(run.trace, run.index).spans, id);
  if (!story || !conn) return <Missing what={`connection #${id}`} />;
  return (
    <div className="insp-body" data-testid="insp-connection" data-conn={id}>
      <header className="insp-head">
        <h3>Connection #{id}</h3>
        {story.doneAt === null ? <span className="insp-badge insp-warn">open at the end</span> : null}
        <ZoomButton run={run} sel={{ kind: 'conn', id }} />
      </header>
      <p className="insp-explanation-plain" data-testid="insp-explanation">
        {story.headline}
      </p>
      {story.requests.length ? (
        <p className="insp-chips">
          {story.requests.map((r) => (
            <button
              key={r.req}
              type="button"
              className={`insp-chip insp-${r.outcome ?? 'warn'}`}
              onClick={() => store.getState().select({ kind: 'req', id: r.req })}
            >
              request {r.req}
            </button>
          ))}
        </p>
      ) : null}
      <div className="insp-cols">
        <section className="insp-section insp-col" aria-label="What happened, in order">
          <h3>In order</h3>
          <StoryLines lines={story.lines} decimals={story.decimals} />
        </section>
        <section className="insp-section insp-col" aria-label="States over time">
          <h3>States over time</h3>
          <StateHistory conn={conn} decimals={story.decimals} />
        </section>
      </div>
      <Machines run={run} conn={conn} initial="belief" key={`m-conn-${id}`} />
    </div>
  );
}

function SegmentInspector({ run, id }: { run: RunData; id: number }) {
  const store = useAppStore();
  const story = useMemo(() => segmentStory(run.trace, run.index, id), [run, id]);
  const conn = story ? spansOf(timelineModel(run.trace, run.index).spans, story.conn) : undefined;
  if (!story || !conn) return <Missing what={`segment ${id}`} />;
  const at = (t: number) => formatInstant(t, story.decimals);
  const name = story.flag === 'DATA' ? (story.label ?? 'data') : story.flag;
  return (
    <div className="insp-body" data-testid="insp-segment" data-seg={id}>
      <header className="insp-head">
        <h3>
          {name}{' '}
          <span className="muted">
            {story.from} → {story.to}
          </span>
        </h3>
        <button
          type="button"
          className="link-button"
          onClick={() => store.getState().select({ kind: 'conn', id: story.conn })}
        >
          #{story.conn}
        </button>
        {story.req !== null ? (
          <button
            type="button"
            className="link-button"
            onClick={() => store.getState().select({ kind: 'req', id: story.req! })}
          >
            request {story.req}
          </button>
        ) : null}
        <ZoomButton run={run} sel={{ kind: 'seg', id }} />
      </header>
      <p className="insp-explanation-plain" data-testid="insp-explanation">
        {story.headline}
      </p>
      <dl className="insp-kv">
        <dt>Sent</dt>
        <dd>{at(story.sentAt)}</dd>
        <dt>{story.delivered ? 'Arrived' : 'Due'}</dt>
        <dd>
          {at(story.arriveAt)} {story.delivered ? '' : '(never delivered)'}
        </dd>
        <dt>On the wire</dt>
        <dd>{formatDuration(story.arriveAt - story.sentAt)}</dd>
        <dt>Bytes</dt>
        <dd>{story.bytes}</dd>
      </dl>
      {story.onSend.length ? (
        <section className="insp-section">
          <h3>What sent it</h3>
          <ul className="insp-effects">
            {story.onSend.map((x) => (
              <li key={`${x.machine}:${x.to}`}>
                {x.side} {x.machine}: {x.from} → <strong>{x.to}</strong>{' '}
                <span className="muted">({x.cause})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="insp-section">
        <h3>What it did on arrival</h3>
        {story.onArrival.length ? (
          <ul className="insp-effects">
            {story.onArrival.map((x) => (
              <li key={`${x.machine}:${x.to}`}>
                {x.side} {x.machine}: {x.from} → <strong>{x.to}</strong>{' '}
                <span className="muted">({x.cause})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">
            No state changed when it arrived{story.delivered ? '' : ' (it never arrived)'}.
          </p>
        )}
      </section>
      <Machines
        run={run}
        conn={conn}
        initial={story.to === 'client' ? 'tcp.client' : 'tcp.server'}
        key={`m-seg-${id}`}
      />
    </div>
  );
}

function Missing({ what }: { what: string }) {
  return <p className="muted">There is no {what} in this run.</p>;
}

function EmptyInspector({ run }: { run: RunData }) {
  const select = useApp((s) => s.select);
  const failures = run.index.failures.slice(0, 6);
  return (
    <div className="insp-empty" data-testid="insp-empty">
      <p>
        Select a connection, a request or a segment — on the stage, on the timeline or in the event log — to
        see what it went through and why.
      </p>
      {failures.length ? (
        <>
          <p className="muted small">Failed requests in this run:</p>
          <p className="insp-chips">
            {failures.map((f) => (
              <button
                key={f.req}
                type="button"
                className="insp-chip insp-failed"
                onClick={() => select({ kind: 'req', id: f.req })}
              >
                request {f.req}
              </button>
            ))}
            {run.index.failures.length > failures.length ? (
              <span className="muted small">and {run.index.failures.length - failures.length} more</span>
            ) : null}
          </p>
        </>
      ) : (
        <p className="muted small">No request failed in this run.</p>
      )}
    </div>
  );
}

export function InspectorPanel() {
  const chartsReady = useWarmCharts();
  const run = useApp((s) => s.run);
  const sel = useApp((s) => s.selection);
  const select = useApp((s) => s.select);
  return (
    <PanelShell
      name="inspector"
      title="Inspector"
      wide
      className="inspector"
      testId="inspector"
      data-kind={sel?.kind ?? ''}
      data-charts={chartsReady ? 'laid-out' : 'pending'}
      actions={
        sel ? (
          <button type="button" className="small-button" onClick={() => select(null)}>
            Clear
          </button>
        ) : null
      }
    >
      {!run ? (
        <Simulating />
      ) : !sel ? (
        <EmptyInspector run={run} />
      ) : sel.kind === 'req' ? (
        <RequestInspector run={run} id={sel.id} key={`r${run.runId}:${sel.id}`} />
      ) : sel.kind === 'conn' ? (
        <ConnectionInspector run={run} id={sel.id} key={`c${run.runId}:${sel.id}`} />
      ) : (
        <SegmentInspector run={run} id={sel.id} key={`s${run.runId}:${sel.id}`} />
      )}
    </PanelShell>
  );
}
