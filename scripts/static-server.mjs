#!/usr/bin/env node
// A plain static file server with no dependencies — what any static host does, and no more: no
// rewrites, no SPA fallback, no dev transforms. It serves DIR under a base path, so a build made
// for a sub-path (RACE_WINDOW_BASE=/race-window/) can be checked the way GitHub Pages would serve it.
//   node scripts/static-server.mjs [--dir dist] [--base /race-window/] [--port 8080] [--host 127.0.0.1]
// Also imported by e2e/subpath.spec.ts (`startStaticServer`).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webm': 'video/webm',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** `/race-window` → `/race-window/`; `''` → `/`. */
export function normalizeBase(base) {
  let b = base || '/';
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

/** The file for a request path, or null (outside the base, outside the folder, or missing). */
export function resolveFile(root, base, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (`${path}/` === base) return null; // `/race-window` → the caller redirects to `/race-window/`
  if (!path.startsWith(base)) return null;
  const rel = normalize(path.slice(base.length)).replace(/^([/\\])+/, '');
  const file = resolve(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const st = statSync(file);
    if (st.isDirectory()) {
      const index = join(file, 'index.html');
      return statSync(index).isFile() ? index : null;
    }
    return st.isFile() ? file : null;
  } catch {
    return null;
  }
}

export function startStaticServer({ dir, base = '/', port = 0, host = '127.0.0.1', log = false }) {
  const root = resolve(dir);
  const b = normalizeBase(base);
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const done = (status) => log && console.log(`${status} ${method} ${url}`);
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return done(405);
    }
    const path = url.split('?')[0];
    if (`${path}/` === b) {
      res.writeHead(301, { Location: `${b}${url.slice(path.length)}` }).end();
      return done(301);
    }
    const file = resolveFile(root, b, url);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`404 Not Found: ${path}\n`);
      return done(404);
    }
    const size = statSync(file).size;
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'no-cache',
    });
    if (method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    done(200);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolveStart({
        url: `http://${host}:${addr.port}${b}`,
        port: addr.port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : args[i + 1];
  };
  const s = await startStaticServer({
    dir: opt('--dir', 'dist'),
    base: opt('--base', '/'),
    port: Number(opt('--port', '8080')),
    host: opt('--host', '127.0.0.1'),
    log: true,
  });
  console.log(`serving ${resolve(opt('--dir', 'dist'))} at ${s.url}`);
}
