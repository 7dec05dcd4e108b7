// Hostile upstreams and clients on real sockets: whatever bytes they send, the
// proxy stays up, the client gets a final answer, and the record says what happened.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { Recorder } from '../../src/core/exchange/recorder';
import { parseJsonLines, toJsonLine } from '../../src/core/exchange/jsonl';
import { toHar } from '../../src/core/exchange/har';
import { hasCompleteResponse, proxyWithCaptures, rawExchange, rawUpstream, type CollectingProxy } from './support/net-helpers';

const GET = 'GET /x HTTP/1.1\r\nHost: app.test\r\nOrigin: http://page.test\r\nConnection: close\r\n\r\n';

/** A proxy in front of an upstream that answers every request with exactly `response`. */
async function withRawUpstream(response: string | Buffer, body: (proxy: CollectingProxy, received: Buffer[]) => Promise<void>, upstreamTimeoutMs = 5000): Promise<void> {
  const upstream = await rawUpstream(() => response);
  const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], upstreamTimeoutMs });
  try {
    await body(proxy, upstream.received);
    // Still up and serving after the bad exchange.
    const again = await rawExchange(proxy.port, GET, { timeoutMs: 5000 });
    assert.match(again.toString('latin1'), /^HTTP\/1\.1 \d{3} /, 'the proxy answers the next request');
  } finally {
    await proxy.close();
    await upstream.close();
  }
}

