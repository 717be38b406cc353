// Replays a JSONL script of h11 operations against the model and prints one JSON line per
// operation, in a form that can be compared with real h11 (see README.md).
//
// Sources: h11/_connection.py (Connection.send / next_event / start_next_cycle, our_state,
// their_state), h11/_util.py (LocalProtocolError / RemoteProtocolError).
//
// Format: a line {"our_role":"CLIENT"|"SERVER"} starts a fresh connection; then one operation per
// line: {"op":"send","event":{...}}, {"op":"receive","event":{...}}, {"op":"start_next_cycle"}.
// Blank lines and lines starting with '#' are ignored.

import type { H11Error } from '../machines/http11Connection';
import { H11Connection } from './connection';
import { parseH11Event } from './events';

/**
 * What a replay accepts. Time is linear in the input: about 1 MB of script (~10,000 operations)
 * per second on one core, most of it in the XState machine, so the limits keep the worst
 * accepted script to under a minute and its output to a few hundred MB.
 */
export interface ReplayLimits {
  chars: number;
  lineChars: number;
  entries: number;
}

export const REPLAY_LIMITS: Readonly<ReplayLimits> = {
  /** Characters in the whole script (the CLI refuses a file of more bytes before reading it). */
  chars: 32 * 1024 * 1024,
  /** Characters in one line (a body can be given as `"length"` instead of its bytes). */
  lineChars: 1024 * 1024,
  /** Role lines plus operations (blank and comment lines are not counted). */
  entries: 500_000,
};

/** A malformed replay line; the message names the line number and the field. */
export class ReplayInputError extends Error {
  constructor(
    readonly lineNumber: number,
    detail: string,
  ) {
    super(lineNumber > 0 ? `line ${lineNumber}: ${detail}` : detail);
    this.name = 'ReplayInputError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field name from the input, quoted on one line and clipped. */
function fieldName(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

function stateLine(conn: H11Connection, prefix: string): string {
  // The states are h11's upper-case names: no escaping needed. Same text as JSON.stringify of
  // {...extra, our_state, their_state}, without building the object.
  return `{${prefix}"our_state":"${conn.ourState}","their_state":"${conn.theirState}"}`;
}

function errorPrefix(error: H11Error): string {
  return `"error":${JSON.stringify(error.class)},"message":${JSON.stringify(error.message)},`;
}

/**
 * Runs the script. Throws ReplayInputError on a malformed line or an input over REPLAY_LIMITS
 * (nothing is returned then). One pass over the text, no per-line array of the whole input, and
 * h11 errors are taken as values (the try* forms), not thrown, so time is linear in the input.
 */
export function replayH11(
  jsonl: string,
  limits: Readonly<ReplayLimits> = REPLAY_LIMITS,
): { lines: string[] } {
  if (jsonl.length > limits.chars)
    throw new ReplayInputError(0, `the script has ${jsonl.length} characters; at most ${limits.chars}`);
  const lines: string[] = [];
  let conn: H11Connection | null = null;
  // The role of the connection a role line started; the actor is made at its first operation
  // (creating one costs as much as a few operations, and a script may be only role lines).
  let role: 'CLIENT' | 'SERVER' | null = null;
  let entries = 0;
  try {
    let lineNumber = 0;
    for (let start = 0; start <= jsonl.length; ) {
      let end = jsonl.indexOf('\n', start);
      if (end === -1) end = jsonl.length;
      lineNumber++;
      const next = end + 1;
      if (end - start > limits.lineChars)
        throw new ReplayInputError(
          lineNumber,
          `has ${end - start} characters; at most ${limits.lineChars} per line (give a body's size as "length")`,
        );
      const text = jsonl.slice(start, end).trim();
      start = next;
      if (text === '' || text.startsWith('#')) continue;
      if (++entries > limits.entries)
        throw new ReplayInputError(
          lineNumber,
          `more than ${limits.entries} role lines and operations; at most ${limits.entries}`,
        );
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ReplayInputError(lineNumber, 'not valid JSON');
      }
      if (!isRecord(value)) throw new ReplayInputError(lineNumber, 'must be a JSON object');

      if (Object.hasOwn(value, 'our_role')) {
        if (Object.keys(value).length !== 1)
          throw new ReplayInputError(lineNumber, 'a role line has only "our_role"');
        if (value.our_role !== 'CLIENT' && value.our_role !== 'SERVER')
          throw new ReplayInputError(lineNumber, 'our_role must be "CLIENT" or "SERVER"');
        conn?.stop();
        conn = null;
        role = value.our_role;
        continue;
      }
      if (!Object.hasOwn(value, 'op')) throw new ReplayInputError(lineNumber, 'expected "our_role" or "op"');
      if (role === null) throw new ReplayInputError(lineNumber, 'op before any {"our_role": ...} line');
      const op = value.op;
      let error: H11Error | null;
      if (op === 'send' || op === 'receive') {
        for (const key of Object.keys(value))
          if (key !== 'op' && key !== 'event')
            throw new ReplayInputError(lineNumber, `unknown field ${fieldName(key)}`);
        const parsed = parseH11Event(value.event, 'event');
        if (!parsed.ok) throw new ReplayInputError(lineNumber, parsed.error);
        conn ??= new H11Connection(role);
        error = op === 'send' ? conn.trySend(parsed.value) : conn.tryReceive(parsed.value);
      } else if (op === 'start_next_cycle') {
        for (const key of Object.keys(value))
          if (key !== 'op') throw new ReplayInputError(lineNumber, `unknown field ${fieldName(key)}`);
        conn ??= new H11Connection(role);
        error = conn.tryStartNextCycle();
      } else {
        throw new ReplayInputError(lineNumber, 'op must be "send", "receive" or "start_next_cycle"');
      }
      // receive() reports PAUSED only when it did not raise (h11's next_event either returns or raises).
      const prefix = error
        ? errorPrefix(error)
        : op === 'receive' && conn.paused
          ? '"next_event":"PAUSED",'
          : '';
      lines.push(stateLine(conn, prefix));
    }
  } finally {
    conn?.stop();
  }
  return { lines };
}
