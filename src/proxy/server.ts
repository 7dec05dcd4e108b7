// The intercepting proxy: http-proxy underneath, with every exchange teed into a
// CapturedExchange for the recorder. It never judges CORS; it only makes sure what
// it records is what crossed the wire and what the client gets is what the server sent.
//
// Behaviour worth knowing:
// - Reverse mode passes the path on unchanged (the prefix is not stripped) below the
//   target URL's own path, and the Host header as the client sent it (no
//   changeOrigin): the dev server sees what the browser sent, and the recorded URL is
//   the one the browser used.
// - Heads go on line for line as they came (case, order, repeats): the response head
//   from the upstream's raw lines (no Date added), the request head from the client's
//   (minus Expect and, in forward mode, the proxy's own headers).
// - An absolute-form request for another host is refused (403) in reverse mode, never
//   forced to the target; see routing.ts.
// - upstreamTimeoutMs bounds the wait for the response head only: a stream that has
//   started (SSE, long download) may be quiet for as long as it likes.
// - When the proxy answers itself (refusal, 502, 504) the capture has response null
//   and `error` set: the server never answered. A failure after the head was passed
//   on keeps the partial response and sets `error` too.
// - Methods Node's parser rejects (e.g. lower-case "patch") are relayed raw: raw-method.ts.
// - Nothing an upstream sends may crash the process or leave the client without a
//   final answer: a reason phrase Node will not write is replaced (reason-phrase.ts),
//   an unrequested 101 becomes a 502, a body that breaks off ends the client's
//   response short. What the proxy had to change is one of the capture's `notices`
//   (its `error` stays null when the response went through). Interim responses (103)
//   and trailers pass on, and are recorded on the response.
// - Requests Node's parser gives up on (not HTTP, a head over the size limit, a head
//   that stops coming) get 400/431/408 and a record of the refusal, with what could
//   be read of the head (unreadable.ts).
// - Requests a server could read two ways (two Host lines) are refused with 400;
//   "Upgrade: h2c" is dropped and the request read again as HTTP/1.1 (h2c.ts).
// - Forward mode connects through its own lookup (forward-lookup.ts).
//
// The pieces, each owned by the proxy startProxy makes: routing.ts (where a request
// goes), exchange-ledger.ts (exchanges in flight, their deadlines, the captures they
// end as), upstream-request.ts (the exact head on the upstream request),
// response-relay.ts (the response back, recorded), upstream-proxies.ts (agents and
// one http-proxy per origin), refusals.ts (every answer the proxy gives itself),
// raw-headers.ts (the header interner), node-internals.ts (Node's private APIs).
import * as http from 'node:http';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { CaptureSink } from '../core/exchange/capture';
import { emptyBody } from './body-tap';
import { HeaderInterner, RepeatedString, rawHeaderObject, rawHeaderValue } from './raw-headers';
import { addNotice, type WebState } from './exchange-state';
import { ProxiedRequest, sendClientHead, stateOf } from './upstream-request';
import { ResponseRelay, cutOff } from './response-relay';
import { UpstreamProxies } from './upstream-proxies';
import { resolveTargets, type ProxyTarget } from './policy';
import { Router } from './routing';
import { describeBrokenResponse, describeUpstreamFailure } from './upstream-error';
import { handleConnect } from './connect-tunnel';
import { answerUnreadableRequest, answerWithError, classifyUnreadable, writeRawRefusal } from './refusals';
import { unreadableCapture, type UnreadableContext } from './unreadable';
import { readPartialRequestHead } from '../core/http/partial-request-head';
import { relayUnparsedMethod, type RawRelayContext } from './raw-method';
import { ExchangeLedger } from './exchange-ledger';
import { asksOnlyForH2c, headWithoutH2c } from './h2c';
import { forwardLookup, type Resolver } from './forward-lookup';
import { invalidReasonByte, replacedReasonNote, standardReason } from './reason-phrase';

