/** Messages between the page and the trace-import worker (trace.worker.ts). */
import type { Scenario, Summary, TraceEvent, TraceIndex } from '../../sim-core';

/** A trace file's text, or a packet capture's bytes (pcap, pcapng) to read into a trace first. */
export type TraceImportRequest =
  | { id: number; text: string }
  | { id: number; capture: ArrayBuffer; name: string };

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
