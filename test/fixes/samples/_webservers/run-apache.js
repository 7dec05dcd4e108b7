// Runs a sample's httpd.conf for real: the items API behind it on a free port, and
// Debian's apache2 in the foreground (-DFOREGROUND) with its runtime files in a temp
// dir, as nobody when started as root. The workspace's httpd.conf is the developer's
// file (`Listen 8080`, `ProxyPass … http://127.0.0.1:3001/…`) and is never touched: a
// copy in the temp dir gets the harness's ports.
// Usage: node run-apache.js <workspace>   (PORT: where Apache listens)
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const APACHE = '/usr/sbin/apache2';
const ws = path.resolve(process.argv[2] || '.');
const port = Number(process.env.PORT);

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

async function main() {
  const upstream = await freePort();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-fix-apache-'));
  const asNobody = process.getuid?.() === 0;
  if (asNobody) fs.chmodSync(run, 0o777);
  const conf = fs.readFileSync(path.join(ws, 'httpd.conf'), 'utf8')
    .split('Listen 8080').join(`Listen 127.0.0.1:${port}`)
    .split(':8080>').join(`:${port}>`)
    .split('127.0.0.1:3001').join(`127.0.0.1:${upstream}`);
  fs.writeFileSync(path.join(run, 'httpd.conf'), conf);

  const api = spawn(process.execPath, [path.join(__dirname, 'items-api.js')], { stdio: 'inherit', env: { ...process.env, UPSTREAM_PORT: String(upstream) } });
  // The error log goes through a pipe to this process's stderr (nobody may not open /dev/stderr).
  const apache = spawn(APACHE, [
    '-DFOREGROUND', '-d', run, '-f', path.join(run, 'httpd.conf'),
    '-C', `PidFile ${run}/httpd.pid`, '-C', `DefaultRuntimeDir ${run}`, '-C', `Mutex file:${run}`, '-C', 'ErrorLog "|/bin/cat"',
  ], {
    stdio: 'inherit',
    env: { ...process.env, APACHE_RUN_DIR: run, APACHE_LOCK_DIR: run, APACHE_LOG_DIR: run },
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  const stop = () => {
    for (const child of [apache, api]) if (child.exitCode === null) child.kill('SIGTERM');
  };
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, stop);
  apache.on('exit', (code, signal) => {
    if (api.exitCode === null) api.kill('SIGTERM');
    fs.rmSync(run, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
  api.on('exit', (code) => {
    if (apache.exitCode === null) {
      console.error(`items-api exited (${code}): stopping apache2`);
      apache.kill('SIGTERM');
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
