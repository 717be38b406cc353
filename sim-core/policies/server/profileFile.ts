/**
 * A server profile file: what `sim probe` measured of a real server (its effective idle close,
 * its `Keep-Alive` hint, its requests per connection), in a form the simulator runs
 * (`--server-file FILE` on the CLI, Files → import in the app).
 *
 * The world runs named profiles, so a file becomes one of them plus the scenario's own
 * overrides (`server.profile`, `idleTimeoutMs`, `keepAliveHint`, `requestsPerConnection`): a
 * scenario that used a file stays plain JSON, shareable by URL, and its trace re-imports. The
 * profile is chosen so the world closes an idle connection exactly `idleCloseMs` after its
 * response and sends exactly the hint the server sent; a file no profile can reproduce is
 * refused with the reason, never approximated.
 */

import type { ServerSettings } from '../../scenario/types';
import { LIMITS, STRING_LIMITS } from '../../scenario/validate';
import { apache24 } from './apache-2.4';
import { nodeHttp20 } from './node-http-20';
import { uvicorn } from './uvicorn';

export const SERVER_PROFILE_FORMAT = 'race-window-server-profile';
/** The largest profile file read (characters): a profile is a few hundred. */
export const SERVER_PROFILE_MAX_CHARS = 64 * 1024;
const SOURCE_MAX = 2000;

export type CloseKind = 'fin' | 'rst' | 'none';

export interface ServerProfileFile {
  format: typeof SERVER_PROFILE_FORMAT;
  version: 1;
  /** Shown as the scenario's server (≤ 80 characters). */
  name: string;
  /** How long after a response completes the server closes the idle connection (ms). */
  idleCloseMs: number;
  /** The `Keep-Alive` header's value on a keep-alive response, or null when it sends none. */
  keepAliveHint: string | null;
  /** Requests served on one connection before the server closes it; null = no limit seen. */
  requestsPerConnection: number | null;
  /** How the idle close arrived (the simulator models FIN). */
  closeKind: CloseKind;
  /** Where the figures come from (the probe's target and date, versions): free text. */
  source?: string;
}

/** The scenario server fields a profile file sets. */
export type ServerFileSettings = Pick<
  ServerSettings,
  'profile' | 'idleTimeoutMs' | 'keepAliveHint' | 'requestsPerConnection'
>;

export type ParsedServerProfile =
  | { ok: true; file: ServerProfileFile; server: ServerFileSettings }
  | { ok: false; message: string };