export interface ProxyOptions {
  /** 0 or undefined = a free port; always binds 127.0.0.1. */
  port?: number;
  /** Reverse mode: longest matching path prefix wins; prefix '/' = everything. */
  targets: ProxyTarget[];
  /** Forward-proxy mode (absolute-form + CONNECT), loopback clients only. */
  forward?: boolean;
  /** Forward mode: extra hosts besides loopback that may be reached. */
  allowHosts?: string[];
  /** Bytes of each body kept in the capture (default 64 KiB). */
  bodyCaptureBytes?: number;
  /** How long to wait for the upstream's response head; default 30000 → 504. */
  upstreamTimeoutMs?: number;
  /** How long a client may take to send its request head; default 60000 (Node's) → 408. */
  headTimeoutMs?: number;
  /** Forward mode: resolves allowHosts names (default: the system resolver); see forward-lookup.ts. */
  resolve?: Resolver;
}

export interface RunningProxy {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** What an exchange still in flight when the proxy closes is recorded with (as far as it got). */
export const STOPPED_ERROR = {
  code: 'ESTOPPED',
  message: 'the inspector stopped before this exchange was complete; recorded as far as it got',
} as const;

export const DEFAULT_BODY_CAPTURE_BYTES = 64 * 1024;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
export const DEFAULT_HEAD_TIMEOUT_MS = 60_000;
// Node's default for the whole request.
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
const HOST = '127.0.0.1';


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

export function startProxy(options: ProxyOptions, sink: CaptureSink): Promise<RunningProxy> {
  const targets = resolveTargets(options.targets ?? []);
  const captureLimit = Math.max(0, options.bodyCaptureBytes ?? DEFAULT_BODY_CAPTURE_BYTES);
  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const router = new Router({
    targets,
    forward: options.forward === true,
    allowHosts: options.allowHosts ?? [],
    ownPort: 0,
  });
  const routing = router.config;
  // This proxy's shared copies of what its heads repeat (raw-headers.ts).
  const interner = new HeaderInterner();
  const requestVersions = new RepeatedString(interner);
  // Forward mode connects through its own lookup, to the address it checked (forward-lookup.ts).
  const lookup = routing.forward ? forwardLookup(routing.allowHosts, options.resolve) : undefined;
  const openSockets = new Set<Duplex>();
  /** Connections whose request is being read again without its h2c upgrade (h2c.ts). */
  const h2cSockets = new Set<Duplex>();
  const trackSocket = (socket: Duplex): void => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  };
  const ledger = new ExchangeLedger({
    sink,
    interner,
    requestVersions,
    captureLimit,
    timeoutMs,
    onTimeout: (state) => {
      if (state.proxyReq) state.proxyReq.destroy(timeoutError());
      else onUpstreamError(timeoutError(), state.req, state.client);
    },
  });
  const { sweeper, emit, nextSeq } = ledger;

  const onUpstreamError = (err: NodeJS.ErrnoException, req: http.IncomingMessage, res: http.ServerResponse | Duplex): void => {
    const state = stateOf(req);
    if (!state || state.done) return;
    const timedOut = err.code === 'ETIMEDOUT' && err.message === 'upstream timeout';
    const failure = describeUpstreamFailure(err, state.route.origin, timedOut ? timeoutMs : undefined);
    const error = { code: failure.code, message: failure.message };
    if (res instanceof http.ServerResponse) {
      if (res.headersSent) {
        // Part of the response is already with the client: all we can do is cut it
        // off so the client sees the failure too, and record what came through.
        cutOff(res);
        ledger.finishWithResponse(state, describeBrokenResponse(err, state.route.origin));
        return;
      }
      answerWithError(res, failure.status, failure.message);
    } else {
      writeRawRefusal(res, failure.status, failure.message);
    }
    ledger.finish(state, { error });
  };

  // Takes over each upstream response: its head recorded and written as it came, its body teed (response-relay.ts).
  const relay = new ResponseRelay(captureLimit, interner, sweeper, onUpstreamError);
  const upstreams = new UpstreamProxies(lookup, { proxyRes: relay.onProxyRes, proxyReqWs: onProxyReqWs, error: onProxyError });

  // --- http-proxy hooks: fix up the outgoing request, take over the response ---

  // Shared listeners (no closures per request); the exchange's state hangs on the request.
  function onResponseFinish(this: http.ServerResponse): void {
    // The whole response was handed to the client's socket.
    const state = stateOf(this.req);
    if (state && !state.done) ledger.finishWithResponse(state, null);
  }
  function onResponseClose(this: http.ServerResponse): void {
    const state = stateOf(this.req);
    if (!state || state.done) return;
    state.proxyReq?.destroy();
    ledger.finishWithResponse(state, { code: 'ECLIENTABORT', message: 'the client closed the connection before the response was complete' });
  }
  function onWebError(err: Error, req: http.IncomingMessage, res: http.ServerResponse | Duplex): void {
    onUpstreamError(err as NodeJS.ErrnoException, req, res);
  }

