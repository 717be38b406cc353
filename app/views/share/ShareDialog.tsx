/**
 * Files: export the scenario on screen (JSON, as the CLI reads it) or its whole trace (JSON
 * Lines, sim-core/trace/io.ts), and import either. An import is checked completely before it
 * touches anything — scenario files by scenario validation, trace files by the trace-import
 * worker — and a refused file leaves the run, the URL and the settings as they were, with what is
 * wrong (line, field, limit) shown here.
 */
import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { serializeTrace } from '../../../sim-core/trace/io';
import { useApp, useAppStore } from '../../store/context';
import { download, parseScenarioFile, scenarioFileName, traceFileName } from './files';
import { importTraceText, tooLarge } from './traceImport';
import './share.css';

type Status =
  | { kind: 'idle' }
  | { kind: 'reading'; file: string }
  | { kind: 'error'; file: string; what: 'scenario' | 'trace'; problems: string[] };

export function ShareDialog() {
  const store = useAppStore();
  const open = useApp((s) => s.shareOpen);
  const setOpen = useApp((s) => s.setShareOpen);
  const run = useApp((s) => s.run);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const ref = useRef<HTMLDialogElement>(null);
  const scenarioInput = useId();
  const traceInput = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const exportScenario = () => {
    if (!run) return;
    download(
      scenarioFileName(run.scenario),
      `${JSON.stringify(run.scenario, null, 2)}\n`,
      'application/json',
    );
  };
  const exportTrace = () => {
    if (!run) return;
    const scenario = run.source && !run.source.scenarioKnown ? null : run.scenario;
    download(traceFileName(run.scenario), serializeTrace(run.trace, scenario), 'application/x-ndjson');
  };

  const importScenario = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setStatus({ kind: 'reading', file: file.name });
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setStatus({
        kind: 'error',
        file: file.name,
        what: 'scenario',
        problems: [`could not read it: ${(err as Error).message}`],
      });
      return;
    }
    const r = parseScenarioFile(text);
    if (!r.ok) {
      setStatus({ kind: 'error', file: file.name, what: 'scenario', problems: r.problems });
      return;
    }
    setStatus({ kind: 'idle' });
    store.getState().openScenarioFile(r.scenario, file.name);
    setOpen(false);
  };

  const importTrace = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const big = tooLarge(file.size);
    if (big) {
      setStatus({ kind: 'error', file: file.name, what: 'trace', problems: [big] });
      return;
    }
    setStatus({ kind: 'reading', file: file.name });
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setStatus({
        kind: 'error',
        file: file.name,
        what: 'trace',
        problems: [`could not read it: ${(err as Error).message}`],
      });
      return;
    }
    const r = await importTraceText(text, file.name);
    if (!r.ok) {
      setStatus({ kind: 'error', file: file.name, what: 'trace', problems: r.problems });
      return;
    }
    setStatus({ kind: 'idle' });
    store.getState().openImportedRun(r.data);
    setOpen(false);
  };

  return (
    <dialog
      ref={ref}
      className="share-dialog"
      aria-labelledby="share-title"
      data-testid="share-dialog"
      onClose={() => {
        setOpen(false);
        if (status.kind === 'error') setStatus({ kind: 'idle' });
      }}
    >
      <h2 id="share-title">Share and files</h2>
      <p className="muted small">
        The address bar is always a link to what is on screen when paused: scenario, seed, time, selection,
        breakpoints and lesson step. Files carry the rest.
      </p>

      <section className="share-section" aria-labelledby="export-title">
        <h3 id="export-title">Export</h3>
        <div className="share-row">
          <button type="button" onClick={exportScenario} disabled={!run} data-testid="export-scenario">
            Scenario file (.json)
          </button>
          <span className="muted small">
            Everything that defines the run, seed included; the CLI runs it too.
          </span>
        </div>
        <div className="share-row">
          <button type="button" onClick={exportTrace} disabled={!run} data-testid="export-trace">
            Trace file (.jsonl)
          </button>
          <span className="muted small">
            Every event of this run{run ? ` (${run.trace.length.toLocaleString('en')})` : ''}, with its
            scenario: opens here exactly as recorded.
          </span>
        </div>
      </section>

      <section className="share-section" aria-labelledby="import-title">
        <h3 id="import-title">Import</h3>
        <div className="share-row">
          <label className="file-button" htmlFor={scenarioInput}>
            Open a scenario file…
          </label>
          <input
            id={scenarioInput}
            className="file-input"
            type="file"
            accept=".json,application/json"
            onChange={importScenario}
            data-testid="import-scenario-input"
          />
          <span className="muted small">
            Runs it from the start (only what differs from the defaults is needed).
          </span>
        </div>
        <div className="share-row">
          <label className="file-button" htmlFor={traceInput}>
            Open a trace file…
          </label>
          <input
            id={traceInput}
            className="file-input"
            type="file"
            accept=".jsonl,.ndjson,.json,.txt"
            onChange={importTrace}
            data-testid="import-trace-input"
          />
          <span className="muted small">
            Shows a recorded run (up to 2 million events) without simulating it.
          </span>
        </div>
        {status.kind === 'reading' ? (
          <p className="share-status" role="status">
            Reading {status.file}…
          </p>
        ) : null}
        {status.kind === 'error' ? (
          <div className="notice notice-error import-error" role="alert" data-testid="import-error">
            <strong>
              {status.file} was not imported: it is not a usable {status.what} file. Nothing was changed.
            </strong>
            <ul>
              {status.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <form method="dialog" className="share-foot">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
