// The CLI as a user runs it: `node dist/cli.js ...` as a child process, real
// sockets, a real Express API with broken CORS, real files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { APP_ORIGIN, ROOT, buildCli, runCli, send, startBrokenApi, startCli } from './support';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;
const NO_STACK = /^\s+at\s|\n\s+at\s/m;

describe('cors-inspector CLI', function () {
  let api: Awaited<ReturnType<typeof startBrokenApi>>;
  let dir: string;

  before(async () => {
    await buildCli();
    api = await startBrokenApi();
    dir = mkdtempSync(path.join(tmpdir(), 'cors-cli-'));
  });
  after(async () => {
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('proxy', () => {
    it('prints the listening line, one line per exchange, writes JSONL and HAR, and exits 0 on SIGINT', async () => {
      const jsonl = path.join(dir, 'session.jsonl');
      const har = path.join(dir, 'session.har');
      const run = startCli(['proxy', '--target', api.url, '--port', '0', '--jsonl', jsonl, '--har', har, '--pairing-window', '500'], { NO_COLOR: '' });
      try {
        const first = await run.waitForLine(LISTENING);
        assert.equal(run.lines[0], first, 'the listening line comes first');
        const base = `http://127.0.0.1:${LISTENING.exec(first)![1]}`;

        const pub = await send(base, 'GET', '/api/public', { Origin: APP_ORIGIN });
        assert.equal(pub.status, 200);
        assert.equal(pub.headers['access-control-allow-origin'], '*');
        await run.waitForLine(/\/api\/public/);

        const orders = await send(base, 'GET', '/api/orders', { Origin: APP_ORIGIN });
        assert.equal(orders.status, 200, 'the proxy passes the response through unchanged');
        const ordersLine = await run.waitForLine(/\/api\/orders/);
        assert.match(ordersLine, /^✗ GET\s+\/api\/orders → 200 MissingAllowOriginHeader \S/);

        const pre = await send(base, 'OPTIONS', '/api/items/7', {
          Origin: APP_ORIGIN,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type',
        });
        assert.equal(pre.status, 204);
        const preLine = await run.waitForLine(/OPTIONS/);
        assert.match(preLine, /^✗ OPTIONS\s+\/api\/items\/7 → 204 MethodDisallowedByPreflightResponse /);

        // A preflight that passes, then its actual request: printed once paired.
        await send(base, 'OPTIONS', '/api/items/8', { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' });
        await send(base, 'POST', '/api/items/8', { Origin: APP_ORIGIN, 'Content-Type': 'application/json' }, '{"name":"x"}');
        await run.waitForLine(/POST\s+\/api\/items\/8/);

        await send(base, 'GET', '/health');
        const health = await run.waitForLine(/\/health/);
        assert.match(health, /^· GET\s+\/health → 200$/);

        assert.ok(!run.lines.join('\n').includes('\x1b['), 'no colour when stdout is not a terminal');

        run.child.kill('SIGINT');
        const { code } = await run.exit();
        assert.equal(code, 0, run.stderr());
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
      }

      // Each exchange printed exactly once.
      const exchangeLines = run.lines.filter((l) => !LISTENING.test(l) && l.trim());
      assert.equal(exchangeLines.length, 6, exchangeLines.join('\n'));
      const postAt = exchangeLines.findIndex((l) => /POST\s+\/api\/items\/8/.test(l));
      assert.match(exchangeLines[postAt - 1], /OPTIONS\s+\/api\/items\/8/, 'preflight printed before its request');

      const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines.length, 6);
      const find = (method: string, p: string) => lines.find((l) => l.request.method === method && l.request.url.endsWith(p));
      assert.equal(find('GET', '/api/orders').cors.corsError, 'MissingAllowOriginHeader');
      assert.equal(find('GET', '/api/orders').request.headers.origin, APP_ORIGIN);
      assert.equal(find('OPTIONS', '/api/items/7').type, 'preflight');
      assert.equal(find('OPTIONS', '/api/items/7').cors.failedParameter, 'PUT');
      const post = find('POST', '/api/items/8');
      const postPreflight = find('OPTIONS', '/api/items/8');
      assert.ok(post.pairId && post.pairId === postPreflight.pairId);
      assert.equal(post.response.status, 201);
      assert.equal(find('GET', '/health').cors.verdict, 'not-cors');

      const harJson = JSON.parse(readFileSync(har, 'utf8'));
      assert.equal(harJson.log.version, '1.2');
      assert.equal(harJson.log.entries.length, 6);
      assert.ok(harJson.log.entries.every((e: { _cors: { verdict: string } }) => typeof e._cors.verdict === 'string'));
    });

    it('exits 0 and flushes files on SIGTERM, concluding a preflight still waiting for its request', async () => {
      const jsonl = path.join(dir, 'term.jsonl');
      const run = startCli(['proxy', '--target', api.url, '--jsonl', jsonl, '--pairing-window', '60000']);
      try {
        const base = `http://127.0.0.1:${LISTENING.exec(await run.waitForLine(LISTENING))![1]}`;
        // Passes for now; with a minute-long window it is still waiting when we stop.
        await send(base, 'OPTIONS', '/api/items/9', { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' });
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(!run.lines.some((l) => l.includes('/api/items/9')), 'not printed while waiting');
        run.child.kill('SIGTERM');
        assert.equal((await run.exit()).code, 0, run.stderr());
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
      }
      assert.ok(run.lines.some((l) => l.includes('OPTIONS') && l.includes('/api/items/9')), run.lines.join('\n'));
      const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]).type, 'preflight');
    });

    it('routes path prefixes to several targets', async () => {
      const other = await startBrokenApi();
      const run = startCli(['proxy', '--target', `/api=${api.url}`, '--target', `/health=${other.url}`]);
      try {
        const base = `http://127.0.0.1:${LISTENING.exec(await run.waitForLine(LISTENING))![1]}`;
        assert.equal((await send(base, 'GET', '/api/public', { Origin: APP_ORIGIN })).status, 200);
        assert.equal((await send(base, 'GET', '/health')).body, 'ok');
        await run.waitForLine(/\/health/);
        run.child.kill('SIGINT');
        assert.equal((await run.exit()).code, 0);
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
        await other.close();
      }
    });

    it('works as a forward proxy (HTTP_PROXY style) and prints full URLs there', async () => {
      const run = startCli(['proxy', '--forward']);
      try {
        const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
        // Absolute-form request line, as an HTTP client configured with a proxy sends it.
        const status = await new Promise<number>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: `${api.url}/api/orders`, headers: { Origin: APP_ORIGIN }, agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(status, 200);
        const line = await run.waitForLine(/api\/orders/);
        assert.ok(line.includes(`${api.url}/api/orders`), line);
        assert.match(line, /MissingAllowOriginHeader/);
        run.child.kill('SIGINT');
        assert.equal((await run.exit()).code, 0);
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
      }
    });

    it('colours lines on a terminal and honours NO_COLOR', async function () {
      // `script` gives the CLI a real pseudo-terminal as stdout.
      const { execFileSync } = await import('node:child_process');
      try {
        execFileSync('script', ['--version'], { stdio: 'ignore' });
      } catch {
        this.skip();
      }
      const har = path.join(ROOT, 'test/unit/exchange/fixtures/chrome.har');
      const run = (noColor: string) =>
        execFileSync('script', ['-qec', `node dist/cli.js analyze ${har}`, '/dev/null'], {
          cwd: ROOT,
          env: { ...process.env, NO_COLOR: noColor },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 20_000,
        }).toString();
      let coloured = '';
      let plain = '';
      try {
        coloured = run('');
      } catch (e) {
        coloured = String((e as { stdout?: string }).stdout ?? ''); // exit 1: failures found
      }
      try {
        plain = run('1');
      } catch (e) {
        plain = String((e as { stdout?: string }).stdout ?? '');
      }
      assert.match(coloured, /\x1b\[31m✗\x1b\[39m/);
      assert.match(plain, /✗ GET/);
      assert.ok(!plain.includes('\x1b['), 'NO_COLOR=1 turns colour off');
    });
  });

  describe('analyze', () => {
    it('exits 1 and names the failure for a Chrome HAR with CORS errors', async () => {
      const { code, stdout, stderr } = await runCli(['analyze', path.join(ROOT, 'test/unit/exchange/fixtures/chrome.har')]);
      assert.equal(code, 1, stderr);
      assert.match(stdout, /MethodDisallowedByPreflightResponse/);
      assert.match(stdout, /MissingAllowOriginHeader/);
      assert.match(stdout, /Fix: send "Access-Control-Allow-Origin: http:\/\/localhost:5173" on the response/i);
      assert.match(stdout, /7 exchange\(s\), 5 cross-origin: \d+ passed, \d+ with warnings, 2 blocked by CORS/);
    });

    it('exits 0 when nothing is blocked, and prints JSON with --json', async () => {
      const file = path.join(dir, 'ok.jsonl');
      const ok = {
        id: '1', type: 'request', pairId: null, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 3,
        request: { method: 'GET', url: 'http://127.0.0.1:4000/a', headers: { origin: APP_ORIGIN } },
        response: { status: 200, headers: { 'access-control-allow-origin': '*' } }, error: null,
      };
      writeFileSync(file, JSON.stringify(ok) + '\n');
      const text = await runCli(['analyze', file]);
      assert.equal(text.code, 0, text.stderr);
      const json = await runCli(['analyze', file, '--json']);
      assert.equal(json.code, 0);
      const parsed = JSON.parse(json.stdout);
      assert.equal(parsed.summary.exchanges, 1);
      assert.equal(parsed.summary.failed, 0);
      assert.equal(parsed.exchanges[0].request.url, ok.request.url);
      assert.ok(['pass', 'warn'].includes(parsed.exchanges[0].cors.verdict));
    });

    it('judges a JSONL file written by the proxy and exits 1 on its failures', async () => {
      const jsonl = path.join(dir, 'session.jsonl'); // from the first proxy test
      const { code, stdout } = await runCli(['analyze', jsonl, '--json']);
      assert.equal(code, 1);
      const parsed = JSON.parse(stdout);
      assert.equal(parsed.summary.exchanges, 6);
      assert.equal(parsed.summary.failed, 2);
    });
  });

  describe('errors: one line on stderr, exit 2, no stack trace', () => {
    async function expectError(args: string[], pattern: RegExp): Promise<void> {
      const { code, stdout, stderr } = await runCli(args);
      assert.equal(code, 2, `exit code; stderr: ${stderr}`);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^cors-inspector: /);
      assert.match(stderr, pattern);
      assert.doesNotMatch(stderr, NO_STACK);
    }

    it('port in use', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        await expectError(['proxy', '--target', api.url, '--port', String(port)], new RegExp(`port ${port} is already in use`));
      } finally {
        blocker.close();
      }
    });

    it('bad target URL', () => expectError(['proxy', '--target', 'localhost:3000:x'], /invalid --target/));
    it('bad port', () => expectError(['proxy', '--target', api.url, '--port', '70000'], /--port must be a whole number from 0 to 65535/));
    it('missing --target', () => expectError(['proxy'], /needs --target/));
    it('unknown flag', () => expectError(['proxy', '--target', api.url, '--colour'], /unknown option "--colour"/));
    it('unknown command', () => expectError(['serve'], /unknown command "serve"/));
    it('missing file', () => expectError(['analyze', path.join(dir, 'nope.har')], /cannot read .*nope\.har: no such file/));
    it('invalid file', async () => {
      const bad = path.join(dir, 'bad.har');
      writeFileSync(bad, '{"hello": "world"}');
      await expectError(['analyze', bad], /bad\.har: not a HAR file/);
    });
    it('unwritable HAR path', () => expectError(['proxy', '--target', api.url, '--har', path.join(dir, 'missing/x.har')], /cannot write .*x\.har: .* is not a writable directory/));
    it('unwritable JSONL path', () => expectError(['proxy', '--target', api.url, '--jsonl', path.join(dir, 'no/such/dir/x.jsonl')], /no\/such\/dir is not a writable directory \(it does not exist\)/));
  });

  it('--help and --version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /cors-inspector proxy --target <url>/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});
