/**
 * The trace-import worker: parses and checks a trace file (sim-core/trace/io.ts), indexes it
 * (buildTraceIndex) and summarises it, off the main thread — a file can hold millions of events.
 * It imports no simulation code (sim-core/run stays in sim.worker.ts). Replies, for one request:
 * `problems` (the file is refused, with line, field and limit), or `batch`* then `imported` with
 * the index's typed arrays transferred.
 */

import type { Scenario, TraceEvent } from '../../sim-core';
import {
  buildTraceIndex,
  DEFAULT_SCENARIO,
  indexTransferables,
  parseTrace,
  scenarioClientExpiryMs,
  scenarioProblems,
  summarize,
} from '../../sim-core';
import { describeError, TRACE_BATCH_SIZE } from './protocol';
import type { TraceImportReply, TraceImportRequest } from './traceImportProtocol';

interface Scope {
  postMessage(message: TraceImportReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<TraceImportRequest>) => void): void;
}
const scope = self as unknown as Scope;

/**
 * A trace file without a scenario (an old CLI `--trace`): the views still need one, so it is
 * rebuilt from `run.start` (name, seed, client, server) over the defaults — marked as a guess.
 */
function scenarioFromRunStart(trace: readonly TraceEvent[]): Scenario {
  const start = trace[0];
  const s: Scenario = JSON.parse(JSON.stringify(DEFAULT_SCENARIO));
  if (start?.kind === 'run.start') {
    s.name = start.scenario;
    s.seed = start.seed;
    s.client = { ...s.client, policy: start.client };
    s.server = { ...s.server, profile: start.server };
  }
  return scenarioProblems(s).length === 0 ? s : JSON.parse(JSON.stringify(DEFAULT_SCENARIO));
}

scope.addEventListener('message', (e) => {
  const { id, text } = e.data;
  try {
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
