/**
 * The real programs behind the simulator's names, how to tell whether each is installed (and how
 * to install it on Debian when not), and a process set that stops everything it started, each by
 * its own pid, on end, error or Ctrl-C.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const BRIDGE_DIR = here;

export interface Program {
  command: string;
  args: string[];
  /** Shown in the trace and the summary: which real version ran. */
  version: string;
}

/** A client program takes its plan as the last argument (clients/node-client.mjs documents it). */
export interface ClientRunner {
  name: string;
  /** One client instance per lane in one process (false: one process per lane). */
  lanesInProcess: boolean;
  /** The program, or why it cannot run here (with the Debian install line). */
  resolve(): Program | string;
  plan(base: {
    url: string;
    method: string;
    lanes: { id: number; gapMs: number | null; startMs?: number }[][];
  }): string;
}

export interface ServerRunner {
  name: string;
  resolve(o: { idleTimeoutMs: number; keepAliveHint: boolean }): Program | string;
}

const PYTHONS = ['/usr/bin/python3', 'python3'];
const cache = new Map<string, string | null>();

/** The first Python that imports `module`, with its version: [interpreter, version] or null. */
function pythonWith(module: string): [string, string] | null {
  for (const py of PYTHONS) {
    const key = `${py}:${module}`;
    if (!cache.has(key)) {
      try {
        const v = execFileSync(
          py,
          ['-c', `import ${module}; print(getattr(${module}, '__version__', '?'))`],
          {
            encoding: 'utf8',
            timeout: 15_000,
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        ).trim();
        cache.set(key, v);
      } catch {
        cache.set(key, null);
      }
    }
    const v = cache.get(key);
    if (v) return [py, v];
  }
  return null;
}

const DEBIAN: Record<string, string> = {
  httpx: 'apt-get install python3-httpx',
  aiohttp: 'apt-get install python3-aiohttp',
  requests: 'apt-get install python3-requests',
  uvicorn: 'apt-get install python3-uvicorn',
  go: 'apt-get install golang-go',
};

function pythonClient(name: string, module: string): ClientRunner {
  return {
    name,
    lanesInProcess: true,
    resolve() {
      const found = pythonWith(module);
      if (!found)
        return `${name}: no Python here imports ${module} (tried ${PYTHONS.join(', ')}); on Debian: ${DEBIAN[module]}`;
      return {
        command: found[0],
        args: [join(here, 'clients', 'python_client.py')],
        version: `${module} ${found[1]} (${found[0]})`,
      };
    },
    plan: (b) => JSON.stringify({ lib: module, ...b }),
  };
}

function nodeClient(name: string, lib: string, lanesInProcess: boolean, version: string): ClientRunner {
  return {
    name,
    lanesInProcess,
    resolve: () => {
      if (lib === 'undici' && !existsSync(join(here, '..', '..', 'node_modules', 'undici', 'package.json')))
        return `${name}: the undici devDependency is not installed; run npm ci`;
      return { command: process.execPath, args: [join(here, 'clients', 'node-client.mjs')], version };
    },
    plan: (b) => JSON.stringify({ lib, ...b }),
  };
}

function goBinary(): string | null {
  for (const go of ['go', '/usr/bin/go', '/usr/local/go/bin/go']) {
    try {
      execFileSync(go, ['version'], { stdio: 'ignore', timeout: 10_000 });
      return go;
    } catch {
      // next
    }
  }
  return null;
}

export const CLIENT_RUNNERS: readonly ClientRunner[] = [
  nodeClient('node-agent-20', 'agent', true, `Node ${process.version} http.Agent`),
  nodeClient('undici-7', 'undici', true, 'undici (devDependency)'),
  // Node's fetch has one global pool per process: one process per lane keeps lanes apart.
  nodeClient(
    'node-fetch-20',
    'fetch',
    false,
    `Node ${process.version} fetch (undici ${process.versions.undici ?? '?'})`,
  ),
  pythonClient('httpx-0.23', 'httpx'),
  pythonClient('aiohttp-3.10', 'aiohttp'),
  pythonClient('requests', 'requests'),
  {
    name: 'go-net-http',
    lanesInProcess: true,
    resolve() {
      const go = goBinary();
      if (!go) return `go-net-http: no go toolchain found; on Debian: ${DEBIAN.go}`;
      const v = execFileSync(go, ['version'], { encoding: 'utf8', timeout: 10_000 }).trim();
      // Built once per source version (not `go run`, whose child would outlive a stop by pid).
      const src = join(here, 'clients', 'go-client', 'main.go');
      const bin = join(tmpdir(), `race-window-go-client-${Math.round(statSync(src).mtimeMs)}`);
      if (!existsSync(bin)) {
        try {
          execFileSync(go, ['build', '-o', bin, src], {
            timeout: 300_000,
            stdio: ['ignore', 'ignore', 'pipe'],
          });
        } catch (e) {
          return `go-net-http: go build failed: ${String((e as { stderr?: Buffer }).stderr ?? e).slice(0, 400)}`;
        }
      }
      return { command: bin, args: [], version: v };
    },
    plan: (b) => JSON.stringify({ lib: 'net/http', ...b }),
  },
];

export const SERVER_RUNNERS: readonly ServerRunner[] = [
  {
    name: 'node-http-20',
    resolve: (o) => ({
      command: process.execPath,
      args: [
        join(here, 'servers', 'node-server.mjs'),
        '--keep-alive-timeout',
        String(o.idleTimeoutMs),
        '--hint',
        o.keepAliveHint ? 'on' : 'off',
      ],
      version: `Node ${process.version} http.Server`,
    }),
  },
  {
    name: 'uvicorn',
    resolve: (o) => {
      if (o.keepAliveHint) return 'uvicorn sends no Keep-Alive hint: use --keep-alive-hint off';
      const found = pythonWith('uvicorn');
      if (!found)
        return `uvicorn: no Python here imports uvicorn (tried ${PYTHONS.join(', ')}); on Debian: ${DEBIAN.uvicorn}`;
      return {
        command: found[0],
        args: [
          join(here, 'servers', 'uvicorn_server.py'),
          '--timeout-keep-alive',
          String(o.idleTimeoutMs / 1000),
        ],
        version: `uvicorn ${found[1]} (${found[0]})`,
      };
    },
  },
];

/** Every child started, stopped by its own pid; SIGINT/SIGTERM stop them all before exiting. */
export class Processes {
  private readonly children = new Set<ChildProcess>();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stopAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  /** Starts a program; `lines` gets each stdout line, stderr is kept (last 4 KB) for messages. */
  start(
    p: Program,
    extraArgs: string[],
    lines: (line: string) => void,
  ): { child: ChildProcess; stderr: () => string } {
    const child = spawn(p.command, [...p.args, ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.add(child);
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString('utf8')).slice(-4096);
    });
    createInterface({ input: child.stdout! }).on('line', lines);
    child.on('exit', () => this.children.delete(child));
    child.on('error', (e) => {
      err += `\n${e.message}`;
    });
    return { child, stderr: () => err };
  }

  /** SIGTERM now, SIGKILL a second later to whatever is still there; by pid, one child at a time. */
  stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => {
        try {
          process.kill(child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 1000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.stdin?.end();
      try {
        process.kill(child.pid!, 'SIGTERM');
      } catch {
        clearTimeout(kill);
        resolve();
      }
    });
  }

  stopAll(): void {
    for (const c of this.children) {
      try {
        if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}
