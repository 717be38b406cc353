/**
 * The risk explorer (issue 14): "will my stack hit this, how often, and what change removes it?"
 * A modal dialog reached from the top bar's Risk button or a `?view=risk` link. Two tabs: the
 * explorer (your stack on the left; the estimate, the fixes and the map beside it, computed by a
 * Monte Carlo on the risk workers) and "paste your error". Opening the explorer with nothing
 * computed for its question starts the estimate; changing the question re-runs it.
 */
import { useEffect } from 'react';
import { useApp, useAppStore } from '../../store/context';
import type { RiskTab } from '../../store/riskSlice';
import { DialogShell } from '../panel/DialogShell';
import { DiagnoseView } from './DiagnoseView';
import { EstimateView } from './EstimateView';
import { FixesView } from './FixesView';
import { MapView } from './MapView';
import { RiskForm } from './RiskForm';
import { cancelRisk, startAll } from './runner';
import './risk.css';

const TABS: { id: RiskTab; label: string }[] = [
  { id: 'explore', label: 'Will my stack hit this?' },
  { id: 'diagnose', label: 'Paste your error' },
];

export function RiskDialog() {
  const store = useAppStore();
  const open = useApp((s) => s.riskOpen);
  const tab = useApp((s) => s.riskTab);
  const input = useApp((s) => s.riskInput);
  const setOpen = useApp((s) => s.setRiskOpen);
  const setTab = useApp((s) => s.setRiskTab);
  const estimateIdle = useApp((s) => s.riskEstimate.status === 'idle');
  const running = useApp(
    (s) =>
      s.riskEstimate.status === 'running' ||
      s.riskFixes.status === 'running' ||
      s.riskMap.status === 'running',
  );

  // A question with nothing computed for it is answered as soon as the explorer shows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: input is the trigger (a new question clears the results).
  useEffect(() => {
    if (open && tab === 'explore' && estimateIdle) void startAll(store);
  }, [open, tab, estimateIdle, input, store]);

  const close = () => {
    cancelRisk(store);
    setOpen(false);
  };

  return (
    <DialogShell
      open={open}
      name="risk"
      title="Risk explorer"
      className="risk-dialog"
      testId="risk-dialog"
      onClose={close}
    >
      <button
        type="button"
        className="risk-close small-button"
        onClick={close}
        data-testid="risk-close"
        aria-label="Close the risk explorer"
      >
        Close
      </button>
      <div className="risk-tabs" role="tablist" aria-label="Risk explorer">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`risk-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`risk-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={`risk-tab-${t.id}`}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const i = TABS.findIndex((x) => x.id === tab);
              const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
              setTab(next.id);
              document.getElementById(`risk-tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'explore' ? (
        <div
          className="risk-explore"
          role="tabpanel"
          id="risk-panel-explore"
          aria-labelledby="risk-tab-explore"
        >
          {/* Each column scrolls on its own on a desktop; both hold focusable fields and buttons. */}
          <section className="risk-side" aria-label="Your stack">
            <RiskForm />
            <div className="risk-actions">
              <button
                type="button"
                className="primary"
                onClick={() => void startAll(store)}
                disabled={running}
                data-testid="risk-estimate-button"
              >
                Estimate
              </button>
            </div>
          </section>
          <section className="risk-results" aria-label="The answer">
            <div className="risk-col">
              <EstimateView />
              <FixesView />
            </div>
            <div className="risk-col">
              <MapView />
            </div>
          </section>
        </div>
      ) : (
        <div
          className="risk-diagnose-tab"
          role="tabpanel"
          id="risk-panel-diagnose"
          aria-labelledby="risk-tab-diagnose"
        >
          <DiagnoseView />
        </div>
      )}
    </DialogShell>
  );
}
