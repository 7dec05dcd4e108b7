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
// startProxy only wires: the proxy's state and one handler per server event live in
// intercepting-proxy.ts. The pieces it hands work to: routing.ts (where a request
// goes), exchange-ledger.ts (exchanges in flight, their deadlines, the captures they
// end as), upstream-request.ts (the exact head on the upstream request),
// response-relay.ts (the response back, recorded), websocket-relay.ts (the WebSocket
// handshake), connect-tunnel.ts (CONNECT), client-errors.ts (heads Node cannot read),
// upstream-proxies.ts (agents and one http-proxy per origin), refusals.ts (every
// answer the proxy gives itself), open-sockets.ts (tunnels to end on close),
// raw-headers.ts (the header interner), node-internals.ts (Node's private APIs).
import type { CaptureSink } from '../core/exchange/capture';
import type { ProxyTarget } from './policy';
import type { Resolver } from './forward-lookup';
import { InterceptingProxy } from './intercepting-proxy';

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

export { DEFAULT_BODY_CAPTURE_BYTES, DEFAULT_HEAD_TIMEOUT_MS, DEFAULT_UPSTREAM_TIMEOUT_MS } from './intercepting-proxy';

const HOST = '127.0.0.1';

/** Makes the proxy (intercepting-proxy.ts), wires its server's events to it and listens on 127.0.0.1. */
export function startProxy(options: ProxyOptions, sink: CaptureSink): Promise<RunningProxy> {
  const proxy = new InterceptingProxy(options, sink);
  const { server } = proxy;
  server.on('request', proxy.onRequest);
  server.on('upgrade', proxy.onUpgrade);
  server.on('connect', proxy.onConnect);
  server.on('clientError', proxy.clientErrors.onClientError);
  return listen(proxy, options.port ?? 0);
}

/** Listens; a port that cannot be had rejects with an error that says what to do about it. */
function listen(proxy: InterceptingProxy, port: number): Promise<RunningProxy> {
  const { server } = proxy;
  return new Promise<RunningProxy>((resolve, reject) => {
    const onListenError = (err: NodeJS.ErrnoException): void => {
      proxy.abandon();
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
    server.listen(port, HOST, () => {
      server.off('error', onListenError);
      server.on('error', (err) => console.error('[cors-inspector] server error:', err.message));
      const address = server.address();
      const ownPort = typeof address === 'object' && address ? address.port : 0;
      proxy.listening(ownPort);
      let closing: Promise<void> | undefined;
      resolve({
        port: ownPort,
        url: `http://${HOST}:${ownPort}`,
        close: () => (closing ??= proxy.close(STOPPED_ERROR)),
      });
    });
  });
}
