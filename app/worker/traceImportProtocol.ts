/** Messages between the page and the trace-import worker (trace.worker.ts). */
import type { Summary } from '../../sim-core/metrics/summary';
import type { Scenario } from '../../sim-core/scenario/types';
import type { TraceEvent } from '../../sim-core/trace/events';
import type { TraceIndex } from '../../sim-core/trace/traceIndex';

export interface TraceImportRequest {
  id: number;
  text: string;
}

export type TraceImportReply =
  | { type: 'problems'; id: number; problems: string[] }
  /** `events` are trace[offset … offset + events.length), batches in order. */
  | { type: 'batch'; id: number; offset: number; events: TraceEvent[] }
  | {
      type: 'imported';
      id: number;
      eventCount: number;
      index: TraceIndex;
      summary: Summary;
      scenario: Scenario;
      /** Whether the file named its scenario (else it was rebuilt from run.start). */
      scenarioKnown: boolean;
    };
