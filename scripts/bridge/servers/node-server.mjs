// The `node-http-20` server for `sim real` / `sim probe`'s checks: Node's own http.Server.
// Usage: node node-server.mjs --keep-alive-timeout MS --hint on|off [--requests-per-connection N]
// Prints one JSON line {"port":N,"version":"v20…"} once listening on 127.0.0.1 (an ephemeral
// port), answers every request `200 OK` with a short body, and exits when stdin closes (its
// parent is gone) or on SIGTERM/SIGINT.
import http from 'node:http';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const keepAliveTimeout = Number(flag('keep-alive-timeout', '5000'));
const hint = flag('hint', 'on') === 'on';
const perConnection = flag('requests-per-connection', null);

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    // Setting Connection: keep-alive ourselves stops Node adding `Keep-Alive: timeout=N`
    // (lib/_http_outgoing.js only adds it when it chose keep-alive itself): the hint is off.
    if (!hint) res.setHeader('Connection', 'keep-alive');
    res.setHeader('Content-Type', 'text/plain');
    res.end('ok\n');
  });
});
server.keepAliveTimeout = keepAliveTimeout;
if (perConnection !== null) server.maxRequestsPerSocket = Number(perConnection);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, version: process.version })}\n`);
});

const stop = () => {
  server.closeAllConnections?.();
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
