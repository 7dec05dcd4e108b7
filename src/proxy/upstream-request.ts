// The upstream request of a proxied exchange: the client's exact head put on it
// before anything is written, and the interim responses and unrequested upgrades
// it may meet on the way back.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebState } from './exchange-state';
import { rawHeaderValue, withoutHeaders } from './raw-headers';
import { storeRawHead, writeInterimHead } from './node-internals';
import { invalidReasonByte, standardReason } from './reason-phrase';

// The server's requests are of this class, so the exchange's state has its slot
// from the start (adding a property to every request costs a shape change), and
// http-proxy's events, which hand us the request, find it there.
//
// It is also where the exact head is put on the upstream request. http-proxy
// normalises slashes in the path and sends headers from an object (one line per
// name), so before anything is written we store the request line with the path as
// sent, and the client's header lines as they came. Its 'proxyReq' event is too late
// for that: it waits for a socket, and inside VS Code's extension host (whose http
// module VS Code wraps with an asynchronous agent) the head is already written by
// then. http-proxy pipes the request into the upstream request right after creating
// it, so that is where we step in.
export class ProxiedRequest extends http.IncomingMessage {
  exchange: WebState | undefined = undefined;

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    const state = this.exchange;
    if (state && !state.proxyReq && destination instanceof http.ClientRequest) {
      if (!sendClientHead(destination, state)) {
        // The exchange fails like any upstream error (502); what the client sends is drained.
        this.resume();
        return destination;
      }
      // Without a listener Node drops the connection on a 101 and the request never ends.
      destination.on('upgrade', onUnrequestedUpgrade);
      destination.on('information', (info: http.InformationEvent) => passInformational(state, info));
    }
    return super.pipe(destination, options);
  }
}

/** The upstream switched protocols though this request asked for no upgrade: a 502 says so. */
function onUnrequestedUpgrade(this: http.ClientRequest, res: http.IncomingMessage, socket: Duplex): void {
  socket.destroy();
  const upgrade = rawHeaderValue(res.rawHeaders, 'upgrade');
  const err: NodeJS.ErrnoException = new Error(
    `the server answered "${res.statusCode} ${res.statusMessage}"${upgrade === undefined ? '' : ` (Upgrade: ${upgrade})`} to a request that asked for no upgrade; a client cannot use that connection`,
  );
  err.code = 'EUNREQUESTEDUPGRADE';
  // http-proxy's error listener turns it into the 502 (Node has already let go of the socket).
  this.emit('error', err);
}

/**
 * Passes an interim response (102 Processing, 103 Early Hints) on before the final
 * one. 100 Continue is the client's own server's business (Node answers Expect
 * itself), and HTTP/1.0 clients must not get interim responses.
 */
function passInformational(state: WebState, info: http.InformationEvent): void {
  const res = state.client as http.ServerResponse;
  recordInformational(state, info);
  if (info.statusCode === 100 || state.req.httpVersion === '1.0' || res.headersSent || res.destroyed) return;
  const raw = info.rawHeaders;
  const reason = invalidReasonByte(info.statusMessage) < 0 ? info.statusMessage : standardReason(info.statusCode);
  let head = `HTTP/1.1 ${info.statusCode} ${reason}\r\n`;
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      http.validateHeaderName(raw[i]);
      http.validateHeaderValue(raw[i], raw[i + 1]);
      head += `${raw[i]}: ${raw[i + 1]}\r\n`;
    }
  } catch {
    return; // an interim response is only a hint; one Node would not write is left out
  }
  // In order with the final response, as ServerResponse.writeEarlyHints writes (node-internals.ts).
  writeInterimHead(res, `${head}\r\n`);
}

/** Keeps an interim response for the record: every one the upstream sent, passed on or not. */
function recordInformational(state: WebState, info: http.InformationEvent): void {
  const raw = info.rawHeaders;
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i], raw[i + 1]]);
  const interim = { status: info.statusCode, headers };
  if (state.informational === undefined) state.informational = [interim];
  else state.informational.push(interim);
}

/**
 * Puts the client's exact head on the upstream request (see ProxiedRequest) and
 * remembers the request. A line Node will not send destroys the upstream request
 * with that error, which http-proxy then reports like any upstream failure; false.
 */
export function sendClientHead(upstream: http.ClientRequest, state: WebState): boolean {
  state.proxyReq = upstream;
  // No limit on the number of response header lines (Node's default keeps the first
  // thousand or so and silently drops the rest, Access-Control-* included). The head's
  // size stays bounded by Node's header size limit, past which the exchange fails with
  // HPE_HEADER_OVERFLOW (502): the verdict is never computed on a shortened list.
  upstream.maxHeadersCount = 0;
  try {
    storeRawHead(upstream, upstream.method, state.route.upstreamPath, withoutHeaders(state.req.rawHeaders, state.route.dropHeaders));
    return true;
  } catch (err) {
    upstream.destroy(Object.assign(err as Error, { code: (err as NodeJS.ErrnoException).code ?? 'EBADREQUEST' }));
    return false;
  }
}

export function stateOf(req: http.IncomingMessage): WebState | undefined {
  return (req as ProxiedRequest).exchange;
}
