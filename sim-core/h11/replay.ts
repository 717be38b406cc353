// Replays a JSONL script of h11 operations against the model and prints one JSON line per
// operation, in a form that can be compared with real h11 (see README.md).
//
// Sources: h11/_connection.py (Connection.send / next_event / start_next_cycle, our_state,
// their_state), h11/_util.py (LocalProtocolError / RemoteProtocolError).
//
// Format: a line {"our_role":"CLIENT"|"SERVER"} starts a fresh connection; then one operation per
// line: {"op":"send","event":{...}}, {"op":"receive","event":{...}}, {"op":"start_next_cycle"}.
// Blank lines and lines starting with '#' are ignored.

import { H11Connection, H11ProtocolError } from './connection';
import { parseH11Event } from './events';

/** A malformed replay line; the message names the line number and the field. */
export class ReplayInputError extends Error {
  constructor(
    readonly lineNumber: number,
    detail: string,
  ) {
    super(`line ${lineNumber}: ${detail}`);
    this.name = 'ReplayInputError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stateLine(conn: H11Connection, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, our_state: conn.ourState, their_state: conn.theirState });
}

/** Runs the script. Throws ReplayInputError on a malformed line (nothing is returned then). */
export function replayH11(jsonl: string): { lines: string[] } {
  const lines: string[] = [];
  let conn: H11Connection | null = null;
  const rows = jsonl.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const lineNumber = i + 1;
    const text = (rows[i] as string).trim();
    if (text === '' || text.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ReplayInputError(lineNumber, 'not valid JSON');
    }
    if (!isRecord(value)) throw new ReplayInputError(lineNumber, 'must be a JSON object');

    if ('our_role' in value) {
      if (Object.keys(value).length !== 1)
        throw new ReplayInputError(lineNumber, 'a role line has only "our_role"');
      if (value.our_role !== 'CLIENT' && value.our_role !== 'SERVER')
        throw new ReplayInputError(lineNumber, 'our_role must be "CLIENT" or "SERVER"');
      conn = new H11Connection(value.our_role);
      continue;
    }
    if (!('op' in value)) throw new ReplayInputError(lineNumber, 'expected "our_role" or "op"');
    if (conn === null) throw new ReplayInputError(lineNumber, 'op before any {"our_role": ...} line');
    const op = value.op;
    let run: (c: H11Connection) => boolean;
    if (op === 'send' || op === 'receive') {
      for (const key of Object.keys(value))
        if (key !== 'op' && key !== 'event') throw new ReplayInputError(lineNumber, `unknown field "${key}"`);
      const parsed = parseH11Event(value.event, 'event');
      if (!parsed.ok) throw new ReplayInputError(lineNumber, parsed.error);
      const event = parsed.value;
      run =
        op === 'send'
          ? (c) => {
              c.send(event);
              return false;
            }
          : (c) => c.receive(event).paused;
    } else if (op === 'start_next_cycle') {
      for (const key of Object.keys(value))
        if (key !== 'op') throw new ReplayInputError(lineNumber, `unknown field "${key}"`);
      run = (c) => {
        c.startNextCycle();
        return false;
      };
    } else {
      throw new ReplayInputError(lineNumber, 'op must be "send", "receive" or "start_next_cycle"');
    }

    try {
      const paused = run(conn);
      lines.push(stateLine(conn, paused ? { next_event: 'PAUSED' } : {}));
    } catch (e) {
      if (!(e instanceof H11ProtocolError)) throw e;
      lines.push(stateLine(conn, { error: e.errorClass, message: e.message }));
    }
  }
  return { lines };
}
