/**
 * Trace files: export and import. A trace file is JSON Lines — a header line
 * naming the format, its version and the scenario that produced it, then one
 * trace event per line (the lines `traceHash` is computed over). Import checks
 * everything a view relies on and names the line, the field and the limit of
 * the first problems it finds; it never throws.
 */
import type { Scenario } from '../scenario/types';
import { scenarioProblems } from '../scenario/validate';
import { TRACE_VERSION, type TraceEvent } from './events';

export const TRACE_FORMAT = 'race-window-trace';

export interface TraceFileHeader {
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** The scenario that produced the trace (lets the app fork it), when known. */
  scenario: Scenario | null;
}

/** Import limits: a file beyond them is refused with a message, not parsed. */
export const TRACE_LIMITS = { bytes: 200 * 1024 * 1024, events: 2_000_000, problems: 5 } as const;

export function serializeTrace(trace: readonly TraceEvent[], scenario: Scenario | null): string {
  const header: TraceFileHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, scenario };
  const lines = [JSON.stringify(header)];
  for (const e of trace) lines.push(JSON.stringify(e));
  return `${lines.join('\n')}\n`;
}

export type ParsedTrace =
  | { ok: true; trace: TraceEvent[]; scenario: Scenario | null }
  | { ok: false; problems: string[] };

type FieldType = 'int' | 'num' | 'str' | 'bool' | 'side' | 'flag' | 'obj';
type Shape = Record<string, FieldType | `${FieldType}?` | `${FieldType}|null`>;

const SIDES = ['client', 'server'];
const FLAGS = ['SYN', 'SYN-ACK', 'ACK', 'DATA', 'FIN', 'RST'];
const TIMERS = ['idle-timer', 'processing', 'time-wait', 'expiry'];

/** The fields each kind must have, with their types (see events.ts). */
const SHAPES: Record<TraceEvent['kind'], Shape> = {
  'run.start': {
    version: 'int',
    scenario: 'str',
    seed: 'int',
    client: 'str',
    server: 'str',
    variants: 'obj?',
  },
  'segment.send': {
    conn: 'int',
    side: 'side',
    seg: 'int',
    flag: 'flag',
    label: 'str|null',
    bytes: 'int',
    arriveAt: 'int',
    req: 'int?',
    attempt: 'int?',
  },
  'segment.deliver': { conn: 'int', side: 'side', seg: 'int', flag: 'flag' },
  state: { conn: 'int', side: 'side', machine: 'str', from: 'str', to: 'str', cause: 'str' },
  'timer.arm': { conn: 'int', side: 'side', timer: 'str', at: 'int' },
  'timer.fire': { conn: 'int', side: 'side', timer: 'str', at: 'int' },
  'timer.cancel': { conn: 'int', side: 'side', timer: 'str', at: 'int' },
  pool: { decision: 'str', conn: 'int|null', req: 'int|null', detail: 'str', expiresAt: 'int?' },
  'request.start': { req: 'int', method: 'str', path: 'str', gapMs: 'num|null' },
  'attempt.start': { req: 'int', attempt: 'int', conn: 'int', reused: 'bool' },
  'attempt.write': { req: 'int', attempt: 'int', conn: 'int', ok: 'bool', errno: 'str|null' },
  'attempt.end': {
    req: 'int',
    attempt: 'int',
    conn: 'int',
    ok: 'bool',
    cause: 'str|null',
    error: 'obj|null',
  },
  'server.handle': { req: 'int', conn: 'int', count: 'int' },
  'request.end': {
    req: 'int',
    outcome: 'str',
    error: 'obj|null',
    cause: 'str|null',
    indeterminate: 'bool',
    latency: 'int',
  },
  'run.end': { reason: 'str' },
};

