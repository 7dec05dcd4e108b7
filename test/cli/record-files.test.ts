// Files that never lose records (issue 17, item 5; issue 14, item 1): --jsonl and
// --har checked at start, a write error said at once with a non-zero exit,
// complete and valid files after SIGTERM under load, exchanges cut off at stop
// written as incomplete, and analyze reading a file whose last line was cut.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { APP_ORIGIN, buildCli, runCli, serveOnLoopback, startCli } from './support';

const LISTENING = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/;

interface JsonlLine {
  id: string;
  request: { method: string; url: string };
  response: { status: number } | null;
  error: { code: string; message: string } | null;
}

/** Every line parsed: a line that is not JSON fails the test. */
function readJsonl(file: string): JsonlLine[] {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.length === 0 || text.endsWith('\n'), 'the JSONL file ends with a complete line');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonlLine);
}

describe('cors-inspector proxy: record files', function () {
  let dir: string;
  // A dev server with a fast JSON endpoint and one that streams without end.
  let api: Awaited<ReturnType<typeof serveOnLoopback>>;

  before(async () => {
    await buildCli();
    dir = mkdtempSync(path.join(tmpdir(), 'cors-files-'));
    api = await serveOnLoopback((req, res) => {
      if (req.url?.startsWith('/stream')) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' });
        res.write('data: first\n\n');
        const timer = setInterval(() => res.write('data: tick\n\n'), 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      const body = JSON.stringify({ url: req.url });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Access-Control-Allow-Origin': '*' });
      res.end(body);
    });
  });
  after(async () => {
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('checked at start: exit 2, one line, before listening', () => {
    async function expectRefused(args: string[], pattern: RegExp): Promise<void> {
      const { code, stdout, stderr } = await runCli(['proxy', '--target', api.url, ...args]);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '', 'never listened');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, pattern);
    }
    it('--har naming a directory', async () => {
      const sub = path.join(dir, 'a-dir.har');
      mkdirSync(sub, { recursive: true });
      await expectRefused(['--har', sub], /^cors-inspector: cannot write .*a-dir\.har: it is a directory$/m);
    });
    it('--jsonl naming a directory', () => expectRefused(['--jsonl', dir], /^cors-inspector: cannot write .*: it is a directory$/m));
    it('--har in a directory that does not exist', () =>
      expectRefused(['--har', path.join(dir, 'nope', 'x.har')], /cannot write .*x\.har: .*nope is not a writable directory \(it does not exist\)/));
    it('--jsonl fine but --har refused: the JSONL is not left open and nothing listens', async () => {
      await expectRefused(['--jsonl', path.join(dir, 'ok.jsonl'), '--har', dir], /it is a directory/);
    });
  });

  it('a write error mid-session (ENOSPC on /dev/full) is said at once and ends the process with exit 2, the HAR still complete', async function () {
    if (!existsSync('/dev/full')) this.skip();
    const har = path.join(dir, 'full.har');
    const run = startCli(['proxy', '--target', api.url, '--jsonl', '/dev/full', '--har', har]);
    try {
      const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
      await get(port, '/api/one');
      const { code } = await run.exit();
      assert.equal(code, 2, run.stderr());
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    const lines = run.stderr().trim().split('\n');
    assert.match(lines[0], /^cors-inspector: cannot write \/dev\/full: no space left on device \(ENOSPC\); stopping/);
    assert.equal(run.stderr().split('ENOSPC').length - 1, 1, `said once:\n${run.stderr()}`);
    const entries = JSON.parse(readFileSync(har, 'utf8')).log.entries as Array<{ request: { url: string } }>;
    assert.equal(entries.length, 1);
    assert.match(entries[0].request.url, /\/api\/one$/);
  });

  it('SIGTERM under load: complete, parseable JSONL and HAR holding every exchange that got a response, and the ones cut off as incomplete', async function () {
    this.timeout(90_000); // a loaded 2-core machine
    const jsonl = path.join(dir, 'load.jsonl');
    const har = path.join(dir, 'load.har');
    // Piped stdout that is read, as a user's `| tee` or CI log would.
    const run = startCli(['proxy', '--target', api.url, '--jsonl', jsonl, '--har', har, '--max-exchanges', '100000']);
    const answered = new Set<string>();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let stop = false;
    try {
      const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
      // Two streams still going when the signal comes: they got a response head, not its end.
      const streams = await Promise.all([openStream(port, '/stream/a'), openStream(port, '/stream/b')]);
      let n = 0;
      const worker = async () => {
        while (!stop) {
          const id = `/api/load/${n++}`;
          try {
            await get(port, id, agent);
            answered.add(id);
          } catch {
            // Cut off by the stop: it got no complete response, so it need not be on file.
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      // Under load: at least 1.5 s and 200 answers (a loaded machine may need longer), at most 20 s.
      const t0 = Date.now();
      while (Date.now() - t0 < 1500 || (answered.size < 200 && Date.now() - t0 < 20_000)) await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGTERM');
      const { code } = await run.exit();
      stop = true;
      await Promise.all(workers);
      for (const s of streams) s.destroy();
      assert.equal(code, 0, run.stderr());
    } finally {
      agent.destroy();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    assert.ok(answered.size > 50, `load ran (${answered.size} answered)`);

    const lines = readJsonl(jsonl);
    const inJsonl = new Set(lines.map((l) => new URL(l.request.url).pathname));
    const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ request: { url: string }; response: { status: number }; _errorCode?: string }> } }).log.entries;
    const inHar = new Set(entries.map((e) => new URL(e.request.url).pathname));
    const missingJsonl = [...answered].filter((p) => !inJsonl.has(p));
    const missingHar = [...answered].filter((p) => !inHar.has(p));
    assert.deepEqual(missingJsonl, [], `${missingJsonl.length} of ${answered.size} answered exchanges missing from the JSONL`);
    assert.deepEqual(missingHar, [], `${missingHar.length} of ${answered.size} answered exchanges missing from the HAR`);
    assert.equal(new Set(lines.map((l) => l.id)).size, lines.length, 'each exchange written once');

    for (const p of ['/stream/a', '/stream/b']) {
      const line = lines.find((l) => l.request.url.endsWith(p));
      assert.ok(line, `${p} written to the JSONL`);
      assert.equal(line.response?.status, 200, 'with the response head that was seen');
      assert.equal(line.error?.code, 'ESTOPPED', JSON.stringify(line.error));
      assert.match(line.error!.message, /the inspector stopped before this exchange was complete/);
      const entry = entries.find((e) => e.request.url.endsWith(p));
      assert.ok(entry, `${p} in the HAR`);
      assert.equal(entry._errorCode, 'ESTOPPED');
    }
    assert.match(run.stderr(), /^SIGTERM: stopped after \d+ exchange\(s\)/m);
  });

  it('stdout not read: the traffic goes on, lines are coalesced into "… N more exchange(s)", the JSONL has every exchange', async function () {
    this.timeout(90_000); // a loaded 2-core machine
    const jsonl = path.join(dir, 'slow-reader.jsonl');
    const run = startCli(['proxy', '--target', api.url, '--jsonl', jsonl]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    // 5000 lines of about 150 bytes: several times what the pipe and this reader's
    // buffers take in before the reader stops (seen up to about 250 KB), plus the 1,000
    // lines held back. Were the proxy to wait for its stdout, these requests would
    // stall once the pipe is full.
    const total = 5000;
    const pad = 'p'.repeat(100);
    try {
      const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
      run.child.stdout.pause();
      let next = 0;
      const worker = async () => {
        while (next < total) await get(port, `/api/slow/${next++}?${pad}`, agent);
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      run.child.stdout.resume();
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill('SIGINT');
      assert.equal((await run.exit()).code, 0, run.stderr());
    } finally {
      agent.destroy();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    const shown = run.lines.filter((l) => l.includes('/api/slow/')).length;
    const coalesced = run.lines.filter((l) => /^… \d+ more exchange\(s\) not shown/.test(l)).reduce((a, l) => a + Number(/^… (\d+)/.exec(l)![1]), 0);
    assert.ok(coalesced > 0, `some lines were coalesced (${shown} shown)`);
    assert.equal(shown + coalesced, total, 'each exchange either printed or counted');
    assert.equal(readJsonl(jsonl).length, total, 'and every one is in the JSONL');
    assert.match(run.stderr(), new RegExp(`stopped after ${total} exchange\\(s\\), 0 failing CORS flow\\(s\\), ${coalesced} line\\(s\\) not shown`));
  });

  it('a request the proxy cannot read: the client gets the 400, the live line says the proxy refused it, the JSONL holds it', async function () {
    this.timeout(30_000);
    const jsonl = path.join(dir, 'unreadable.jsonl');
    const run = startCli(['proxy', '--target', api.url, '--jsonl', jsonl]);
    try {
      const port = Number(LISTENING.exec(await run.waitForLine(LISTENING))![1]);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/x HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n'));
        let text = '';
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
      const line = await run.waitForLine(/refused by the proxy/);
      assert.match(line, /GET +\/api\/x → 400 \(refused by the proxy: EBADREQUEST\)/);
      run.child.kill('SIGINT');
      assert.equal((await run.exit()).code, 0, run.stderr());
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    const [record] = readJsonl(jsonl);
    assert.equal(record.request.method, 'GET');
    assert.equal(record.response?.status, 400);
    assert.equal(record.error?.code, 'EBADREQUEST');
    assert.match(record.error!.message, /did not forward it/);
  });

  describe('analyze', () => {
    const record = (i: number, origin: string | null, allow: string | null) =>
      JSON.stringify({
        id: String(i), type: 'request', pairId: null, startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), durationMs: 1,
        request: { method: 'GET', url: `http://127.0.0.1:4000/r/${i}`, headers: origin ? { origin } : {} },
        response: { status: 200, headers: allow ? { 'access-control-allow-origin': allow } : {} }, error: null,
      });

    it('reads every good line of a file whose last line was cut, and names that line', async () => {
      const file = path.join(dir, 'cut.jsonl');
      const full = [record(1, APP_ORIGIN, '*'), record(2, APP_ORIGIN, null), record(3, null, null)].join('\n') + '\n' + record(4, APP_ORIGIN, '*');
      writeFileSync(file, full.slice(0, full.length - 25));
      const { code, stdout, stderr } = await runCli(['analyze', file]);
      assert.equal(code, 1, stderr); // record 2 is blocked
      assert.match(stdout, /3 exchange\(s\), 2 cross-origin: 1 passed, 0 with warnings, 1 blocked by CORS/);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr.trim(), /^cors-inspector: warning: .*cut\.jsonl: line 4 is cut off \(not valid JSON\).*the 3 record\(s\) before it were read$/);
      const json = await runCli(['analyze', file, '--json']);
      assert.equal(JSON.parse(json.stdout).summary.exchanges, 3);
    });

    it('skips a bad line in the middle with a warning naming it', async () => {
      const file = path.join(dir, 'middle.jsonl');
      writeFileSync(file, [record(1, APP_ORIGIN, '*'), '{"oops', record(3, APP_ORIGIN, '*'), ''].join('\n'));
      const { code, stdout, stderr } = await runCli(['analyze', file]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^2 exchange\(s\)/m);
      assert.match(stderr, /line 2: not valid JSON: skipped/);
    });

    it('a file with no record at all is an input error (exit 2, one line)', async () => {
      const file = path.join(dir, 'garbage.jsonl');
      writeFileSync(file, 'hello\nworld\n');
      const { code, stdout, stderr } = await runCli(['analyze', file]);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /^cors-inspector: .*garbage\.jsonl: line 1: not valid JSON\n$/);
    });
  });
});

function get(port: number, pathname: string, agent: http.Agent | false = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: { Origin: APP_ORIGIN }, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.complete ? resolve() : reject(new Error('incomplete'))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Opens a streaming response and resolves once its head and first bytes arrived. */
function openStream(port: number, pathname: string): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: { Origin: APP_ORIGIN }, agent: false }, (res) => {
      res.once('data', () => resolve(req));
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.once('error', reject);
  });
}
