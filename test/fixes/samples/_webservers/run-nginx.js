// Runs a sample's nginx.conf for real: the items API behind it on a free port, and
// Debian's nginx in the foreground (`daemon off`) with its own prefix in a temp dir,
// as nobody when started as root. The workspace's nginx.conf is the developer's file
// (`listen 8080`, `proxy_pass http://127.0.0.1:3001`) and is never touched: a copy in
// the prefix gets the harness's ports and the paths an unprivileged nginx may write.
// Usage: node run-nginx.js <workspace>   (PORT: where nginx listens)
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const NGINX = '/usr/sbin/nginx';
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
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-fix-nginx-'));
  const asNobody = process.getuid?.() === 0;
  if (asNobody) fs.chmodSync(prefix, 0o777);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/${t};`).join(' ');
  const conf = fs.readFileSync(path.join(ws, 'nginx.conf'), 'utf8')
    .split('listen 8080').join(`listen 127.0.0.1:${port}`)
    .split('127.0.0.1:3001').join(`127.0.0.1:${upstream}`)
    .replace(/^http \{/m, `http {\n    access_log off; ${temp}`);
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), conf);

  const api = spawn(process.execPath, [path.join(__dirname, 'items-api.js')], { stdio: 'inherit', env: { ...process.env, UPSTREAM_PORT: String(upstream) } });
  const nginx = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', 'stderr', '-g', `daemon off; pid ${prefix}/nginx.pid;`], {
    stdio: 'inherit',
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  const stop = (signal) => {
    for (const child of [nginx, api]) if (child.exitCode === null) child.kill(signal);
  };
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => stop('SIGTERM'));
  nginx.on('exit', (code, signal) => {
    if (api.exitCode === null) api.kill('SIGTERM');
    fs.rmSync(prefix, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
  api.on('exit', (code) => {
    if (nginx.exitCode === null) {
      console.error(`items-api exited (${code}): stopping nginx`);
      nginx.kill('SIGTERM');
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
