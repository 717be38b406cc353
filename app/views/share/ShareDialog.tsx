/**
 * Files: export the scenario on screen (JSON, as the CLI reads it), its whole trace (JSON Lines,
 * sim-core/trace/io.ts) or the trace as a Perfetto / Chrome trace (sim-core/export/), and import a
 * scenario, a trace, a packet capture (pcap, pcapng: read into a trace by the trace-import
 * worker) or a server profile (what `sim probe` writes: the scenario runs against it). An import is checked completely before it
 * touches anything — scenario files by scenario validation, trace files by the trace-import
 * worker — and a refused file leaves the run, the URL and the settings as they were, with what is
 * wrong (line, field, limit) shown here.
 */
import { type ChangeEvent, type DragEvent, useEffect, useId, useRef, useState } from 'react';
import {
  exportedScenario,
  parseServerProfile,
  serializeChromeTrace,
  serializeTrace,
  withServerProfile,
} from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { describeError } from '../../worker/protocol';
import {
  download,
  looksLikeTrace,
  parseScenarioFile,
  scenarioFileName,
  scenarioTooLarge,
  traceFileName,
} from './files';
import { importCaptureBytes, importTraceText, tooLarge } from './traceImport';
import './share.css';
import { DialogShell } from '../panel/DialogShell';

type FileKind = 'scenario' | 'trace' | 'capture' | 'server profile';

