/**
 * The Race Window CLI as a function: argv, an injected outside world and engine in, an exit code
 * out. 0 done, 2 a usage error (exactly one line on stderr, naming the flag, file or field and
 * the limit), 1 only for a bug (an "internal error" line). main.ts wires it to the process.
 */
import { ScenarioError } from '../scenario/validate';
import { noPositional, parseArgs, shown, UsageError } from './args';
import { diagnoseCommand } from './diagnoseCommand';
import { ENGINE, type Engine } from './engine';
import { runH11Command } from './h11Command';
import type { CliIO } from './io';
import { ladderCommand } from './ladderCommand';
import { policiesCommand, presetsCommand } from './listCommands';
import { pcapCommand } from './pcapCommand';
import { riskCommand } from './riskCommand';
import { runCommand } from './runCommand';
import { sweepCommand } from './sweepCommand';

export const USAGE = `usage: npm run -s sim -- COMMAND
  run [SCENARIO.json|-] [--preset NAME] [--seed N] [--client NAME] [--server NAME]
      [--idle-timeout-ms N] [--delay-ms N] [--jitter-ms N] [--gaps-ms LIST] [--method M]
      [--keep-alive-hint on|off] [--requests-per-connection N|unlimited] [--leaky-idle-timer]
      [--trace FILE|-] [--csv]           run one scenario; summary JSON (or CSV) on stdout
      [--perfetto FILE]                  also the run as a Chrome Trace Event file (ui.perfetto.dev)
      [--server-file FILE]               a server profile file (what probe writes) instead of --server
                                         (--trace - writes the trace to stdout instead)
  sweep [same scenario flags] [--from-ms N --to-ms N --step-ms N] [--clients A,B] [--csv]
                                         the outcome of a request after each idle gap
  ladder [--server NAME|--server-file FILE] [--delay-ms N] [--idle-timeout-ms N] [--clients A,B] [--json]
                                         every client after a stale gap and in the race window (Markdown)
  risk --client NAME --server NAME [--delay-ms N] [--jitter-ms N] [--idle-timeout-ms N]
      [--client-expiry-ms N] [--retries on|off] [--traffic sequential:exp:MEAN_MS |
      sequential:uniform:MIN_MS:MAX_MS | poisson:RATE_PER_S | seed-bursts] [--method GET|POST]
      [--requests N] [--seed N] [--workers N] [--vary PARAM=FROM:TO:STEP[,PARAM=…]] [--fixes] [--json]
                                         failures per million with a 95 % interval, by cause; fixes; a map
  diagnose [FILE|-] [--json]             a pasted error or traceback: library, mechanism, what to open
  presets                                list presets
  policies [--markdown]                  list client policies and server profiles, with rules and sources
  h11 FILE.jsonl|-                       replay h11 events against the h11 model
  probe URL [--json] [--profile FILE]     measure a real server's keep-alive (scripts/bridge; docs/real-world.md)
  real --client NAME --server NAME [--delay-ms N] [--gaps-ms LIST] [--sweep] [--trace FILE] [--json]
                                         real clients against a real server through a delay proxy (also --perfetto FILE)
  pcap FILE.pcap|- [--port N] [--trace OUT|-] [--perfetto FILE] [--json]
                                         a packet capture (pcap, pcapng) as a trace: requests, failures, stale or race
Flags take a value as --flag VALUE or --flag=VALUE, each at most once; "-" is stdin (or stdout).`;

const COMMANDS = 'run, sweep, ladder, risk, diagnose, presets, policies, h11, pcap, help';
const KNOWN = new Set(['run', 'sweep', 'ladder', 'risk', 'diagnose', 'presets', 'policies', 'h11', 'pcap']);

const ESCAPES: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t' };

/** Line breaks and other control characters escaped: an error is one line, whatever it quotes. */
export function oneLine(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && (c < 0x7f || c > 0x9f) && c !== 0x2028 && c !== 0x2029) continue;
    out += text.slice(from, i) + (ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

async function dispatch(
  command: string,
  rest: readonly string[],
  io: CliIO,
  engine: Engine,
): Promise<number> {
  switch (command) {
    case 'run':
      return await runCommand(rest, io, engine);
    case 'sweep':
      return await sweepCommand(rest, io, engine);
    case 'ladder':
      return await ladderCommand(rest, io, engine);
    case 'presets':
      noPositional(parseArgs(rest, {}));
      return presetsCommand(io);
    case 'policies': {
      const parsed = parseArgs(rest, { markdown: { value: false } });
      noPositional(parsed);
      return policiesCommand(io, parsed.flags.get('markdown') === true);
    }
    case 'h11':
      return await runH11Command(rest, io);
    case 'pcap':
      return await pcapCommand(rest, io);
    case 'risk':
      return await riskCommand(rest, io);
    case 'diagnose':
      return await diagnoseCommand(rest, io);
    default:
      throw new UsageError(`unknown command ${shown(command)} (commands: ${COMMANDS})`);
  }
}

export async function runCli(argv: readonly string[], io: CliIO, engine: Engine = ENGINE): Promise<number> {
  const [command, ...rest] = argv;
  const err = (line: string) => io.err(oneLine(line));
  if (command === undefined) {
    err(`error: give a command (${COMMANDS}); "help" lists their flags`);
    return 2;
  }
  const help = (a: string | undefined) => a === '--help' || a === '-h';
  if (command === 'help' || help(command) || (KNOWN.has(command) && help(rest[0]))) {
    io.out(USAGE);
    return 0;
  }
  try {
    return await dispatch(command, rest, { ...io, err }, engine);
  } catch (e) {
    // By class: a user's mistake is exit 2 and one line; anything else is a bug in the CLI.
    if (e instanceof UsageError || e instanceof ScenarioError) {
      err(`error: ${e.message}`);
      return 2;
    }
    let message: string;
    try {
      message = e instanceof Error ? e.message : String(e);
    } catch {
      message = 'an unprintable error';
    }
    err(`internal error: ${message} — please report it with the command you ran`);
    return 1;
  }
}
