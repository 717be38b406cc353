// `sim h11 FILE.jsonl`: replay an h11 operation script against the model of python-hyper/h11's
// connection state machine (h11/_connection.py, h11/_state.py); see sim-core/h11/README.md.

import { REPLAY_LIMITS, ReplayInputError, replayH11 } from '../h11/replay';
import { parseArgs, shown } from './args';
import { type CliIO, ioProblem } from './io';

export type H11CommandIo = Pick<CliIO, 'readFile' | 'out' | 'err'>;

const USAGE = 'usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)';

/** Output lines per write: one write per line is slow on a pipe, one write of all can be 100s of MB. */
const LINES_PER_WRITE = 4096;

/** A bytes limit equal to the characters limit: a file within it decodes to at most as many characters. */
export const H11_FILE_MAX_BYTES = REPLAY_LIMITS.chars;

export async function runH11Command(argv: readonly string[], io: H11CommandIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help')) {
    io.out(USAGE);
    return 0;
  }
  let positional: string[];
  try {
    positional = parseArgs(argv, {}).positional;
  } catch (e) {
    io.err(`h11: ${(e as Error).message}; ${USAGE}`);
    return 2;
  }
  const path = positional[0];
  if (positional.length !== 1 || path === undefined) {
    io.err(`h11: give one FILE.jsonl, got ${positional.length} arguments; ${USAGE}`);
    return 2;
  }
  const name = path === '-' ? 'stdin' : shown(path);
  let text: string;
  try {
    text = await io.readFile(path, H11_FILE_MAX_BYTES);
  } catch (e) {
    io.err(`h11: cannot read ${name}: ${ioProblem(e)}`);
    return 2;
  }
  let lines: string[];
  try {
    lines = replayH11(text).lines;
  } catch (e) {
    if (e instanceof ReplayInputError) {
      io.err(`h11: ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  for (let i = 0; i < lines.length; i += LINES_PER_WRITE)
    io.out(lines.slice(i, i + LINES_PER_WRITE).join('\n'));
  return 0;
}