/** A packet capture: pcap (either byte order, µs or ns) or pcapng, by its first four bytes. */
const CAPTURE_MAGIC = new Set(['d4c3b2a1', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d', '0a0d0d0a']);

type Status =
  | { kind: 'idle' }
  | { kind: 'reading'; file: string }
  | { kind: 'error'; file: string; what: FileKind; problems: string[] };

/** A kind of file: its size limit (the sentence when over it), its check, and how it opens. */
interface Importer {
  tooLarge: (bytes: number) => string | null;
  check: (
    file: File,
    name: string,
  ) => Promise<{ ok: true; open: () => void } | { ok: false; problems: string[] }>;
}

/** The import choices of the dialog, in order. */
const IMPORTS: readonly FileRowProps[] = [
  {
    what: 'scenario',
    label: 'Open a scenario file…',
    accept: '.json,application/json',
    testId: 'import-scenario-input',
    note: 'Runs it from the start (only what differs from the defaults is needed).',
  },
  {
    what: 'trace',
    label: 'Open a trace file…',
    accept: '.jsonl,.ndjson,.json,.txt',
    testId: 'import-trace-input',
    note: 'Shows a recorded run (up to 2 million events) without simulating it.',
  },
  {
    what: 'capture',
    label: 'Open a packet capture…',
    accept: '.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap',
    testId: 'import-capture-input',
    note: 'A tcpdump -w file (pcap or pcapng): its TCP connections and HTTP/1.1 requests as a trace, with what the wire shows and no more.',
  },
  {
    what: 'server profile',
    label: 'Import a server profile…',
    accept: '.json,application/json',
    testId: 'import-profile-input',
    note: 'What sim probe measured of a real server: this scenario runs against it.',
  },
];

export function ShareDialog() {
  const store = useAppStore();
  const open = useApp((s) => s.shareOpen);
  const setOpen = useApp((s) => s.setShareOpen);
  const run = useApp((s) => s.run);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  // A refusal is shown where it can be read, also on a small screen where it is below the fold.
  useEffect(() => {
    if (status.kind === 'error') errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [status]);

  const exportScenario = () => {
    if (!run) return;
    // A changed preset is exported under a name and description that say what changed.
    download(
      scenarioFileName(run.scenario),
      `${JSON.stringify(exportedScenario(run.scenario), null, 2)}\n`,
      'application/json',
    );
  };
  const exportPerfetto = () => {
    if (!run) return;
    download(
      traceFileName(run.scenario).replace(/\.jsonl$/, '.perfetto.json'),
      serializeChromeTrace(run.trace),
      'application/json',
    );
  };
  const exportTrace = () => {
    if (!run) return;
    const scenario = run.source && !run.source.scenarioKnown ? null : run.scenario;
    download(traceFileName(run.scenario), serializeTrace(run.trace, scenario), 'application/x-ndjson');
  };

  /** The import that may still change the status: a later one supersedes an earlier one. */
  const current = useRef(0);
  const refuse = (token: number, file: string, what: FileKind, problems: string[]) => {
    if (current.current === token) setStatus({ kind: 'error', file, what, problems });
  };
  /** The file's text; a browser that cannot read it is a problem like any other. */
  const readText = (file: File) =>
    file.text().catch((err: unknown) => {
      throw new Error(`could not read it: ${describeError(err)}`);
    });

  /** How each kind of file is checked, and what opening it does. */
  const importers: Record<FileKind, Importer> = {
    scenario: {
      tooLarge: scenarioTooLarge,
      check: async (file, name) => {
        const r = parseScenarioFile(await readText(file));
        return r.ok ? { ok: true, open: () => store.getState().openScenarioFile(r.scenario, name) } : r;
      },
    },
    trace: {
      tooLarge,
      check: async (file, name) => {
        const r = await importTraceText(await readText(file), name);
        return r.ok ? { ok: true, open: () => store.getState().openImportedRun(r.data) } : r;
      },
    },
    capture: {
      tooLarge,
      check: async (file, name) => {
        const bytes = await file.arrayBuffer().catch((err: unknown) => {
          throw new Error(`could not read it: ${describeError(err)}`);
        });
        const r = await importCaptureBytes(bytes, name);
        return r.ok ? { ok: true, open: () => store.getState().openImportedRun(r.data) } : r;
      },
    },
    'server profile': {
      tooLarge: scenarioTooLarge,
      check: async (file, name) => {
        const r = parseServerProfile(await readText(file));
        if (!r.ok) return { ok: false, problems: [r.message] };
        const base = store.getState().run?.scenario;
        if (!base) return { ok: false, problems: ['no scenario on screen to run against the profile'] };
        const scenario = { ...base, server: withServerProfile(base.server, r.server) };
        return { ok: true, open: () => store.getState().openScenarioFile(scenario, name) };
      },
    },
  };

  // Every import ends in the file opened (and the dialog closed) or refused with what is wrong:
  // nothing below may throw past this function, or the dialog would stay on "Reading…".
  const importFile = async (what: FileKind, file: File) => {
    const token = ++current.current;
    const { tooLarge: big, check } = importers[what];
    const tooBig = big(file.size);
    if (tooBig) return refuse(token, file.name, what, [tooBig]);
    setStatus({ kind: 'reading', file: file.name });
    try {
      const r = await check(file, file.name);
      if (!r.ok) return refuse(token, file.name, what, r.problems);
      if (current.current !== token) return;
      r.open();
    } catch (err) {
      return refuse(token, file.name, what, [describeError(err)]);
    }
    setStatus({ kind: 'idle' });
    setOpen(false);
  };

  /** The chosen file, from an input: the input is cleared so the same file can be chosen again. */
  const fromInput = (take: (file: File) => Promise<void>) => (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void take(file);
  };

  /** A dropped file: a trace if it says so (header line or a first run.start event), else a scenario. */
  const onDrop = async (e: DragEvent<HTMLDialogElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    const head = await file
      .slice(0, 4096)
      .text()
      .catch(() => '');
    const firstLine = head.split('\n')[0] ?? '';
    const magic = [
      ...new Uint8Array(
        await file
          .slice(0, 4)
          .arrayBuffer()
          .catch(() => new ArrayBuffer(0)),
      ),
    ]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    await importFile(
      CAPTURE_MAGIC.has(magic) || /\.(pcap|pcapng|cap)$/i.test(file.name)
        ? 'capture'
        : /\.(jsonl|ndjson)$/i.test(file.name) || looksLikeTrace(firstLine)
          ? 'trace'
          : firstLine.includes('race-window-server-profile') || head.includes('"race-window-server-profile"')
            ? 'server profile'
            : 'scenario',
      file,
    );
  };
  return (
    <DialogShell
      open={open}
      name="share"
      title="Share and files"
      className="share-dialog"
      testId="share-dialog"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-dragging={dragging}
      onClose={() => {
        setOpen(false);
        if (status.kind === 'error') setStatus({ kind: 'idle' });
      }}
    >
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
        <div className="share-row">
          <button type="button" onClick={exportPerfetto} disabled={!run} data-testid="export-perfetto">
            Perfetto trace (.json)
          </button>
          <span className="muted small">
            The run in Chrome's trace event format, for ui.perfetto.dev or chrome://tracing: a track per
            connection and machine, segments as arrows, failures marked.
          </span>
        </div>
      </section>

      <section className="share-section" aria-labelledby="import-title">
        <h3 id="import-title">
          Import <span className="muted small">— or drop a file on this dialog</span>
        </h3>
        {IMPORTS.map((row) => (
          <FileRow key={row.what} {...row} onChange={fromInput((file) => importFile(row.what, file))} />
        ))}
        {status.kind === 'reading' ? (
          <p className="share-status" role="status">
            Reading {status.file}…
          </p>
        ) : null}
        {status.kind === 'error' ? (
          <div
            ref={errorRef}
            className="notice notice-error import-error"
            role="alert"
            data-testid="import-error"
          >
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
    </DialogShell>
  );
}

interface FileRowProps {
  what: FileKind;
  label: string;
  accept: string;
  testId: string;
  note: string;
}

/** One import choice: a file button (a label for the hidden input) and what opening it does. */
function FileRow(props: FileRowProps & { onChange: (e: ChangeEvent<HTMLInputElement>) => void }) {
  const id = useId();
  return (
    <div className="share-row">
      <label className="file-button" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="file-input"
        type="file"
        accept={props.accept}
        onChange={props.onChange}
        data-testid={props.testId}
      />
      <span className="muted small">{props.note}</span>
    </div>
  );
}
