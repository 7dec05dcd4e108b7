// The CLI as a new user meets it (issue 16): help per command, the fix on the live
// line, one message per upstream failure, a wrong port named as such, and Ctrl-C
// leaving at once when nothing is going on.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { APP_ORIGIN, buildCli, runCli, send, startBrokenApi, startCli } from './support';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;

describe('cors-inspector CLI, as a new user meets it', function () {
  let api: Awaited<ReturnType<typeof startBrokenApi>>;

  before(async () => {
    await buildCli();
    api = await startBrokenApi();
  });
  after(async () => {
    await api?.close();
  });

  describe('--help per command', () => {
    const commands: Array<{ command: string; flags: string[]; example: RegExp }> = [
      { command: 'proxy', flags: ['--target', '--port', '--jsonl', '--har', '--forward', '--pairing-window'], example: /cors-inspector proxy --target http/ },
      { command: 'analyze', flags: ['--json'], example: /cors-inspector analyze \S+\.jsonl/ },
      { command: 'fix', flags: ['--from', '--workspace', '--apply', '--json'], example: /cors-inspector fix --from / },
      { command: 'audit', flags: ['--target', '--origin', '--path', '--json'], example: /cors-inspector audit --target http/ },
      { command: 'browse', flags: ['--browser', '--headless', '--jsonl', '--har'], example: /cors-inspector browse http/ },
    ];
    for (const { command, flags, example } of commands) {
      it(`${command} --help prints that command's flags and an example, not the global help`, async () => {
        for (const spelling of ['--help', '-h']) {
          const { code, stdout, stderr } = await runCli([command, spelling]);
          assert.equal(code, 0, stderr);
          for (const flag of flags) assert.ok(stdout.includes(flag), `${command} ${spelling} lists ${flag}:\n${stdout}`);
          assert.match(stdout, /Example:\n/);
          assert.match(stdout, example);
          assert.ok(!stdout.includes('cors-inspector --help | --version'), `not the global help:\n${stdout}`);
        }
      });
    }

    it('the global help points at the per-command help', async () => {
      const { code, stdout } = await runCli(['--help']);
      assert.equal(code, 0);
      assert.match(stdout, /cors-inspector <command> --help/);
    });
  });

  it('the live line of a blocked exchange carries the one-line fix', async () => {
    const run = startCli(['proxy', '--target', api.url], { NO_COLOR: '1' });
    try {
      const base = `http://127.0.0.1:${LISTENING.exec(await run.waitForLine(LISTENING))![1]}`;
      await send(base, 'GET', '/api/orders', { Origin: APP_ORIGIN });
      const line = await run.waitForLine(/\/api\/orders/);
      assert.match(line, /^✗ GET\s+\/api\/orders → 200 MissingAllowOriginHeader .+ fix: send "Access-Control-Allow-Origin: http:\/\/localhost:5173" on the response$/);
      await send(base, 'OPTIONS', '/api/items/7', { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'PUT' });
      const pre = await run.waitForLine(/OPTIONS/);
      assert.match(pre, /MethodDisallowedByPreflightResponse .+ fix: send "Access-Control-Allow-Methods: [^"]*PUT[^"]*" on the preflight response$/);
      await send(base, 'GET', '/health');
      assert.match(await run.waitForLine(/\/health/), /^· GET\s+\/health → 200$/, 'no fix where nothing is wrong');
    } finally {
      run.child.kill('SIGINT');
      await run.exit();
    }
  });

  it('says an upstream failure once: the code once, no repetition, not cut', async () => {
    // A port nobody listens on.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const deadPort = (blocker.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const target = `http://127.0.0.1:${deadPort}`;
    const run = startCli(['proxy', '--target', target], { NO_COLOR: '1' });
    try {
      const base = `http://127.0.0.1:${LISTENING.exec(await run.waitForLine(LISTENING))![1]}`;
      const res = await send(base, 'GET', '/api/orders', { Origin: APP_ORIGIN });
      assert.equal(res.status, 502);
      const line = await run.waitForLine(/\/api\/orders/);
      assert.equal(line, `✗ GET     /api/orders → could not get a response from ${target} (ECONNREFUSED): connection refused — is the server running on that port?`);
      assert.equal(line.split('ECONNREFUSED').length - 1, 1, 'the code appears once');
      assert.equal(res.body.split('ECONNREFUSED').length - 1, 1, `the 502 body names the code once too:\n${res.body}`);
    } finally {
      run.child.kill('SIGINT');
      await run.exit();
    }
  });

  describe('a wrong --target port is named as such', () => {
    for (const port of ['99999', '65536']) {
      it(`port ${port}`, async () => {
        const { code, stdout, stderr } = await runCli(['proxy', '--target', `http://example.com:${port}`]);
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.equal(stderr, `cors-inspector: invalid --target "http://example.com:${port}": port ${port} is out of range (a port is 1 to 65535)\n`);
      });
    }
    it('port 0', async () => {
      const { code, stderr } = await runCli(['proxy', '--target', '/api=http://127.0.0.1:0']);
      assert.equal(code, 2);
      assert.match(stderr, /port 0 cannot be connected to/);
    });
    it('a URL that is wrong for another reason is still called not absolute', async () => {
      const { code, stderr } = await runCli(['proxy', '--target', 'http://exa mple.com:3000']);
      assert.equal(code, 2);
      assert.match(stderr, /is not an absolute URL/);
    });
  });

  it('SIGINT exits at once when idle, even with a browser-like keep-alive connection open', async () => {
    const run = startCli(['proxy', '--target', api.url]);
    const agent = new http.Agent({ keepAlive: true });
    try {
      const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/api/public', headers: { Origin: APP_ORIGIN }, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        }).on('error', reject);
      });
      await run.waitForLine(/\/api\/public/);
      await new Promise((r) => setTimeout(r, 200));
      const t0 = Date.now();
      run.child.kill('SIGINT');
      const { code } = await run.exit();
      const took = Date.now() - t0;
      assert.equal(code, 0, run.stderr());
      assert.ok(took < 500, `exited ${took} ms after SIGINT`);
      assert.match(run.stderr(), /^SIGINT: stopped after 1 exchange\(s\)/);
    } finally {
      agent.destroy();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });
});
