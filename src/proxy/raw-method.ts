// Node's HTTP parser only knows upper-case standard methods, yet browsers send
// others as written: fetch(url, { method: 'patch' }) goes out as "patch", and that
// very request is a classic CORS failure worth seeing. When Node rejects a request
// line for its method, we take the socket over and relay that one request as raw
// bytes to the upstream on its own connection, recording it like any other.
//
// Only heads that every parser reads the same way are relayed (raw-head.ts); the
// rest get a 400 and a record that says why.
//
// The relay ends the connection after the response (Connection: close on both
// sides — hop-by-hop, invisible to CORS), so the browser's next request on a fresh
// connection goes back through the normal path.
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { HeaderList } from '../core/http/types';
import { headerValue } from '../core/exchange/records';
import type { CapturedExchange } from '../core/exchange/capture';
import { BodyTap } from './body-tap';
import { hasResponseInFlight } from './node-internals';
import type { Router } from './routing';
import { describeUpstreamFailure } from './upstream-error';
import { writeRawRefusal } from './refusals';
import { unreadableCapture } from './unreadable';
import { readPartialRequestHead } from '../core/http/partial-request-head';
import type { ExchangeNotice, InterimResponse } from '../core/exchange/types';
import { framingOf, hostProblem, readHead, type Framing, type RawHead } from './raw-head';
import { invalidReasonByte, replacedReasonNote, standardReason } from './reason-phrase';

export interface RawRelayContext {
  router: Router;
  captureLimit: number;
  timeoutMs: number;
  /** How long the rest of the request head may take to arrive → 408. */
  headTimeoutMs: number;
  /** Where upstream names are resolved (forward mode: forward-lookup.ts). */
  lookup?: net.LookupFunction;
  nextSeq(): number;
  emit(capture: CapturedExchange): void;
  track(socket: Duplex): void;
}

