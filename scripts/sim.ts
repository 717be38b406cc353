/**
 * `npm run -s sim -- COMMAND`: `probe` and `real` touch real sockets, so they live outside
 * sim-core (scripts/bridge/); every other command is sim-core's CLI (sim-core/cli/cli.ts), as before.
 */
import { runCli } from '../sim-core/cli/cli';
import { nodeIO } from '../sim-core/cli/nodeIo';

// `sim … | head` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const argv = process.argv.slice(2);

async function main(): Promise<number> {
  const command = argv[0];
  if (command === 'probe') return (await import('./bridge/probe')).probeMain(argv.slice(1));
  if (command === 'real') return (await import('./bridge/real')).realMain(argv.slice(1));
  return runCli(argv, nodeIO);
}

main().then((code) => {
  process.exitCode = code;
});