  function onProxyReqWs(proxyReq: http.ClientRequest, req: http.IncomingMessage, socket: Duplex): void {
    const state = stateOf(req);
    if (!state) return;
    // On failure the destroyed request reports its error once http-proxy listens for
    // it (right after this event), and the client gets a 502.
    if (!sendClientHead(proxyReq, state)) return;
    const onHead = (proxyRes: http.IncomingMessage, proxySocket?: Duplex): void => {
      sweeper.delete(state);
      if (proxySocket) {
        // http-proxy only ends the upstream side on a clean close; make sure it never outlives the client.
        trackSocket(proxySocket);
        socket.on('close', () => proxySocket.destroy());
      }
      const response: NonNullable<WebState['response']> = {
        status: proxyRes.statusCode ?? 0,
        statusText: proxyRes.statusMessage,
        headers: interner.headerList(proxyRes.rawHeaders),
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
      ledger.finish(state, { response, waitMs: performance.now() - state.t0, responseBody: emptyBody(), error: null });
    };
    proxyReq.on('upgrade', onHead);
    proxyReq.on('response', (proxyRes) => onHead(proxyRes));
    socket.on('close', () => {
      if (!state.done) ledger.finish(state, { error: { code: 'ECLIENTABORT', message: 'the client closed the connection before the upgrade completed' } });
    });
  }

  function onProxyError(err: Error): void {
    // Every call passes its own callback; this only catches what http-proxy emits beyond that.
    console.error('[cors-inspector] proxy error:', err.message);
  }

  // --- the listening server ---

  const headTimeoutMs = options.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS;
  const server = http.createServer({
    noDelay: true,
    IncomingMessage: ProxiedRequest,
    headersTimeout: headTimeoutMs,
    requestTimeout: Math.max(headTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
    // How often Node looks for connections past those limits; its own default for the default limit.
    connectionsCheckingInterval: Math.min(30_000, Math.max(20, Math.floor(headTimeoutMs / 2))),
  }, (req, res) => {
    const t0 = performance.now();
    const startedAt = Date.now();
    const route = router.route(req.url ?? '/', req.rawHeaders, req.socket);
    if (route.kind === 'refuse') {
      const capture = ledger.refused(req, route, t0, startedAt);
      // Drain what the client sends so the refusal reaches it cleanly.
      req.resume();
      answerWithError(res, route.status, route.message);
      res.on('finish', () => emit({ ...capture, durationMs: performance.now() - t0 }));
      return;
    }
    const state = ledger.open(req, route, res, t0, startedAt, route.via);
    if (h2cSockets.size > 0 && h2cSockets.delete(req.socket)) addNotice(state, H2C_NOTICE);
    // The head goes upstream from the raw lines (ProxiedRequest.pipe), so http-proxy gets a
    // header object of its own to copy and adjust (it adds "content-length: 0" to DELETE
    // and OPTIONS, for one); Node then never builds its merged, lower-cased one. It holds
    // the Host so that the upstream request does not make up a Host line of its own
    // (docs/performance.md, "Why the hot path looks as it does").
    req.headers = route.host === undefined ? {} : { host: route.host };
    req.url = route.upstreamPath;
    res.on('finish', onResponseFinish);
    res.on('close', onResponseClose);
    // Exactly three arguments: given an options argument, even undefined, http-proxy copies its options for the request.
    (upstreams.proxyFor(route.origin, route.via === 'forward') as unknown as WebWithCallback).web(req, res, onWebError);
    // Teed after http-proxy has piped the request on, so no chunk can slip past either.
    // Node's parser reads a request body only when one of these headers announces it.
    if (rawHeaderValue(req.rawHeaders, 'content-length') !== undefined || rawHeaderValue(req.rawHeaders, 'transfer-encoding') !== undefined) {
      req.on('data', state.requestTap.onData);
    }
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (asksOnlyForH2c(req.rawHeaders)) {
      // HTTP/2 over cleartext is not supported: the request is read again without
      // its upgrade, as the plain HTTP/1.1 request it also is.
      socket.unshift(Buffer.concat([headWithoutH2c(req), head]));
      h2cSockets.add(socket);
      socket.once('close', () => h2cSockets.delete(socket));
      server.emit('connection', socket);
      return;
    }
    trackSocket(socket);
    socket.on('error', () => socket.destroy());
    const t0 = performance.now();
    const startedAt = Date.now();
    const route = router.route(req.url ?? '/', req.rawHeaders, req.socket);
    if (route.kind === 'refuse') {
      writeRawRefusal(socket, route.status, route.message);
      emit(ledger.refused(req, route, t0, startedAt));
      return;
    }
    ledger.open(req, route, socket, t0, startedAt, 'websocket');
    req.url = route.upstreamPath;
    upstreams.proxyFor(route.origin, route.via === 'forward').ws(req, socket, head, { agent: upstreams.webSocketAgent(route) }, (err, r, s) =>
      onUpstreamError(err as NodeJS.ErrnoException, r, s as unknown as Duplex),
    );
  });

  // Like the response side (sendClientHead): every request header line is read, within Node's size limit.
  server.maxHeadersCount = 0;

  server.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    trackSocket(socket);
    handleConnect(req, socket, head, {
      forward: routing.forward,
      allowHosts: routing.allowHosts,
      interner,
      timeoutMs,
      lookup,
      nextSeq,
      emit,
      track: trackSocket,
    });
  });

