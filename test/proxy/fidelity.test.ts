// The proxy must be invisible: same header lines (case, order, repeats), same
// body bytes (compressed stays compressed), and a capture that matches the wire.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  bodyOf,
  hasCompleteResponse,
  headerLines,
  httpUpstream,
  proxyWithCaptures,
  rawExchange,
  rawUpstream,
  request,
} from './support/net-helpers';

describe('proxy fidelity', () => {
  it('passes response header lines through unchanged: case, order, interleaved repeats', async () => {
    const body = 'hello';
    const upstreamHead = [
      'HTTP/1.1 200 Fine Thanks',
      'access-control-allow-origin: http://a.test',
      'X-Dup: one',
      'Set-Cookie: a=1',
      'x-DUP: two',
      'set-cookie: b=2',
      'Access-Control-Allow-Origin: http://b.test',
      'Vary: Origin',
      'Content-Length: 5',
      'Connection: keep-alive',
    ];
    const upstream = await rawUpstream(() => `${upstreamHead.join('\r\n')}\r\n\r\n${body}`);
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const got = await rawExchange(proxy.port, 'GET /thing HTTP/1.1\r\nHost: x\r\n\r\n', { until: hasCompleteResponse });
      const text = got.toString('latin1');
      assert.equal(text.split('\r\n')[0], 'HTTP/1.1 200 Fine Thanks');
      assert.deepEqual(headerLines(got), upstreamHead.slice(1));
      assert.equal(bodyOf(got).toString(), body);
      const c = await proxy.capture(0);
      assert.deepEqual(
        c.response?.headers.map(([n, v]) => `${n}: ${v}`),
        upstreamHead.slice(1),
      );
      assert.equal(c.response?.status, 200);
      assert.equal(c.response?.statusText, 'Fine Thanks');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('passes request header lines through unchanged: case, order, interleaved repeats, and the path byte for byte', async () => {
    const upstream = await rawUpstream(() => 'HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n');
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const lines = [
        'Host: localhost:5173',
        'X-Dup: one',
        'origin: http://app.test',
        'Access-Control-Request-Headers: x-one',
        'x-DUP: two',
        'access-control-request-headers: x-two',
        'X-Weird-CASE: v',
        'Connection: keep-alive',
      ];
      const path = '/a//b/%7Ec?x=1&y=%20';
      await rawExchange(proxy.port, `OPTIONS ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, { until: (b) => b.includes('\r\n\r\n') });
      assert.equal(upstream.received.length, 1);
      const sent = upstream.received[0].toString('latin1').split('\r\n');
      assert.equal(sent[0], `OPTIONS ${path} HTTP/1.1`);
      assert.deepEqual(sent.slice(1, 1 + lines.length), lines);
      const c = await proxy.capture(0);
      assert.equal(c.request.method, 'OPTIONS');
      assert.equal(c.request.url, `http://localhost:5173${path}`);
      assert.deepEqual(c.request.headers.map(([n, v]) => `${n}: ${v}`), lines);
      assert.equal(c.response?.status, 204);
      assert.equal(c.via, 'reverse');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('adds no Host line of its own when the client sent none (HTTP/1.0)', async () => {
    const upstream = await rawUpstream(() => 'HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      await rawExchange(proxy.port, 'GET /old HTTP/1.0\r\nAccept: */*\r\nX-Client: legacy\r\n\r\n', { until: (b) => b.includes('\r\n\r\n') });
      assert.equal(upstream.received.length, 1);
      const sent = upstream.received[0].toString('latin1').split('\r\n\r\n')[0].split('\r\n');
      assert.equal(sent[0], 'GET /old HTTP/1.1');
      assert.deepEqual(sent.slice(1, 3), ['Accept: */*', 'X-Client: legacy']);
      assert.deepEqual(sent.filter((line) => /^host:/i.test(line)), []);
      const c = await proxy.capture(0);
      assert.deepEqual(c.request.headers.map(([n, v]) => `${n}: ${v}`), ['Accept: */*', 'X-Client: legacy']);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('streams request and response bodies unchanged (binary, gzip left compressed) and captures only the first bytes', async () => {
    const download = gzipSync(randomBytes(300_000));
    const upstream = await httpUpstream((req, res) => {
      const hash = createHash('sha256');
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        hash.update(c);
      });
      req.on('end', () => {
        res.writeHead(200, {
          'Content-Encoding': 'gzip',
          'Content-Type': 'application/octet-stream',
          'X-Upload-Sha256': hash.digest('hex'),
          'X-Upload-Size': String(size),
        });
        // Chunked, in several writes.
        for (let i = 0; i < download.length; i += 50_000) res.write(download.subarray(i, i + 50_000));
        res.end();
      });
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], bodyCaptureBytes: 1000 });
    try {
      const upload = randomBytes(200_000);
      const res = await request(`${proxy.url}/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', 'Accept-Encoding': 'gzip' },
        body: upload,
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-upload-size'], String(upload.length));
      assert.equal(res.headers['x-upload-sha256'], createHash('sha256').update(upload).digest('hex'));
      assert.equal(res.headers['content-encoding'], 'gzip');
      assert.equal(res.headers['transfer-encoding'], 'chunked');
      assert.ok(res.body.equals(download), 'downloaded bytes differ from what the upstream sent');
      const c = await proxy.capture(0);
      assert.equal(c.requestBody.size, upload.length);
      assert.ok(c.requestBody.preview.equals(upload.subarray(0, 1000)));
      assert.equal(c.requestBody.truncated, true);
      assert.equal(c.responseBody?.size, download.length);
      assert.ok(c.responseBody?.preview.equals(download.subarray(0, 1000)));
      assert.equal(c.responseBody?.truncated, true);
      assert.equal(c.error, null);
      assert.ok(c.durationMs >= (c.waitMs ?? Infinity), 'duration must cover the wait');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('routes by longest path prefix and keeps the target path below it', async () => {
    const a = await httpUpstream((req, res) => res.end(`A ${req.url}`));
    const b = await httpUpstream((req, res) => res.end(`B ${req.url}`));
    const proxy = await proxyWithCaptures({
      targets: [
        { prefix: '/', target: a.url },
        { prefix: '/api', target: `${b.url}/v2` },
      ],
    });
    try {
      assert.equal((await request(`${proxy.url}/api/users?x=1`)).body.toString(), 'B /v2/api/users?x=1');
      assert.equal((await request(`${proxy.url}/apiary`)).body.toString(), 'A /apiary');
      assert.equal((await request(`${proxy.url}/`)).body.toString(), 'A /');
    } finally {
      await proxy.close();
      await a.close();
      await b.close();
    }
  });

  it('answers 404 itself for a path no target covers, says so in the body, and records it', async () => {
    const api = await httpUpstream((req, res) => res.end(`API ${req.url}`));
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/api', target: api.url }] });
    try {
      const miss = await request(`${proxy.url}/auth/login?next=/`);
      assert.equal(miss.status, 404);
      assert.equal(miss.body.toString(), 'CORS Inspector proxy: 404 Not Found\nno proxy target is configured for the path /auth/login\n');
      const c = await proxy.capture(0);
      assert.equal(c.error?.code, 'ENOTARGET');
      assert.match(c.request.url, /\/auth\/login\?next=\/$/);
      // The proxy keeps serving the paths it has a target for.
      assert.equal((await request(`${proxy.url}/api/x`)).body.toString(), 'API /api/x');
    } finally {
      await proxy.close();
      await api.close();
    }
  });

  it('relays methods Node cannot parse (lower-case "patch"), even on a kept-alive connection', async () => {
    const upstream = await rawUpstream(
      (req) => `HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 9\r\n\r\nmethod=${req.toString('latin1').slice(0, 2)}`,
    );
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const socket = net.connect(proxy.port, '127.0.0.1');
      let received = Buffer.alloc(0);
      socket.on('data', (c) => (received = Buffer.concat([received, c])));
      const until = async (pred: () => boolean): Promise<void> => {
        for (let i = 0; i < 300 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
        assert.ok(pred(), `timed out; got ${JSON.stringify(received.toString('latin1'))}`);
      };
      // First a normal request, so the connection is in Node's hands...
      socket.write('OPTIONS /r HTTP/1.1\r\nHost: h\r\nOrigin: http://app.test\r\n\r\n');
      await until(() => hasCompleteResponse(received));
      assert.match(received.toString('latin1'), /method=OP$/);
      received = Buffer.alloc(0);
      // ...then, on the same connection, a method Node's parser rejects.
      socket.write('patch /r HTTP/1.1\r\nHost: h\r\nOrigin: http://app.test\r\nContent-Length: 2\r\n\r\nhi');
      const closed = new Promise<void>((r) => socket.on('close', () => r()));
      await until(() => hasCompleteResponse(received));
      await closed; // the relay ends the connection after its one response
      const text = received.toString('latin1');
      assert.match(text, /^HTTP\/1\.1 200 OK\r\nAccess-Control-Allow-Origin: \*\r\nContent-Length: 9\r\nConnection: close\r\n\r\nmethod=pa$/);
      assert.equal(upstream.received[1].toString('latin1'), 'patch /r HTTP/1.1\r\nHost: h\r\nOrigin: http://app.test\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi');
      const c = await proxy.capture(1);
      assert.equal(c.request.method, 'patch');
      assert.equal(c.request.url, 'http://h/r');
      assert.equal(c.requestBody.size, 2);
      assert.equal(c.response?.status, 200);
      assert.deepEqual(c.response?.headers, [['Access-Control-Allow-Origin', '*'], ['Content-Length', '9']]);
      assert.equal(c.responseBody?.size, 9);
      assert.equal(c.error, null);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('captures a chunked request body and passes it on chunked', async () => {
    const upstream = await httpUpstream((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`${req.headers['transfer-encoding']}:${Buffer.concat(chunks).toString()}`));
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const got = await rawExchange(proxy.port, 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', {
        until: hasCompleteResponse,
      });
      assert.equal(bodyOf(got).toString(), 'chunked:hello world');
      const c = await proxy.capture(0);
      assert.equal(c.requestBody.size, 11);
      assert.equal(c.requestBody.preview.toString(), 'hello world');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('keeps DELETE and OPTIONS bodies and their Content-Length as sent', async () => {
    const upstream = await rawUpstream(() => 'HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n');
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      await rawExchange(proxy.port, 'DELETE /d HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello', { until: (b) => b.includes('\r\n\r\n') });
      await rawExchange(proxy.port, 'OPTIONS /o HTTP/1.1\r\nHost: h\r\n\r\n', { until: (b) => b.includes('\r\n\r\n') });
      assert.equal(upstream.received[0].toString('latin1'), 'DELETE /d HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello');
      assert.equal(upstream.received[1].toString('latin1'), 'OPTIONS /o HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});
