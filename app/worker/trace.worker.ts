/**
 * The trace-import worker: parses and checks a trace file (sim-core/trace/io.ts), indexes it
 * (buildTraceIndex) and summarises it, off the main thread — a file can hold millions of events.
 * A packet capture (pcap, pcapng) is first read into a trace (sim-core/capture: source
 * `capture`), then checked like a file, so a capture's trace meets the same rules as any other.
 * It imports no simulation code (sim-core/run stays in sim.worker.ts). Replies, for one request:
 * `problems` (the file is refused, with line, field and limit), or `batch`* then `imported` with
 * the index's typed arrays transferred.
 */

import {
  buildTraceIndex,
  CaptureError,
  captureToTrace,
  indexTransferables,
  parseTrace,
  scenarioClientExpiryMs,
  scenarioFromRunStart,
  serializeTrace,
  summarize,
} from '../../sim-core';
import { describeError, TRACE_BATCH_SIZE } from './protocol';
import type { TraceImportReply, TraceImportRequest } from './traceImportProtocol';

interface Scope {
  postMessage(message: TraceImportReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<TraceImportRequest>) => void): void;
}
const scope = self as unknown as Scope;

scope.addEventListener('message', (e) => {
  const request = e.data;
  const { id } = request;
  try {
    let text: string;
    if ('capture' in request) {
      try {
        text = serializeTrace(
          captureToTrace(new Uint8Array(request.capture), { name: request.name }).trace,
          null,
        );
      } catch (err) {
        if (!(err instanceof CaptureError)) throw err;
        scope.postMessage({ type: 'problems', id, problems: [err.message] });
        return;
      }
    } else text = request.text;
    const parsed = parseTrace(text);
    if (!parsed.ok) {
      scope.postMessage({ type: 'problems', id, problems: parsed.problems });
      return;
    }
    const scenario = parsed.scenario ?? scenarioFromRunStart(parsed.trace);
    const index = buildTraceIndex(parsed.trace, { clientExpiryMs: scenarioClientExpiryMs(scenario) });
    const summary = summarize(parsed.trace);
    for (let offset = 0; offset < parsed.trace.length; offset += TRACE_BATCH_SIZE)
      scope.postMessage({
        type: 'batch',
        id,
        offset,
        events: parsed.trace.slice(offset, offset + TRACE_BATCH_SIZE),
      });
    scope.postMessage(
      {
        type: 'imported',
        id,
        eventCount: parsed.trace.length,
        index,
        summary,
        scenario,
        scenarioKnown: parsed.scenario !== null,
      },
      indexTransferables(index),
    );
  } catch (err) {
    scope.postMessage({
      type: 'problems',
      id,
      problems: [`the file could not be read: ${describeError(err)}`],
    });
  }
});
