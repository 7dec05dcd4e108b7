// The WebSocket handshake through the proxy: http-proxy's 'proxyReqWs' hook sends the
// client's head on as it came and records the upstream's answer (101 or a refusal).
// What flows over the socket after the 101 is not recorded; the exchange ends with the head.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { emptyBody } from './body-tap';
import { addNotice, type WebState } from './exchange-state';
import type { ExchangeLedger } from './exchange-ledger';
import { rawHeaderObject, type HeaderInterner } from './raw-headers';
import { invalidReasonByte, replacedReasonNote, standardReason } from './reason-phrase';
import { sendClientHead, stateOf } from './upstream-request';

export class WebSocketRelay {
  constructor(
    private readonly ledger: ExchangeLedger,
    private readonly interner: HeaderInterner,
    /** Keeps the upstream socket to be ended on close (open-sockets.ts). */
    private readonly track: (socket: Duplex) => void,
  ) {}

  /** http-proxy's 'proxyReqWs': the upstream request is made, its head not yet sent. */
  readonly onProxyReqWs = (proxyReq: http.ClientRequest, req: http.IncomingMessage, socket: Duplex): void => {
    const state = stateOf(req);
    if (!state) return;
    // On failure the destroyed request reports its error once http-proxy listens for
    // it (right after this event), and the client gets a 502.
    if (!sendClientHead(proxyReq, state)) return;
    const onHead = (proxyRes: http.IncomingMessage, proxySocket?: Duplex): void => this.onHead(state, socket, proxyRes, proxySocket);
    proxyReq.on('upgrade', onHead);
    proxyReq.on('response', (proxyRes) => onHead(proxyRes));
    socket.on('close', () => {
      if (!state.done) this.ledger.finish(state, { error: { code: 'ECLIENTABORT', message: 'the client closed the connection before the upgrade completed' } });
    });
  };

  /** The upstream's answer: a 101 with its socket ('upgrade'), or anything else ('response'). */
  private onHead(state: WebState, socket: Duplex, proxyRes: http.IncomingMessage, proxySocket?: Duplex): void {
    this.ledger.sweeper.delete(state);
    if (proxySocket) {
      // http-proxy only ends the upstream side on a clean close; make sure it never outlives the client.
      this.track(proxySocket);
      socket.on('close', () => proxySocket.destroy());
    }
    const response: NonNullable<WebState['response']> = {
      status: proxyRes.statusCode ?? 0,
      statusText: proxyRes.statusMessage,
      headers: this.interner.headerList(proxyRes.rawHeaders),
      httpVersion: proxyRes.httpVersion,
      informational: undefined,
      trailers: undefined,
    };
    // http-proxy writes the 101 from `headers`; give it the raw names so case and repeats survive.
    proxyRes.headers = rawHeaderObject(proxyRes.rawHeaders) as http.IncomingHttpHeaders;
    // A refusal (not 101) goes out with the phrase as it came, unchecked: replace one HTTP forbids.
    const bad = invalidReasonByte(response.statusText ?? '');
    if (bad >= 0) {
      proxyRes.statusMessage = standardReason(response.status);
      addNotice(state, replacedReasonNote(response.status, bad));
    }
    this.ledger.finish(state, { response, waitMs: performance.now() - state.t0, responseBody: emptyBody(), error: null });
  }
}
