// CONNECT tunnels for forward mode: a raw TCP pipe to an allowed host. The bytes
// inside (usually TLS) are opaque; the capture records who, where, how long, how much.
import * as net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { CapturedExchange } from '../core/exchange/capture';
import { emptyBody } from './body-tap';
import { isAllowedForwardHost, isLoopbackAddress, parseAuthority } from './policy';
import type { HeaderInterner } from './raw-headers';
import { describeUpstreamFailure } from './upstream-error';
import { writeRawRefusal } from './refusals';

export interface ConnectContext {
  forward: boolean;
  allowHosts: string[];
  /** The proxy's header interner, which the tunnel's request head goes through like any other. */
  interner: HeaderInterner;
  timeoutMs: number;
  /** Resolves the tunnel's host (forward-lookup.ts): the address it answers is the one connected to. */
  lookup?: net.LookupFunction;
  nextSeq(): number;
  emit(capture: CapturedExchange): void;
  track(socket: Duplex): void;
}

export function handleConnect(req: IncomingMessage, client: Duplex, head: Buffer, ctx: ConnectContext): void {
  const t0 = performance.now();
  const startedAt = Date.now();
  const authority = req.url ?? '';
  const parsed = parseAuthority(authority, 443);
  const base: CapturedExchange = {
    seq: ctx.nextSeq(),
    startedAt,
    durationMs: 0,
    // CONNECT names an authority, not a resource; tcp:// keeps it a parseable absolute URL.
    request: { method: 'CONNECT', url: `tcp://${authority}`, headers: ctx.interner.headerList(req.rawHeaders), httpVersion: req.httpVersion },
    requestBody: emptyBody(),
    response: null,
    responseBody: null,
    error: null,
    via: 'connect',
  };
  client.on('error', () => client.destroy());

  const refuse = (status: number, code: string, message: string): void => {
    writeRawRefusal(client, status, message);
    ctx.emit({ ...base, durationMs: performance.now() - t0, error: { code, message } });
  };

  if (!ctx.forward) return refuse(403, 'EFORBIDDEN', 'CONNECT is only served in forward mode');
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return refuse(403, 'EFORBIDDEN', `forward mode only serves clients on this machine (refused ${req.socket.remoteAddress ?? 'unknown client'})`);
  }
  if (!parsed) return refuse(400, 'EBADTARGET', `CONNECT needs host:port, got "${authority}"`);
  if (!isAllowedForwardHost(parsed.host, ctx.allowHosts)) {
    return refuse(403, 'EFORBIDDEN', `tunnelling to ${parsed.host} is not allowed: only loopback hosts and the configured allowHosts may be reached`);
  }

  let up = 0;
  let down = 0;
  let established = false;
  let done = false;
  const upstream = net.connect({ host: parsed.host, port: parsed.port, lookup: ctx.lookup });
  ctx.track(upstream);
  const timer = ctx.timeoutMs > 0 ? setTimeout(() => upstream.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })), ctx.timeoutMs) : undefined;

  const conclude = (error: CapturedExchange['error']): void => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    ctx.emit({
      ...base,
      durationMs: performance.now() - t0,
      requestBody: { size: up, preview: Buffer.alloc(0), truncated: up > 0 },
      response: established ? { status: 200, statusText: 'Connection Established', headers: [], httpVersion: '1.1' } : null,
      responseBody: established ? { size: down, preview: Buffer.alloc(0), truncated: down > 0 } : null,
      error,
    });
  };

  upstream.once('connect', () => {
    if (timer) clearTimeout(timer);
    established = true;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) {
      up += head.length;
      upstream.write(head);
    }
    client.on('data', (c: Buffer) => (up += c.length));
    upstream.on('data', (c: Buffer) => (down += c.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  upstream.on('error', (err: NodeJS.ErrnoException) => {
    if (!established) {
      const failure = describeUpstreamFailure(err, `${parsed.host}:${parsed.port}`, err.code === 'ETIMEDOUT' ? ctx.timeoutMs : undefined);
      writeRawRefusal(client, failure.status, failure.message);
      conclude({ code: failure.code, message: failure.message });
    } else {
      client.destroy();
      conclude({ code: err.code ?? 'ECONNRESET', message: `the tunnel to ${parsed.host}:${parsed.port} failed: ${err.message}` });
    }
  });
  upstream.on('close', () => {
    client.end();
    if (established) conclude(null);
  });
  client.on('close', () => {
    upstream.end();
    if (!established) {
      upstream.destroy();
      conclude({ code: 'ECLIENTABORT', message: 'the client went away before the tunnel was established' });
    }
  });
}
