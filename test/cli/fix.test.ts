// `cors-inspector fix` end to end: a real Express server without CORS, Chromium's
// fetches recorded through the real proxy (--jsonl), the fix planned and applied by
// the CLI, the server restarted, and Chromium passing; plus every exit code.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { ROOT, buildCli, runCli, send, startCli, startPageServer } from './support';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;

const SERVER = `'use strict';
const express = require('express');

const app = express();
app.use(express.json());

app.get('/api/items', (req, res) => {
  res.json([{ id: 1 }]);
});

app.put('/api/items/:id', (req, res) => {
  res.json({ id: req.params.id, ...req.body });
});

app.get('/api/crash', (req, res) => {
  res.status(500).send('boom');
});

const server = app.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => {
  console.log('api on ' + server.address().port);
});
`;

const PACKAGE = `{
  "name": "fix-sample",
  "private": true,
  "dependencies": {
    "express": "^5.1.0"
  }
}
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function startServer(dir: string, ready = 'api on (\\d+)', env: NodeJS.ProcessEnv = { PORT: '0' }): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['server.js'], { cwd: dir, env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 10_000);
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = new RegExp(ready).exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        stop: () => new Promise<void>((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

interface Outcome {
  ok: boolean;
  status?: number;
}

describe('cors-inspector fix', function () {
  this.timeout(120_000);
  let chromium: LaunchedChromium;
  let work: string;
  let app: string;
  let jsonl: string;
  const closers: Array<() => Promise<unknown>> = [];

  /** Chromium on `origin` calls the API through a fresh proxy; the exchanges go to `file`. */
  const ITEM_CALLS: Array<[string, RequestInit]> = [
    ['/api/items', { credentials: 'include' }],
    ['/api/items/7', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}' }],
  ];

  async function browse(apiUrl: string, pageOrigin: string, file: string, calls = ITEM_CALLS): Promise<Outcome[]> {
    const cli = startCli(['proxy', '--target', apiUrl, '--jsonl', file, '--pairing-window', '500']);
    const port = LISTENING.exec(await cli.waitForLine(LISTENING))![1];
    const context = await chromium.browser.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(pageOrigin + '/');
      await tab.evaluate(() => {
        document.cookie = 'sid=abc; SameSite=Lax';
      });
      return await tab.evaluate(async ({ base, calls }) => {
        const out: Array<{ ok: boolean; status?: number }> = [];
        for (const [p, init] of calls) {
          try {
            out.push({ ok: true, status: (await fetch(base + p, init)).status });
          } catch {
            out.push({ ok: false });
          }
        }
        return out;
      }, { base: `http://127.0.0.1:${port}`, calls });
    } finally {
      await context.close();
      await new Promise((r) => setTimeout(r, 800));
      cli.child.kill('SIGINT');
      await cli.exit();
    }
  }

  before(async () => {
    await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'cors-fix-cli-'));
    app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'server.js'), SERVER);
    writeFileSync(path.join(app, 'package.json'), PACKAGE);
    // The sample resolves express (and, once fixed, cors) from this repository's packages.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
    jsonl = path.join(work, 'before.jsonl');
    chromium = await launchChromium();
  });
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await chromium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('fixes an Express app without CORS: Chromium fails, fix --apply, restart, Chromium passes', async () => {
    const page = await startPageServer();
    closers.push(page.close);
    let server = await startServer(app);
    const before = await browse(server.url, page.origin, jsonl);
    assert.deepEqual(before, [{ ok: false }, { ok: false }], 'both calls are blocked before the fix');
    // A server error recorded the way the browser sends it, through the proxy.
    const cli = startCli(['proxy', '--target', server.url, '--jsonl', path.join(work, 'crash.jsonl'), '--har', path.join(work, 'crash.har')]);
    const port = LISTENING.exec(await cli.waitForLine(LISTENING))![1];
    await send(`http://127.0.0.1:${port}`, 'GET', '/api/crash', { Origin: page.origin, 'Sec-Fetch-Mode': 'cors' });
    cli.child.kill('SIGINT');
    await cli.exit();
    await server.stop();

    // Without --apply: a diff with one reason line per change, nothing written.
    const dry = await runCli(['fix', '--from', jsonl, '--workspace', app]);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    // The README's example is this very output.
    if (process.env.FIX_TRANSCRIPT) writeFileSync(process.env.FIX_TRANSCRIPT, dry.stdout);
    assert.match(dry.stdout, new RegExp(`^Allow origin ${page.origin.replace(/[.]/g, '\\.')}.* with credentials \\(express\\)$`, 'm'));
    assert.match(dry.stdout, /^# Add the cors middleware right after the app is created \(server\.js:4\)/m);
    assert.match(dry.stdout, /^\+const cors = require\('cors'\);$/m);
    assert.match(dry.stdout, /^\+app\.use\(cors\(/m);
    assert.match(dry.stdout, /^\+    "cors": "\^2\.8\.5",$/m);
    assert.match(dry.stdout, /run `npm install` after applying/);
    assert.equal(readFileSync(path.join(app, 'server.js'), 'utf8'), SERVER, 'nothing written without --apply');

    const applied = await runCli(['fix', '--from', jsonl, '--workspace', app, '--apply']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /^wrote server\.js$/m);
    assert.match(applied.stdout, /^added cors@\^2\.8\.5 to package\.json: run `npm install`$/m);
    const fixed = readFileSync(path.join(app, 'server.js'), 'utf8');
    assert.match(fixed, new RegExp(`origin: \\['${page.origin.replace(/[.]/g, '\\.')}'\\]`));
    assert.match(readFileSync(path.join(app, 'package.json'), 'utf8'), /"cors": "\^2\.8\.5"/);

    server = await startServer(app);
    closers.push(server.stop);
    const after = await browse(server.url, page.origin, path.join(work, 'after.jsonl'));
    assert.deepEqual(after, [{ ok: true, status: 200 }, { ok: true, status: 200 }], 'both calls pass after the fix');

    // A foreign origin is still refused.
    const foreign = await startPageServer();
    closers.push(foreign.close);
    const refused = await browse(server.url, foreign.origin, path.join(work, 'foreign.jsonl'));
    assert.deepEqual(refused, [{ ok: false }, { ok: false }]);

    // The same evidence again: the code already allows it (exit 3), and nothing changes.
    const again = await runCli(['fix', '--from', jsonl, '--workspace', app, '--apply']);
    assert.equal(again.code, 3, again.stdout + again.stderr);
    assert.match(again.stdout, /already allows/);
    assert.equal(readFileSync(path.join(app, 'server.js'), 'utf8'), fixed);

    // Everything passes now: nothing to fix either.
    const passing = await runCli(['fix', '--from', path.join(work, 'after.jsonl'), '--workspace', app]);
    assert.equal(passing.code, 3, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /no exchange failed CORS/);

    // A 500 that is not about CORS cannot be fixed here.
    const crash = await runCli(['fix', '--from', path.join(work, 'crash.jsonl'), '--workspace', app]);
    assert.equal(crash.code, 1, crash.stdout + crash.stderr);
    assert.match(crash.stdout, /cannot fix exchange 1: the server answered 500/);
    // The same from a HAR file.
    const fromHar = await runCli(['fix', '--from', path.join(work, 'crash.har'), '--workspace', app]);
    assert.equal(fromHar.code, 1, fromHar.stdout + fromHar.stderr);
    assert.match(fromHar.stdout, /the server answered 500/);
  });

  it("fixes the demo's plain-http API with hand-written headers: Chromium passes after the fix", async () => {
    const page = await startPageServer();
    closers.push(page.close);
    const demo = path.join(work, 'demo');
    mkdirSync(demo);
    copyFileSync(path.join(ROOT, 'demo/api/server.js'), path.join(demo, 'server.js'));
    const env = { API_PORT: String(await freePort()), DEMO_WEB_ORIGIN: page.origin };
    const calls: Array<[string, RequestInit]> = [
      ['/api/hello', {}],
      ['/api/orders', {}],
      ['/api/todos', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"title":"x"}' }],
      ['/api/profile', { credentials: 'include' }],
    ];
    let server = await startServer(demo, 'demo API listening on http://127.0.0.1:(\\d+)', env);
    const file = path.join(work, 'demo.jsonl');
    const before = await browse(server.url, page.origin, file, calls);
    await server.stop();
    assert.deepEqual(before.map((o) => o.ok), [true, false, false, false]);

    const applied = await runCli(['fix', '--from', file, '--workspace', demo, '--apply']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /^# Add applyCors\(\), called first in the request handler .*replacing \d+ hand-written CORS headers/m);
    server = await startServer(demo, 'demo API listening on http://127.0.0.1:(\\d+)', env);
    closers.push(server.stop);
    const after = await browse(server.url, page.origin, path.join(work, 'demo-after.jsonl'), calls);
    assert.deepEqual(after.map((o) => o.ok), [true, true, true, true], JSON.stringify(after));
    const again = await runCli(['fix', '--from', file, '--workspace', demo, '--apply']);
    assert.equal(again.code, 3, again.stdout + again.stderr);
  });

  it('--json prints the plan', async () => {
    const res = await runCli(['fix', '--from', jsonl, '--workspace', app, '--json']);
    assert.equal(res.code, 3, res.stderr);
    const plan = JSON.parse(res.stdout);
    assert.equal(plan.status, 'nothing-to-fix');
    assert.equal(plan.framework, 'express');
    assert.deepEqual(plan.applied, []);
    assert.equal(plan.location.file, 'server.js');
  });

  it('exit 1 when no server code is found', async () => {
    const empty = mkdtempSync(path.join(work, 'empty-'));
    const res = await runCli(['fix', '--from', jsonl, '--workspace', empty]);
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /no server code found/);
  });

  for (const [name, args, message] of [
    ['no --from', ['fix'], /fix needs --from/],
    ['a missing file', ['fix', '--from', '/nonexistent/x.jsonl'], /cannot read \/nonexistent\/x\.jsonl: no such file/],
    ['an unknown framework', ['fix', '--from', 'x.jsonl', '--framework', 'rails-ish'], /unknown --framework "rails-ish"/],
    ['a workspace that is not a directory', ['fix', '--from', 'x.jsonl', '--workspace', '/nonexistent-dir'], /not a directory/],
    ['an unknown option', ['fix', '--frm', 'x'], /unknown option "--frm"/],
  ] as Array<[string, string[], RegExp]>) {
    it(`exit 2 on ${name}, as one line`, async () => {
      const res = await runCli(args);
      assert.equal(res.code, 2, res.stdout + res.stderr);
      assert.match(res.stderr, message);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.doesNotMatch(res.stderr, /\n\s+at /);
    });
  }

  it('exit 2 on a file that is not JSON Lines or HAR', async () => {
    const bad = path.join(work, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    const res = await runCli(['fix', '--from', bad, '--workspace', app]);
    assert.equal(res.code, 2, res.stdout + res.stderr);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  });

  it('fix --help prints the command help', async () => {
    const res = await runCli(['fix', '--help']);
    assert.equal(res.code, 0);
    assert.match(res.stdout, /--workspace <dir>/);
    assert.match(res.stdout, /Exit status: 0 a fix was produced/);
  });
});
