// Real sockets for proxy tests: throwaway upstream servers on loopback, a raw
// client that shows the exact bytes, and a proxy wrapper that collects captures.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startProxy, type ProxyOptions, type RunningProxy } from '../../../src/proxy/server';
import type { CapturedExchange } from '../../../src/core/exchange/capture';

export interface Listening<T> {
  server: T;
  port: number;
  url: string;
  close(): Promise<void>;
}

function listen<T extends net.Server>(server: T): Promise<Listening<T>> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) (server as unknown as http.Server).closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export function httpUpstream(handler: http.RequestListener): Promise<Listening<http.Server>> {
  return listen(http.createServer(handler));
}

/** A TCP server that answers every request with exactly `response` bytes and records what it was sent. */
export async function rawUpstream(response: (requestBytes: Buffer) => Buffer | string): Promise<Listening<net.Server> & { received: Buffer[] }> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end + 4).toString('latin1');
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const request = buf.subarray(0, end + 4 + len);
      buf = buf.subarray(end + 4 + len);
      received.push(request);
      socket.write(response(request));
    });
    socket.on('error', () => socket.destroy());
  });
  const l = await listen(server);
  return {
    ...l,
    received,
    close: () => {
      for (const s of sockets) s.destroy();
      return l.close();
    },
  };
}

export interface CollectingProxy extends RunningProxy {
  captures: CapturedExchange[];
  /** Resolves with the next capture (or the first one already there at index `index`). */
  capture(index: number, timeoutMs?: number): Promise<CapturedExchange>;
}

export async function proxyWithCaptures(options: ProxyOptions): Promise<CollectingProxy> {
  const captures: CapturedExchange[] = [];
  const waiters: Array<() => void> = [];
  const proxy = await startProxy(options, (c) => {
    captures.push(c);
    for (const w of waiters.splice(0)) w();
  });
  return Object.assign(proxy, {
    captures,
    capture(index: number, timeoutMs = 5000): Promise<CapturedExchange> {
      return new Promise<CapturedExchange>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`capture #${index} did not arrive within ${timeoutMs} ms (have ${captures.length})`)), timeoutMs);
        const check = (): void => {
          if (captures.length > index) {
            clearTimeout(deadline);
            resolve(captures[index]);
          } else waiters.push(check);
        };
        check();
      });
    },
  });
}

/** Sends raw bytes and returns everything received until the server closes (or `untilBytes` appear, or timeout). */
export function rawExchange(port: number, bytes: string | Buffer, opts: { until?: (received: Buffer) => boolean; timeoutMs?: number } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`raw exchange timed out; got: ${Buffer.concat(chunks).toString('latin1').slice(0, 300)}`));
    }, opts.timeoutMs ?? 5000);
    socket.on('data', (c) => {
      chunks.push(c);
      if (opts.until?.(Buffer.concat(chunks))) done();
    });
    socket.on('end', done);
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** True once a complete response with a Content-Length body is in `buf`. */
export function hasCompleteResponse(buf: Buffer): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = buf.subarray(0, end).toString('latin1');
  const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  return buf.length >= end + 4 + len;
}

/** Header lines (excluding the start line) of the first message in `buf`. */
export function headerLines(buf: Buffer): string[] {
  const end = buf.indexOf('\r\n\r\n');
  return buf.subarray(0, end).toString('latin1').split('\r\n').slice(1);
}

export function bodyOf(buf: Buffer): Buffer {
  return buf.subarray(buf.indexOf('\r\n\r\n') + 4);
}

export interface SimpleResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export function request(url: string, init: { method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer | string; agent?: http.Agent | false } = {}): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
