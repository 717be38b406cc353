/**
 * `sim pcap FILE.pcap|- [--port N] [--trace OUT|-] [--json]`: a packet capture (tcpdump -w) read
 * into a trace v1 (source `capture`, the file the app imports), with what it found: connections,
 * requests and their outcomes, each failed request marked stale reuse or race window by the
 * simulator's own definitions (sim-core/capture/README.md).
 */

import { CAPTURE_MAX_BYTES, CaptureError } from '../capture/pcapReader';
import { type CaptureResult, captureToTrace } from '../capture/toTrace';
import { serializeChromeTrace } from '../export/perfetto';
import { summarize } from '../metrics/summary';
import { formatDuration } from '../trace/duration';
import { serializeTrace } from '../trace/io';
import { flagValue, numberFlag, parseArgs, shown, UsageError } from './args';
import { type CliIO, ioProblem } from './io';

const KIND_TEXT: Record<string, string> = {
  'stale-reuse': 'stale reuse',
  'race-window': 'race window (the request and the server’s close crossed)',
  'closed-mid-request':
    'closed mid-request (the request reached the server, which closed without a response)',
  timeout: 'timeout',
  other: 'no server close seen',
};

export async function pcapCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv, {
    port: { value: true },
    trace: { value: true },
    perfetto: { value: true },
    json: { value: false },
  });
  const [path, ...extra] = parsed.positional;
  if (path === undefined || extra.length > 0)
    throw new UsageError(
      `pcap: give one capture file (FILE.pcap, FILE.pcapng or -), got ${parsed.positional.length}`,
    );
  const portText = flagValue(parsed, 'port');
  const port = portText === undefined ? null : numberFlag('--port', portText, 1, 65535, true);
  const traceFile = flagValue(parsed, 'trace');
  const json = parsed.flags.get('json') === true;
  if (traceFile === '-' && json)
    throw new UsageError('--trace - and --json both write to stdout: give --trace a file');
  const name = path === '-' ? 'stdin' : path.split('/').pop()!;
  if (!io.readBytes) throw new UsageError('pcap: this CLI cannot read binary files');
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(path, CAPTURE_MAX_BYTES);
  } catch (e) {
    throw new UsageError(`pcap: cannot read ${shown(path)}: ${ioProblem(e)}`);
  }
  let result: CaptureResult;
  try {
    result = captureToTrace(bytes, { port, name });
  } catch (e) {
    if (e instanceof CaptureError) throw new UsageError(`pcap: ${shown(path)}: ${e.message}`);
    throw e;
  }
  const perfettoFile = flagValue(parsed, 'perfetto');
  if (perfettoFile !== undefined) {
    try {
      await io.writeFile(perfettoFile, serializeChromeTrace(result.trace));
    } catch (e) {
      throw new UsageError(`--perfetto: cannot write ${shown(perfettoFile)}: ${ioProblem(e)}`);
    }
  }
  if (traceFile !== undefined) {
    const text = serializeTrace(result.trace, null);
    if (traceFile === '-') {
      io.out(text.slice(0, -1));
      return 0;
    }
    try {
      await io.writeFile(traceFile, text);
    } catch (e) {
      throw new UsageError(`--trace: cannot write ${shown(traceFile)}: ${ioProblem(e)}`);
    }
  }
  const summary = summarize(result.trace);
  if (json) {
    const { trace: _trace, ...rest } = result;
    io.out(JSON.stringify({ name, ...rest, totals: summary.totals }, null, 2));
    return 0;
  }
  for (const line of captureReport(result, name, summary.totals)) io.out(line);
  return 0;
}

/** The plain-text report: the file, each connection, each failure and its kind. */
export function captureReport(
  r: CaptureResult,
  name: string,
  totals: { requests: number; ok: number; okAfterRetry: number; failed: number; unfinished: number },
): string[] {
  const lines = [
    `${name}: ${r.format}, ${r.frames} frames, ${r.connections.length} TCP connections, ${totals.requests} requests: ${totals.ok} ok, ${totals.okAfterRetry} ok after retry, ${totals.failed} failed, ${totals.unfinished} unfinished`,
  ];
  const skipped = Object.entries(r.skipped);
  if (skipped.length > 0)
    lines.push(`  frames not used: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}`);
  for (const c of r.connections) {
    const delay = c.handshake
      ? `one-way delay from the capture point to the client ${formatDuration(c.delays.client)}, to the server ${formatDuration(c.delays.server)} (half of each handshake round trip)`
      : 'no handshake in the capture: times are the capture point’s';
    lines.push(
      `  conn ${c.conn} ${c.client} → ${c.server}: ${c.packets} packets, ${c.requests} requests; ${delay}`,
    );
    for (const p of c.problems) lines.push(`    not read: ${p}`);
  }
  for (const f of r.failures) {
    const t = f.times;
    const fin = t.finArrivedAt ?? t.resetAt;
    const when =
      fin !== null && t.writtenAt !== null
        ? fin <= t.writtenAt
          ? ` — the server’s close reached the client ${formatDuration(t.writtenAt - fin)} before the request left`
          : ` — the request left ${formatDuration(fin - t.writtenAt)} before the server’s close reached the client`
        : '';
    lines.push(
      `  request ${f.req} ${f.method} ${f.target} failed on conn ${f.conn} (${f.cause ?? 'client closed'}): ${KIND_TEXT[f.kind]}${when}`,
    );
  }
  return lines;
}
