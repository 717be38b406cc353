/**
 * `sim probe URL [--requests N] [--connections N] [--max-wait-ms N] [--profile FILE] [--json]`:
 * measures a real server's keep-alive behaviour with raw sockets (node:net) — how long after a
 * response it closes an idle connection, whether with FIN or RST, the Keep-Alive / Connection
 * headers it sends, whether it closes after N requests, and what a write after its FIN gets —
 * and writes a server profile file the simulator runs (`sim run --server-file FILE`).
 * Bounded: every socket is destroyed at --max-wait-ms; what it could not see is listed.
 */
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { flagValue, noPositional, numberFlag, parseArgs, shown, UsageError } from '../../sim-core/cli/args';
import {
  type CloseKind,
  parseServerProfile,
  SERVER_PROFILE_FORMAT,
  type ServerProfileFile,
  serializeServerProfile,
} from '../../sim-core/policies/server/profileFile';
import { type Response, ResponseReader } from './http1';

export interface ProbeResult {
  url: string;
  /** Median ms from the end of a response to the server's close of the idle connection. */
  idleCloseMs: number | null;
  idleCloseSamplesMs: number[];
  closeKind: CloseKind;
  keepAliveHeader: string | null;
  connectionHeader: string | null;
  /** Requests the server answered on one connection before closing it (null: none of --requests). */
  requestsBeforeClose: number | null;
  requestsTried: number;
  /** After the server's FIN: the first write, what came back, a second write, what a read gives. */
  writeAfterFin: { firstWrite: string; thenReceived: string; secondWrite: string; read: string } | null;
  profileFile: string | null;
  /** What it could not determine within --max-wait-ms, and why. */
  undetermined: string[];
}

export interface ProbeOptions {
  url: URL;
  requests: number;
  connections: number;
  maxWaitMs: number;
}

const errCode = (e: unknown): string =>
  (e as NodeJS.ErrnoException | null)?.code ?? (e instanceof Error ? e.message : String(e));

function requestText(url: URL, close = false): string {
  return `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: race-window-probe\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\n\r\n`;
}

/** One probe connection: responses with their arrival times, and how and when it ended. */
class ProbeSocket {
  readonly socket: net.Socket;
  readonly responses: { response: Response; at: number }[] = [];
  ended: { kind: 'fin' | 'rst'; at: number; code?: string } | null = null;
  error: string | null = null;
  private readonly reader = new ResponseReader();
  private waiters: (() => void)[] = [];

  constructor(url: URL) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port || 80), allowHalfOpen: true });
    this.socket.setNoDelay(true);
    this.socket.on('data', (d) => {
      try {
        for (const response of this.reader.push(d)) this.responses.push({ response, at: performance.now() });
      } catch (e) {
        this.error = `the server's response could not be read: ${errCode(e)}`;
        this.socket.destroy();
      }
      this.wake();
    });
    this.socket.on('end', () => {
      this.ended ??= { kind: 'fin', at: performance.now() };
      this.wake();
    });
    this.socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET') this.ended ??= { kind: 'rst', at: performance.now(), code: e.code };
      else this.error ??= errCode(e);
      this.wake();
    });
    this.socket.on('close', () => this.wake());
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `done()` holds, or at `deadline` (performance.now() ms). */
  until(done: () => boolean, deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(done());
      };
      const check = () => {
        if (settled) return;
        if (done() || this.socket.destroyed) settle();
        else this.waiters.push(check);
      };
      // The timer settles whatever the clock says: a timer may fire a fraction of a ms before
      // performance.now() reaches the deadline, and nothing else would wake this wait.
      const timer = setTimeout(settle, Math.max(0, deadline - performance.now()));
      check();
    });
  }

  write(text: string): Promise<string> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve('the socket was already destroyed');
      this.socket.write(text, (e) => resolve(e ? errCode(e) : 'ok'));
    });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

