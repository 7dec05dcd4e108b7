// Forward mode reaches loopback (and allowHosts) only, for loopback clients only:
// never an open proxy. Refusals must be decided before any connection is tried.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { IncomingMessage } from 'node:http';
import { isAllowedForwardHost, isLoopbackAddress, isLoopbackHost, parseAuthority } from '../../src/proxy/policy';
import { routeRequest } from '../../src/proxy/routing';
import { bodyOf, hasCompleteResponse, httpUpstream, proxyWithCaptures, rawExchange } from './support/net-helpers';

describe('forward mode', () => {
  it('forwards absolute-form requests to loopback servers and records the full URL', async () => {
    const upstream = await httpUpstream((req, res) => res.end(`seen ${req.url} host=${req.headers.host} pc=${req.headers['proxy-connection'] ?? '-'}`));
    const proxy = await proxyWithCaptures({ targets: [], forward: true });
    try {
      const url = `http://localhost:${upstream.port}/api/items?q=1`;
      const got = await rawExchange(
        proxy.port,
        `GET ${url} HTTP/1.1\r\nHost: localhost:${upstream.port}\r\nProxy-Connection: keep-alive\r\nOrigin: http://app.test\r\n\r\n`,
        { until: hasCompleteResponse },
      );
      assert.match(got.toString('latin1'), /^HTTP\/1\.1 200 /);
      assert.equal(bodyOf(got).toString(), `seen /api/items?q=1 host=localhost:${upstream.port} pc=-`);
      const c = await proxy.capture(0);
      assert.equal(c.via, 'forward');
      assert.equal(c.request.url, url);
      assert.equal(c.response?.status, 200);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('refuses hosts that are neither loopback nor allowed, without connecting anywhere', async () => {
    const proxy = await proxyWithCaptures({ targets: [], forward: true, allowHosts: ['api.allowed.test'] });
    try {
      // A name that cannot resolve: trying it would give 502 ENOTFOUND, not 403.
      const t0 = performance.now();
      const named = await rawExchange(proxy.port, 'GET http://blocked.invalid/x HTTP/1.1\r\nHost: blocked.invalid\r\n\r\n', { until: hasCompleteResponse });
      assert.match(named.toString('latin1'), /^HTTP\/1\.1 403 /);
      assert.match(named.toString('latin1'), /blocked\.invalid is not allowed/);
      // A non-routable address: trying it would hang until the timeout instead of answering at once.
      const addr = await rawExchange(proxy.port, 'GET http://10.255.255.1:81/ HTTP/1.1\r\nHost: 10.255.255.1:81\r\n\r\n', { until: hasCompleteResponse });
      assert.match(addr.toString('latin1'), /^HTTP\/1\.1 403 /);
      assert.ok(performance.now() - t0 < 1000);
      const tunnel = await rawExchange(proxy.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', { until: hasCompleteResponse });
      assert.match(tunnel.toString('latin1'), /^HTTP\/1\.1 403 /);
      const codes = (await Promise.all([0, 1, 2].map((i) => proxy.capture(i)))).map((c) => c.error?.code);
      assert.deepEqual(codes, ['EFORBIDDEN', 'EFORBIDDEN', 'EFORBIDDEN']);
    } finally {
      await proxy.close();
    }
  });

  it('tunnels CONNECT to a loopback port', async () => {
    const upstream = await httpUpstream((req, res) => res.end(`tunnelled ${req.url}`));
    const proxy = await proxyWithCaptures({ targets: [], forward: true });
    try {
      const socket = net.connect(proxy.port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (c) => received.push(c));
      socket.write(`CONNECT 127.0.0.1:${upstream.port} HTTP/1.1\r\nHost: 127.0.0.1:${upstream.port}\r\n\r\n`);
      await waitFor(() => Buffer.concat(received).includes('\r\n\r\n'));
      assert.equal(Buffer.concat(received).toString('latin1'), 'HTTP/1.1 200 Connection Established\r\n\r\n');
      received.length = 0;
      const inner = 'GET /inside HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
      socket.write(inner);
      await new Promise<void>((r) => socket.on('close', () => r()));
      const answer = Buffer.concat(received);
      assert.match(answer.toString('latin1'), /^HTTP\/1\.1 200 /);
      assert.equal(bodyOf(answer).toString(), 'tunnelled /inside');
      const c = await proxy.capture(0);
      assert.equal(c.via, 'connect');
      assert.equal(c.request.method, 'CONNECT');
      assert.equal(c.requestBody.size, inner.length);
      assert.equal(c.responseBody?.size, answer.length);
      assert.equal(c.error, null);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('refuses CONNECT in reverse mode', async () => {
    const upstream = await httpUpstream((_req, res) => res.end('x'));
    const proxy = await proxyWithCaptures({ targets: [{ prefix: '/', target: upstream.url }] });
    try {
      const got = await rawExchange(proxy.port, `CONNECT 127.0.0.1:${upstream.port} HTTP/1.1\r\n\r\n`, { until: hasCompleteResponse });
      assert.match(got.toString('latin1'), /^HTTP\/1\.1 403 /);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('only serves loopback clients (decided by the address check the server uses)', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(a), true, a);
    for (const a of ['192.168.1.5', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '', undefined]) assert.equal(isLoopbackAddress(a), false, String(a));
    // The router applies it: a request from a LAN address is refused even for a loopback target.
    const fakeReq = (remoteAddress: string): IncomingMessage =>
      ({ url: 'http://127.0.0.1:3000/', rawHeaders: [], socket: { remoteAddress } }) as unknown as IncomingMessage;
    const config = { targets: [], forward: true, allowHosts: [], ownPort: 9999 };
    assert.equal(routeRequest(fakeReq('192.168.1.5'), config).kind, 'refuse');
    assert.equal(routeRequest(fakeReq('127.0.0.1'), config).kind, 'proxy');
  });

  it('decides allowed hosts from the name alone', () => {
    for (const h of ['localhost', 'LOCALHOST.', 'app.localhost', '127.0.0.1', '[::1]']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['localhost.example.com', '127.0.0.1.nip.io', 'example.com', '0.0.0.0']) assert.equal(isLoopbackHost(h), false, h);
    assert.equal(isAllowedForwardHost('API.allowed.test', ['api.allowed.test']), true);
    assert.equal(isAllowedForwardHost('other.allowed.test', ['api.allowed.test']), false);
    assert.deepEqual(parseAuthority('[::1]:8443', 443), { host: '::1', port: 8443 });
    assert.deepEqual(parseAuthority('example.com', 443), { host: 'example.com', port: 443 });
    assert.equal(parseAuthority('example.com:99999', 443), null);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
