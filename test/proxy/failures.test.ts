// Upstream failures become answers and captures, bad clients get a 400, and the
// proxy keeps serving afterwards.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { startProxy } from '../../src/proxy/server';
import { hasCompleteResponse, httpUpstream, proxyWithCaptures, rawExchange, request } from './support/net-helpers';

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('proxy failures', () => {
  it('answers 504 when the upstream is too slow, records it, and serves the next request', async () => {
    const upstream = await httpUpstream((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('too late'), 3000).unref();
      else res.end('quick');
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }], upstreamTimeoutMs: 400 });
    try {
      const t0 = performance.now();
      const slow = await request(`${proxy.url}/slow`);
      const elapsed = performance.now() - t0;
      assert.equal(slow.status, 504);
      assert.ok(elapsed >= 390 && elapsed < 2500, `answered after ${elapsed.toFixed(0)} ms`);
      assert.match(slow.body.toString(), new RegExp(`${upstream.url.replace(/\./g, '\\.')}.*400 ms`));
      const c = await proxy.capture(0);
      assert.equal(c.error?.code, 'ETIMEDOUT');
      assert.equal(c.response, null);
      assert.equal(c.request.url.endsWith('/slow'), true);

      const next = await request(`${proxy.url}/fast`);
      assert.equal(next.status, 200);
      assert.equal(next.body.toString(), 'quick');
      assert.equal((await proxy.capture(1)).error, null);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('answers 502 naming the target when nothing listens there, and records the error', async () => {
    const port = await deadPort();
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: `http://127.0.0.1:${port}` }] });
    try {
      const res = await request(`${proxy.url}/api/x`, { headers: { Origin: 'http://app.test' } });
      assert.equal(res.status, 502);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      const text = res.body.toString();
      assert.match(text, new RegExp(`127\\.0\\.0\\.1:${port}`));
      assert.match(text, /ECONNREFUSED/);
      const c = await proxy.capture(0);
      assert.equal(c.error?.code, 'ECONNREFUSED');
      assert.match(c.error?.message ?? '', /connection refused/);
      assert.equal(c.response, null);
      assert.deepEqual(c.request.headers.find(([n]) => n === 'Origin'), ['Origin', 'http://app.test']);
      // Still alive: a second failure is handled the same way.
      assert.equal((await request(`${proxy.url}/again`)).status, 502);
      assert.equal(proxy.captures.length, 2);
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 when the upstream resets the connection before answering', async () => {
    const upstream = await httpUpstream((req) => req.socket.destroy());
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const res = await request(`${proxy.url}/reset`);
      assert.equal(res.status, 502);
      assert.match(res.body.toString(), /ECONNRESET/);
      assert.equal((await proxy.capture(0)).error?.code, 'ECONNRESET');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('cuts the client off and records the partial response when the upstream dies mid-body', async () => {
    const upstream = await httpUpstream((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('x'.repeat(100));
      setTimeout(() => req.socket.destroy(), 100);
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      await assert.rejects(request(`${proxy.url}/partial`));
      const c = await proxy.capture(0);
      assert.equal(c.response?.status, 200);
      assert.equal(c.responseBody?.size, 100);
      assert.equal(c.error?.code, 'ECONNRESET');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('answers malformed requests with 400 and keeps serving', async () => {
    const upstream = await httpUpstream((_req, res) => res.end('fine'));
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const garbage = await rawExchange(proxy.port, 'THIS IS NOT HTTP\r\n\r\n');
      assert.match(garbage.toString('latin1'), /^HTTP\/1\.1 400 Bad Request\r\n/);
      const badHeader = await rawExchange(proxy.port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n');
      assert.match(badHeader.toString('latin1'), /^HTTP\/1\.1 400 /);
      const huge = await rawExchange(proxy.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`);
      assert.match(huge.toString('latin1'), /^HTTP\/1\.1 431 /);
      const ok = await request(`${proxy.url}/after`);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.toString(), 'fine');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('in reverse mode refuses absolute-form requests for other hosts instead of forwarding them', async () => {
    let hitsOnTarget = 0;
    let hitsOnOther = 0;
    const target = await httpUpstream((_req, res) => {
      hitsOnTarget++;
      res.end('target');
    });
    const other = await httpUpstream((_req, res) => {
      hitsOnOther++;
      res.end('other');
    });
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: target.url }] });
    try {
      const toOther = await rawExchange(proxy.port, `GET ${other.url}/secret HTTP/1.1\r\nHost: 127.0.0.1:${other.port}\r\n\r\n`, { until: hasCompleteResponse });
      assert.match(toOther.toString('latin1'), /^HTTP\/1\.1 403 /);
      assert.match(toOther.toString('latin1'), /reverse mode/);
      const foreign = await rawExchange(proxy.port, 'GET http://example.invalid/x HTTP/1.1\r\nHost: example.invalid\r\n\r\n', { until: hasCompleteResponse });
      assert.match(foreign.toString('latin1'), /^HTTP\/1\.1 403 /);
      // Addressed to the proxy itself: served like an origin-form request.
      const self = await rawExchange(proxy.port, `GET ${proxy.url}/mine HTTP/1.1\r\nHost: 127.0.0.1:${proxy.port}\r\n\r\n`, { until: hasCompleteResponse });
      assert.match(self.toString('latin1'), /^HTTP\/1\.1 200 [\s\S]*target$/);
      assert.equal(hitsOnOther, 0);
      assert.equal(hitsOnTarget, 1);
      const c = await proxy.capture(0);
      assert.equal(c.error?.code, 'EFORBIDDEN');
      assert.equal(c.request.url, `${other.url}/secret`);
    } finally {
      await proxy.close();
      await target.close();
      await other.close();
    }
  });

  it('rejects with a clear error when the port is taken', async () => {
    const first = await startProxy({ targets: [{ prefix: '/', target: 'http://127.0.0.1:1' }] }, () => undefined);
    try {
      await assert.rejects(startProxy({ port: first.port, targets: [{ prefix: '/', target: 'http://127.0.0.1:1' }] }, () => undefined), (err: NodeJS.ErrnoException) => {
        assert.equal(err.code, 'EADDRINUSE');
        assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${first.port}.*already in use`));
        return true;
      });
    } finally {
      await first.close();
    }
  });

  it('keeps serving and recording when the capture sink throws', async () => {
    const upstream = await httpUpstream((_req, res) => res.end('ok'));
    let calls = 0;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    const proxy = await startProxy({ targets: [{ prefix: '/', target: upstream.url }] }, () => {
      calls++;
      throw new Error('sink broke');
    });
    try {
      assert.equal((await request(`${proxy.url}/1`)).status, 200);
      assert.equal((await request(`${proxy.url}/2`)).status, 200);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(calls, 2);
      assert.equal(errors.length, 2);
    } finally {
      console.error = original;
      await proxy.close();
      await upstream.close();
    }
  });
});
