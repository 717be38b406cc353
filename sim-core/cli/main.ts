/**
 * The Race Window CLI (`npm run -s sim -- COMMAND`); the commands are in cli.ts. Errors a user
 * can fix are one line on stderr and exit code 2; nothing prints a stack trace.
 */
import { runCli } from './cli';
import { nodeIO } from './nodeIo';

// `sim … | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2), nodeIO).then((code) => {
  process.exitCode = code;
});
