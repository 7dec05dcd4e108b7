// Starts the audit's sample servers for real: Express in this process, Flask with
// Debian's /usr/bin/python3, nginx unprivileged with its own prefix in a temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export const PYTHON = '/usr/bin/python3';
export const NGINX = '/usr/sbin/nginx';

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

export async function startFlaskSamples(): Promise<Running> {
  const child = spawn(PYTHON, [path.join(__dirname, 'samples', 'flask_app.py')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Flask did not start within 15 s: ${err}`)), 15_000);
    child.stdout!.once('data', (c: Buffer) => {
      clearTimeout(timer);
      resolve(Number(String(c).trim()));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Flask exited (${code}): ${err}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited (${child.exitCode}): ${log()}`));
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port}: ${log()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export const NGINX_SAMPLE = path.join(__dirname, 'samples', 'nginx.conf');

/** nginx in the foreground, one process, as an unprivileged user when we are root; `template`: the sample's text (or an edited copy). */
export async function startNginxSamples(template = readFileSync(NGINX_SAMPLE, 'utf8')): Promise<Running> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'cors-audit-nginx-'));
  const port = await freePort();
  const conf = template.replace(/@PREFIX@/g, prefix).replace(/@PORT@/g, String(port));
  writeFileSync(path.join(prefix, 'nginx.conf'), conf);
  const asNobody = process.getuid?.() === 0;
  if (asNobody) chmodSync(prefix, 0o777);
  const child = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  await waitForPort(port, child, () => err);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await stop(child);
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
