// toCurl is checked by running its output through a real shell and curl
// against a local server, and comparing what arrives with what was recorded.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { toCurl } from '../../../src/core/exchange/curl';
import { Recorder } from '../../../src/core/exchange/recorder';
import { capture } from './make-capture';

interface Received {
  method: string;
  url: string;
  headers: string[];
  body: Buffer;
}

describe('toCurl', function () {
  let server: http.Server;
  let base: string;
  let last: Received | null = null;

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        last = { method: req.method!, url: req.url!, headers: req.rawHeaders, body: Buffer.concat(chunks) };
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function run(command: string): Promise<Received> {
    last = null;
    return new Promise((resolve, reject) => {
      execFile('sh', ['-c', `${command} --silent --show-error --max-time 5 -o /dev/null`], { timeout: 10_000 }, (err, _out, stderr) => {
        if (err) return reject(new Error(`${command}\n${stderr}`));
        if (!last) return reject(new Error('server saw nothing'));
        resolve(last);
      });
    });
  }

  function header(received: Received, name: string): string | undefined {
    const i = received.headers.findIndex((h, n) => n % 2 === 0 && h.toLowerCase() === name.toLowerCase());
    return i >= 0 ? received.headers[i + 1] : undefined;
  }

  const recorded = (spec: Parameters<typeof capture>[0]) => new Recorder().add(capture(spec));

  it('reproduces method, URL and awkward header values exactly, with nothing expanded by the shell', async () => {
    const nasty = `it's "$HOME" \`id\` $(id) ; & | \\ * ?`;
    const record = recorded({
      method: 'DELETE',
      url: `${base}/items/[1]/{x}?q=a%20b&$var=1#frag`.replace('#frag', ''),
      headers: [['Host', 'example.test'], ['Origin', 'http://localhost:5173'], ['X-Nasty', nasty], ['X-Empty', ''], ['Content-Length', '0']],
      at: 0,
    });
    const cmd = toCurl(record);
    const got = await run(cmd);
    assert.equal(got.method, 'DELETE');
    assert.equal(got.url, '/items/[1]/{x}?q=a%20b&$var=1');
    assert.equal(header(got, 'x-nasty'), nasty);
    assert.equal(header(got, 'x-empty'), '');
    assert.equal(header(got, 'origin'), 'http://localhost:5173');
    assert.notEqual(header(got, 'host'), 'example.test', 'curl derives Host from the URL');
  });

  it('sends a text body byte for byte', async () => {
    const body = `{"msg":"it's\n  fine","n":1}`;
    const got = await run(toCurl(recorded({ method: 'POST', url: `${base}/post`, headers: [['Content-Type', 'application/json']], requestBody: body, at: 0 })));
    assert.equal(got.method, 'POST');
    assert.equal(got.body.toString('utf8'), body);
    assert.equal(header(got, 'content-type'), 'application/json');
  });

  it('sends a binary body byte for byte', async () => {
    const body = Buffer.from([0, 255, 10, 39, 34, 36, 128, 1]);
    const cmd = toCurl(recorded({ method: 'PUT', url: `${base}/bin`, requestBody: body, at: 0 }));
    const got = await run(cmd);
    assert.equal(got.method, 'PUT');
    assert.deepEqual([...got.body], [...body]);
  });

  it('uses --head for HEAD and a plain GET without -X', async () => {
    assert.match(toCurl(recorded({ method: 'HEAD', url: `${base}/h`, at: 0 })), /--head/);
    const get = toCurl(recorded({ url: `${base}/g`, at: 0 }));
    assert.doesNotMatch(get, /-X/);
    assert.equal((await run(get)).method, 'GET');
  });

  it('says when the recorded body was truncated', () => {
    const rec = new Recorder().add({ ...capture({ method: 'POST', url: `${base}/t`, requestBody: 'abc', at: 0 }), requestBody: { size: 10, preview: Buffer.from('abc'), truncated: true } });
    assert.match(toCurl(rec), /# body truncated: 3 of 10 bytes were recorded$/);
  });
});
