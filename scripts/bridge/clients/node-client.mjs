// The Node clients for `sim real`: node-agent-20 (http.Agent), undici-7 (undici's Agent, the
// devDependency), node-fetch-20 (Node's bundled fetch). Usage: node node-client.mjs PLAN_JSON
// PLAN: {"lib":"agent"|"undici"|"fetch","url":"http://127.0.0.1:P/path","method":"GET",
//        "lanes":[[{"id":1,"gapMs":null,"startMs":0},{"id":2,"gapMs":1960}], …]}
// Each lane is one client instance of its own (its own pool) that sends its requests in turn,
// sleeping gapMs after the previous response was read; lanes run side by side, each starting
// startMs after the program (staggered, so that no two lanes' moments of interest coincide). Every request
// carries `x-rw-req: ID` so the proxy can tell which connection carried it. Prints one JSON line
// {"ready":…,"version":…}, then one line per request with epoch-µs times and the exact error.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const plan = JSON.parse(process.argv[2]);
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function errorReport(e) {
  if (!e) return null;
  // fetch wraps the socket error: "fetch failed (cause: SocketError: other side closed)", as the
  // simulator's node-fetch-20 policy reports it.
  if (e.cause instanceof Error && e.message === 'fetch failed') {
    const c = e.cause;
    const out = {
      class: e.constructor.name,
      message: `fetch failed (cause: ${c.constructor.name}: ${c.message})`,
    };
    if (c.code) out.code = c.code;
    return out;
  }
  const out = { class: e.constructor.name, message: e.message };
  if (typeof e.code === 'string') out.code = e.code;
  return out;
}

let undici = null;
if (plan.lib === 'undici') undici = await import('undici');

function version() {
  if (plan.lib === 'agent') return `Node ${process.version} http.Agent`;
  if (plan.lib === 'undici')
    return `undici ${undici.Agent ? readUndiciVersion() : '?'} on Node ${process.version}`;
  return `Node ${process.version} fetch (bundled undici ${process.versions.undici ?? '?'})`;
}
function readUndiciVersion() {
  try {
    const pkg = new URL('../../../node_modules/undici/package.json', import.meta.url);
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return '?';
  }
}

function makeClient() {
  if (plan.lib === 'agent') {
    // Node 20's globalAgent options (lib/_http_agent.js): keepAlive, lifo, timeout 5000.
    const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 });
    return {
      send: (id) =>
        new Promise((resolve) => {
          const req = http.request(
            plan.url,
            { method: plan.method, agent, headers: { 'x-rw-req': String(id) } },
            (res) => {
              res.resume();
              res.on('end', () =>
                resolve({ ok: true, status: res.statusCode, error: null, reused: req.reusedSocket }),
              );
              res.on('error', (e) =>
                resolve({ ok: false, status: null, error: e, reused: req.reusedSocket }),
              );
            },
          );
          req.on('error', (e) => resolve({ ok: false, status: null, error: e, reused: req.reusedSocket }));
          req.end();
        }),
      close: () => agent.destroy(),
    };
  }
  if (plan.lib === 'undici') {
    const dispatcher = new undici.Agent();
    return {
      send: async (id) => {
        try {
          const res = await undici.request(plan.url, {
            method: plan.method,
            dispatcher,
            headers: { 'x-rw-req': String(id) },
          });
          await res.body.text();
          return { ok: true, status: res.statusCode, error: null, reused: null };
        } catch (e) {
          return { ok: false, status: null, error: e, reused: null };
        }
      },
      close: () => dispatcher.destroy(),
    };
  }
  return {
    send: async (id) => {
      try {
        const res = await fetch(plan.url, { method: plan.method, headers: { 'x-rw-req': String(id) } });
        await res.text();
        return { ok: true, status: res.status, error: null, reused: null };
      } catch (e) {
        return { ok: false, status: null, error: e, reused: null };
      }
    },
    close: () => {},
  };
}

process.stdout.write(`${JSON.stringify({ ready: true, version: version() })}\n`);
await Promise.all(
  plan.lanes.map(async (lane, laneIndex) => {
    const client = makeClient();
    let prevEnd = null;
    for (const { id, gapMs, startMs } of lane) {
      if (gapMs === null && startMs) await sleep(startMs);
      if (gapMs !== null && prevEnd !== null) await sleep(gapMs);
      const sentAtUs = nowUs();
      const r = await client.send(id);
      const endAtUs = nowUs();
      const line = {
        lane: laneIndex,
        id,
        gapMs,
        sentAtUs,
        endAtUs,
        prevEndAtUs: prevEnd,
        ok: r.ok,
        status: r.status,
        error: errorReport(r.error),
        reused: r.reused ?? null,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      prevEnd = endAtUs;
    }
    await client.close();
  }),
);
process.exit(0);