const HINT = /^\s*timeout=(\d{1,7})\s*(?:,\s*max=(\d{1,7})\s*)?$/i;
const KEYS = new Set([
  'format',
  'version',
  'name',
  'idleCloseMs',
  'keepAliveHint',
  'requestsPerConnection',
  'closeKind',
  'source',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const json = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};
const inRange = (v: unknown, [min, max]: readonly [number, number]): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** The problem with a parsed value as a profile file (field: what is allowed), or null. */
function problem(v: unknown): string | null {
  if (!isObject(v)) return `server profile: must be a JSON object, got ${json(v)}`;
  for (const k of Object.keys(v)) {
    if (!KEYS.has(k)) return `${json(k)}: unknown field (known: ${[...KEYS].join(', ')})`;
  }
  if (v.format !== SERVER_PROFILE_FORMAT)
    return `format: must be "${SERVER_PROFILE_FORMAT}", got ${json(v.format)}`;
  if (v.version !== 1) return `version: must be 1, got ${json(v.version)}`;
  if (typeof v.name !== 'string' || v.name.trim() === '' || v.name.length > STRING_LIMITS.name)
    return `name: must be a text of 1 to ${STRING_LIMITS.name} characters, got ${json(v.name)}`;
  if (v.closeKind !== 'fin' && v.closeKind !== 'rst' && v.closeKind !== 'none')
    return `closeKind: must be "fin", "rst" or "none", got ${json(v.closeKind)}`;
  if (v.closeKind === 'rst')
    return 'closeKind: "rst" — the simulator closes an idle connection with FIN; it cannot model a server that resets idle connections';
  if (v.closeKind === 'none' || v.idleCloseMs === null)
    return 'idleCloseMs: the server was not seen closing an idle connection; the simulator needs a close time (set idleCloseMs and closeKind "fin")';
  const [min, max] = LIMITS.idleTimeoutMs;
  if (!inRange(v.idleCloseMs, [min, max]))
    return `idleCloseMs: must be a number of ms from ${min} to ${max}, got ${json(v.idleCloseMs)}`;
  if (v.keepAliveHint !== null && (typeof v.keepAliveHint !== 'string' || !HINT.test(v.keepAliveHint)))
    return `keepAliveHint: must be null or "timeout=N" (optionally ", max=M"), got ${json(v.keepAliveHint)}`;
  const [rMin, rMax] = LIMITS.requestsPerConnection;
  if (
    v.requestsPerConnection !== null &&
    !(inRange(v.requestsPerConnection, [rMin, rMax]) && Number.isInteger(v.requestsPerConnection))
  )
    return `requestsPerConnection: must be null or a whole number from ${rMin} to ${rMax}, got ${json(v.requestsPerConnection)}`;
  if (v.source !== undefined && (typeof v.source !== 'string' || v.source.length > SOURCE_MAX))
    return `source: must be a text of at most ${SOURCE_MAX} characters`;
  return null;
}

/**
 * The profile and overrides that make the world close after `idleCloseMs` with the file's hint:
 * no hint → uvicorn's rule (closes at its timeout) with the hint off; `timeout=H` → Node's rule
 * (closes keepAliveTimeout + 1 s later, advertises floor(keepAliveTimeout / 1 s)) or, when the
 * server closes at the advertised time, uvicorn's rule with the hint on; `timeout=H, max=M` →
 * Apache's rule (its hint counts the requests left).
 */
function settingsFor(f: ServerProfileFile): ServerFileSettings | string {
  const close = f.idleCloseMs;
  const requestsPerConnection = f.requestsPerConnection;
  if (f.keepAliveHint === null)
    return { profile: uvicorn.name, idleTimeoutMs: close, keepAliveHint: false, requestsPerConnection };
  const [, timeout, max] = HINT.exec(f.keepAliveHint)!;
  const hinted = Number(timeout);
  const advertises = (ms: number) => Math.floor(ms / 1000) === hinted;
  if (max !== undefined) {
    if (!advertises(close))
      return `keepAliveHint: "${f.keepAliveHint}" with idleCloseMs ${close}: a server with a max= hint is modelled as Apache, which advertises its close time (timeout=${Math.floor(close / 1000)})`;
    if (requestsPerConnection === null)
      return `requestsPerConnection: the hint "${f.keepAliveHint}" counts requests left, so requestsPerConnection must be a number (the server's limit), got null`;
    return { profile: apache24.name, idleTimeoutMs: close, keepAliveHint: true, requestsPerConnection };
  }
  const nodeTimeout = close - nodeHttp20.extraCloseDelayMs;
  if (nodeTimeout >= LIMITS.idleTimeoutMs[0] && advertises(nodeTimeout))
    return {
      profile: nodeHttp20.name,
      idleTimeoutMs: nodeTimeout,
      keepAliveHint: true,
      requestsPerConnection,
    };
  if (advertises(close))
    return { profile: uvicorn.name, idleTimeoutMs: close, keepAliveHint: true, requestsPerConnection };
  return `keepAliveHint: "${f.keepAliveHint}" with idleCloseMs ${close}: no server profile advertises timeout=${hinted} and closes then (the models close at the advertised time, or 1000 ms after it like Node 20)`;
}

/** Reads a profile file's text: the file and the scenario server fields it sets, or one message. */
export function parseServerProfile(text: string): ParsedServerProfile {
  if (text.length > SERVER_PROFILE_MAX_CHARS)
    return {
      ok: false,
      message: `server profile: at most ${SERVER_PROFILE_MAX_CHARS} characters, got ${text.length}`,
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      message: `server profile: not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  const bad = problem(value);
  if (bad !== null) return { ok: false, message: bad };
  const file = value as unknown as ServerProfileFile;
  const server = settingsFor(file);
  return typeof server === 'string' ? { ok: false, message: server } : { ok: true, file, server };
}

/** A scenario's server settings with a profile file's applied (processing, event loop kept). */
export function withServerProfile(server: ServerSettings, settings: ServerFileSettings): ServerSettings {
  const { leakyIdleTimer: _dropped, ...rest } = server;
  return { ...rest, ...settings };
}

/** The text of a profile file (what `sim probe` writes). */
export function serializeServerProfile(file: ServerProfileFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
