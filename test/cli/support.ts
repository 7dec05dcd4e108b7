// Helpers for the CLI suite: build dist/cli.js, run it as a real child process,
// and a real Express dev server with a deliberately broken CORS setup.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import express from 'express';
import cors from 'cors';

export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const APP_ORIGIN = 'http://localhost:5173';

/** Builds only the CLI bundle, with the same settings as esbuild.js, so other entries cannot break this suite. */
export async function buildCli(): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
    outfile: CLI,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
  });
}

/** An Express API like many dev servers: CORS half set up. */
export async function startBrokenApi(appOrigin = APP_ORIGIN, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  // Public data: wildcard CORS, fine for requests without credentials.
  app.get('/api/public', cors(), (_req, res) => {
    res.json({ ok: true });
  });
  // Items: CORS configured for the app's origin but PUT was forgotten in `methods`.
  const itemsCors = cors({ origin: appOrigin, methods: ['GET', 'POST'] });
  app.options('/api/items/:id', itemsCors);
  app.get('/api/items/:id', itemsCors, (req, res) => {
    res.json({ id: req.params.id });
  });
  app.put('/api/items/:id', itemsCors, (req, res) => {
    res.json({ id: req.params.id, updated: true });
  });
  app.post('/api/items/:id', itemsCors, (req, res) => {
    res.status(201).json({ id: req.params.id });
  });
  // Orders: no CORS middleware at all.
  app.get('/api/orders', (_req, res) => {
    res.json([]);
  });
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  return serveOnLoopback(app, port);
}

/** Serves `handler` on 127.0.0.1 (port 0: a free one) until close(). */
export async function serveOnLoopback(handler: http.RequestListener, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Run {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (bounded wait). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters]) w();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (partial) lines.push(partial);
      resolve({ code, signal });
      for (const w of [...waiters]) w();
    }),
  );
  return {
    child,
    lines,
    stderr: () => err,
    exit: () => exited,
    waitForLine(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit !== undefined) {
            done();
            resolve(hit);
          } else if (child.exitCode !== null) {
            done();
            reject(new Error(`CLI exited (${child.exitCode}) before printing ${pattern}; stdout:\n${lines.join('\n')}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${lines.join('\n')}\nstderr:\n${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
        };
        waiters.push(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, env);
  const { code } = await run.exit();
  return { code, stdout: run.lines.join('\n'), stderr: run.stderr() };
}

/** A plain HTTP request through the proxy, as a browser would send it (headers exactly as given). */
export function send(
  base: string,
  method: string,
  pathname: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Serves one HTML page (the "front-end dev server") whose origin calls the API through the proxy. */
export async function startPageServer(port = 0): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>front-end</title><p>front-end dev server</p>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The calls a front-end makes: the same list drives the browser test and the docs transcript. */
export const PAGE_CALLS: Array<{ name: string; path: string; init: { method?: string; headers?: Record<string, string>; body?: string; credentials?: 'include' } }> = [
  { name: 'public list', path: '/api/public', init: {} },
  { name: 'orders (no CORS at all)', path: '/api/orders', init: {} },
  { name: 'update item (PUT not allowed)', path: '/api/items/7', init: { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"name":"new"}' } },
  { name: 'create item (POST allowed)', path: '/api/items/8', init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}' } },
  { name: 'public list with cookies', path: '/api/public?user=me', init: { credentials: 'include' } },
];
