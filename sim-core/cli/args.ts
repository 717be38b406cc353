/** A small, strict flag parser: unknown flags and bad values are usage errors (exit 2). */
import { QUOTE_MAX } from '../scenario/text';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  /** Takes a value (`--seed 7`, `--seed=7`) or is a switch (`--csv`; `--csv=no` is refused). */
  value: boolean;
}

export interface Parsed {
  /** The flags given, each once (a Map: no flag name can reach Object.prototype). */
  flags: Map<string, string | true>;
  positional: string[];
}

/**
 * Input text for a message: clipped to ~80 characters and JSON-quoted, so a value with a newline,
 * a control character or a quote stays on one line and reads unambiguously.
 */
export function shown(s: string): string {
  return s.length <= QUOTE_MAX
    ? JSON.stringify(s)
    : `${JSON.stringify(`${s.slice(0, QUOTE_MAX)}…`)} (${s.length} characters)`;
}

/** `--name` as typed, bare when it is a plain flag name, quoted otherwise. */
function flagShown(name: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_-]{0,40}$/.test(name) ? `--${name}` : shown(`--${name}`);
}

/**
 * Flags are `--name VALUE`, `--name=VALUE` or `--name` (a switch). Each may be given once. `--`
 * ends the flags; `-` is an argument (stdin); any other `-x` is an unknown flag.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const known = () => {
    const names = Object.keys(spec);
    return names.length === 0
      ? 'this command takes no flags'
      : `known: ${names.map((k) => `--${k}`).join(', ')}`;
  };
  let flagsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (flagsEnded || arg === '-' || !arg.startsWith('-')) {
      if (arg === '') throw new UsageError('an argument is empty (""): give a file name, or leave it out');
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsEnded = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new UsageError(`unknown flag ${shown(arg)} (flags start with --; ${known()})`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    // Own properties only: `--constructor` or `--__proto__` is an unknown flag, not Object.prototype's.
    const s = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!s) throw new UsageError(`unknown flag ${flagShown(name)} (${known()})`);
    if (flags.has(name)) throw new UsageError(`--${name} is given more than once`);
    if (!s.value) {
      if (eq !== -1) throw new UsageError(`--${name} is a switch and takes no value, got ${shown(arg)}`);
      flags.set(name, true);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (eq === -1 && value.startsWith('--') && value !== '--')
      throw new UsageError(
        `--${name} needs a value, got the flag ${shown(value)} (write --${name}=VALUE for a value that starts with --)`,
      );
    if (value === '') throw new UsageError(`--${name} needs a value, got an empty one`);
    flags.set(name, value);
  }
  return { flags, positional };
}

/** The value of a value flag, if given. */
export function flagValue(parsed: Parsed, name: string): string | undefined {
  const v = parsed.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Refuses arguments a command does not take. */
export function noPositional(parsed: Parsed): void {
  const extra = parsed.positional[0];
  if (extra !== undefined) throw new UsageError(`unexpected argument ${shown(extra)}`);
}

// Decimal only: Number() would also take "0x10", "0b1", " 5 " and "".
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite decimal number in [min, max] (-0 is 0), or a UsageError naming the flag and the range. */
export function numberFlag(name: string, raw: string, min: number, max: number, integer = false): number {
  const n = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new UsageError(
      `--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${shown(raw)}`,
    );
  }
  // -0 would be written as 0 in a trace file and compare unequal on re-import.
  return n === 0 ? 0 : n;
}

/** A comma-separated list of at most `maxItems` numbers in [min, max]. */
export function listFlag(name: string, raw: string, min: number, max: number, maxItems: number): number[] {
  const parts = raw.split(',', maxItems + 1).map((p) => p.trim());
  if (parts.length > maxItems) throw new UsageError(`--${name} takes at most ${maxItems} numbers`);
  if (parts.some((p) => p === ''))
    throw new UsageError(`--${name} must be a comma-separated list of numbers, got ${shown(raw)}`);
  return parts.map((p) => numberFlag(name, p, min, max));
}

/** A comma-separated list of distinct names from `known`. */
export function namesFlag(name: string, raw: string, known: readonly string[]): string[] {
  const parts = raw.split(',', known.length + 1).map((p) => p.trim());
  const seen = new Set<string>();
  for (const p of parts) {
    if (!known.includes(p))
      throw new UsageError(`--${name}: unknown ${shown(p)}; known: ${known.join(', ')}`);
    if (seen.has(p)) throw new UsageError(`--${name}: ${shown(p)} is listed more than once`);
    seen.add(p);
  }
  return parts;
}
