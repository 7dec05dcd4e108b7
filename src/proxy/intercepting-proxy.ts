// One running proxy's state and its handlers, one method per event of its HTTP server.
// startProxy (server.ts) only makes one, wires the events to it and listens.
//
// What the handlers share lives here, on the instance: the router, the header
// interner, the ledger of exchanges in flight, the http-proxy instances and the
// sockets to end on close. The pieces they hand work to: routing.ts (where a request
// goes), exchange-ledger.ts (exchanges in flight and the captures they end as),
// response-relay.ts (the response back), websocket-relay.ts (the WebSocket
// handshake), connect-tunnel.ts (CONNECT), client-errors.ts (heads Node cannot read).
import * as http from 'node:http';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { CaptureSink } from '../core/exchange/capture';
import type { ProxyOptions } from './server';
import { HeaderInterner, RepeatedString, rawHeaderValue } from './raw-headers';
import { addNotice } from './exchange-state';
import { ProxiedRequest, stateOf } from './upstream-request';
import { ResponseRelay, cutOff } from './response-relay';
import { UpstreamProxies } from './upstream-proxies';
import { resolveTargets } from './policy';
import { Router } from './routing';
import { describeBrokenResponse, describeUpstreamFailure } from './upstream-error';
import { handleConnect } from './connect-tunnel';
import { answerWithError, writeRawRefusal } from './refusals';
import { ExchangeLedger } from './exchange-ledger';
import { asksOnlyForH2c, headWithoutH2c } from './h2c';
import { forwardLookup } from './forward-lookup';
import { OpenSockets } from './open-sockets';
import { WebSocketRelay } from './websocket-relay';
import { ClientErrors } from './client-errors';

export const DEFAULT_BODY_CAPTURE_BYTES = 64 * 1024;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
export const DEFAULT_HEAD_TIMEOUT_MS = 60_000;
// Node's default for the whole request.
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

const H2C_NOTICE = Object.freeze({
  code: 'EH2CUPGRADE',
  message: 'the client asked to switch to HTTP/2 (Upgrade: h2c), which the proxy does not support; the request went on as HTTP/1.1 without its Upgrade, HTTP2-Settings and their Connection tokens',
});

/** http-proxy's web(req, res, callback), which its typings do not list. */
interface WebWithCallback {
  web(req: http.IncomingMessage, res: http.ServerResponse, callback: (err: Error, req: http.IncomingMessage, res: http.ServerResponse | Duplex) => void): void;
}

function timeoutError(): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error('upstream timeout');
  err.code = 'ETIMEDOUT';
  return err;
}

export class InterceptingProxy {
  readonly server: http.Server;
  readonly router: Router;
  readonly headTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly interner: HeaderInterner;
  /** Forward mode's lookup (forward-lookup.ts); undefined in reverse mode. */
  private readonly lookup: net.LookupFunction | undefined;
  private readonly ledger: ExchangeLedger;
  private readonly upstreams: UpstreamProxies;
  private readonly sockets = new OpenSockets();
  /** Connections whose request is being read again without its h2c upgrade (h2c.ts). */
  private readonly h2cSockets = new Set<Duplex>();
  readonly clientErrors: ClientErrors;
  /** Shared 'finish' and 'close' listeners of every response (no closures per request). */
  private readonly onResponseFinish: (this: http.ServerResponse) => void;
  private readonly onResponseClose: (this: http.ServerResponse) => void;