describe('proxy robustness', () => {
  describe('reason phrases Node cannot write', () => {
    for (const byte of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1f, 0x7f]) {
      const hex = byte.toString(16).padStart(2, '0');
      it(`survives "200 O\\x${hex}K": the client gets a final answer and the record says what was done`, async () => {
        const wire = Buffer.concat([
          Buffer.from('HTTP/1.1 200 O', 'latin1'),
          Buffer.from([byte]),
          Buffer.from('K\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 5\r\n\r\nhello', 'latin1'),
        ]);
        await withRawUpstream(wire, async (proxy) => {
          const got = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
          const c = await proxy.capture(0);
          if (c.response) {
            // Node's parser read the phrase: it is replaced, the rest passes unchanged.
            assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
            assert.match(got, /\r\n\r\nhello$/);
            assert.equal(c.response.status, 200);
            assert.equal(c.response.statusText, `O${String.fromCharCode(byte)}K`);
            assert.equal(c.error, null);
            assert.equal(c.notices?.[0]?.code, 'EBADREASON');
            assert.match(c.notices?.[0]?.message ?? '', new RegExp(`0x${hex}.*"200 OK"`));
          } else {
            // Node's parser refused the status line itself: a 502 that says so.
            assert.match(got, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
            assert.match(c.error?.code ?? '', /^HPE_/);
          }
        });
      });
    }

    it('replaces it on the answer to a WebSocket upgrade too', async () => {
      await withRawUpstream('HTTP/1.1 403 Go\x02 away\r\nContent-Length: 0\r\n\r\n', async (proxy) => {
        const got = (
          await rawExchange(
            proxy.port,
            'GET /ws HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
            { until: hasCompleteResponse },
          )
        ).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 403 Forbidden\r\n/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.statusText, 'Go\x02 away');
        assert.equal(c.error, null);
            assert.equal(c.notices?.[0]?.code, 'EBADREASON');
      });
    });

    it('passes a valid phrase, obs-text included, untouched', async () => {
      await withRawUpstream(Buffer.from('HTTP/1.1 200 Tr\xe8s bien\r\nContent-Length: 0\r\n\r\n', 'latin1'), async (proxy) => {
        const got = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 200 Tr\xe8s bien\r\n/);
        assert.equal((await proxy.capture(0)).error, null);
      });
    });
  });

  describe('broken upstream heads', () => {
    // Each gets either the response (when Node's parser reads it) or a 502, never nothing, and a record.
    const shapes: Array<[string, string]> = [
      ['a control byte in a header value', 'HTTP/1.1 200 OK\r\nX-A: a\x01b\r\nContent-Length: 0\r\n\r\n'],
      ['a NUL in a header name', 'HTTP/1.1 200 OK\r\nX\x00A: 1\r\nContent-Length: 0\r\n\r\n'],
      ['Content-Length with Transfer-Encoding', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
      ['status 099', 'HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n'],
      ['status 600', 'HTTP/1.1 600 Beyond\r\nContent-Length: 0\r\n\r\n'],
      ['an HTTP/2 status line', 'HTTP/2 200\r\ncontent-length: 0\r\n\r\n'],
      ['no status line at all', 'hello there\r\n\r\n'],
      ['a bare LF head', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok'],
      ['a folded header', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n 2\r\nContent-Length: 0\r\n\r\n'],
      ['a head that ends the connection halfway', 'HTTP/1.1 200 OK\r\nContent-Le'],
    ];
    for (const [what, wire] of shapes) {
      it(`answers and records ${what}`, async () => {
        const upstream = net.createServer((socket) => {
          socket.once('data', () => socket.end(Buffer.from(wire, 'latin1')));
          socket.on('error', () => socket.destroy());
        });
        await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
        const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}` }] });
        try {
          const got = (await rawExchange(proxy.port, GET)).toString('latin1');
          const status = /^HTTP\/1\.1 (\d{3}) /.exec(got)?.[1];
          assert.ok(status !== undefined, `a status line, got ${JSON.stringify(got.slice(0, 80))}`);
          const c = await proxy.capture(0);
          if (status === '502') {
            assert.equal(c.response, null);
            assert.ok(c.error?.message, 'the record says why');
          } else assert.equal(c.response?.status, Number(status));
          const next = (await rawExchange(proxy.port, GET)).toString('latin1');
          assert.match(next, /^HTTP\/1\.1 \d{3} /, 'the proxy still answers');
        } finally {
          await proxy.close();
          await new Promise<void>((r) => upstream.close(() => r()));
        }
      });
    }
  });

  describe('every client gets a final answer', () => {
    it('answers 502 with the reason when the upstream switches protocols unasked', async () => {
      await withRawUpstream('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', async (proxy) => {
        const t0 = Date.now();
        const got = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.ok(Date.now() - t0 < 2000, 'answered at once, not after a timeout');
        assert.match(got, /^HTTP\/1\.1 502 Bad Gateway\r\n/);
        assert.match(got, /101 Switching Protocols.*asked for no upgrade/);
        const c = await proxy.capture(0);
        assert.equal(c.response, null);
        assert.equal(c.error?.code, 'EUNREQUESTEDUPGRADE');
        assert.match(c.error?.message ?? '', /Upgrade: websocket/);
      });
    });

    it('passes "Upgrade: h2c" requests on as plain HTTP/1.1 (curl --http2 http://…)', async () => {
      await withRawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nfrom 1.1', async (proxy, received) => {
        const h2c = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n';
        const get = await rawExchange(proxy.port, `GET /x HTTP/1.1\r\nHost: app.test\r\n${h2c}Origin: http://page.test\r\n\r\n`, { until: hasCompleteResponse });
        assert.match(get.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nfrom 1\.1$/);
        // With a body, and other Connection tokens kept.
        const post = await rawExchange(
          proxy.port,
          `POST /y HTTP/1.1\r\nHost: app.test\r\nConnection: keep-alive, Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 4\r\n\r\nbody`,
          { until: hasCompleteResponse },
        );
        assert.match(post.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n/);
        const [first, second] = received.map((b) => b.toString('latin1'));
        assert.equal(first, 'GET /x HTTP/1.1\r\nHost: app.test\r\nOrigin: http://page.test\r\nConnection: keep-alive\r\n\r\n');
        assert.equal(second, 'POST /y HTTP/1.1\r\nHost: app.test\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\nbody');
        const c = await proxy.capture(0);
        assert.equal(c.response?.status, 200);
        assert.equal(c.via, 'reverse');
        assert.equal(c.error, null);
        assert.equal(c.notices?.[0]?.code, 'EH2CUPGRADE');
        assert.match(c.notices?.[0]?.message ?? '', /went on as HTTP\/1\.1/);
        assert.equal((await proxy.capture(1)).requestBody.preview.toString(), 'body');
      });
    });

    it('cuts the client off after what came when the upstream body has a bad chunk size, and records why', async () => {
      // The good chunk first, the bad one a moment later (in one read Node's parser drops both).
      const upstream = net.createServer((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
          setTimeout(() => socket.end('zz\r\nmore\r\n0\r\n\r\n'), 100);
        });
        socket.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}` }] });
      try {
        const got = (await rawExchange(proxy.port, GET)).toString('latin1');
        // The head and the good chunk arrive, the terminating chunk never does.
        assert.match(got, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n5\r\nhello\r\n$/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.status, 200);
        assert.equal(c.responseBody?.preview.toString(), 'hello');
        assert.equal(c.error?.code, 'HPE_INVALID_CHUNK_SIZE');
        assert.match(c.error?.message ?? '', /broke off after its head.*invalid chunk size.*cut off/);
      } finally {
        await proxy.close();
        await new Promise<void>((r) => upstream.close(() => r()));
      }
    });

    it('cuts the client off when the very first chunk size is bad (the head still arrives)', async () => {
      await withRawUpstream('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n', async (proxy) => {
        const got = (await rawExchange(proxy.port, GET)).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 200 OK\r\nTransfer-Encoding: chunked\r\n/);
        assert.equal((await proxy.capture(0)).error?.code, 'HPE_INVALID_CHUNK_SIZE');
      });
    });
  });

  describe('heads passed on whole', () => {
    it('passes and records every one of 1,500 response header lines (the CORS header last)', async () => {
      const many = Array.from({ length: 1500 }, (_, i) => `X-H${i}: v\r\n`).join('');
      await withRawUpstream(`HTTP/1.1 200 OK\r\n${many}Access-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nhi`, async (proxy) => {
        const got = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /\r\nAccess-Control-Allow-Origin: \*\r\n/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.headers.length, 1502);
        assert.deepEqual(c.response?.headers[1500], ['Access-Control-Allow-Origin', '*']);
        assert.equal(c.error, null);
      });
    });

    it('refuses a response head past the size limit with a 502 that says so', async () => {
      const big = Array.from({ length: 400 }, (_, i) => `X-Padding-${i}: ${'p'.repeat(40)}\r\n`).join('');
      await withRawUpstream(`HTTP/1.1 200 OK\r\n${big}Access-Control-Allow-Origin: *\r\nContent-Length: 0\r\n\r\n`, async (proxy) => {
        const got = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 502 /);
        const c = await proxy.capture(0);
        assert.equal(c.response, null);
        assert.equal(c.error?.code, 'HPE_HEADER_OVERFLOW');
        assert.match(c.error?.message ?? '', /refused rather than judged on part of its headers/);
      });
    });

    it('passes a 103 Early Hints on before the final response', async () => {
      await withRawUpstream('HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload; as=style\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', async (proxy) => {
        const got = (await rawExchange(proxy.port, GET)).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 103 Early Hints\r\nLink: <\/app\.css>; rel=preload; as=style\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nhi$/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.status, 200);
        assert.equal(c.error, null);
      });
    });

    it('passes trailers of a chunked response on', async () => {
      await withRawUpstream('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n2\r\nhi\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n', async (proxy) => {
        const got = (await rawExchange(proxy.port, GET)).toString('latin1');
        assert.match(got, /\r\n\r\n2\r\nhi\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n$/);
        const c = await proxy.capture(0);
        assert.equal(c.responseBody?.preview.toString(), 'hi');
        assert.equal(c.error, null);
      });
    });
  });

  describe('clients that stop halfway', () => {
    it('answers 408 to a request head that stops arriving', async () => {
      const upstream = await rawUpstream(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], headTimeoutMs: 300 });
      try {
        const t0 = Date.now();
        const got = (await rawExchange(proxy.port, 'GET /x HTTP/1.1\r\nHost: app.test\r\nOrig', { timeoutMs: 4000 })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 408 Request Timeout\r\n/);
        assert.ok(Date.now() - t0 < 2000, `answered after ${Date.now() - t0} ms`);
        assert.equal(upstream.received.length, 0);
        const ok = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.match(ok, /^HTTP\/1\.1 200 /);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });
  });

  describe('ambiguous requests are refused, recorded and never forwarded', () => {
    const ok = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

    it('answers 400 to a request with two Host lines (origin-form, absolute-form, WebSocket)', async () => {
      const upstream = await rawUpstream(() => ok);
      const reverse = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
      const forward = await proxyWithCaptures({ targets: [], forward: true });
      try {
        const plain = await rawExchange(reverse.port, 'GET /x HTTP/1.1\r\nHost: app.test\r\nHost: evil.test\r\n\r\n', { until: hasCompleteResponse });
        assert.match(plain.toString('latin1'), /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*more than one Host/);
        const ws = await rawExchange(
          reverse.port,
          'GET /ws HTTP/1.1\r\nHost: app.test\r\nhost: evil.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          { until: hasCompleteResponse },
        );
        assert.match(ws.toString('latin1'), /^HTTP\/1\.1 400 /);
        const abs = await rawExchange(forward.port, `GET http://127.0.0.1:${upstream.port}/x HTTP/1.1\r\nHost: 127.0.0.1:${upstream.port}\r\nHost: evil.test\r\n\r\n`, { until: hasCompleteResponse });
        assert.match(abs.toString('latin1'), /^HTTP\/1\.1 400 /);
        assert.equal(upstream.received.length, 0, 'nothing reached the upstream');
        for (const c of [await reverse.capture(0), await reverse.capture(1), await forward.capture(0)]) {
          assert.equal(c.error?.code, 'EAMBIGUOUS');
          assert.equal(c.response, null);
          assert.equal(c.request.headers.filter(([n]) => n.toLowerCase() === 'host').length, 2, 'the record shows both lines');
        }
        assert.equal((await reverse.capture(0)).request.url, 'http://app.test/x');
      } finally {
        await reverse.close();
        await forward.close();
        await upstream.close();
      }
    });

    // Lower-case methods go through the raw relay, which sees the bytes Node's parser never read.
    const shapes: Array<[string, string, RegExp]> = [
      ['a bare CR in a header line', 'patch /r HTTP/1.1\r\nHost: app.test\r\nX-A: 1\rOrigin: http://evil.test\r\n\r\n', /bare CR/],
      ['a bare LF between lines', 'patch /r HTTP/1.1\r\nHost: app.test\nOrigin: http://evil.test\r\n\r\n', /bare LF/],
      ['Content-Length and Transfer-Encoding', 'patch /r HTTP/1.1\r\nHost: app.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', /both Content-Length and Transfer-Encoding/],
      ['two different Content-Lengths', 'patch /r HTTP/1.1\r\nHost: app.test\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\nbody', /conflicting Content-Length/],
      ['a Transfer-Encoding that does not end in chunked', 'patch /r HTTP/1.1\r\nHost: app.test\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', /does not end in one chunked/],
      ['two Host lines', 'patch /r HTTP/1.1\r\nHost: app.test\r\nHost: evil.test\r\n\r\n', /2 Host header lines/],
      ['a folded header line', 'patch /r HTTP/1.1\r\nHost: app.test\r\nX-A: 1\r\n Origin: http://evil.test\r\n\r\n', /folded/],
      ['a space before a colon', 'patch /r HTTP/1.1\r\nHost: app.test\r\nOrigin : http://evil.test\r\n\r\n', /not a token/],
    ];
    for (const [what, bytes, why] of shapes) {
      it(`refuses a raw-relayed request with ${what}`, async () => {
        await withRawUpstream(ok, async (proxy, received) => {
          const got = (await rawExchange(proxy.port, bytes, { until: hasCompleteResponse })).toString('latin1');
          assert.match(got, /^HTTP\/1\.1 400 Bad Request\r\n/);
          assert.match(got, why);
          assert.equal(received.length, 0, 'nothing reached the upstream');
          const c = await proxy.capture(0);
          assert.equal(c.error?.code, 'EAMBIGUOUS');
          assert.match(c.error?.message ?? '', why);
          assert.equal(c.request.method, 'patch');
          assert.match(c.request.url, /^http:\/\/[^/]+\/r$/);
          assert.equal(c.response, null);
        });
      });
    }

    it('relays only the body its head announces (a request pipelined after it is not passed on unrecorded)', async () => {
      await withRawUpstream(ok, async (proxy, received) => {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\nContent-Length: 2\r\n\r\nhiGET /secret HTTP/1.1\r\nHost: app.test\r\n\r\n', { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(received.length, 1);
        assert.equal(received[0].toString('latin1'), 'patch /r HTTP/1.1\r\nHost: app.test\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi');
        assert.equal((await proxy.capture(0)).requestBody.preview.toString(), 'hi');
      });
    });

    it('passes a 103 on through the raw relay and answers an unrequested 101 there with 502', async () => {
      await withRawUpstream('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok', async (proxy) => {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\n\r\n')).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 103 Early Hints\r\nLink: <\/a\.css>; rel=preload\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.status, 200);
        assert.equal(c.error, null);
            assert.equal(c.notices?.[0]?.code, 'EBADREASON');
      });
      await withRawUpstream('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', async (proxy) => {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\n\r\n', { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 502 /);
        assert.equal((await proxy.capture(0)).error?.code, 'EUNREQUESTEDUPGRADE');
      });
    });

    it('answers 502 when a raw-relayed request gets a response head it cannot pass on unambiguously', async () => {
      await withRawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n', async (proxy) => {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\n\r\n', { until: hasCompleteResponse })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 502 [\s\S]*both Content-Length and Transfer-Encoding/);
        const c = await proxy.capture(0);
        assert.equal(c.error?.code, 'EBADRESPONSE');
        assert.equal(c.response, null);
      });
    });

    it('answers 408 when the rest of a raw-relayed head never comes', async () => {
      const upstream = await rawUpstream(() => ok);
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], headTimeoutMs: 300 });
      try {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.te', { timeoutMs: 3000 })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 408 /);
        assert.equal(upstream.received.length, 0);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });
  });

  describe('requests Node cannot read are answered and recorded, never forwarded', () => {
    const shapes: Array<[string, string, number, string, string, RegExp]> = [
      ['garbage bytes', 'THIS IS NOT HTTP\r\n\r\n', 400, 'EBADREQUEST', 'THIS', /^$/],
      ['a bad header line', 'GET /bad?q=1 HTTP/1.1\r\nHost: app.test\r\nBad Header: y\r\n\r\n', 400, 'EBADREQUEST', 'GET', /^http:\/\/app\.test\/bad\?q=1$/],
      ['a bad request line', 'GET /v HTTP/9.9\r\nHost: app.test\r\n\r\n', 400, 'EBADREQUEST', 'GET', /^http:\/\/app\.test\/v$/],
      ['a head over the size limit', `GET /big HTTP/1.1\r\nHost: app.test\r\nOrigin: http://page.test\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431, 'EHEADTOOLARGE', 'GET', /^http:\/\/app\.test\/big$/],
    ];
    for (const [what, bytes, status, code, method, url] of shapes) {
      it(`answers ${status} to ${what} and records it`, async () => {
        await withRawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', async (proxy, received) => {
          const got = (await rawExchange(proxy.port, bytes)).toString('latin1');
          assert.match(got, new RegExp(`^HTTP/1\\.1 ${status} `));
          const c = await proxy.capture(0);
          assert.equal(c.response?.status, status);
          assert.equal(c.error?.code, code);
          assert.match(c.error?.message ?? '', /did not forward it/);
          assert.equal(c.request.method, method);
          assert.match(c.request.url, url);
          assert.equal(c.responseBody?.size, Number(/content-length: (\d+)/i.exec(got)?.[1]));
          assert.equal(received.length, 0, 'nothing reached the upstream');
        });
      });
    }

    it('answers 408 to a half-sent head and records it; a connection that sends nothing leaves no record', async () => {
      const upstream = await rawUpstream(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], headTimeoutMs: 300 });
      try {
        const idle = net.connect(proxy.port, '127.0.0.1');
        idle.on('error', () => undefined);
        const got = (await rawExchange(proxy.port, 'GET /x HTTP/1.1\r\nHost: app.test\r\nOrig', { timeoutMs: 4000 })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 408 Request Timeout\r\n/);
        const c = await proxy.capture(0);
        assert.equal(c.response?.status, 408);
        assert.equal(c.error?.code, 'ETIMEDOUT_HEAD');
        await new Promise((r) => setTimeout(r, 700));
        idle.destroy();
        const ok = (await rawExchange(proxy.port, GET, { until: hasCompleteResponse })).toString('latin1');
        assert.match(ok, /^HTTP\/1\.1 200 /);
        await proxy.capture(1);
        assert.equal(proxy.captures.length, 2, 'the idle connection left no record');
        assert.equal(proxy.captures[1].response?.status, 200);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });

    it('records the 408 of a raw-relayed head that never completes', async () => {
      const upstream = await rawUpstream(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], headTimeoutMs: 300 });
      try {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\nX-A: 1\r\nX-', { timeoutMs: 3000 })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 408 /);
        const c = await proxy.capture(0);
        assert.equal(c.error?.code, 'ETIMEDOUT_HEAD');
        assert.equal(c.request.method, 'patch');
        assert.equal(c.request.url, 'http://app.test/r');
        assert.deepEqual(c.request.headers, [['Host', 'app.test'], ['X-A', '1']]);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });

    it('records that 408 once, with its method, when the event loop stalls past the head timeout', async () => {
      const upstream = await rawUpstream(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], headTimeoutMs: 300 });
      try {
        const exchange = rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\nX-', { timeoutMs: 3000 });
        // The head reaches the proxy and the relay takes the connection over.
        await new Promise((r) => setTimeout(r, 50));
        // Busy past the deadline: Node's own head-timeout check and the relay's 408 are both due when it ends.
        const stalled = Date.now();
        while (Date.now() - stalled < 450);
        assert.match((await exchange).toString('latin1'), /^HTTP\/1\.1 408 /);
        await new Promise((r) => setTimeout(r, 400));
        assert.deepEqual(proxy.captures.map((c) => `${c.request.method} ${c.error?.code}`), ['patch ETIMEDOUT_HEAD']);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });

    it('lets a raw-relayed request take longer than the head timeout once its head is in', async () => {
      const upstream = net.createServer((socket) => {
        socket.once('data', () => setTimeout(() => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 700));
        socket.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      const target = `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`;
      const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target }], headTimeoutMs: 300 });
      try {
        const got = (await rawExchange(proxy.port, 'patch /r HTTP/1.1\r\nHost: app.test\r\nContent-Length: 0\r\n\r\n', { timeoutMs: 3000 })).toString('latin1');
        assert.match(got, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(proxy.captures.map((c) => `${c.request.method} ${c.response?.status} ${c.error?.code ?? 'ok'}`), ['patch 200 ok']);
      } finally {
        await proxy.close();
        await new Promise<void>((r) => upstream.close(() => r()));
      }
    });
  });

  describe('interim responses and trailers are recorded', () => {
    it('records a 103 and the trailers on the response, and they survive JSONL and HAR', async () => {
      const wire = 'HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Server-Timing\r\n\r\n2\r\nhi\r\n0\r\nServer-Timing: db;dur=53\r\n\r\n';
      await withRawUpstream(wire, async (proxy) => {
        await rawExchange(proxy.port, GET);
        const c = await proxy.capture(0);
        assert.deepEqual(c.response?.informational, [{ status: 103, headers: [['Link', '</app.css>; rel=preload']] }]);
        assert.deepEqual(c.response?.trailers, [['Server-Timing', 'db;dur=53']]);
        assert.equal(c.error, null);
        const recorder = new Recorder({});
        const record = recorder.add(c);
        const back = parseJsonLines(toJsonLine(record))[0];
        assert.deepEqual(back.response?.informational, [{ status: 103, headers: [['link', '</app.css>; rel=preload']] }]);
        assert.deepEqual(back.response?.trailers, [['server-timing', 'db;dur=53']]);
        const har = toHar([record]) as { log: { entries: Array<{ response: Record<string, unknown> }> } };
        assert.deepEqual(har.log.entries[0].response._informational, [{ status: 103, headers: [{ name: 'Link', value: '</app.css>; rel=preload' }] }]);
        assert.deepEqual(har.log.entries[0].response._trailers, [{ name: 'Server-Timing', value: 'db;dur=53' }]);
      });
    });

    it('records a dropped h2c upgrade as a notice, with no error, in JSONL and HAR', async () => {
      await withRawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', async (proxy) => {
        await rawExchange(proxy.port, 'GET /x HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n', { until: hasCompleteResponse });
        const record = new Recorder({}).add(await proxy.capture(0));
        assert.equal(record.error, null);
        assert.equal(record.notices?.[0]?.code, 'EH2CUPGRADE');
        assert.equal(parseJsonLines(toJsonLine(record))[0].notices?.[0]?.code, 'EH2CUPGRADE');
        const har = toHar([record]) as { log: { entries: Array<Record<string, unknown>> } };
        assert.equal((har.log.entries[0]._notices as Array<{ code: string }>)[0].code, 'EH2CUPGRADE');
        assert.equal(har.log.entries[0]._errorCode, undefined);
      });
    });
  });
});
