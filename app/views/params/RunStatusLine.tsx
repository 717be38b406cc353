import { formatCount, formatSimSeconds } from '../../format';
import { useApp } from '../../store/context';

/** One line about the simulation: computing (with progress), done (how much, how fast), or failed. */
export function RunStatusLine() {
  const status = useApp((s) => s.runStatus);
  const run = useApp((s) => s.run);
  const scenario = useApp((s) => s.scenario);
  const cancel = useApp((s) => s.cancelRun);

  if (status.status === 'error') {
    return (
      <div className="run-status run-status-error" data-testid="run-status" data-status="error">
        <div className="notice notice-error" role="alert" data-testid="run-error">
          <strong>The run failed.</strong> <span className="error-text">{status.message}</span>
          {run ? <span> Showing the previous run.</span> : null}
        </div>
      </div>
    );
  }
  let text: string;
  let fraction: number | null = null;
  switch (status.status) {
    case 'idle':
      text = 'Starting the simulation worker…';
      break;
    case 'running': {
      const p = status.progress;
      text = `${status.fork ? 'Re-running' : 'Simulating'} ${scenario.name} (seed ${scenario.seed}) in the simulation worker…`;
      if (p && p.requestsTotal > 0) {
        fraction = p.requestsDone / p.requestsTotal;
        text += ` ${formatCount(p.requestsDone)} of ${formatCount(p.requestsTotal)} requests, ${formatSimSeconds(p.t)} simulated.`;
      }
      break;
    }
    case 'cancelled':
      text = 'Run cancelled.';
      break;
    case 'done':
      // An imported file was read, not simulated (a real run or a capture was never simulated at all).
      text = !run
        ? ''
        : run.source
          ? `${formatCount(run.trace.length)} trace events imported from ${run.source.file} · read in ${formatCount(Math.round(run.elapsedMs))} ms`
          : `${formatCount(run.trace.length)} trace events received from the worker · simulated in ${formatCount(Math.round(run.elapsedMs))} ms`;
      break;
  }
  return (
    <div className="run-status" data-testid="run-status" data-status={status.status} aria-live="polite">
      <span>{text}</span>
      {status.status === 'running' ? (
        <>
          <progress max={1} value={fraction ?? undefined} aria-label="Simulation progress" />
          <button type="button" className="small-button" onClick={cancel} data-testid="cancel-button">
            Cancel
          </button>
        </>
      ) : null}
    </div>
  );
}
