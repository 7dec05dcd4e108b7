// Forward mode reaches loopback (and allowHosts) only, for loopback clients only:
// never an open proxy. Refusals must be decided before any connection is tried.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { WebSocketServer } from 'ws';
import { performance } from 'node:perf_hooks';
import { isAllowedForwardHost, isLoopbackAddress, isLoopbackHost, parseAuthority } from '../../src/proxy/policy';
import { Router } from '../../src/proxy/routing';
import { isLocalhostName, unusableAddress } from '../../src/proxy/forward-lookup';
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

  describe('decides on addresses, with DNS faked to answer a private address', () => {
    /** A resolver that answers `address` for every name and counts the questions. */
    const fakeDns = (...answers: string[]) => {
      const asked: string[] = [];
      const resolve = async (host: string) => {
        asked.push(host);
        const address = answers[Math.min(asked.length - 1, answers.length - 1)];
        return [{ address, family: address.includes(':') ? 6 : 4 }];
      };
      return { asked, resolve };
    };

    it('pins *.localhost and localhost. to loopback without asking DNS (absolute-form, CONNECT, raw relay)', async () => {
      const upstream = await httpUpstream((req, res) => res.end(`seen ${req.headers.host}`));
      // Every connection that reaches it (Node's parser answers the lower-case method itself, with a 400).
      const peers: string[] = [];
      upstream.server.on('connection', (s: net.Socket) => peers.push(s.remoteAddress ?? ''));
      const dns = fakeDns('10.255.255.1');
      const proxy = await proxyWithCaptures({ targets: [], forward: true, resolve: dns.resolve, upstreamTimeoutMs: 3000 });
      try {
        for (const name of ['evil.localhost', 'meta.localhost', 'localhost.', 'a.b.localhost.', 'LOCALHOST']) {
          const t0 = performance.now();
          const got = await rawExchange(proxy.port, `GET http://${name}:${upstream.port}/x HTTP/1.1\r\nHost: ${name}:${upstream.port}\r\n\r\n`, { until: hasCompleteResponse });
          assert.match(got.toString('latin1'), /^HTTP\/1\.1 200 /, name);
          assert.equal(bodyOf(got).toString(), `seen ${name}:${upstream.port}`);
          // 10.255.255.1 does not answer: a connection there would hang until the timeout.
          assert.ok(performance.now() - t0 < 1500, `${name} answered at once`);
        }
        const patched = await rawExchange(proxy.port, `patch http://evil.localhost:${upstream.port}/r HTTP/1.1\r\nHost: evil.localhost:${upstream.port}\r\n\r\n`);
        assert.match(patched.toString('latin1'), /^HTTP\/1\.1 /);
        assert.ok(!/^HTTP\/1\.1 50[24] /.test(patched.toString('latin1')), patched.toString('latin1').split('\r\n', 1)[0]);

        const socket = net.connect(proxy.port, '127.0.0.1');
        const received: Buffer[] = [];
        socket.on('data', (c) => received.push(c));
        socket.write(`CONNECT evil.localhost:${upstream.port} HTTP/1.1\r\nHost: evil.localhost:${upstream.port}\r\n\r\n`);
        await waitFor(() => Buffer.concat(received).includes('\r\n\r\n'));
        assert.equal(Buffer.concat(received).toString('latin1'), 'HTTP/1.1 200 Connection Established\r\n\r\n');
        socket.write('GET /inside HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        await new Promise<void>((r) => socket.on('close', () => r()));

        assert.deepEqual(dns.asked, [], 'DNS was never asked');
        assert.equal(peers.length, 7, 'five requests, the raw relay and the tunnel each connected');
        for (const p of peers) assert.ok(isLoopbackAddress(p), p);
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });

    it('pins a forwarded WebSocket upgrade to *.localhost the same way', async () => {
      const upstream = await httpUpstream((_req, res) => res.end('not a websocket'));
      const wss = new WebSocketServer({ server: upstream.server });
      wss.on('connection', (socket, req) => socket.send(`hello ${req.url}`));
      const dns = fakeDns('10.255.255.1');
      const proxy = await proxyWithCaptures({ targets: [], forward: true, resolve: dns.resolve, upstreamTimeoutMs: 3000 });
      try {
        const got = await rawExchange(
          proxy.port,
          `GET http://chat.localhost:${upstream.port}/room HTTP/1.1\r\nHost: chat.localhost:${upstream.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
          { until: (b) => b.includes('hello /room') },
        );
        assert.match(got.toString('latin1'), /^HTTP\/1\.1 101 Switching Protocols\r\n/);
        const c = await proxy.capture(0);
        assert.equal(c.via, 'websocket');
        assert.equal(c.response?.status, 101);
        assert.deepEqual(dns.asked, []);
      } finally {
        wss.close();
        await proxy.close();
        await upstream.close();
      }
    });

    it('reaches a dev server that listens on ::1 only through a pinned localhost name', async () => {
      const server = http.createServer((_req, res) => res.end('v6'));
      await new Promise<void>((r) => server.listen(0, '::1', r));
      const port = (server.address() as net.AddressInfo).port;
      const dns = fakeDns('10.255.255.1');
      const proxy = await proxyWithCaptures({ targets: [], forward: true, resolve: dns.resolve });
      try {
        const got = await rawExchange(proxy.port, `GET http://app.localhost:${port}/ HTTP/1.1\r\nHost: app.localhost:${port}\r\n\r\n`, { until: hasCompleteResponse });
        assert.equal(bodyOf(got).toString(), 'v6');
        assert.deepEqual(dns.asked, []);
      } finally {
        await proxy.close();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('resolves an allowHosts name once and connects to exactly the address it checked', async () => {
      const upstream = await httpUpstream((req, res) => res.end(`seen ${req.headers.host}`));
      // A rebinding resolver: loopback first, a private address after.
      const dns = fakeDns('127.0.0.1', '10.255.255.1');
      const proxy = await proxyWithCaptures({ targets: [], forward: true, allowHosts: ['api.allowed.test'], resolve: dns.resolve, upstreamTimeoutMs: 3000 });
      try {
        const agent = new http.Agent({ keepAlive: true });
        for (let i = 0; i < 3; i++) {
          const res = await requestVia(proxy.port, `http://api.allowed.test:${upstream.port}/n${i}`, agent);
          assert.equal(res, `seen api.allowed.test:${upstream.port}`);
        }
        agent.destroy();
        // One lookup for the one upstream connection (kept alive); nothing asked the system resolver,
        // which cannot resolve the .test name at all.
        assert.deepEqual(dns.asked, ['api.allowed.test']);
        const blocked = await rawExchange(proxy.port, 'GET http://blocked.invalid/x HTTP/1.1\r\nHost: blocked.invalid\r\n\r\n', { until: hasCompleteResponse });
        assert.match(blocked.toString('latin1'), /^HTTP\/1\.1 403 /);
        assert.deepEqual(dns.asked, ['api.allowed.test'], 'a name that is not allowed is never looked up');
      } finally {
        await proxy.close();
        await upstream.close();
      }
    });

    it('tells the addresses no connection should go to from the rest', () => {
      for (const a of ['0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '::', 'ff02::1', '::ffff:0.0.0.0']) assert.notEqual(unusableAddress(a), null, a);
      for (const a of ['127.0.0.1', '10.0.0.5', '192.168.1.1', '93.184.216.34', '::1', 'fe80::1', '2001:db8::1', '::ffff:127.0.0.1']) assert.equal(unusableAddress(a), null, a);
      for (const h of ['localhost', 'a.localhost', 'a.b.localhost']) assert.equal(isLocalhostName(h), true, h);
      for (const h of ['localhost.example.com', 'notlocalhost', 'localhost.evil']) assert.equal(isLocalhostName(h), false, h);
    });

    for (const [address, what] of [['0.0.0.0', 'unspecified'], ['224.0.0.1', 'multicast'], ['::', 'unspecified']]) {
      it(`refuses with 403 an allowHosts name that resolves to ${address}, and records why`, async () => {
        const dns = fakeDns(address);
        const proxy = await proxyWithCaptures({ targets: [], forward: true, allowHosts: ['api.allowed.test'], resolve: dns.resolve });
        try {
          const got = await rawExchange(proxy.port, 'GET http://api.allowed.test:81/x HTTP/1.1\r\nHost: api.allowed.test:81\r\n\r\n', { until: hasCompleteResponse });
          assert.match(got.toString('latin1'), /^HTTP\/1\.1 403 /);
          const c = await proxy.capture(0);
          assert.equal(c.error?.code, 'EFORBIDDEN');
          assert.match(c.error?.message ?? '', new RegExp(`resolves to ${address.replace(/\./g, '\\.')}, .*${what}`));
        } finally {
          await proxy.close();
        }
      });
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
    const router = new Router({ targets: [], forward: true, allowHosts: [], ownPort: 9999 });
    const target = 'http://127.0.0.1:3000/';
    assert.equal(router.route(target, ['Host', '127.0.0.1:3000'], { remoteAddress: '192.168.1.5' }).kind, 'refuse');
    assert.equal(router.route(target, ['Host', '127.0.0.1:3000'], { remoteAddress: '127.0.0.1' }).kind, 'proxy');
    assert.equal(router.route(target, [], {}).kind, 'refuse', 'a client whose address is unknown is not taken for a local one');
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

/** A GET through the proxy as an HTTP proxy client sends it (absolute-form), on the given agent. */
function requestVia(proxyPort: number, url: string, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: '127.0.0.1', port: proxyPort, path: url, headers: { Host: u.host }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