const NO_LINES: readonly string[] = Object.freeze([]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEAD = 64 * 1024;
const HTTP_VERSION = /^HTTP\/1\.[01]$/;
// Listeners Node's HTTP server puts on a connection; 'close' and 'error' stay so it can clean up.
const NODE_SOCKET_EVENTS = ['data', 'end', 'drain', 'timeout', 'resume', 'pause'];

function serializeHead(startLine: string, headers: HeaderList): Buffer {
  return Buffer.from(`${startLine}\r\n${headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}${headers.length ? '\r\n' : ''}\r\n`, 'latin1');
}

/** Same lines, except the hop-by-hop Connection header says close. */
function withConnectionClose(headers: HeaderList): HeaderList {
  const out: Array<[string, string]> = [];
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
  if (hasResponseInFlight(socket)) return false;
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
  // Node's head timeout no longer covers a socket taken over: a head that stops coming gets its 408 here.
  const headTimer = setTimeout(() => {
    socket.removeListener('data', onData);
    const message = `the request head did not arrive in time (it was not complete within ${ctx.headTimeoutMs} ms)`;
    recordRefused(writeRawRefusal(socket, 408, message), 'ETIMEDOUT_HEAD', message);
  }, ctx.headTimeoutMs > 0 ? ctx.headTimeoutMs : 2 ** 31 - 1);
  socket.once('close', () => clearTimeout(headTimer));
  // Adding a 'data' listener also makes Node hand the stream back to JavaScript.
  socket.on('data', onData);
  socket.resume();
  tryStart();
  return true;

  function tryStart(): void {
    const head = readHead(buffered, MAX_HEAD);
    if (head === null) return;
    socket.removeListener('data', onData);
    clearTimeout(headTimer);
    if ('problem' in head) {
      const message = `the request cannot be passed on unambiguously: ${head.problem}`;
      writeRawRefusal(socket, 400, message);
      recordUnreadable(message);
      return;
    }
    if (!HTTP_VERSION.test(head.startLine[2]) || !TOKEN.test(head.startLine[0]) || !/^[\x21-\x7e]+$/.test(head.startLine[1])) {
      const message = 'the request line could not be parsed';
      recordRefused(writeRawRefusal(socket, 400, message), 'EBADREQUEST', message);
      return;
    }
    relay(head);
  }

  /** Records a head refused before it could be relayed (408, 400), read as far as it goes. */
  function recordRefused(sent: ReturnType<typeof writeRawRefusal>, code: string, message: string): void {
    const partial = readPartialRequestHead(buffered);
    ctx.emit(unreadableCapture(ctx, socket as net.Socket, partial, sent, { code, message }, performance.now() - t0));
  }

  /** Records a head that could not be read into lines: its request line as far as it goes, no headers. */
  function recordUnreadable(message: string): void {
    const firstLine = buffered.subarray(0, Math.min(buffered.length, 8192)).toString('latin1').split(/\r|\n/, 1)[0];
    const [method, target = '', version = ''] = firstLine.split(' ');
    const route = ctx.router.route(target, NO_LINES, socket as net.Socket);
    ctx.emit({
      seq: ctx.nextSeq(),
      startedAt,
      durationMs: performance.now() - t0,
      request: { method, url: route.url, headers: [], httpVersion: version.startsWith('HTTP/') ? version.slice(5) : version },
      requestBody: { size: 0, preview: Buffer.alloc(0), truncated: false },
      response: null,
      responseBody: null,
      error: { code: 'EAMBIGUOUS', message },
      via: route.via,
    });
  }

  function relay(head: RawHead): void {
    const [method, target, version] = head.startLine;
    const httpVersion = version.slice(5);
    const host = headerValue(head.headers, 'host');
    // Its other lines were checked by readHead; only Host decides the route.
    const route = ctx.router.route(target, host === null ? NO_LINES : ['Host', host], socket as net.Socket);
    const base: CapturedExchange = {
      seq: ctx.nextSeq(),
      startedAt,
      durationMs: 0,
      request: { method, url: route.url, headers: head.headers, httpVersion },
      requestBody: { size: 0, preview: Buffer.alloc(0), truncated: false },
      response: null,
      responseBody: null,
      error: null,
      via: route.via,
    };
    const refuse = (status: number, code: string, message: string): void => {
      writeRawRefusal(socket, status, message);
      ctx.emit({ ...base, durationMs: performance.now() - t0, error: { code, message } });
    };
    // Recorded, but never forwarded: an upstream could read this head otherwise than the record does.
    const framing = framingOf(head.headers, 'request', httpVersion);
    const ambiguity = hostProblem(head.headers, httpVersion) ?? ('problem' in framing ? framing.problem : null);
    if (ambiguity !== null || 'problem' in framing) {
      refuse(400, 'EAMBIGUOUS', `the request cannot be passed on unambiguously: ${ambiguity}`);
      return;
    }
    if (route.kind === 'refuse') {
      refuse(route.status, route.code, route.message);
      return;
    }
    const origin = new URL(route.origin);
    if (origin.protocol !== 'http:') {
      refuse(502, 'EUNSUPPORTED', `the method "${method}" can only be relayed to http:// targets`);
      return;
    }

    const requestTap = new BodyTap(ctx.captureLimit);
    const responseTap = new BodyTap(ctx.captureLimit);
    let response: CapturedExchange['response'] = null;
    let notices: ExchangeNotice[] | undefined;
    let informational: InterimResponse[] | undefined;
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
        notices,
      });
    };

    const upstream = net.connect({ port: Number(origin.port || 80), host: origin.hostname.replace(/^\[|\]$/g, ''), lookup: route.via === 'forward' ? ctx.lookup : undefined });
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

    const dropped = route.dropHeaders.lower;
    const forwardHeaders = withConnectionClose(head.headers.filter(([n]) => !dropped.has(n.toLowerCase())));
    upstream.write(serializeHead(`${method} ${route.upstreamPath} ${version}`, forwardHeaders));
    // Only the body its head announces goes on: bytes after it (a pipelined request)
    // would reach the server unrecorded. The connection closes after this exchange anyway.
    let bodyLeft = framing.kind === 'length' ? framing.length : framing.kind === 'chunked' ? Infinity : 0;
    const sendBody = (chunk: Buffer): void => {
      if (bodyLeft <= 0 || upstream.destroyed) return;
      const piece = chunk.length > bodyLeft ? chunk.subarray(0, bodyLeft) : chunk;
      bodyLeft -= piece.length;
      requestTap.onData(piece);
      if (!upstream.write(piece)) {
        socket.pause();
        upstream.once('drain', () => socket.resume());
      }
    };
    if (head.rest.length) sendBody(head.rest);
    socket.on('data', sendBody);
    socket.resume();

    // We promised the client Connection: close, so we end it once the response is
    // complete by its own framing, whether or not the upstream closes.
    let responseFraming: Framing = { kind: 'close' };
    let tail = Buffer.alloc(0);
    const checkComplete = (chunk: Buffer): void => {
      if (responseFraming.kind === 'chunked') tail = Buffer.concat([tail, chunk]).subarray(-5);
      const complete =
        responseFraming.kind === 'none' ||
        (responseFraming.kind === 'length' && responseTap.size >= responseFraming.length) ||
        (responseFraming.kind === 'chunked' && tail.toString('latin1') === '0\r\n\r\n');
      if (complete && !done) {
        finish(null);
        socket.end();
        upstream.destroy();
      }
    };

    let responseBuffer: Buffer = Buffer.alloc(0);
    const badResponse = (why: string, code = 'EBADRESPONSE'): void =>
      fail(Object.assign(new Error(`the server's response cannot be passed on: ${why}`), { code }));
    const onResponseData = (chunk: Buffer): void => {
      if (response) {
        responseTap.onData(chunk);
        checkComplete(chunk);
        return;
      }
      responseBuffer = responseBuffer.length === 0 ? chunk : Buffer.concat([responseBuffer, chunk]);
      const parsed = readHead(responseBuffer, MAX_HEAD);
      if (parsed === null) return;
      if ('problem' in parsed) return badResponse(parsed.problem);
      const [httpVersion, status, reason] = parsed.startLine;
      const code = Number(status);
      if (!HTTP_VERSION.test(httpVersion) || !/^\d{3}$/.test(status)) {
        fail(Object.assign(new Error('not HTTP'), { code: 'HPE_INVALID_CONSTANT' }));
        return;
      }
      const writableReason = invalidReasonByte(reason) < 0 ? reason : standardReason(code);
      if (writableReason !== reason) (notices ??= []).push(replacedReasonNote(code, invalidReasonByte(reason)));
      if (code === 101) return badResponse(`it answered "101 ${reason}" to a request that asked for no upgrade`, 'EUNREQUESTEDUPGRADE');
      if (code < 200) {
        // An interim response (103 Early Hints): recorded, passed on, and the final one read next.
        (informational ??= []).push({ status: code, headers: parsed.headers });
        if (code !== 100) socket.write(serializeHead(`${httpVersion} ${status} ${writableReason}`, parsed.headers));
        responseBuffer = Buffer.alloc(0);
        if (parsed.rest.length) onResponseData(parsed.rest);
        return;
      }
      const bodyFraming = framingOf(parsed.headers, 'response', httpVersion.slice(5));
      if ('problem' in bodyFraming) return badResponse(bodyFraming.problem);
      clearTimeout(timer);
      waitMs = performance.now() - t0;
      // Trailers stay inside the chunked bytes relayed as they came: not read out here.
      response = { status: code, statusText: reason, headers: parsed.headers, httpVersion: httpVersion.slice(5), informational, trailers: undefined };
      responseFraming = method.toUpperCase() === 'HEAD' || code === 204 || code === 304 ? { kind: 'none' } : bodyFraming;
      socket.write(serializeHead(`${httpVersion} ${status} ${writableReason}`, withConnectionClose(parsed.headers)));
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
