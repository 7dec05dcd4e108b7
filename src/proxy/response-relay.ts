// The response relay: each upstream response's head recorded and written to the
// client line for line as it came, its body piped on and teed into the capture,
// its trailers passed on; a response that breaks off is cut off short for the
// client too. One relay per proxy: it owns the shared copies of what response
// heads repeat.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { BodyTap } from './body-tap';
import type { DeadlineSweeper } from './deadlines';
import { addNotice, type WebState } from './exchange-state';
import { RepeatedString, headerNames, withoutHeaders, type HeaderInterner } from './raw-headers';
import { invalidReasonByte, replacedReasonNote, standardReason } from './reason-phrase';
import { stateOf } from './upstream-request';

// Response headers that cannot be passed as-is to an HTTP/1.0 client.
const HTTP10_DROP = headerNames('transfer-encoding');

/** How an exchange fails (the proxy's onUpstreamError): a 502 or a cut-off response, and the record. */
export type FailExchange = (err: NodeJS.ErrnoException, req: http.IncomingMessage, res: http.ServerResponse | Duplex) => void;

export class ResponseRelay {
  private readonly statusTexts: RepeatedString;
  private readonly responseVersions: RepeatedString;
  /** The last reason phrase found writable (see reason-phrase.ts). */
  private lastGoodReason = 'OK';

  constructor(
    private readonly captureLimit: number,
    private readonly interner: HeaderInterner,
    /** Where the exchange waits for its response head (upstreamTimeoutMs). */
    private readonly sweeper: DeadlineSweeper<WebState>,
    private readonly fail: FailExchange,
  ) {
    this.statusTexts = new RepeatedString(interner);
    this.responseVersions = new RepeatedString(interner);
  }

  /** http-proxy's 'proxyRes' listener (one per relay, bound once). */
  readonly onProxyRes = (proxyRes: http.IncomingMessage, req: http.IncomingMessage, res: http.ServerResponse): void => {
    const state = stateOf(req);
    if (!state) return;
    this.sweeper.delete(state);
    state.waitMs = performance.now() - state.t0;
    const responseTap = new BodyTap(this.captureLimit);
    state.responseTap = responseTap;
    const response: NonNullable<WebState['response']> = {
      status: proxyRes.statusCode ?? 0,
      statusText: proxyRes.statusMessage === undefined ? undefined : this.statusTexts.of(proxyRes.statusMessage),
      headers: this.interner.headerList(proxyRes.rawHeaders),
      httpVersion: this.responseVersions.of(proxyRes.httpVersion),
      // Both always present, so every response has one shape; trailers are set when the body ends.
      informational: state.informational,
      trailers: undefined,
    };
    state.response = response;
    const raw = req.httpVersion === '1.0' ? withoutHeaders(proxyRes.rawHeaders, HTTP10_DROP) : proxyRes.rawHeaders;
    res.sendDate = false; // the upstream's Date (or its absence) is part of what we pass through
    let reason = proxyRes.statusMessage ?? '';
    // Checked once per distinct phrase: nearly every response repeats the last one.
    if (reason !== this.lastGoodReason) {
      const bad = invalidReasonByte(reason);
      if (bad < 0) this.lastGoodReason = reason;
      else {
        addNotice(state, replacedReasonNote(response.status, bad));
        reason = standardReason(response.status);
      }
    }
    try {
      res.writeHead(response.status, reason, raw);
    } catch (err) {
      // Node refuses to write some heads (e.g. invalid characters the upstream sent).
      proxyRes.destroy();
      this.fail(Object.assign(err as Error, { code: 'EBADRESPONSE' }), req, res);
      return;
    }
    // Ended in onUpstreamResponseClose, which adds the trailers first.
    proxyRes.pipe(res, { end: false });
    proxyRes.on('data', responseTap.onData);
    // A closure: putting the state on the upstream response would change its shape.
    proxyRes.on('close', () => this.onUpstreamResponseClose(proxyRes, state));
  };

  private onUpstreamResponseClose(proxyRes: http.IncomingMessage, state: WebState): void {
    if (state.done) return;
    if (proxyRes.complete) {
      endWithTrailers(state.client as http.ServerResponse, proxyRes.rawTrailers, state);
      return;
    }
    const err: NodeJS.ErrnoException = new Error('upstream closed mid-response');
    err.code = 'ECONNRESET';
    this.fail(err, state.req, state.client);
  }
}

/** Ends the client's response with the upstream's trailers (sent when the response is chunked, as they came). */
function endWithTrailers(res: http.ServerResponse, rawTrailers: string[], state: WebState): void {
  if (rawTrailers.length > 0) {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i + 1 < rawTrailers.length; i += 2) pairs.push([rawTrailers[i], rawTrailers[i + 1]]);
    // Recorded as they came, whether or not they could be passed on.
    if (state.response) state.response.trailers = pairs;
    try {
      res.addTrailers(pairs);
    } catch (err) {
      addNotice(state, { code: 'EBADTRAILER', message: `the server's trailers were not passed on: ${(err as Error).message}` });
    }
  }
  res.end();
}

/**
 * Ends a response that broke off after its head: the head and what came of the
 * body reach the client (a head Node holds until the first body bytes would
 * otherwise be lost, and the client would see an empty reply), then the
 * connection ends short of the framing the head announced, which the client
 * reports as an incomplete response.
 */
export function cutOff(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) {
    res.destroy();
    return;
  }
  try {
    res.flushHeaders();
  } catch {
    // already written
  }
  socket.end();
}
