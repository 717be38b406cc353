/**
 * The Race Window CLI (`npm run -s sim -- COMMAND`). Errors a user can fix
 * are one line on stderr and exit code 2; nothing prints a stack trace.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ScenarioError } from '../scenario/validate';
import { parseArgs, UsageError } from './args';
import { runH11Command } from './h11Command';
import type { CliIO } from './io';
import { ladderCommand } from './ladderCommand';
import { policiesCommand, presetsCommand } from './listCommands';
import { runCommand } from './runCommand';
import { sweepCommand } from './sweepCommand';

const USAGE = `usage: npm run -s sim -- COMMAND
  run [SCENARIO.json] [--preset NAME] [--seed N] [--client NAME] [--server NAME]
      [--idle-timeout-ms N] [--delay-ms N] [--jitter-ms N] [--gaps-ms LIST] [--method M]
      [--keep-alive-hint on|off] [--requests-per-connection N|unlimited] [--leaky-idle-timer]
      [--trace FILE] [--csv]             run one scenario; summary JSON (or CSV) on stdout
  sweep [same scenario flags] [--from-ms N --to-ms N --step-ms N] [--clients A,B] [--csv]
                                         the outcome of a request after each idle gap
  ladder [--server NAME] [--delay-ms N] [--idle-timeout-ms N] [--clients A,B] [--json]
                                         every client after a stale gap and in the race window (Markdown)
  presets                                list presets
  policies [--markdown]                  list client policies and server profiles, with rules and sources
  h11 FILE.jsonl                         replay h11 events against the h11 model`;

async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'sweep':
        return await sweepCommand(rest, io);
      case 'ladder':
        return ladderCommand(rest, io);
      case 'presets':
        return presetsCommand(io);
      case 'policies': {
        const parsed = parseArgs(rest, { markdown: { value: false } });
        return policiesCommand(io, parsed.flags.get('markdown') === true);
      }
      case 'h11':
        return await runH11Command([...rest], io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`unknown command "${command}" (commands: run, sweep, ladder, presets, policies, h11)`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    io.err(`internal error: ${(e as Error).message} — please report it with the command you ran`);
    return 1;
  }
}

// `sim … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const io: CliIO = {
  readFile: readInput,
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
