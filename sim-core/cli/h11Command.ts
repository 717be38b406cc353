// `sim h11 FILE.jsonl`: replay an h11 operation script against the model of python-hyper/h11's
// connection state machine (h11/_connection.py, h11/_state.py); see sim-core/h11/README.md.

import { ReplayInputError, replayH11 } from '../h11/replay';

export interface H11CommandIo {
  readFile(path: string): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: sim h11 FILE.jsonl   (FILE may be "-" for stdin)';

export async function runH11Command(argv: string[], io: H11CommandIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help')) {
    io.out(USAGE);
    return 0;
  }
  const path = argv[0];
  if (argv.length !== 1 || path === undefined || (path.startsWith('-') && path !== '-')) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    io.err(
      `h11: cannot read ${path === '-' ? 'stdin' : path}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return 2;
  }
  let lines: string[];
  try {
    lines = replayH11(text).lines;
  } catch (e) {
    if (e instanceof ReplayInputError) {
      io.err(`h11: ${path === '-' ? 'stdin' : path}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  for (const line of lines) io.out(line);
  return 0;
}
