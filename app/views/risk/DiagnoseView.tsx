/**
 * "Paste your error": an exception or traceback as a person would paste it, read by sim-core's
 * `diagnose` — the library (and version range where the text tells), the mechanism it points to,
 * what else it could mean, and buttons that open the explorer or the stage preset to it. Text it
 * does not recognise gets "not recognised" with the signatures it knows.
 */
import { useId } from 'react';
import { diagnose, PRESETS, presetScenario } from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { startAll } from './runner';
import { openOnStage } from './stageLink';

/** More than this is not a traceback (and would only slow the matching). */
const MAX_PASTE = 100_000;

export function DiagnoseView() {
  const store = useAppStore();
  const text = useApp((s) => s.riskPasted);
  const d = useApp((s) => s.riskDiagnosis);
  const setPasted = useApp((s) => s.setRiskPasted);
  const id = useId();
  const tooLong = text.length > MAX_PASTE;
  const read = () => {
    if (tooLong) return;
    setPasted(text, text.trim() === '' ? null : diagnose(text));
  };
  return (
    <section className="risk-card risk-diagnose" aria-labelledby={`${id}-title`} data-testid="risk-diagnose">
      <h3 id={`${id}-title`}>Paste your error</h3>
      <label htmlFor={`${id}-text`} className="muted small">
        An exception message or a whole traceback, as your logs have it.
      </label>
      <textarea
        id={`${id}-text`}
        className="risk-paste"
        rows={8}
        spellCheck={false}
        value={text}
        placeholder={
          'h11._util.RemoteProtocolError: can\u2019t handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE'
        }
        data-testid="risk-paste"
        aria-invalid={tooLong ? true : undefined}
        onChange={(e) => setPasted(e.target.value, null)}
      />
      {tooLong ? (
        <p className="field-error" role="alert">
          The text is {text.length.toLocaleString('en-US')} characters; at most{' '}
          {MAX_PASTE.toLocaleString('en-US')} are read.
        </p>
      ) : null}
      <div className="risk-actions">
        <button
          type="button"
          className="primary"
          onClick={read}
          disabled={text.trim() === '' || tooLong}
          data-testid="risk-diagnose-button"
        >
          What does it mean?
        </button>
      </div>
      {d ? (
        <div
          className="risk-diagnosis"
          data-testid="risk-diagnosis"
          data-recognised={String(d.recognised)}
          data-signature={d.signature ?? ''}
          aria-live="polite"
        >
          {d.recognised ? (
            <>
              <p>
                <strong data-testid="risk-diagnosis-library">
                  {d.library ?? 'a library the text does not name'}
                </strong>
              </p>
              <p data-testid="risk-diagnosis-mechanism">{d.mechanism}</p>
              {d.alternatives.length > 0 ? (
                <>
                  <h4>It could also mean</h4>
                  <ul>
                    {d.alternatives.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <div className="risk-actions">
                {d.riskInput ? (
                  <button
                    type="button"
                    data-testid="risk-diagnosis-explore"
                    onClick={() => {
                      const s = store.getState();
                      if (s.setRiskInput(d.riskInput!)) {
                        s.setRiskTab('explore');
                        void startAll(store);
                      }
                    }}
                  >
                    Estimate this stack
                  </button>
                ) : null}
                {d.preset && Object.hasOwn(PRESETS, d.preset) ? (
                  <button
                    type="button"
                    data-testid="risk-diagnosis-stage"
                    onClick={() => openOnStage(store, presetScenario(d.preset!), null, d.preset)}
                  >
                    Watch it on the stage ({d.preset})
                  </button>
                ) : null}
              </div>
            </>
          ) : (
            <>
              <p>
                <strong>Not recognised.</strong> {d.mechanism}
              </p>
              <h4>What it looks for</h4>
              <ul className="risk-known" data-testid="risk-known">
                {d.known.map((k) => (
                  <li key={k}>
                    <code>{k}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
