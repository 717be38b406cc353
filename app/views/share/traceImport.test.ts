import { describe, expect, it } from 'vitest';
import type { TraceImportReply, TraceImportRequest } from '../../worker/traceImportProtocol';
import { importTraceText } from './traceImport';

/** A trace-import worker that does what each test tells it, when the page posts to it. */
class FakeWorker {
  terminated = false;
  onmessage: ((e: MessageEvent<TraceImportReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  constructor(private readonly behave: (w: FakeWorker, m: TraceImportRequest) => void) {}
  postMessage(m: TraceImportRequest) {
    this.behave(this, m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent<TraceImportReply>);
  }
}

function importWith(behave: (w: FakeWorker, m: TraceImportRequest) => void) {
  let worker: FakeWorker | null = null;
  const result = importTraceText('{}', 'f.jsonl', () => {
    worker = new FakeWorker(behave);
    return worker;
  });
  return { result, worker: () => worker! };
}

// Every way the worker can fail ends the import with a problem (the dialog never stays on "Reading…").
describe('importTraceText', () => {
  it('a worker error, an unreadable reply, a malformed reply, a failed post: each is a problem', async () => {
    const cases: [string, (w: FakeWorker) => void, string][] = [
      [
        'error',
        (w) => w.onerror?.({ message: '', preventDefault() {} } as unknown as ErrorEvent),
        'the import worker failed: it could not load or ran out of memory',
      ],
      [
        'messageerror',
        (w) => w.onmessageerror?.({} as MessageEvent),
        'the import worker sent a reply that could not be read (too large or too deeply nested)',
      ],
      [
        'malformed',
        (w) => w.reply({ type: 'batch', id: 1, offset: 0, events: null }),
        "the import worker's reply could not be used: TypeError:",
      ],
      [
        'post',
        () => {
          throw new DOMException('out of memory', 'DataCloneError');
        },
        'the file could not be sent to the import worker: DataCloneError: out of memory',
      ],
    ];
    for (const [name, behave, problem] of cases) {
      const { result, worker } = importWith(behave);
      const r = await result;
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.problems[0], name).toContain(problem);
      expect(worker().terminated, name).toBe(true);
    }
  });

  it('a worker that cannot start is a problem', async () => {
    const r = await importTraceText('{}', 'f.jsonl', () => {
      throw new DOMException('refused by the page’s Content-Security-Policy', 'SecurityError');
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        'the import worker could not start: SecurityError: refused by the page’s Content-Security-Policy',
      ],
    });
  });

  it('only the first answer counts', async () => {
    const { result } = importWith((w) => {
      w.reply({ type: 'problems', id: 1, problems: ['line 1: not valid JSON'] });
      w.onerror?.({ message: 'late', preventDefault() {} } as unknown as ErrorEvent);
    });
    expect(await result).toEqual({ ok: false, problems: ['line 1: not valid JSON'] });
  });
});
