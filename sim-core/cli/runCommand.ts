/** `sim run`: one scenario, summary JSON (or per-request CSV) on stdout, optional trace file. */
import { serializeChromeTrace } from '../export/perfetto';
import { withTraceHash } from '../metrics/summary';
import { hashText } from '../trace/hash';
import { serializeTrace } from '../trace/io';
import { flagValue, parseArgs, shown, UsageError } from './args';
import { requestsCsv } from './csv';
import type { Engine } from './engine';
import { type CliIO, ioProblem } from './io';
import { SCENARIO_FLAGS, scenarioFromArgs } from './scenarioFromArgs';

async function write(io: CliIO, path: string, text: string, flag = '--trace'): Promise<void> {
  try {
    await io.writeFile(path, text);
  } catch (e) {
    throw new UsageError(`${flag}: cannot write ${shown(path)}: ${ioProblem(e)}`);
  }
}

export async function runCommand(argv: readonly string[], io: CliIO, engine: Engine): Promise<number> {
  const parsed = parseArgs(argv, {
    ...SCENARIO_FLAGS,
    trace: { value: true },
    csv: { value: false },
    perfetto: { value: true },
  });
  const traceFile = flagValue(parsed, 'trace');
  const csv = parsed.flags.get('csv') === true;
  const perfettoFile = flagValue(parsed, 'perfetto');
  if (perfettoFile === '-') throw new UsageError('--perfetto: give a file (stdout carries the summary)');
  // `--trace -`: the trace is what stdout carries (nothing else, so it can be piped on).
  const traceToStdout = traceFile === '-';
  if (traceToStdout && csv)
    throw new UsageError('--trace - and --csv both write to stdout: give --trace a file');
  const scenario = await scenarioFromArgs(parsed, io);
  // Fail on an unwritable path before the run, not after it.
  if (traceFile !== undefined && !traceToStdout) await write(io, traceFile, '');
  if (perfettoFile !== undefined) await write(io, perfettoFile, '', '--perfetto');
  const { trace, summary: runSummary } = engine.runScenario(scenario);
  // Chrome's Trace Event Format, for ui.perfetto.dev and chrome://tracing (sim-core/export/).
  if (perfettoFile !== undefined) await write(io, perfettoFile, serializeChromeTrace(trace), '--perfetto');
  let summary = runSummary;
  if (traceFile !== undefined) {
    // JSON Lines: a header with the scenario, then one event per line (what the hash is computed over).
    const text = serializeTrace(trace, scenario);
    if (traceToStdout) {
      io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
      return 0;
    }
    await write(io, traceFile, text);
    // The lines after the header are exactly what traceHash reads: hash them rather than
    // serialising every event a second time for the summary.
    if (!csv) summary = withTraceHash(runSummary, hashText(text.slice(text.indexOf('\n') + 1)));
  }
  io.out(csv ? requestsCsv(summary.requests) : JSON.stringify(summary, null, 2));
  return 0;
}
