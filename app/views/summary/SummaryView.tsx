import { Fragment } from 'react';
import type { RecordedRun, RequestSummary, Summary } from '../../../sim-core';
import { formatConn, formatCount, formatMs, formatSimSeconds } from '../../format';
import { PanelShell } from '../panel/PanelShell';

interface Stat {
  id: string;
  label: string;
  value: string;
  tone?: 'good' | 'bad' | 'warn';
}

interface StatGroup {
  title: string;
  stats: Stat[];
}

function statGroups(summary: Summary): StatGroup[] {
  const t = summary.totals;
  const bad = (n: number) => (n > 0 ? 'bad' : undefined);
  const warn = (n: number) => (n > 0 ? 'warn' : undefined);
  const outcomes: Stat[] = [
    { id: 'requests', label: 'Requests', value: formatCount(t.requests) },
    { id: 'ok', label: 'OK', value: formatCount(t.ok), tone: 'good' },
    {
      id: 'ok-after-retry',
      label: 'OK after retry',
      value: formatCount(t.okAfterRetry),
      tone: warn(t.okAfterRetry),
    },
    { id: 'failed', label: 'Failed', value: formatCount(t.failed), tone: bad(t.failed) },
    {
      id: 'indeterminate',
      label: 'Indeterminate',
      value: formatCount(t.indeterminate),
      tone: warn(t.indeterminate),
    },
    {
      id: 'duplicate-side-effects',
      label: 'Duplicate side effects',
      value: formatCount(t.duplicateSideEffects),
      tone: bad(t.duplicateSideEffects),
    },
  ];
  if (t.unfinished > 0) {
    outcomes.push({ id: 'unfinished', label: 'Unfinished', value: formatCount(t.unfinished), tone: 'warn' });
  }
  const work: Stat[] = [
    { id: 'retries', label: 'Retries', value: formatCount(t.retries) },
    { id: 'connections-opened', label: 'Connections opened', value: formatCount(t.connectionsOpened) },
    { id: 'p50', label: 'Latency p50', value: formatMs(t.latencyMs.p50) },
    { id: 'p95', label: 'Latency p95', value: formatMs(t.latencyMs.p95) },
    { id: 'p99', label: 'Latency p99', value: formatMs(t.latencyMs.p99) },
  ];
  return [
    { title: 'Outcomes', stats: outcomes },
    { title: 'Connections and latency', stats: work },
  ];
}

export function SummaryView({
  summary,
  elapsedMs,
  note = null,
  recorded = null,
}: {
  summary: Summary;
  elapsedMs: number;
  /** What changed from the preset the scenario is named after (describeScenario's `note`). */
  note?: string | null;
  /** A real or captured trace: it was recorded, not simulated (no seed; what produced it). */
  recorded?: RecordedRun | null;
}) {
  const failed = summary.requests.filter((r) => r.outcome === 'failed');
  const byClass = Object.entries(summary.totals.byErrorClass).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  return (
    <PanelShell
      name="summary"
      title={
        <>
          Summary{' '}
          <span className="muted">
            · {summary.scenario}
            {recorded
              ? `, ${recorded.source === 'real' ? 'a real run' : 'a packet capture'}`
              : `, seed ${summary.seed}`}
            {note ? <span data-testid="summary-modified"> ({note})</span> : null}
          </span>
        </>
      }
      intro={
        <>
          {recorded?.source === 'capture' ? 'captured: ' : recorded ? 'real: ' : ''}client{' '}
          <code>{summary.client}</code> · server <code>{summary.server}</code> ·{' '}
          {recorded ? (
            <span data-testid="summary-recorded">
              {formatSimSeconds(summary.simulatedMs * 1000)} recorded
              {recorded.detail ? ` (${recorded.detail})` : ''}
            </span>
          ) : (
            <>
              {formatSimSeconds(summary.simulatedMs * 1000)} simulated in {formatCount(Math.round(elapsedMs))}{' '}
              ms
            </>
          )}
        </>
      }
      testId="summary"
    >
      {statGroups(summary).map((group) => (
        <div key={group.title} className="stat-group">
          <h3 className="group-title">{group.title}</h3>
          <dl className="stats">
            {group.stats.map((s) => (
              <div
                key={s.id}
                className={`stat${s.tone ? ` stat-${s.tone}` : ''}`}
                data-testid={`stat-${s.id}`}
              >
                <dt>{s.label}</dt>
                <dd>{s.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}

      <div className="columns">
        <div>
          <h3>Failed by error class</h3>
          {byClass.length === 0 ? (
            <p className="muted" data-testid="by-error-class-empty">
              None.
            </p>
          ) : (
            <ul className="plain-list" data-testid="by-error-class">
              {byClass.map(([cls, n]) => (
                <li key={cls}>
                  <code>{breakAtDots(cls)}</code> <span className="count">{formatCount(n)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>Trace</h3>
          <dl className="kv">
            <dt>Hash</dt>
            <dd>
              <code data-testid="trace-hash">{summary.traceHash}</code>
            </dd>
            <dt>Events</dt>
            <dd data-testid="event-count">{formatCount(summary.events)}</dd>
            <dt>Version</dt>
            <dd>v{summary.traceVersion}</dd>
          </dl>
        </div>
      </div>

      <h3 id="failed-heading">
        Failed requests <span className="muted">({formatCount(failed.length)})</span>
      </h3>
      {failed.length === 0 ? (
        <p className="muted" data-testid="no-failures">
          No request failed.
        </p>
      ) : (
        <FailedTable rows={failed} />
      )}
    </PanelShell>
  );
}

/**
 * An exception class with a line-break opportunity after each dot (`h11._util.` / `RemoteProtocolError`),
 * so a narrow column wraps it between its parts instead of cutting it.
 */
export function breakAtDots(cls: string) {
  const parts = cls.split('.');
  return parts.map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}

/** Rows rendered at most: the table is a plain DOM table, not a virtualised one (yet). */
const MAX_ROWS = 500;

function FailedTable({ rows: all }: { rows: RequestSummary[] }) {
  const rows = all.length > MAX_ROWS ? all.slice(0, MAX_ROWS) : all;
  return (
    <>
      {rows.length < all.length ? (
        <p className="muted small" data-testid="failed-truncated">
          Showing the first {formatCount(rows.length)} of {formatCount(all.length)} failed requests.
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard to be scrolled (WCAG 2.1.1; axe's scrollable-region-focusable) */}
      <section className="table-wrap" tabIndex={0} aria-label="Failed requests">
        <table className="failed-table" aria-labelledby="failed-heading" data-testid="failed-requests">
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col" className="num">
                Sent at
              </th>
              <th scope="col">Connection</th>
              <th scope="col">Error and cause</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="failed-request">
                <td>
                  {r.id}
                  <code className="cell-line small">{r.method}</code>
                </td>
                <td className="num">{formatMs(r.sentAtMs)}</td>
                <td className="nowrap">
                  {formatConn(r.connectionId)}
                  <span className="muted small"> {r.reused ? 'reused' : 'new'}</span>
                  <span className="cell-line muted small">
                    {r.attempts} attempt{r.attempts === 1 ? '' : 's'}
                  </span>
                </td>
                <td className="error-cell">
                  {r.error ? (
                    <>
                      <code className="error-class">{breakAtDots(r.error.class)}</code>
                      <span className="error-message" data-testid="error-message">
                        {r.error.message}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                  <span className="cell-line muted small">
                    cause: {r.cause ?? '—'}
                    {r.indeterminate ? <span className="badge">indeterminate</span> : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
