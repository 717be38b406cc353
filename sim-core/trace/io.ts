/**
 * (~600 lines: the trace format's import check is one table of every event kind's fields, enums
 * and references; split, the table and the rules that read it would drift apart.)
 *
 * Trace files: export and import. A trace file is JSON Lines — a header line
 * naming the format, its version and the scenario that produced it, then one
 * trace event per line (the lines `traceHash` is computed over).
 *
 * Import never throws. It refuses a file with one line per problem (the first
 * few), each naming the line, the field and what is allowed; a file it accepts
 * can be indexed, summarised and shown by every view without a view being the
 * first to meet a bad value. It checks:
 *
 * - size, before anything is parsed: at most TRACE_LIMITS.bytes characters and
 *   TRACE_LIMITS.events events;
 * - the header: format, version, and the scenario (scenario/validate.ts);
 * - every event: `seq` (0, 1, 2, …), `t` (whole µs, never decreasing), `kind`,
 *   and every field of its kind with its type; every enum a view switches on
 *   or looks up (side, flag, machine and each machine's state names, timer,
 *   pool decision, method, outcome, failure cause, run.end reason, variants, run.start's
 *   source); run.start's sourceDetail is a string of at most SOURCE_DETAIL_MAX characters;
 *   error reports (`class`, `message`, optional `code`: strings); times,
 *   durations, counts and byte sizes are whole numbers ≥ 0;
 * - ids — the id rule: connection, request and segment ids and attempt numbers
 *   are whole numbers from 1 to the number of events in the file (connection 0
 *   only on the pool machine's state events). The simulator numbers them densely
 *   from 1 and each needs an event of its own (a dial, a request.start, a
 *   segment.send, an attempt.start), so every real trace satisfies it; and every
 *   table a view sizes by id stays no larger than the file.
 * - order, where views rely on it: run.start first; a request starts once, its
 *   attempts start after it, numbered 1, 2, …, and it ends at most once, after
 *   its first attempt; attempt.write and attempt.end name a started attempt; a
 *   segment is sent once and delivered at most once, after it was sent, on the
 *   connection it was sent on.
 *
 * Fields this version does not know are dropped (so nothing unchecked reaches a view).
 */
import { H11_ROLE_STATES as H11_STATES_BY_ROLE } from '../h11/states';
import type { Scenario } from '../scenario/types';
import { HTTP_METHODS } from '../scenario/types';
import { scenarioProblems } from '../scenario/validate';
import { type MachineName, SOURCE_DETAIL_MAX, TRACE_VERSION, type TraceEvent } from './events';

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

/** h11's states per role (the trace records `CLIENT/SERVER`): the machine's own table. */
export const H11_ROLE_STATES = {
  client: H11_STATES_BY_ROLE.CLIENT,
  server: H11_STATES_BY_ROLE.SERVER,
} as const;

/** The state names each machine records in `state` events (io.test.ts checks them against the machines). */
export const TRACE_STATES: Record<MachineName, readonly string[]> = {
  tcp: [
    'CLOSED',
    'LISTEN',
    'SYN-SENT',
    'SYN-RECEIVED',
    'ESTABLISHED',
    'CLOSE-WAIT',
    'FIN-WAIT-1',
    'FIN-WAIT-2',
    'CLOSING',
    'LAST-ACK',
    'TIME-WAIT',
  ],
  h11: H11_ROLE_STATES.client.flatMap((c) => H11_ROLE_STATES.server.map((s) => `${c}/${s}`)),
  server: ['awaitingRequest', 'processing', 'keepAliveIdle', 'closed'],
  pool: ['available', 'saturated'],
  belief: ['connecting', 'active', 'idle', 'closed'],
};

const STATE_SETS = new Map(Object.entries(TRACE_STATES).map(([m, list]) => [m, new Set(list)]));
const STATE_TEXT = new Map(
  Object.entries(TRACE_STATES).map(([m, list]) => [
    m,
    m === 'h11'
      ? `CLIENT/SERVER h11 states (client: ${H11_ROLE_STATES.client.join(', ')}; server: ${H11_ROLE_STATES.server.join(', ')})`
      : `a state of the ${m} machine (${list.join(', ')})`,
  ]),
);

