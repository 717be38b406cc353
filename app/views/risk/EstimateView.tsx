/**
 * The estimate: a progress bar from the first progress message, Cancel, then failures per
 * million with its 95 % interval (tightening as shards merge), the split by cause and by wire
 * outcome, retries, duplicated side effects, indeterminate outcomes and the latency cost; the
 * first failure opens on the stage.
 */
import type { RiskEstimate } from '../../../sim-core';
import { formatCount, formatMs } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import type { RiskRun } from '../../store/riskSlice';
import { perMillion, share } from './format';
import { cancelRisk, startAll } from './runner';
import { openOnStage } from './stageLink';

/** The progress bar and the state line of a computation (shared by the estimate, fixes and map). */
export function RunProgress({ run, what, testId }: { run: RiskRun<unknown>; what: string; testId: string }) {
  const store = useAppStore();
  const status = run.status;
  const fraction = run.status === 'running' && run.runsTotal > 0 ? run.runsDone / run.runsTotal : 0;
  return (
    <div className="risk-progress" data-testid={testId} data-status={status}>
      {run.status === 'running' ? (
        <>
          <progress max={1} value={fraction} aria-label={`${what}: progress`} data-testid={`${testId}-bar`} />
          <span className="risk-progress-text" aria-live="polite">
            {what}: {Math.floor(fraction * 100)} % on {run.workers} worker{run.workers === 1 ? '' : 's'}
          </span>
          <button
            type="button"
            className="small-button"
            onClick={() => cancelRisk(store)}
            data-testid={`${testId}-cancel`}
          >
            Cancel
          </button>
        </>
      ) : run.status === 'done' ? (
        <span className="risk-progress-text muted small">
          {what}: done in {(run.elapsedMs / 1000).toFixed(1)} s on {run.workers} worker
          {run.workers === 1 ? '' : 's'}
        </span>
      ) : run.status === 'cancelled' ? (
        <span className="risk-progress-text">
          {what}: cancelled{run.partial ? ' (what was in so far is shown)' : ''}.{' '}
          <button
            type="button"
            className="small-button"
            onClick={() => void startAll(store)}
            data-testid={`${testId}-again`}
          >
            Run again
          </button>
        </span>
      ) : run.status === 'error' ? (
        <span className="risk-progress-text field-error" role="alert">
          {what} failed: {run.message}
        </span>
      ) : null}
    </div>
  );
}

/** The estimate on screen: the result, or the partial merge while it runs. */
export function shownEstimate(run: RiskRun<RiskEstimate>): RiskEstimate | null {
  if (run.status === 'done') return run.result;
  if (run.status === 'running' || run.status === 'cancelled') return run.partial;
  return null;
}

function Bar({ parts, total }: { parts: { label: string; n: number; className: string }[]; total: number }) {
  return (
    <div className="risk-split" aria-hidden="true">
      {parts
        .filter((p) => p.n > 0)
        .map((p) => (
          <span
            key={p.label}
            className={`risk-split-part ${p.className}`}
            style={{ flexGrow: p.n / Math.max(1, total) }}
          />
        ))}
    </div>
  );
}

function Split({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: { label: string; n: number; className: string; note?: string }[];
  testId: string;
}) {
  const total = rows.reduce((n, r) => n + r.n, 0);
  return (
    <div className="risk-split-block" data-testid={testId}>
      <h4>{title}</h4>
      <Bar parts={rows} total={total} />
      <table className="risk-split-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-key={r.className}>
              <th scope="row">
                <span className={`risk-swatch ${r.className}`} aria-hidden="true" />
                {r.label}
                {r.note ? <span className="muted small"> {r.note}</span> : null}
              </th>
              <td>{formatCount(r.n)}</td>
              <td className="muted">{share(r.n, total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EstimateView() {
  const store = useAppStore();
  const run = useApp((s) => s.riskEstimate);
  const e = shownEstimate(run);
  return (
    <section
      className="risk-card risk-estimate"
      aria-labelledby="risk-estimate-title"
      data-testid="risk-estimate"
      data-status={run.status}
    >
      <h3 id="risk-estimate-title">Estimate</h3>
      <RunProgress run={run} what="Estimate" testId="risk-estimate-progress" />
      {e ? (
        <>
          <p
            className="risk-headline"
            data-testid="risk-headline"
            data-fpm={e.failuresPerMillion}
            data-requests={e.requests}
          >
            <strong className="risk-number">{perMillion(e.failuresPerMillion)}</strong> failures per million
            requests
            <span className="risk-interval" data-testid="risk-interval">
              95 % interval {perMillion(e.ci95PerMillion[0])}–{perMillion(e.ci95PerMillion[1])}
            </span>
          </p>
          <p className="muted small">
            {formatCount(e.failed)} of {formatCount(e.requests)} simulated requests failed (
            {formatCount(e.runs)} runs
            {run.status === 'running' ? ', still running' : ''}).
            {e.truncatedRuns > 0 ? ` ${formatCount(e.truncatedRuns)} runs stopped at an engine limit.` : ''}
          </p>
          <div className="risk-splits">
            <Split
              title="By cause"
              testId="risk-by-cause"
              rows={[
                { label: 'stale reuse', n: e.byCause.stale, className: 'c-stale' },
                {
                  label: 'race window',
                  n: e.byCause.raceWindow,
                  className: 'c-race',
                },
                {
                  label: 'closed mid-request',
                  n: e.byCause.serverClosedMidRequest,
                  className: 'c-mid',
                },
                { label: 'other', n: e.byCause.other, className: 'c-other' },
              ]}
            />
            <Split
              title="On the wire"
              testId="risk-by-outcome"
              rows={[
                { label: 'EOF', n: e.byOutcome.eof, className: 'o-eof' },
                { label: 'reset', n: e.byOutcome.reset, className: 'o-reset' },
                { label: 'timeout', n: e.byOutcome.timeout, className: 'o-timeout' },
                { label: 'other', n: e.byOutcome.other, className: 'o-other' },
              ]}
            />
          </div>
          <p className="muted small risk-cause-words">
            Stale: the server’s FIN had reached the client before the request left (a check at checkout sees
            it). Race window: the request left before the FIN arrived and reached the server after its close —
            they crossed. Closed mid-request: the server closed while handling it.
          </p>
          <dl className="risk-facts">
            <div>
              <dt>Retries</dt>
              <dd data-testid="risk-retries">{formatCount(e.retries)}</dd>
            </div>
            <div>
              <dt>Duplicated side effects</dt>
              <dd data-testid="risk-duplicates">{formatCount(e.duplicates)}</dd>
            </div>
            <div>
              <dt>Indeterminate</dt>
              <dd data-testid="risk-indeterminate">{formatCount(e.indeterminate)}</dd>
            </div>
            <div>
              <dt>Latency p95 / p99</dt>
              <dd data-testid="risk-latency">
                {formatMs(e.latencyMs.p95)} / {formatMs(e.latencyMs.p99)}
                <span className="muted small">
                  {' '}
                  (first-try successes {formatMs(e.latencyCleanMs.p95)} / {formatMs(e.latencyCleanMs.p99)})
                </span>
              </dd>
            </div>
          </dl>
          {e.firstFailure ? (
            <button
              type="button"
              onClick={() => openOnStage(store, e.firstFailure!.scenario, e.firstFailure!.req)}
              data-testid="risk-open-first-failure"
            >
              Open the first failure on the stage
            </button>
          ) : null}
        </>
      ) : run.status === 'idle' ? (
        <p className="muted">Press Estimate to simulate your stack.</p>
      ) : null}
    </section>
  );
}
