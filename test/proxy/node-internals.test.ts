// Node's private HTTP APIs the proxy uses (src/proxy/node-internals.ts), each
// checked against a real connection: these fail when a Node upgrade changes them.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import { hasResponseInFlight, storeRawHead, writeInterimHead } from '../../src/proxy/node-internals';
import { httpUpstream, rawExchange } from './support/net-helpers';

/** A TCP server that keeps the first request head it is sent, answers 204 and closes. */
function headCatcher(): Promise<{ port: number; head: Promise<string>; close(): void }> {
  return new Promise((resolve) => {
    let gotHead: (head: string) => void = () => undefined;
    const head = new Promise<string>((r) => (gotHead = r));
    const server = net.createServer((socket) => {
      let buf = '';
      socket.on('data', (chunk) => {
        buf += chunk.toString('latin1');
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        gotHead(buf.slice(0, end + 4));
        socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
      });
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as net.AddressInfo).port, head, close: () => server.close() }),
    );
  });
}

describe('Node internals the proxy relies on', () => {
  it('storeRawHead: the request head goes out byte for byte as given (case, order, repeats, path as sent)', async () => {
    const catcher = await headCatcher();
    try {
      const req = http.request({ host: '127.0.0.1', port: catcher.port, method: 'GET', path: '/replaced', agent: false });
      req.setHeader('X-Set-Before', 'dropped');
      const lines = ['host', 'example.test', 'X-Dup', 'one', 'Accept', '*/*', 'x-DUP', 'two', 'Connection', 'keep-alive'];
      storeRawHead(req, 'GET', '//a/../b?q=1', lines);
      assert.throws(() => storeRawHead(req, 'GET', '/again', lines), /already written/);
      const answered = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
      req.end();
      assert.equal(await catcher.head, 'GET //a/../b?q=1 HTTP/1.1\r\nhost: example.test\r\nX-Dup: one\r\nAccept: */*\r\nx-DUP: two\r\nConnection: keep-alive\r\n\r\n');
      assert.equal(await answered, 204);
    } finally {
      catcher.close();
    }
  });

  it('storeRawHead: a line Node would not send is refused before anything is written', () => {
    const req = http.request({ host: '127.0.0.1', port: 9, agent: false });
    req.on('error', () => undefined);
    assert.throws(() => storeRawHead(req, 'GET', '/', ['X-Bad', 'a\r\nInjected: yes']), { code: 'ERR_INVALID_CHAR' });
    assert.throws(() => storeRawHead(req, 'GET', '/', ['Bad Name', 'x']), { code: 'ERR_INVALID_HTTP_TOKEN' });
    req.destroy();
  });

  it('writeInterimHead: the interim head reaches the client before its response, after the response ahead of it on the connection', async () => {
    let seen = 0;
    const server = await httpUpstream((req, res) => {
      res.sendDate = false;
      const n = ++seen;
      if (n === 1) {
        // The first response is still going out when the second request's hint is written.
        setTimeout(() => res.end('first'), 100);
        res.writeHead(200, { 'Content-Length': '5' });
        return;
      }
      assert.equal(writeInterimHead(res, 'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nX-Hint: 1\r\n\r\n'), true);
      res.writeHead(200, { 'Content-Length': '6', Connection: 'close' });
      res.end('second');
    });
    try {
      const got = await rawExchange(server.port, 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(
        got.toString('latin1'),
        'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nfirst' +
          'HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nX-Hint: 1\r\n\r\n' +
          'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecond',
      );
    } finally {
      await server.close();
    }
  });

  it('hasResponseInFlight: true while a response is being written on the connection, false before and after', async () => {
    const seen: Array<[string, boolean]> = [];
    const server = await httpUpstream((req, res) => {
      seen.push(['in handler', hasResponseInFlight(req.socket)]);
      res.on('finish', () => setImmediate(() => seen.push(['after finish', hasResponseInFlight(req.socket)])));
      res.end('x');
    });
    server.server.on('connection', (socket: net.Socket) => seen.push(['on connection', hasResponseInFlight(socket)]));
    try {
      const agent = new http.Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) => {
        http.get(`${server.url}/`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
      await new Promise((r) => setTimeout(r, 20));
      agent.destroy();
      assert.deepEqual(seen, [['on connection', false], ['in handler', true], ['after finish', false]]);
    } finally {
      await server.close();
    }
  });
});