/** A field's check: null when fine, else what it must be. `n` is the number of events in the file. */
type Check = (v: unknown, n: number) => string | null;

const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  const text = `must be one of ${values.join(', ')}`;
  return (v) => (set.has(v as string) ? null : text);
};

const whole = (min: number, max: number, what = 'a whole number'): Check => {
  const text = `must be ${what} from ${min} to ${max}`;
  return (v) => (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? null : text);
};

type Of<K extends TraceEvent['kind'], F extends string> =
  Extract<TraceEvent, { kind: K }> extends infer E
    ? E extends Record<F, infer V>
      ? Exclude<V, null | undefined>
      : never
    : never;

/**
 * An enum's values, checked at compile time against the event types: the list names every value
 * the type allows (it may run ahead of the type, never behind it — a new value in events.ts is a
 * type error here until import accepts it).
 */
function values<T extends string>() {
  return <const L extends readonly string[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

const SIDES = values<Of<'segment.send', 'side'>>()(['client', 'server']);
const FLAGS = values<Of<'segment.send', 'flag'>>()(['SYN', 'SYN-ACK', 'ACK', 'DATA', 'FIN', 'RST']);
const MACHINES = values<MachineName>()(['tcp', 'h11', 'server', 'pool', 'belief']);
const TIMERS = values<Of<'timer.arm', 'timer'>>()(['idle-timer', 'processing', 'time-wait', 'expiry']);
const DECISIONS = values<Of<'pool', 'decision'>>()([
  'dial',
  'reuse',
  'check',
  'discard',
  'queue',
  'release',
  'retry',
  'close',
]);
const OUTCOMES = values<Of<'request.end', 'outcome'>>()(['ok', 'ok-after-retry', 'failed']);
const CAUSES = values<Of<'request.end', 'cause'> | Of<'attempt.end', 'cause'>>()([
  'eof',
  'reset',
  'write-failed',
  'timeout',
]);
const SOURCES = values<Of<'run.start', 'source'>>()(['simulated', 'real', 'capture']);
/** Every way a run ends; the engine's own bounds (engineLimits.ts) after the first three. */
export const RUN_END_REASONS = values<Of<'run.end', 'reason'>>()([
  'done',
  'max-duration',
  'max-events',
  'max-kernel-events',
  'max-queued',
  'max-connections',
]);

const CHECKS = {
  /** Times and durations (µs), counts. */
  int: whole(0, Number.MAX_SAFE_INTEGER),
  i32: whole(0, 2 ** 31 - 1),
  /** Ids and attempt numbers: see the id rule above. */
  id: (v: unknown, n: number) =>
    Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= n
      ? null
      : `must be a whole number from 1 to ${n} (an id: at most the number of events in the file)`,
  /** A state event's connection: 0 for the pool machine's own states. */
  conn0: (v: unknown, n: number) =>
    Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= n
      ? null
      : `must be a whole number from 0 to ${n} (an id: at most the number of events in the file; 0: the pool machine)`,
  num: (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be a number ≥ 0',
  str: (v: unknown) => (typeof v === 'string' ? null : 'must be a string'),
  bool: (v: unknown) => (typeof v === 'boolean' ? null : 'must be true or false'),
  side: oneOf(SIDES),
  flag: oneOf(FLAGS),
  machine: oneOf(MACHINES),
  timer: oneOf(TIMERS),
  decision: oneOf(DECISIONS),
  method: oneOf(HTTP_METHODS),
  outcome: oneOf(OUTCOMES),
  cause: oneOf(CAUSES),
  reason: oneOf(RUN_END_REASONS),
  source: oneOf(SOURCES),
  detail: (v: unknown) =>
    typeof v === 'string' && v.length <= SOURCE_DETAIL_MAX
      ? null
      : `must be a string of at most ${SOURCE_DETAIL_MAX} characters`,
  /** Checked with the event's machine (eventProblems). */
  state: (v: unknown) => (typeof v === 'string' ? null : 'must be a string'),
  error: () => null,
  variants: () => null,
} satisfies Record<string, Check>;

type FieldType = keyof typeof CHECKS;
type Spec = FieldType | `${FieldType}?` | `${FieldType}|null`;

/** The fields each kind must have, with their types (see events.ts), in the recorder's key order. */
const SHAPES: Record<TraceEvent['kind'], Record<string, Spec>> = {
  'run.start': {
    version: 'int',
    scenario: 'str',
    seed: 'int',
    client: 'str',
    server: 'str',
    variants: 'variants?',
    source: 'source?',
    sourceDetail: 'detail?',
  },
  'segment.send': {
    conn: 'id',
    side: 'side',
    seg: 'id',
    flag: 'flag',
    label: 'str|null',
    bytes: 'i32',
    arriveAt: 'int',
    req: 'id?',
    attempt: 'id?',
  },
  'segment.deliver': { conn: 'id', side: 'side', seg: 'id', flag: 'flag' },
  state: { conn: 'conn0', side: 'side', machine: 'machine', from: 'state', to: 'state', cause: 'str' },
  'timer.arm': { conn: 'id', side: 'side', timer: 'timer', at: 'int' },
  'timer.fire': { conn: 'id', side: 'side', timer: 'timer', at: 'int' },
  'timer.cancel': { conn: 'id', side: 'side', timer: 'timer', at: 'int' },
  pool: { decision: 'decision', conn: 'id|null', req: 'id|null', detail: 'str', expiresAt: 'int?' },
  'request.start': { req: 'id', method: 'method', path: 'str', gapMs: 'num|null' },
  'attempt.start': { req: 'id', attempt: 'id', conn: 'id', reused: 'bool' },
  'attempt.write': { req: 'id', attempt: 'id', conn: 'id', ok: 'bool', errno: 'str|null' },
  'attempt.end': {
    req: 'id',
    attempt: 'id',
    conn: 'id',
    ok: 'bool',
    cause: 'cause|null',
    error: 'error|null',
  },
  'server.handle': { req: 'id', conn: 'id', count: 'int' },
  'request.end': {
    req: 'id',
    outcome: 'outcome',
    error: 'error|null',
    cause: 'cause|null',
    indeterminate: 'bool',
    latency: 'int',
  },
  'run.end': { reason: 'reason' },
};

interface Field {
  name: string;
  type: FieldType;
  check: Check;
  optional: boolean;
  nullable: boolean;
}

/** SHAPES, parsed once: own-property lookups only (a kind named `constructor` is unknown). */
const FIELDS = new Map<string, Field[]>(
  Object.entries(SHAPES).map(([kind, shape]) => [
    kind,
    Object.entries(shape).map(([name, spec]) => {
      const type = spec.replace(/\?|\|null/, '') as FieldType;
      return {
        name,
        type,
        check: CHECKS[type],
        optional: spec.endsWith('?'),
        nullable: spec.endsWith('|null'),
      };
    }),
  ]),
);
const KINDS = [...FIELDS.keys()].join(', ');

/** A bad value, quoted briefly (a value nested too deeply to print is described). */
const show = (v: unknown) => {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = Array.isArray(v) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return s === undefined ? 'nothing' : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An ErrorReport's problems, and the report with only its own fields. */
function errorReport(
  v: unknown,
  field: string,
  out: string[],
): { class: string; message: string; code?: string } {
  if (!isObject(v)) {
    out.push(`field "${field}" must be an object {class, message, code?} or null, got ${show(v)}`);
    return { class: '', message: '' };
  }
  for (const key of ['class', 'message'] as const)
    if (typeof v[key] !== 'string') out.push(`field "${field}.${key}" must be a string, got ${show(v[key])}`);
  if (v.code !== undefined && typeof v.code !== 'string')
    out.push(`field "${field}.code" must be a string when given, got ${show(v.code)}`);
  // Own fields only, in the file's order (the trace hash is over the JSON as written).
  const r: Record<string, unknown> = {};
  for (const key of Object.keys(v))
    if (key === 'class' || key === 'message' || key === 'code') r[key] = v[key];
  return r as { class: string; message: string; code?: string };
}

const VARIANTS = { belief: ['timed', 'untimed'], server: ['leaky', 'correct'] } as const;

function variants(v: unknown, out: string[]): { belief: string; server: string } {
  if (!isObject(v)) {
    out.push(`field "variants" must be an object {belief, server}, got ${show(v)}`);
    return { belief: '', server: '' };
  }
  for (const key of ['belief', 'server'] as const) {
    const allowed: readonly string[] = VARIANTS[key];
    if (!allowed.includes(v[key] as string))
      out.push(`field "variants.${key}" must be one of ${allowed.join(', ')}, got ${show(v[key])}`);
  }
  return { belief: v.belief as string, server: v.server as string };
}

/**
 * Problems with one event's own fields (given its position and the previous event's time), and
 * the event rebuilt from its known fields when it has others or nested objects.
 */
function eventProblems(
  e: unknown,
  index: number,
  prevT: number,
  n: number,
): { problems: string[]; event: TraceEvent | null } {
  if (!isObject(e)) return { problems: ['must be a JSON object (one trace event)'], event: null };
  const out: string[] = [];
  if (e.seq !== index)
    out.push(`field "seq" must be ${index} (events are numbered from 0), got ${show(e.seq)}`);
  if (!Number.isSafeInteger(e.t) || (e.t as number) < prevT)
    out.push(
      `field "t" must be a whole number of µs, at least the previous event's ${prevT}, got ${show(e.t)}`,
    );
  const fields = typeof e.kind === 'string' ? FIELDS.get(e.kind) : undefined;
  if (!fields) {
    out.push(`field "kind" must be one of ${KINDS}, got ${show(e.kind)}`);
    return { problems: out, event: null };
  }
  let present = 3; // seq, t, kind
  let rebuild = false;
  for (const f of fields) {
    const v = e[f.name];
    if (v === undefined && f.optional) continue;
    present++;
    if (v === null && f.nullable) continue;
    if (f.type === 'error') {
      errorReport(v, f.name, out);
      rebuild = true;
      continue;
    }
    if (f.type === 'variants') {
      variants(v, out);
      rebuild = true;
      continue;
    }
    const p = f.check(v, n);
    if (p)
      out.push(
        `field "${f.name}" ${f.nullable ? p.replace('must be ', 'must be null or ') : p}, got ${show(v)}`,
      );
  }
  if (e.kind === 'state') {
    const states = STATE_SETS.get(e.machine as string);
    if (states) {
      for (const key of ['from', 'to'] as const) {
        if (typeof e[key] === 'string' && !states.has(e[key]))
          out.push(`field "${key}" must be ${STATE_TEXT.get(e.machine as string)}, got ${show(e[key])}`);
      }
      // Connection 0 is the pool machine's, and only its.
      if (Number.isSafeInteger(e.conn) && (e.machine === 'pool') !== (e.conn === 0))
        out.push(
          e.machine === 'pool'
            ? `field "conn" must be 0 on the pool machine's state events, got ${show(e.conn)}`
            : `field "conn" must be a whole number from 1 to ${n} on a ${e.machine} state event (0 is the pool machine's), got ${show(e.conn)}`,
        );
    }
  }
  if (out.length > 0) return { problems: out, event: null };
  let keys = 0;
  for (const _ in e) keys++;
  if (!rebuild && keys === present) return { problems: out, event: e as unknown as TraceEvent };
  // Unknown fields are dropped; error reports and variants keep only their own fields.
  const clean: Record<string, unknown> = { seq: e.seq, t: e.t, kind: e.kind };
  for (const f of fields) {
    const v = e[f.name];
    if (v === undefined) continue;
    if (v !== null && f.type === 'error') clean[f.name] = errorReport(v, f.name, []);
    else if (f.type === 'variants') clean[f.name] = variants(v, []);
    else clean[f.name] = v;
  }
  return { problems: out, event: clean as unknown as TraceEvent };
}

/**
 * The cross-references views rely on, checked in trace order. Ids are already within 1…n (the
 * id rule), so the tables are as large as the file, never larger.
 */
class References {
  /** Per request: 0 not started, 1 started, 2 ended. */
  private readonly request: Uint8Array;
  /** Per request: attempts started. */
  private readonly attempts: Int32Array;
  /** Per request: whether its current attempt has been written (1) or ended (2). */
  private readonly attemptState: Uint8Array;
  /** Per segment: 0 not sent, 1 sent, 2 delivered. */
  private readonly segment: Uint8Array;
  /** Per segment: the connection it was sent on. */
  private readonly segConn: Int32Array;

  constructor(n: number) {
    this.request = new Uint8Array(n + 1);
    this.attempts = new Int32Array(n + 1);
    this.attemptState = new Uint8Array(n + 1);
    this.segment = new Uint8Array(n + 1);
    this.segConn = new Int32Array(n + 1);
  }

  private started(req: number, out: string[]): boolean {
    if (this.request[req] !== 0) return true;
    out.push(`field "req": request ${req} has not started (no request.start for it before this line)`);
    return false;
  }

  check(e: TraceEvent, out: string[]): void {
    switch (e.kind) {
      case 'request.start':
        if (this.request[e.req] !== 0) out.push(`field "req": request ${e.req} has already started`);
        else this.request[e.req] = 1;
        return;
      case 'attempt.start': {
        if (!this.started(e.req, out)) return;
        const current = this.attempts[e.req]!;
        // The same attempt may start again on another connection when nothing of it was written
        // (undici's turn before writing found its socket closed): a re-dispatch, not a retry.
        const redispatch = current > 0 && e.attempt === current && this.attemptState[e.req] === 0;
        if (e.attempt !== current + 1 && !redispatch)
          out.push(
            `field "attempt" must be ${current + 1} (request ${e.req}'s attempts are numbered 1, 2, … in order; an attempt never written may start again), got ${e.attempt}`,
          );
        else {
          this.attempts[e.req] = e.attempt;
          this.attemptState[e.req] = 0;
        }
        return;
      }
      case 'attempt.write':
      case 'attempt.end':
        if (this.started(e.req, out) && e.attempt > this.attempts[e.req]!)
          out.push(
            `field "attempt": request ${e.req} has no attempt ${e.attempt} (attempts started: ${this.attempts[e.req]})`,
          );
        else if (e.attempt === this.attempts[e.req])
          this.attemptState[e.req] = e.kind === 'attempt.write' ? 1 : 2;
        return;
      case 'request.end':
        if (!this.started(e.req, out)) return;
        if (this.request[e.req] === 2) out.push(`field "req": request ${e.req} has already ended`);
        else if (this.attempts[e.req] === 0)
          out.push(
            `field "req": request ${e.req} ends without an attempt (no attempt.start for it before this line)`,
          );
        else this.request[e.req] = 2;
        return;
      case 'segment.send':
        if (this.segment[e.seg] !== 0) out.push(`field "seg": segment ${e.seg} was already sent`);
        else {
          this.segment[e.seg] = 1;
          this.segConn[e.seg] = e.conn;
        }
        return;
      case 'segment.deliver':
        if (this.segment[e.seg] === 0)
          out.push(`field "seg": segment ${e.seg} was not sent (no segment.send for it before this line)`);
        else if (this.segment[e.seg] === 2) out.push(`field "seg": segment ${e.seg} was already delivered`);
        else if (this.segConn[e.seg] !== e.conn)
          out.push(
            `field "conn" must be ${this.segConn[e.seg]} (the connection segment ${e.seg} was sent on), got ${e.conn}`,
          );
        else this.segment[e.seg] = 2;
        return;
      default:
        return;
    }
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Parses and checks a trace file (or the bare event lines the CLI's `--trace` wrote before headers). */
export function parseTrace(text: string): ParsedTrace {
  try {
    return parseChecked(text);
  } catch (err) {
    // Nothing above should throw; if something does, the file is refused, not the page.
    return {
      ok: false,
      problems: [`the file could not be read: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}

function parseChecked(text: string): ParsedTrace {
  if (typeof text !== 'string') return { ok: false, problems: ['expected the text of a trace file'] };
  if (text.length > TRACE_LIMITS.bytes)
    return {
      ok: false,
      problems: [`the file is ${(text.length / 1e6).toFixed(0)} MB; at most ${TRACE_LIMITS.bytes / 1e6} MB`],
    };
  // Lines are read in place (no split): trailing blank lines are ignored, a line may end in \r\n.
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  if (end === 0) return { ok: false, problems: ['the file is empty: expected a trace (JSON Lines)'] };
  let lineCount = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lineCount++;

  const problems: string[] = [];
  const fail = (line: number, message: string) => {
    if (problems.length < TRACE_LIMITS.problems) problems.push(`line ${line}: ${message}`);
  };
  let pos = 0;
  const nextLine = (): string => {
    let nl = text.indexOf('\n', pos);
    if (nl === -1 || nl > end) nl = end;
    const line = text.slice(pos, nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    pos = nl + 1;
    return line;
  };
  const parse = (line: number, source: string): unknown => {
    try {
      return JSON.parse(source);
    } catch (e) {
      fail(line, `not valid JSON (${(e as Error).message.slice(0, 80)})`);
      return undefined;
    }
  };

  let scenario: Scenario | null = null;
  let first = 1;
  const head = parse(1, nextLine());
  if (isObject(head) && Object.hasOwn(head, 'format')) {
    first = 2;
    if (head.format !== TRACE_FORMAT)
      fail(1, `field "format" must be "${TRACE_FORMAT}", got ${show(head.format)}`);
    if (head.version !== TRACE_VERSION)
      fail(
        1,
        `field "version" must be ${TRACE_VERSION} (the trace format this app reads), got ${show(head.version)}`,
      );
    if (head.scenario !== null && head.scenario !== undefined) {
      const sp = checkScenario(head.scenario);
      if (sp) fail(1, `field "scenario": ${sp}`);
      else scenario = head.scenario as Scenario;
    }
  }
  const n = lineCount - first + 1;
  if (n > TRACE_LIMITS.events)
    return { ok: false, problems: [`the trace has ${n} events; at most ${TRACE_LIMITS.events}`] };
  if (n === 0) fail(first, 'expected trace events after the header');

  const refs = new References(n);
  const trace: TraceEvent[] = [];
  let prevT = 0;
  for (let line = first; line <= lineCount && problems.length < TRACE_LIMITS.problems; line++) {
    const raw = line === 1 ? head : parse(line, nextLine());
    if (raw === undefined) continue;
    const index = line - first;
    const { problems: own, event } = eventProblems(raw, index, prevT, n);
    for (const p of own) fail(line, p);
    const t = isObject(raw) ? raw.t : undefined;
    if (Number.isSafeInteger(t)) prevT = Math.max(prevT, t as number);
    if (!event) continue;
    if (index === 0 && event.kind !== 'run.start')
      fail(line, `the first event must be "run.start", got ${show(event.kind)}`);
    if (index === 0 && event.kind === 'run.start' && event.version !== TRACE_VERSION)
      fail(line, `field "version" must be ${TRACE_VERSION}, got ${show(event.version)}`);
    // Once something is wrong, later references may be wrong only because of it: not reported.
    if (problems.length === 0) {
      const cross: string[] = [];
      refs.check(event, cross);
      for (const p of cross) fail(line, p);
    }
    trace.push(event);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, trace, scenario };
}

/** The header's scenario: the first problem scenario validation finds (it must not throw, but if it does, that is a problem too). */
function checkScenario(v: unknown): string | null {
  try {
    const sp = scenarioProblems(v);
    return sp.length > 0 ? `${sp[0]!.path}: ${sp[0]!.message}` : null;
  } catch (err) {
    return `could not be checked (${err instanceof Error ? err.message.slice(0, 80) : 'error'})`;
  }
}