export async function probe(o: ProbeOptions): Promise<Omit<ProbeResult, 'profileFile'>> {
  const deadline = performance.now() + o.maxWaitMs;
  const undetermined: string[] = [];
  const sockets: ProbeSocket[] = [];
  const open = (): ProbeSocket => {
    const s = new ProbeSocket(o.url);
    sockets.push(s);
    return s;
  };
  try {
    // Idle close: one request per connection, then wait for the server to close it.
    const idle = Array.from({ length: o.connections }, open);
    await Promise.all(idle.map((s) => s.write(requestText(o.url))));
    // The per-connection request count runs beside the idle waits, on its own connection.
    const counting = (async () => {
      const s = open();
      for (let i = 1; i <= o.requests; i++) {
        if ((await s.write(requestText(o.url))) !== 'ok') return null;
        await s.until(() => s.responses.length >= i || s.ended !== null || s.error !== null, deadline);
        if (s.responses.length < i) return s.ended ? i - 1 : null;
        const conn = s.responses[i - 1]!.response.headers.get('connection') ?? '';
        if (/\bclose\b/i.test(conn)) return i;
      }
      // A close right after the last answered request counts too.
      await s.until(() => s.ended !== null, Math.min(deadline, performance.now() + 50));
      return s.ended ? o.requests : null;
    })();
    await Promise.all(idle.map((s) => s.until(() => s.ended !== null || s.error !== null, deadline)));
    const requestsBeforeClose = await counting;

    const first = idle.find((s) => s.responses.length > 0)?.responses[0]?.response ?? null;
    if (first === null) {
      const why = idle.find((s) => s.error !== null)?.error;
      throw new UsageError(
        `probe: no response from ${o.url.href}${why ? `: ${why}` : ` within --max-wait-ms ${o.maxWaitMs}`}`,
      );
    }
    const samples = idle
      .filter((s) => s.ended !== null && s.responses.length > 0)
      .map((s) => round1(s.ended!.at - s.responses[s.responses.length - 1]!.at));
    const kinds = new Set(idle.filter((s) => s.ended).map((s) => s.ended!.kind));
    const closeKind: CloseKind = kinds.has('rst') ? 'rst' : kinds.has('fin') ? 'fin' : 'none';
    if (samples.length === 0)
      undetermined.push(
        `idle close: the server had not closed an idle connection after ${o.maxWaitMs} ms (--max-wait-ms)`,
      );
    else if (samples.length < idle.length)
      undetermined.push(`idle close: only ${samples.length} of ${idle.length} connections closed in time`);
    if (requestsBeforeClose === null)
      undetermined.push(`requests per connection: no close within ${o.requests} requests (--requests)`);

    // A write after the server's FIN: the kernel accepts it; the server's kernel answers RST.
    let writeAfterFin: ProbeResult['writeAfterFin'] = null;
    const finned = idle.find((s) => s.ended?.kind === 'fin' && !s.socket.destroyed);
    if (finned) {
      const firstWrite = await finned.write(requestText(o.url));
      const before = finned.error;
      await finned.until(
        () => finned.error !== before || finned.socket.destroyed,
        Math.min(deadline, performance.now() + 500),
      );
      // Node raises no ECONNRESET on a socket whose read side has ended: the RST shows as the
      // second write's EPIPE.
      const thenReceived = finned.error !== before ? `error ${finned.error}` : 'no error event within 500 ms';
      const secondWrite = await finned.write(requestText(o.url));
      writeAfterFin = { firstWrite, thenReceived, secondWrite, read: 'EOF (the FIN)' };
    } else undetermined.push('write after FIN: no connection closed with FIN');

    return {
      url: o.url.href,
      idleCloseMs: samples.length > 0 ? median(samples) : null,
      idleCloseSamplesMs: samples,
      closeKind,
      keepAliveHeader: first.headers.get('keep-alive') ?? null,
      connectionHeader: first.headers.get('connection') ?? null,
      requestsBeforeClose,
      requestsTried: o.requests,
      writeAfterFin,
      undetermined,
    };
  } finally {
    for (const s of sockets) s.socket.destroy();
  }
}

