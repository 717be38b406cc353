/**
 * Imports a trace file through the trace-import worker (app/worker/trace.worker.ts): one worker
 * per import, terminated when it answers. Resolves to the parsed, indexed trace or to the
 * problems that refused it (line, field, limit). Never rejects.
 */

import type { TraceEvent } from '../../../sim-core';
import { TRACE_LIMITS } from '../../../sim-core';
import type { ImportedTrace } from '../../store/shareSlice';
import { describeError } from '../../worker/protocol';
import type { TraceImportReply, TraceImportRequest } from '../../worker/traceImportProtocol';

export type TraceImportResult = { ok: true; data: ImportedTrace } | { ok: false; problems: string[] };

interface WorkerLike {
  postMessage(message: TraceImportRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<TraceImportReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

export function createTraceWorker(): WorkerLike {
  return new Worker(new URL('../../worker/trace.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trace-import',
  }) as unknown as WorkerLike;
}

/** A file too large to read is refused before reading it. */
export function tooLarge(bytes: number): string | null {
  return bytes > TRACE_LIMITS.bytes
    ? `the file is ${(bytes / 1e6).toFixed(0)} MB; a trace file is at most ${TRACE_LIMITS.bytes / 1e6} MB`
    : null;
}

export function importTraceText(
  text: string,
  file: string,
  createWorker: () => WorkerLike = createTraceWorker,
): Promise<TraceImportResult> {
  return importThroughWorker({ text }, file, createWorker);
}

/** A packet capture (pcap, pcapng): the worker reads it into a trace (source `capture`), then as any trace. */
export function importCaptureBytes(
  capture: ArrayBuffer,
  file: string,
  createWorker: () => WorkerLike = createTraceWorker,
): Promise<TraceImportResult> {
  return importThroughWorker({ capture, name: file }, file, createWorker);
}

type Payload = { text: string } | { capture: ArrayBuffer; name: string };

function importThroughWorker(
  payload: Payload,
  file: string,
  createWorker: () => WorkerLike,
): Promise<TraceImportResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let worker: WorkerLike;
    try {
      worker = createWorker();
    } catch (e) {
      resolve({ ok: false, problems: [`the import worker could not start: ${describeError(e)}`] });
      return;
    }
    const trace: TraceEvent[] = [];
    let settled = false;
    const done = (r: TraceImportResult) => {
      if (settled) return;
      settled = true;
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      worker.terminate();
      resolve(r);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      done({
        ok: false,
        problems: [`the import worker failed: ${e.message || 'it could not load or ran out of memory'}`],
      });
    };
    worker.onmessageerror = () =>
      done({
        ok: false,
        problems: ['the import worker sent a reply that could not be read (too large or too deeply nested)'],
      });
    worker.onmessage = (e) => {
      try {
        receive(e.data);
      } catch (err) {
        done({ ok: false, problems: [`the import worker's reply could not be used: ${describeError(err)}`] });
      }
    };
    const receive = (m: TraceImportReply) => {
      if (m.type === 'problems') done({ ok: false, problems: m.problems });
      else if (m.type === 'batch') {
        if (m.offset !== trace.length)
          done({ ok: false, problems: ['the import worker sent its events out of order'] });
        else for (const ev of m.events) trace.push(ev);
      } else if (m.type === 'imported') {
        if (trace.length !== m.eventCount)
          done({ ok: false, problems: [`the import worker sent ${trace.length} of ${m.eventCount} events`] });
        else
          done({
            ok: true,
            data: {
              file,
              trace,
              index: m.index,
              summary: m.summary,
              scenario: m.scenario,
              scenarioKnown: m.scenarioKnown,
              elapsedMs: performance.now() - started,
            },
          });
      }
    };
    try {
      worker.postMessage({ id: 1, ...payload });
    } catch (err) {
      done({
        ok: false,
        problems: [`the file could not be sent to the import worker: ${describeError(err)}`],
      });
    }
  });
}
