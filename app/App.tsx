import { type FormEvent, useId, useState } from 'react';
import { PRESETS, presetScenario } from '../sim-core/scenario/presets';
import { formatCount, formatSimSeconds } from './format';
import { SummaryView } from './SummaryView';
import { parseSeed } from './seed';
import { useSimClient } from './useSimClient';
import type { RunState } from './worker/client';
import { describeError } from './worker/protocol';

const PRESET_LIST = Object.values(PRESETS);
const DEFAULT_PRESET = PRESETS['issue-96'] ? 'issue-96' : (PRESET_LIST[0]?.name ?? '');

export function App() {
  const [presetName, setPresetName] = useState(DEFAULT_PRESET);
  const [seedText, setSeedText] = useState(() => String(PRESETS[DEFAULT_PRESET]?.scenario.seed ?? 0));
  const [seedError, setSeedError] = useState<string | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const { state, run, cancel } = useSimClient();
  const presetId = useId();
  const seedId = useId();
  const seedErrorId = useId();

  const preset = PRESETS[presetName];
  const running = state.status === 'running';

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const seed = parseSeed(seedText);
    if (!seed.ok) {
      setSeedError(seed.message);
      return;
    }
    setSeedError(null);
    try {
      const scenario = presetScenario(presetName, seed.seed);
      setInputError(null);
      run(scenario);
    } catch (err) {
      setInputError(describeError(err));
    }
  }

  return (
    <div className="page">
      <header className="masthead">
        <h1>Race Window</h1>
        <p className="tagline">
          A deterministic simulator of the HTTP/1.1 keep-alive reuse race: a client pool reuses a connection
          the server has just closed.
        </p>
      </header>

      <main>
        <section className="panel" aria-labelledby="run-heading">
          <h2 id="run-heading">Run a preset</h2>
          <form className="controls" onSubmit={onSubmit} noValidate>
            <div className="field grow">
              <label htmlFor={presetId}>Preset</label>
              <select
                id={presetId}
                data-testid="preset-select"
                value={presetName}
                onChange={(e) => setPresetName(e.target.value)}
              >
                {PRESET_LIST.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name} — {p.title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={seedId}>Seed</label>
              <input
                id={seedId}
                data-testid="seed-input"
                className="seed"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                value={seedText}
                aria-invalid={seedError !== null}
                aria-describedby={seedError ? seedErrorId : undefined}
                onChange={(e) => {
                  setSeedText(e.target.value);
                  if (seedError) setSeedError(null);
                }}
              />
            </div>
            <div className="actions">
              <button type="submit" className="primary" data-testid="run-button" disabled={running}>
                {running ? 'Running…' : 'Run'}
              </button>
              {running ? (
                <button type="button" data-testid="cancel-button" onClick={cancel}>
                  Cancel
                </button>
              ) : null}
            </div>
          </form>
          {seedError ? (
            <p id={seedErrorId} className="field-error" role="alert" data-testid="seed-error">
              {seedError}
            </p>
          ) : null}
          {inputError ? (
            <p className="field-error" role="alert" data-testid="input-error">
              {inputError}
            </p>
          ) : null}
          {preset ? <p className="description">{preset.description}</p> : null}
        </section>

        <RunStatus state={state} />

        {state.status === 'done' ? <SummaryView summary={state.summary} elapsedMs={state.elapsedMs} /> : null}
      </main>
    </div>
  );
}

function RunStatus({ state }: { state: RunState }) {
  if (state.status === 'error') {
    return (
      <section className="panel notice notice-error" role="alert" data-testid="run-error">
        <h2>The run failed</h2>
        <p className="error-text">{state.message}</p>
      </section>
    );
  }
  let text: string;
  let fraction: number | null = null;
  switch (state.status) {
    case 'idle':
      text = 'Pick a preset and a seed, then press Run.';
      break;
    case 'running': {
      const p = state.progress;
      text = `Running ${state.scenario} with seed ${state.seed} in the simulation worker…`;
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
      text = `Finished ${state.scenario} with seed ${state.seed}: ${formatCount(state.trace.length)} trace events received from the worker.`;
      break;
  }
  return (
    <div className="status" data-testid="run-status" data-status={state.status} aria-live="polite">
      <span>{text}</span>
      {state.status === 'running' ? (
        <progress max={1} value={fraction ?? undefined} aria-label="Simulation progress" />
      ) : null}
    </div>
  );
}