  constructor(options: ProxyOptions, sink: CaptureSink) {
    const captureLimit = Math.max(0, options.bodyCaptureBytes ?? DEFAULT_BODY_CAPTURE_BYTES);
    const timeoutMs = (this.timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS);
    const headTimeoutMs = (this.headTimeoutMs = options.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS);
    const router = (this.router = new Router({
      targets: resolveTargets(options.targets ?? []),
      forward: options.forward === true,
      allowHosts: options.allowHosts ?? [],
      ownPort: 0,
    }));
    // This proxy's shared copies of what its heads repeat (raw-headers.ts).
    const interner = (this.interner = new HeaderInterner());
    // Forward mode connects through its own lookup, to the address it checked (forward-lookup.ts).
    const lookup = (this.lookup = router.config.forward ? forwardLookup(router.config.allowHosts, options.resolve) : undefined);
    const ledger = (this.ledger = new ExchangeLedger({
      sink,
      interner,
      requestVersions: new RepeatedString(interner),
      captureLimit,
      timeoutMs,
      onTimeout: (state) => {
        if (state.proxyReq) state.proxyReq.destroy(timeoutError());
        else this.onUpstreamError(timeoutError(), state.req, state.client);
      },
    }));
    const { emit, nextSeq } = ledger;
    const track = this.sockets.track;

    // Takes over each upstream response: its head recorded and written as it came, its body teed (response-relay.ts).
    const relay = new ResponseRelay(captureLimit, interner, ledger.sweeper, this.onUpstreamError);
    const webSockets = new WebSocketRelay(ledger, interner, track);
    this.upstreams = new UpstreamProxies(lookup, { proxyRes: relay.onProxyRes, proxyReqWs: webSockets.onProxyReqWs, error: onProxyError });

    this.onResponseFinish = function (this: http.ServerResponse): void {
      // The whole response was handed to the client's socket.
      const state = stateOf(this.req);
      if (state && !state.done) ledger.finishWithResponse(state, null);
    };
    this.onResponseClose = function (this: http.ServerResponse): void {
      const state = stateOf(this.req);
      if (!state || state.done) return;
      state.proxyReq?.destroy();
      ledger.finishWithResponse(state, { code: 'ECLIENTABORT', message: 'the client closed the connection before the response was complete' });
    };

    this.clientErrors = new ClientErrors(
      { router, captureLimit, timeoutMs, headTimeoutMs, lookup, nextSeq, emit, track },
      { router, captureLimit, nextSeq },
      headTimeoutMs,
      emit,
    );

    this.server = http.createServer({
      noDelay: true,
      IncomingMessage: ProxiedRequest,
      headersTimeout: headTimeoutMs,
      requestTimeout: Math.max(headTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
      // How often Node looks for connections past those limits; its own default for the default limit.
      connectionsCheckingInterval: Math.min(30_000, Math.max(20, Math.floor(headTimeoutMs / 2))),
    });
    // Like the response side (sendClientHead): every request header line is read, within Node's size limit.
    this.server.maxHeadersCount = 0;
  }

  /** 'request': an ordinary HTTP exchange, routed, recorded and handed to http-proxy. */
  readonly onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const t0 = performance.now();
    const startedAt = Date.now();
    const route = this.router.route(req.url ?? '/', req.rawHeaders, req.socket);
    if (route.kind === 'refuse') {
      const capture = this.ledger.refused(req, route, t0, startedAt);
      // Drain what the client sends so the refusal reaches it cleanly.
      req.resume();
      answerWithError(res, route.status, route.message);
      res.on('finish', () => this.ledger.emit({ ...capture, durationMs: performance.now() - t0 }));
      return;
    }
    const state = this.ledger.open(req, route, res, t0, startedAt, route.via);
    if (this.h2cSockets.size > 0 && this.h2cSockets.delete(req.socket)) addNotice(state, H2C_NOTICE);
    // The head goes upstream from the raw lines (ProxiedRequest.pipe), so http-proxy gets a
    // header object of its own to copy and adjust (it adds "content-length: 0" to DELETE
    // and OPTIONS, for one); Node then never builds its merged, lower-cased one. It holds
    // the Host so that the upstream request does not make up a Host line of its own
    // (docs/performance.md, "Why the hot path looks as it does").
    req.headers = route.host === undefined ? {} : { host: route.host };
    req.url = route.upstreamPath;
    res.on('finish', this.onResponseFinish);
    res.on('close', this.onResponseClose);
    // Exactly three arguments: given an options argument, even undefined, http-proxy copies its options for the request.
    (this.upstreams.proxyFor(route.origin, route.via === 'forward') as unknown as WebWithCallback).web(req, res, this.onWebError);
    // Teed after http-proxy has piped the request on, so no chunk can slip past either.
    // Node's parser reads a request body only when one of these headers announces it.
    if (rawHeaderValue(req.rawHeaders, 'content-length') !== undefined || rawHeaderValue(req.rawHeaders, 'transfer-encoding') !== undefined) {
      req.on('data', state.requestTap.onData);
    }
  };

