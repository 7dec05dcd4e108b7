// Node's HTTP parser only knows upper-case standard methods, yet browsers send
// others as written: fetch(url, { method: 'patch' }) goes out as "patch", and that
// very request is a classic CORS failure worth seeing. When Node rejects a request
// line for its method, we take the socket over and relay that one request as raw
// bytes to the upstream on its own connection, recording it like any other.
//
// The relay ends the connection after the response (Connection: close on both
// sides — hop-by-hop, invisible to CORS), so the browser's next request on a fresh
// connection goes back through the normal path.
import * as net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { HeaderList } from '../core/http/types';
import { headerValue } from '../core/exchange/records';
import type { CapturedExchange } from '../core/exchange/capture';
import { BodyTap } from './body-tap';
import { routeRequest, type RoutingConfig } from './routing';
import { describeUpstreamFailure } from './upstream-error';
import { writeRawRefusal } from './connect-tunnel';

export interface RawRelayContext {
  routing: RoutingConfig;
  captureLimit: number;
  timeoutMs: number;
  nextSeq(): number;
  emit(capture: CapturedExchange): void;
  track(socket: Duplex): void;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEAD = 64 * 1024;
// Listeners Node's HTTP server puts on a connection; 'close' and 'error' stay so it can clean up.
const NODE_SOCKET_EVENTS = ['data', 'end', 'drain', 'timeout', 'resume', 'pause'];

interface ParsedHead {
  startLine: string[];
  headers: HeaderList;
  /** Bytes after the blank line. */
  rest: Buffer;
}

function parseHead(buf: Buffer): ParsedHead | null | 'too-big' {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return buf.length > MAX_HEAD ? 'too-big' : null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: HeaderList = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return { startLine: lines[0].split(' '), headers, rest: buf.subarray(end + 4) };
}

function serializeHead(startLine: string, headers: HeaderList): Buffer {
  return Buffer.from(`${startLine}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}${headers.length ? '\r\n' : ''}\r\n`, 'latin1');
}

/** Same lines, except the hop-by-hop Connection header says close. */
function withConnectionClose(headers: HeaderList): HeaderList {
  const out: HeaderList = [];
  let replaced = false;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'connection') out.push([name, value]);
    else if (!replaced) {
      out.push([name, 'close']);
      replaced = true;
    }
  }
  if (!replaced) out.push(['Connection', 'close']);
  return out;
}

