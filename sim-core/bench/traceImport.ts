/**
 * Trace import, timed: what the trace-import worker does with a file (parseTrace → buildTraceIndex
 * → summarize) on a normal large trace, and on small files with shifted ids (which must be cheap:
 * a small file never costs a large allocation). Run with `node --expose-gc` for heap figures:
 *
 *   node --expose-gc --import tsx sim-core/bench/traceImport.ts [events]
 */
import { summarize } from '../metrics/summary';
import { runScenario } from '../run';
import { presetScenario } from '../scenario/presets';
import { parseTrace, serializeTrace } from '../trace/io';
import { buildTraceIndex } from '../trace/traceIndex';
import { heapUsedMB, measure } from './measure';
import { scaledScenario } from './seedRun';

const target = Number(process.argv[2] ?? 100_000);

/** Heap plus ArrayBuffers (typed arrays live outside the JS heap), MB. */
function memoryMB(): number {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

/** The import, and the heap used while its result is still alive (MB). */
function importFile(text: string): { out: string; heapMB: number } {
  const heap = memoryMB;
  try {
    const parsed = parseTrace(text);
    if (!parsed.ok) return { out: `refused: ${parsed.problems[0]}`, heapMB: heap() };
    const index = buildTraceIndex(parsed.trace, { clientExpiryMs: 5000 });
    const summary = summarize(parsed.trace);
    return {
      out: `accepted: ${index.eventCount} events, ${summary.totals.requests} requests`,
      heapMB: heap(),
    };
  } catch (err) {
    return { out: `threw: ${(err as Error).message}`, heapMB: heap() };
  }
}

function report(name: string, text: string): void {
  heapUsedMB(); // collects garbage first
  const before = memoryMB();
  const r = measure(() => importFile(text));
  heapUsedMB();
  const after = memoryMB();
  console.log(
    `${name}: ${(text.length / 1024).toFixed(0)} kB, ${r.wallMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ` +
      `heap+buffers ${before.toFixed(0)} MB before, ${r.value.heapMB.toFixed(0)} MB with the result, ${after.toFixed(0)} MB after, ` +
      `max RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ` +
      r.value.out.slice(0, 160),
  );
}

// A normal large trace: the seed preset scaled up until it has about `target` events.
let requests = Math.max(10, Math.round(target / 34));
let big = runScenario(scaledScenario('issue-96', requests));
while (big.trace.length < target * 0.95) {
  requests = Math.round((requests * target) / big.trace.length) + 1;
  big = runScenario(scaledScenario('issue-96', requests));
}
const bigText = serializeTrace(big.trace, null);
for (let i = 0; i < 3; i++) report(`normal ${big.trace.length} events (run ${i + 1})`, bigText);

// A small file (≈ 23 kB) with every id shifted.
const small = presetScenario('polling-at-timeout');
small.workload = {
  kind: 'sequential',
  gapsMs: [5000, 5000, 5000, 5000, 5000],
  method: 'GET',
  path: '/health',
};
let { trace } = runScenario(small);
while (serializeTrace(trace, small).length > 24_000) trace = trace.slice(0, -1);
const shift = (field: string, by: number) =>
  serializeTrace(
    trace.map((e) => {
      const o = { ...e } as Record<string, unknown>;
      if (typeof o[field] === 'number' && (field !== 'conn' || (o[field] as number) > 0))
        o[field] = (o[field] as number) + by;
      return o as unknown as (typeof trace)[number];
    }),
    small,
  );
report('small, as exported', serializeTrace(trace, small));
report('small, request ids + 3×10⁸', shift('req', 3e8));
report('small, connection ids + 2³¹', shift('conn', 2 ** 31));
report('small, segment ids + 3×10⁸', shift('seg', 3e8));