function typeProblem(v: unknown, type: FieldType): string | null {
  switch (type) {
    case 'int':
      return Number.isSafeInteger(v) ? null : 'must be a whole number';
    case 'num':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'str':
      return typeof v === 'string' ? null : 'must be a string';
    case 'bool':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'side':
      return SIDES.includes(v as string) ? null : `must be one of ${SIDES.join(', ')}`;
    case 'flag':
      return FLAGS.includes(v as string) ? null : `must be one of ${FLAGS.join(', ')}`;
    case 'obj':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'must be an object';
  }
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** Problems with one event, given the previous event's time. */
function eventProblems(e: unknown, index: number, prevT: number): string[] {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return ['must be a JSON object'];
  const o = e as Record<string, unknown>;
  const out: string[] = [];
  if (o.seq !== index)
    out.push(`field "seq" must be ${index} (events are numbered from 0), got ${show(o.seq)}`);
  if (!Number.isSafeInteger(o.t) || (o.t as number) < prevT)
    out.push(
      `field "t" must be a whole number of µs, at least the previous event's ${prevT}, got ${show(o.t)}`,
    );
  const shape = SHAPES[o.kind as TraceEvent['kind']];
  if (!shape) {
    out.push(`field "kind" must be one of ${Object.keys(SHAPES).join(', ')}, got ${show(o.kind)}`);
    return out;
  }
  for (const [field, spec] of Object.entries(shape)) {
    const optional = spec.endsWith('?');
    const nullable = spec.endsWith('|null');
    const type = spec.replace(/\?|\|null/, '') as FieldType;
    const v = o[field];
    if (v === undefined && optional) continue;
    if (v === null && nullable) continue;
    const p = typeProblem(v, type);
    if (p) out.push(`field "${field}" ${p}${nullable ? ' or null' : ''}, got ${show(v)}`);
  }
  if (o.kind === 'timer.arm' && !TIMERS.includes(o.timer as string))
    out.push(`field "timer" must be one of ${TIMERS.join(', ')}, got ${show(o.timer)}`);
  return out;
}

/** Parses and checks a trace file (or the bare event lines the CLI's `--trace` wrote before headers). */
export function parseTrace(text: string): ParsedTrace {
  if (text.length > TRACE_LIMITS.bytes)
    return {
      ok: false,
      problems: [`the file is ${(text.length / 1e6).toFixed(0)} MB; at most ${TRACE_LIMITS.bytes / 1e6} MB`],
    };
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0)
    return { ok: false, problems: ['the file is empty: expected a trace (JSON Lines)'] };
  const problems: string[] = [];
  const fail = (line: number, message: string) => {
    if (problems.length < TRACE_LIMITS.problems) problems.push(`line ${line}: ${message}`);
  };
  const parse = (line: number): unknown => {
    try {
      return JSON.parse(lines[line - 1]!);
    } catch (e) {
      fail(line, `not valid JSON (${(e as Error).message})`);
      return undefined;
    }
  };

  let scenario: Scenario | null = null;
  let first = 1;
  const head = parse(1) as Record<string, unknown> | undefined;
  if (head && typeof head === 'object' && 'format' in head) {
    first = 2;
    if (head.format !== TRACE_FORMAT)
      fail(1, `field "format" must be "${TRACE_FORMAT}", got ${show(head.format)}`);
    if (head.version !== TRACE_VERSION)
      fail(
        1,
        `field "version" must be ${TRACE_VERSION} (the trace format this app reads), got ${show(head.version)}`,
      );
    if (head.scenario !== null && head.scenario !== undefined) {
      const sp = scenarioProblems(head.scenario);
      if (sp.length > 0) fail(1, `field "scenario": ${sp[0]!.path}: ${sp[0]!.message}`);
      else scenario = head.scenario as Scenario;
    }
  }
  const count = lines.length - first + 1;
  if (count > TRACE_LIMITS.events)
    return { ok: false, problems: [`the trace has ${count} events; at most ${TRACE_LIMITS.events}`] };
  if (count === 0) fail(first, 'expected trace events after the header');

  const trace: TraceEvent[] = [];
  let prevT = 0;
  for (let line = first; line <= lines.length && problems.length < TRACE_LIMITS.problems; line++) {
    const e = line === 1 && head !== undefined ? head : parse(line);
    if (e === undefined) continue;
    const index = line - first;
    for (const p of eventProblems(e, index, prevT)) fail(line, p);
    const ev = e as TraceEvent;
    if (index === 0 && ev.kind !== 'run.start')
      fail(line, `the first event must be "run.start", got ${show(ev.kind)}`);
    if (index === 0 && ev.kind === 'run.start' && ev.version !== TRACE_VERSION)
      fail(line, `field "version" must be ${TRACE_VERSION}, got ${show(ev.version)}`);
    if (Number.isSafeInteger(ev.t)) prevT = Math.max(prevT, ev.t);
    trace.push(ev);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, trace, scenario };
}