/** Handles a request Node refused for its method. Returns false when it is not such a case. */
export function relayUnparsedMethod(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex, ctx: RawRelayContext): boolean {
  if (err.code !== 'HPE_INVALID_METHOD' || !Buffer.isBuffer(err.rawPacket)) return false;
  // A response still in flight on this connection would interleave with ours.
  if ((socket as unknown as { _httpMessage?: unknown })._httpMessage) return false;
  const first = err.rawPacket;
  const firstSpace = first.indexOf(0x20);
  if (firstSpace <= 0 || !TOKEN.test(first.subarray(0, firstSpace).toString('latin1'))) return false;

  for (const ev of NODE_SOCKET_EVENTS) socket.removeAllListeners(ev);
  ctx.track(socket);
  const t0 = performance.now();
  const startedAt = Date.now();
  let buffered = first;
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    tryStart();
  };
  // Adding a 'data' listener also makes Node hand the stream back to JavaScript.
  socket.on('data', onData);
  socket.resume();
  tryStart();
  return true;

  function tryStart(): void {
    const head = parseHead(buffered);
    if (head === null) return;
    socket.removeListener('data', onData);
    if (head === 'too-big' || head.startLine.length !== 3 || !/^HTTP\/1\.[01]$/.test(head.startLine[2])) {
      writeRawRefusal(socket, 400, 'the request line could not be parsed');
      return;
    }
    relay(head);
  }

  function relay(head: ParsedHead): void {
    const [method, target, version] = head.startLine;
    const host = headerValue(head.headers, 'host');
    const pseudo = { url: target, rawHeaders: host === null ? [] : ['Host', host], socket: { remoteAddress: (socket as net.Socket).remoteAddress } } as unknown as IncomingMessage;
    const route = routeRequest(pseudo, ctx.routing);
    const base: CapturedExchange = {
      seq: ctx.nextSeq(),
      startedAt,
      durationMs: 0,
      request: { method, url: route.url, headers: head.headers, httpVersion: version.slice(5) },
      requestBody: { size: 0, preview: Buffer.alloc(0), truncated: false },
      response: null,
      responseBody: null,
      error: null,
      via: route.via,
    };
    if (route.kind === 'refuse') {
      writeRawRefusal(socket, route.status, route.message);
      ctx.emit({ ...base, durationMs: performance.now() - t0, error: { code: route.code, message: route.message } });
      return;
    }
    const origin = new URL(route.origin);
    if (origin.protocol !== 'http:') {
      const message = `the method "${method}" can only be relayed to http:// targets`;
      writeRawRefusal(socket, 502, message);
      ctx.emit({ ...base, durationMs: performance.now() - t0, error: { code: 'EUNSUPPORTED', message } });
      return;
    }

    const requestTap = new BodyTap(ctx.captureLimit);
    const responseTap = new BodyTap(ctx.captureLimit);
    let response: CapturedExchange['response'] = null;
    let waitMs: number | undefined;
    let done = false;
    const finish = (error: CapturedExchange['error']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ctx.emit({
        ...base,
        durationMs: performance.now() - t0,
        waitMs,
        requestBody: requestTap.result(),
        response,
        responseBody: response ? responseTap.result() : null,
        error,
      });
    };

    const upstream = net.connect(Number(origin.port || 80), origin.hostname.replace(/^\[|\]$/g, ''));
    ctx.track(upstream);
    const fail = (e: NodeJS.ErrnoException): void => {
      const failure = describeUpstreamFailure(e, route.origin, e.code === 'ETIMEDOUT' ? ctx.timeoutMs : undefined);
      if (!response) writeRawRefusal(socket, failure.status, failure.message);
      else socket.destroy();
      upstream.destroy();
      finish({ code: failure.code, message: failure.message });
    };
    const timer = setTimeout(() => fail(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })), ctx.timeoutMs > 0 ? ctx.timeoutMs : 2 ** 31 - 1);
    upstream.on('error', fail);

    const dropped = new Set(route.dropHeaders);
    const forwardHeaders = withConnectionClose(head.headers.filter(([n]) => !dropped.has(n.toLowerCase())));
    upstream.write(serializeHead(`${method} ${route.upstreamPath} ${version}`, forwardHeaders));
    if (head.rest.length) {
      requestTap.onData(head.rest);
      upstream.write(head.rest);
    }
    socket.on('data', requestTap.onData);
    socket.pipe(upstream);

    // We promised the client Connection: close, so we end it once the response is
    // complete by its own framing, whether or not the upstream closes.
    let framing: { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' } = { kind: 'close' };
    let tail = Buffer.alloc(0);
    const checkComplete = (chunk: Buffer): void => {
      if (framing.kind === 'chunked') tail = Buffer.concat([tail, chunk]).subarray(-5);
      const complete =
        framing.kind === 'none' ||
        (framing.kind === 'length' && responseTap.size >= framing.length) ||
        (framing.kind === 'chunked' && tail.toString('latin1') === '0\r\n\r\n');
      if (complete && !done) {
        finish(null);
        socket.end();
        upstream.destroy();
      }
    };

    let responseBuffer = Buffer.alloc(0);
    const onResponseData = (chunk: Buffer): void => {
      if (response) {
        responseTap.onData(chunk);
        checkComplete(chunk);
        return;
      }
      responseBuffer = Buffer.concat([responseBuffer, chunk]);
      const parsed = parseHead(responseBuffer);
      if (parsed === null) return;
      if (parsed === 'too-big' || !/^HTTP\/1\.[01]$/.test(parsed.startLine[0] ?? '')) {
        fail(Object.assign(new Error('not HTTP'), { code: 'HPE_INVALID_CONSTANT' }));
        return;
      }
      clearTimeout(timer);
      waitMs = performance.now() - t0;
      const [httpVersion, status, ...reason] = parsed.startLine;
      response = { status: Number(status), statusText: reason.join(' '), headers: parsed.headers, httpVersion: httpVersion.slice(5) };
      const code = Number(status);
      const contentLength = headerValue(parsed.headers, 'content-length');
      if (method.toUpperCase() === 'HEAD' || code < 200 || code === 204 || code === 304) framing = { kind: 'none' };
      else if (/chunked/i.test(headerValue(parsed.headers, 'transfer-encoding') ?? '')) framing = { kind: 'chunked' };
      else if (contentLength !== null) framing = { kind: 'length', length: Number(contentLength) };
      socket.write(serializeHead(parsed.startLine.join(' '), withConnectionClose(parsed.headers)));
      if (parsed.rest.length) {
        responseTap.onData(parsed.rest);
        socket.write(parsed.rest);
      }
      upstream.pipe(socket);
      checkComplete(parsed.rest);
    };
    upstream.on('data', onResponseData);
    upstream.on('close', () => {
      socket.end();
      if (response) finish(null);
      else if (!done) fail(Object.assign(new Error('closed before responding'), { code: 'ECONNRESET' }));
    });
    socket.on('close', () => {
      upstream.destroy();
      if (!done) finish({ code: 'ECLIENTABORT', message: 'the client closed the connection before the response was complete' });
    });
  }
}