  /** 'upgrade': a WebSocket handshake (websocket-relay.ts), or an h2c upgrade read again as HTTP/1.1. */
  readonly onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (asksOnlyForH2c(req.rawHeaders)) {
      // HTTP/2 over cleartext is not supported: the request is read again without
      // its upgrade, as the plain HTTP/1.1 request it also is.
      socket.unshift(Buffer.concat([headWithoutH2c(req), head]));
      this.h2cSockets.add(socket);
      socket.once('close', () => this.h2cSockets.delete(socket));
      this.server.emit('connection', socket);
      return;
    }
    this.sockets.track(socket);
    socket.on('error', () => socket.destroy());
    const t0 = performance.now();
    const startedAt = Date.now();
    const route = this.router.route(req.url ?? '/', req.rawHeaders, req.socket);
    if (route.kind === 'refuse') {
      writeRawRefusal(socket, route.status, route.message);
      this.ledger.emit(this.ledger.refused(req, route, t0, startedAt));
      return;
    }
    this.ledger.open(req, route, socket, t0, startedAt, 'websocket');
    req.url = route.upstreamPath;
    this.upstreams.proxyFor(route.origin, route.via === 'forward').ws(req, socket, head, { agent: this.upstreams.webSocketAgent(route) }, (err, r, s) =>
      this.onUpstreamError(err as NodeJS.ErrnoException, r, s as unknown as Duplex),
    );
  };

  /** 'connect': a forward-mode tunnel (connect-tunnel.ts). */
  readonly onConnect = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.sockets.track(socket);
    const { forward, allowHosts } = this.router.config;
    const { emit, nextSeq } = this.ledger;
    handleConnect(req, socket, head, {
      forward,
      allowHosts,
      interner: this.interner,
      timeoutMs: this.timeoutMs,
      lookup: this.lookup,
      nextSeq,
      emit,
      track: this.sockets.track,
    });
  };

  /** http-proxy's callback for a failed web exchange. */
  private readonly onWebError = (err: Error, req: http.IncomingMessage, res: http.ServerResponse | Duplex): void => {
    this.onUpstreamError(err as NodeJS.ErrnoException, req, res);
  };

  /**
   * The upstream failed (refused, reset, timed out): the client gets a 502/504 and the
   * exchange is recorded with the error, or, once the response has begun, the client's
   * response is cut off and recorded as far as it went.
   */
  readonly onUpstreamError = (err: NodeJS.ErrnoException, req: http.IncomingMessage, res: http.ServerResponse | Duplex): void => {
    const state = stateOf(req);
    if (!state || state.done) return;
    const timedOut = err.code === 'ETIMEDOUT' && err.message === 'upstream timeout';
    const failure = describeUpstreamFailure(err, state.route.origin, timedOut ? this.timeoutMs : undefined);
    const error = { code: failure.code, message: failure.message };
    if (res instanceof http.ServerResponse) {
      if (res.headersSent) {
        // Part of the response is already with the client: all we can do is cut it
        // off so the client sees the failure too, and record what came through.
        cutOff(res);
        this.ledger.finishWithResponse(state, describeBrokenResponse(err, state.route.origin));
        return;
      }
      answerWithError(res, failure.status, failure.message);
    } else {
      writeRawRefusal(res, failure.status, failure.message);
    }
    this.ledger.finish(state, { error });
  };

  /** The port is known once the server listens; routing needs it to spot requests for the proxy itself. */
  listening(port: number): void {
    this.router.config.ownPort = port;
  }

  /** Records what is still in flight with `error`, then ends every connection and upstream. */
  close(error: { code: string; message: string }): Promise<void> {
    return new Promise<void>((done) => {
      // Recorded now, with what was seen: once the sockets are gone they would only say "reset".
      this.ledger.stop(error);
      this.server.close(() => done());
      this.server.closeAllConnections();
      this.sockets.destroyAll();
      this.upstreams.destroy();
    });
  }

  /** The server could not listen: nothing will use the upstream agents. */
  abandon(): void {
    this.upstreams.destroy();
  }
}

function onProxyError(err: Error): void {
  // Every call passes its own callback; this only catches what http-proxy emits beyond that.
  console.error('[cors-inspector] proxy error:', err.message);
}
