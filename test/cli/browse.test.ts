// `cors-inspector browse` as a terminal user runs it: help, a bad invocation, a real
// headless Chromium opening a page whose fetch, XHR and canvas fail, and a clean stop
// on SIGTERM (and when the browser itself closes) with complete JSONL and HAR files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseJsonLines } from '../../src/core/exchange/jsonl';
import { buildCli, runCli, startCli } from './support';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('cors-inspector browse', function () {
  this.timeout(60_000);
  let dir: string;
  const servers: http.Server[] = [];

  before(async () => {
    await buildCli();
    dir = mkdtempSync(path.join(tmpdir(), 'cors-cli-browse-'));
  });
  after(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its own help with the flags and an example', async () => {
    const { code, stdout } = await runCli(['browse', '--help']);
    assert.equal(code, 0);
    for (const flag of ['--browser <path>', '--headless', '--jsonl <file>', '--har <file>']) assert.ok(stdout.includes(flag), flag);
    assert.match(stdout, /Example:\n {2}cors-inspector browse http/);
  });

  it('refuses a missing or non-http URL', async () => {
    const none = await runCli(['browse']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /browse needs exactly one URL/);
    const bad = await runCli(['browse', 'localhost:5173']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid URL "localhost:5173"/);
  });

  it('records the page\'s cross-origin requests from the browser, with their lines, and writes complete files on SIGTERM', async () => {
    const api = http.createServer((req, res) => {
      if (req.url === '/img.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('no CORS headers');
    });
    const apiPort = await listen(api);
    const app = `const API = 'http://localhost:${apiPort}';
fetch(API + '/orders').catch(() => {});
const xhr = new XMLHttpRequest(); xhr.open('GET', API + '/legacy'); xhr.send();
const img = new Image();
img.onload = () => { const c = document.createElement('canvas'); c.getContext('2d').drawImage(img, 0, 0); c.getContext('2d').getImageData(0, 0, 1, 1); };
img.src = API + '/img.png';
`;
    const page = http.createServer((req, res) => {
      if (req.url === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(app);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><script src="/app.js"></script>');
    });
    const pagePort = await listen(page);
    servers.push(api, page);
    const jsonl = path.join(dir, 'browse.jsonl');
    const har = path.join(dir, 'browse.har');
    const cli = startCli(['browse', `http://127.0.0.1:${pagePort}/`, '--headless', '--browser', '/usr/bin/chromium', '--jsonl', jsonl, '--har', har], { NO_COLOR: '1' });
    await cli.waitForLine(/^browsing http:\/\/127\.0\.0\.1:\d+\/ in \/usr\/bin\/chromium \(pid \d+\)$/, 20_000);
    await cli.waitForLine(/GET +http:\/\/localhost:\d+\/img\.png → 200 .*tainted/, 20_000);
    await cli.waitForLine(/✗ GET +http:\/\/localhost:\d+\/legacy → 200 MissingAllowOriginHeader .* ← \/app\.js:3:/, 20_000);
    cli.child.kill('SIGTERM');
    const exit = await cli.exit();
    assert.equal(exit.code, 0, cli.stderr());
    assert.match(cli.stderr(), /SIGTERM: stopped after 3 exchange\(s\), 3 failing, 0 engine disagreement\(s\)/);

    const records = parseJsonLines(readFileSync(jsonl, 'utf8'));
    const byPath = (p: string) => records.find((r) => new URL(r.request.url).pathname === p)!;
    assert.equal(byPath('/orders').cors.corsError, 'MissingAllowOriginHeader');
    assert.deepEqual({ ...byPath('/orders').initiator, url: new URL(byPath('/orders').initiator!.url).pathname }, { url: '/app.js', line: 2, column: 1, functionName: '' });
    assert.ok(byPath('/legacy').cors.message.startsWith('Access to XMLHttpRequest at'));
    assert.equal(byPath('/legacy').browser?.resourceType, 'XHR');
    const image = byPath('/img.png');
    assert.match(image.taintedCanvas?.message ?? '', /SecurityError: .*getImageData.*tainted by cross-origin data/);
    assert.equal(image.taintedCanvas?.location?.line, 5);
    assert.deepEqual(image.cors.fix, [{ action: 'set', header: 'Access-Control-Allow-Origin', value: `http://127.0.0.1:${pagePort}`, on: 'response' }]);
    assert.match(image.cors.explanation, /crossorigin="anonymous"/);
    const harEntries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ _initiatorLocation?: { line: number } }> } }).log.entries;
    assert.equal(harEntries.length, 3);
    assert.ok(harEntries.every((e) => e._initiatorLocation && e._initiatorLocation.line > 0));
  });

  it('stops with complete files when the browser goes away', async () => {
    const page = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>empty</title>'));
    const pagePort = await listen(page);
    servers.push(page);
    const jsonl = path.join(dir, 'closed.jsonl');
    const har = path.join(dir, 'closed.har');
    const cli = startCli(['browse', `http://127.0.0.1:${pagePort}/`, '--headless', '--browser', '/usr/bin/chromium', '--jsonl', jsonl, '--har', har]);
    const line = await cli.waitForLine(/^browsing .* \(pid (\d+)\)$/, 20_000);
    process.kill(Number(/\(pid (\d+)\)$/.exec(line)![1]), 'SIGKILL');
    const exit = await cli.exit();
    assert.equal(exit.code, 0, cli.stderr());
    assert.match(cli.stderr(), /browser closed: stopped after 0 exchange\(s\)/);
    assert.deepEqual((JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: unknown[] } }).log.entries, []);
    assert.equal(readFileSync(jsonl, 'utf8'), '');
  });
});