  const rawRelay: RawRelayContext = {
    router,
    captureLimit,
    timeoutMs,
    headTimeoutMs,
    lookup,
    nextSeq,
    emit,
    track: trackSocket,
  };

  const unreadable: UnreadableContext = { router, captureLimit, nextSeq };

  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number }, socket: Duplex) => {
    // A reset or an already closed socket is a client gone, with no answer to give and nothing sent worth a record.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    // Valid HTTP that Node's parser cannot read (e.g. a lower-case "patch" method).
    if (relayUnparsedMethod(err, socket, rawRelay)) return;
    // A client that cannot speak HTTP gets a 400 and loses its connection, one whose head is
    // too large a 431, one that stops halfway through its head (or body) a 408 once headTimeoutMs has passed.
    const why = classifyUnreadable(err, headTimeoutMs);
    const sent = answerUnreadableRequest(socket, why);
    // A connection that timed out without sending a byte was never a request (a browser's spare connection).
    if (why.status === 408 && (socket as net.Socket).bytesRead === 0) return;
    try {
      // Node keeps none of a head that timed out: that record has no method or URL.
      const head = readPartialRequestHead(err.rawPacket, err.bytesParsed);
      emit(unreadableCapture(unreadable, socket as net.Socket, head, sent, { code: why.code, message: why.why }, why.status === 408 ? headTimeoutMs : 0));
    } catch (e) {
      console.error('[cors-inspector] could not record an unreadable request:', e);
    }
  });

  return new Promise<RunningProxy>((resolve, reject) => {
    const onListenError = (err: NodeJS.ErrnoException): void => {
      upstreams.destroy();
      const port = options.port ?? 0;
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} is already in use (EADDRINUSE); stop whatever listens there or choose another port (0 picks a free one)`
          : err.code === 'EACCES'
            ? `permission denied for port ${port} (EACCES); use a port above 1023`
            : `${err.code ?? 'error'}: ${err.message}`;
      const wrapped: NodeJS.ErrnoException = new Error(`CORS Inspector proxy cannot listen on ${HOST}:${port}: ${why}`);
      wrapped.code = err.code;
      reject(wrapped);
    };
    server.once('error', onListenError);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', onListenError);
      server.on('error', (err) => console.error('[cors-inspector] server error:', err.message));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      routing.ownPort = port;
      let closing: Promise<void> | undefined;
      resolve({
        port,
        url: `http://${HOST}:${port}`,
        close: () => {
          closing ??= new Promise<void>((done) => {
            // Recorded now, with what was seen: once the sockets are gone they would only say "reset".
            ledger.stop(STOPPED_ERROR);
            server.close(() => done());
            server.closeAllConnections();
            for (const s of openSockets) s.destroy();
            upstreams.destroy();
          });
          return closing;
        },
      });
    });
  });
}
