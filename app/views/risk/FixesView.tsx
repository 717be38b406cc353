/**
 * The fixes, from the model: each candidate change for this stack (sim-core's `candidateFixes`)
 * measured as a counterfactual on the same seeds, ranked by failures per million, then by
 * duplicated side effects. Each names the library's own setting, with a snippet to copy, its
 * source, the effect against the estimate and the duplicates. Apply puts it into the explorer's
 * question and the stage's scenario.
 */
import { useState } from 'react';
import type { Fix } from '../../../sim-core';
import { formatCount } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import { RunProgress, shownEstimate } from './EstimateView';
import { perMillion } from './format';
import { applyFix } from './stageLink';

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className="small-button" onClick={copy} aria-label={`Copy the snippet: ${label}`}>
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

function sourceHref(source: string): string | null {
  return /^https?:\/\//.test(source) ? source : null;
}

function effect(fix: Fix, baseline: number | null): string {
  const after = fix.estimate.failuresPerMillion;
  if (baseline === null) return `${perMillion(after)} per million`;
  if (baseline === 0)
    return after === 0 ? 'no change (none failed before)' : `${perMillion(after)} per million (none before)`;
  const change = (after - baseline) / baseline;
  if (after === 0) return 'removes every failure';
  return change <= 0
    ? `${Math.round(-change * 100)} % fewer failures`
    : `${Math.round(change * 100)} % more failures`;
}

function FixRow({
  fix,
  rank,
  baseline,
  onApplied,
}: {
  fix: Fix;
  rank: number;
  baseline: number | null;
  onApplied: (message: string) => void;
}) {
  const store = useAppStore();
  const e = fix.estimate;
  const href = sourceHref(fix.source);
  return (
    <li className="risk-fix" data-testid="risk-fix" data-fix={fix.id} data-fpm={e.failuresPerMillion}>
      <div className="risk-fix-head">
        <span className="risk-fix-rank" aria-hidden="true">
          {rank}
        </span>
        <div className="risk-fix-what">
          <strong>{fix.change}</strong>
          <span className="risk-fix-setting">
            <code>{fix.setting}</code>
          </span>
        </div>
        <div className="risk-fix-effect">
          <strong data-testid="risk-fix-rate">{perMillion(e.failuresPerMillion)}</strong>
          <span className="muted small">
            per million ({perMillion(e.ci95PerMillion[0])}–{perMillion(e.ci95PerMillion[1])})
          </span>
          <span className={`small ${e.failuresPerMillion < (baseline ?? Infinity) ? 'good' : 'muted'}`}>
            {effect(fix, baseline)}
          </span>
          <span
            className={`small ${fix.duplicates > 0 ? 'warn' : 'muted'}`}
            data-testid="risk-fix-duplicates"
          >
            {formatCount(fix.duplicates)} duplicated side effect{fix.duplicates === 1 ? '' : 's'}
          </span>
        </div>
      </div>
      <div className="risk-fix-snippet">
        <pre>
          <code>{fix.snippet}</code>
        </pre>
        <CopyButton text={fix.snippet} label={fix.setting} />
      </div>
      <div className="risk-fix-foot">
        <span className="muted small">
          Source:{' '}
          {href ? (
            <a href={href} target="_blank" rel="noreferrer">
              {fix.source}
            </a>
          ) : (
            fix.source
          )}
        </span>
        <button
          type="button"
          className="small-button primary"
          data-testid="risk-fix-apply"
          onClick={() => {
            const next = applyFix(store, fix.input);
            onApplied(
              `Applied “${fix.setting}” to ${next ? 'the explorer and the stage (same seed)' : 'the explorer'}; re-estimating.`,
            );
          }}
        >
          Apply
        </button>
      </div>
    </li>
  );
}

export function FixesView() {
  const run = useApp((s) => s.riskFixes);
  // What the last Apply did (the list it was in is re-measured for the new question).
  const [applied, setApplied] = useState('');
  const estimate = shownEstimate(useApp((s) => s.riskEstimate));
  const fixes =
    run.status === 'done'
      ? run.result
      : run.status === 'running' || run.status === 'cancelled'
        ? (run.partial ?? [])
        : [];
  const baseline = estimate ? estimate.failuresPerMillion : null;
  return (
    <section
      className="risk-card risk-fixes"
      aria-labelledby="risk-fixes-title"
      data-testid="risk-fixes"
      data-status={run.status}
    >
      <h3 id="risk-fixes-title">Fixes, measured on the same seeds</h3>
      <p className="small risk-applied" aria-live="polite" data-testid="risk-fix-applied">
        {applied}
      </p>
      <RunProgress run={run} what="Fixes" testId="risk-fixes-progress" />
      {fixes.length > 0 ? (
        <ol className="risk-fix-list">
          {fixes.map((f, i) => (
            <FixRow key={f.id} fix={f} rank={i + 1} baseline={baseline} onApplied={setApplied} />
          ))}
        </ol>
      ) : run.status === 'done' ? (
        <p className="muted">No candidate change applies to this stack.</p>
      ) : run.status === 'idle' ? (
        <p className="muted">Measured after the estimate.</p>
      ) : null}
    </section>
  );
}