/** The profile file for a probe result, or why there is none. */
export function profileFromProbe(r: Omit<ProbeResult, 'profileFile'>): ServerProfileFile | string {
  if (r.idleCloseMs === null) return 'no idle close was seen, so there is no close time to simulate';
  const file: ServerProfileFile = {
    format: SERVER_PROFILE_FORMAT,
    version: 1,
    name: `probed ${new URL(r.url).host}`.slice(0, 80),
    idleCloseMs: r.idleCloseMs,
    keepAliveHint: r.keepAliveHeader,
    requestsPerConnection: r.requestsBeforeClose,
    closeKind: r.closeKind,
    source: `sim probe ${r.url} at ${new Date().toISOString()}: idle close ${r.idleCloseSamplesMs.join(', ')} ms`,
  };
  const check = parseServerProfile(serializeServerProfile(file));
  return check.ok ? file : `the simulator cannot model it: ${check.message}`;
}

function report(r: ProbeResult, profileProblem: string | null): string {
  const lines = [
    `probe ${r.url}`,
    `  idle close:        ${r.idleCloseMs === null ? 'not seen' : `${r.idleCloseMs} ms after the response (samples ${r.idleCloseSamplesMs.join(', ')} ms)`}, by ${r.closeKind.toUpperCase()}`,
    `  Keep-Alive header: ${r.keepAliveHeader ?? 'none'}; Connection header: ${r.connectionHeader ?? 'none'}`,
    `  requests before close: ${r.requestsBeforeClose ?? `no close within ${r.requestsTried}`}`,
  ];
  if (r.writeAfterFin) {
    const w = r.writeAfterFin;
    lines.push(
      `  write after FIN:   first write ${w.firstWrite}; then ${w.thenReceived}; second write ${w.secondWrite}; read: ${w.read}`,
    );
  }
  lines.push(
    r.profileFile
      ? `  server profile:    ${r.profileFile} (sim run --server-file ${r.profileFile})`
      : `  server profile:    not written: ${profileProblem}`,
  );
  for (const u of r.undetermined) lines.push(`  not determined:    ${u}`);
  return lines.join('\n');
}

export async function probeMain(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseArgs(argv, {
      requests: { value: true },
      connections: { value: true },
      'max-wait-ms': { value: true },
      profile: { value: true },
      json: { value: false },
    });
    const [target, extra] = parsed.positional;
    if (target === undefined) throw new UsageError('probe: give a URL, e.g. http://127.0.0.1:8080/');
    if (extra !== undefined) noPositional({ ...parsed, positional: [extra] });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new UsageError(`probe: not a URL: ${shown(target)}`);
    }
    if (url.protocol !== 'http:')
      throw new UsageError(`probe: only http:// URLs (cleartext HTTP/1.1), got ${shown(url.protocol)}`);
    const num = (name: string, fallback: number, min: number, max: number) => {
      const v = flagValue(parsed, name);
      return v === undefined ? fallback : numberFlag(name, v, min, max, true);
    };
    const options: ProbeOptions = {
      url,
      requests: num('requests', 10, 1, 1000),
      connections: num('connections', 3, 1, 20),
      maxWaitMs: num('max-wait-ms', 30_000, 100, 600_000),
    };
    const measured = await probe(options);
    const profile = profileFromProbe(measured);
    const path = flagValue(parsed, 'profile') ?? 'server-profile.json';
    let profileFile: string | null = null;
    let problem: string | null = typeof profile === 'string' ? profile : null;
    if (typeof profile !== 'string') {
      try {
        await writeFile(path, serializeServerProfile(profile));
        profileFile = path;
      } catch (e) {
        problem = `cannot write ${shown(path)}: ${errCode(e)}`;
      }
    }
    const result: ProbeResult = { ...measured, profileFile };
    process.stdout.write(
      `${parsed.flags.get('json') ? JSON.stringify({ ...result, profileProblem: problem }, null, 2) : report(result, problem)}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
