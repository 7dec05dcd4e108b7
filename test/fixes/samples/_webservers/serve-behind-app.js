// What run-nginx.js and run-apache.js share: a free port for the items API, the API
// started behind the web server, a temp dir for the server's runtime files (open to
// nobody when started as root), the developer's config copied there with the
// harness's ports, and one process that stops both when either ends or is told to.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * `render(text, { port, upstream, dir })` gives the runtime copy of `configFile` (read
 * from the workspace); `command(dir, conf)` gives [binary, args, env] of the server.
 */
async function serveBehindApp({ name, configFile, render, command }) {
  const ws = path.resolve(process.argv[2] || '.');
  const port = Number(process.env.PORT);
  const upstream = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cors-fix-${name}-`));
  const asNobody = process.getuid?.() === 0;
  if (asNobody) fs.chmodSync(dir, 0o777);
  const conf = path.join(dir, configFile);
  fs.writeFileSync(conf, render(fs.readFileSync(path.join(ws, configFile), 'utf8'), { port, upstream, dir }));

  const api = spawn(process.execPath, [path.join(__dirname, 'items-api.js')], { stdio: 'inherit', env: { ...process.env, UPSTREAM_PORT: String(upstream) } });
  const [bin, args, env = {}] = command(dir, conf);
  const server = spawn(bin, args, { stdio: 'inherit', env: { ...process.env, ...env }, ...(asNobody ? { uid: 65534, gid: 65534 } : {}) });
  const stop = () => {
    for (const child of [server, api]) if (child.exitCode === null) child.kill('SIGTERM');
  };
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, stop);
  server.on('exit', (code, signal) => {
    if (api.exitCode === null) api.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
  api.on('exit', (code) => {
    if (server.exitCode === null) {
      console.error(`items-api exited (${code}): stopping ${name}`);
      server.kill('SIGTERM');
    }
  });
}

function main(options) {
  serveBehindApp(options).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { main };
