/**
 * The structure the Trace Event Format asks of a trace, checked: a JSON object with a
 * `traceEvents` array; every event a known phase with a name, numeric pid/tid and a whole,
 * non-negative `ts`; per thread, timestamps never decreasing, every `B` closed by its `E` (last in,
 * first out) and complete slices (`X`, `dur` ≥ 0) nested properly (no partial overlap, B/E included);
 * every flow start (`s`) ended by exactly one `f` with the same id and cat at or after it, each
 * bound to a slice on its thread at its timestamp (what both viewers bind flows by); instants with
 * a valid scope; metadata naming processes and threads. Returns the problems (empty: well formed).
 */

const PHASES = new Set(['X', 'B', 'E', 'i', 'I', 's', 't', 'f', 'M']);

interface Ev {
  name?: unknown;
  ph?: unknown;
  ts?: unknown;
  dur?: unknown;
  pid?: unknown;
  tid?: unknown;
  id?: unknown;
  cat?: unknown;
  s?: unknown;
  bp?: unknown;
  args?: unknown;
}

export function chromeTraceProblems(json: string): string[] {
  const problems: string[] = [];
  const fail = (p: string) => {
    if (problems.length < 20) problems.push(p);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  const events = (doc as { traceEvents?: unknown })?.traceEvents;
  if (!Array.isArray(events)) return ['expected an object with a traceEvents array'];
  const byThread = new Map<string, Ev[]>();
  const named = { process: new Set<number>(), thread: new Set<string>() };
  for (const [i, e] of (events as Ev[]).entries()) {
    const at = `event ${i}`;
    if (typeof e !== 'object' || e === null) {
      fail(`${at}: not an object`);
      continue;
    }
    if (typeof e.ph !== 'string' || !PHASES.has(e.ph)) {
      fail(`${at}: ph ${JSON.stringify(e.ph)} is not a phase`);
      continue;
    }
    if (typeof e.name !== 'string' || e.name === '') fail(`${at}: no name`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid))
      fail(`${at}: pid and tid must be whole numbers`);
    if (!Number.isSafeInteger(e.ts) || (e.ts as number) < 0)
      fail(`${at}: ts must be a whole number of µs ≥ 0`);
    if (e.ph === 'M') {
      const name = (e.args as { name?: unknown })?.name;
      if (e.name === 'process_name' && typeof name === 'string') named.process.add(e.pid as number);
      if (e.name === 'thread_name' && typeof name === 'string') named.thread.add(`${e.pid}/${e.tid}`);
      continue;
    }
    if (e.ph === 'X' && !(Number.isSafeInteger(e.dur) && (e.dur as number) >= 0))
      fail(`${at}: X needs dur ≥ 0`);
    if ((e.ph === 'i' || e.ph === 'I') && e.s !== undefined && !['t', 'p', 'g'].includes(e.s as string))
      fail(`${at}: instant scope ${JSON.stringify(e.s)}`);
    if ((e.ph === 's' || e.ph === 't' || e.ph === 'f') && (e.id === undefined || typeof e.cat !== 'string'))
      fail(`${at}: a flow event needs id and cat`);
    const key = `${e.pid}/${e.tid}`;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }

  const flows = new Map<string, { s: Ev[]; f: Ev[] }>();
  for (const [key, list] of byThread) {
    if (!named.thread.has(key)) fail(`thread ${key}: no thread_name metadata`);
    if (!named.process.has(Number(key.split('/')[0]))) fail(`thread ${key}: its process has no process_name`);
    // Slices as intervals: X as given, B matched with its E (last in, first out).
    const slices: { start: number; end: number; name: string }[] = [];
    const open: Ev[] = [];
    let prev = -1;
    for (const e of list) {
      const ts = e.ts as number;
      if (ts < prev) fail(`thread ${key}: ts ${ts} after ${prev} (not monotonic)`);
      prev = Math.max(prev, ts);
      if (e.ph === 'X') slices.push({ start: ts, end: ts + (e.dur as number), name: String(e.name) });
      else if (e.ph === 'B') open.push(e);
      else if (e.ph === 'E') {
        const b = open.pop();
        if (!b) fail(`thread ${key}: E at ${ts} closes no B`);
        else slices.push({ start: b.ts as number, end: ts, name: String(b.name) });
      }
    }
    for (const b of open) fail(`thread ${key}: B "${String(b.name)}" at ${String(b.ts)} never ended`);
    // Proper nesting: sorted by start (longest first), each slice inside the one still open around it.
    slices.sort((x, y) => x.start - y.start || y.end - x.end);
    const stack: { start: number; end: number; name: string }[] = [];
    for (const sl of slices) {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= sl.start) stack.pop();
      const outer = stack[stack.length - 1];
      if (outer && sl.end > outer.end)
        fail(
          `thread ${key}: slice "${sl.name}" [${sl.start}, ${sl.end}] overlaps "${outer.name}" [${outer.start}, ${outer.end}]`,
        );
      stack.push(sl);
    }
    const starts = new Set(slices.map((x) => x.start));
    for (const e of list) {
      if (e.ph !== 's' && e.ph !== 'f' && e.ph !== 't') continue;
      const ts = e.ts as number;
      if (!starts.has(ts) && !slices.some((x) => x.start <= ts && ts <= x.end))
        fail(`thread ${key}: flow ${e.ph} ${String(e.id)} at ${ts} has no slice to bind to`);
      const fk = `${String(e.cat)}/${String(e.id)}`;
      const pair = flows.get(fk) ?? { s: [], f: [] };
      if (e.ph === 's') pair.s.push(e);
      if (e.ph === 'f') pair.f.push(e);
      flows.set(fk, pair);
    }
  }
  for (const [fk, { s, f }] of flows) {
    if (s.length !== 1 || f.length !== 1)
      fail(`flow ${fk}: ${s.length} starts and ${f.length} ends (expected 1 and 1)`);
    else if ((f[0]!.ts as number) < (s[0]!.ts as number)) fail(`flow ${fk}: ends before it starts`);
  }
  return problems;
}
