// The state of one proxied exchange, from its request to its record. It hangs on
// the server's request (ProxiedRequest, upstream-request.ts), where http-proxy's
// events and the shared listeners find it.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WireRequest } from '../core/http/types';
import type { CapturedExchange } from '../core/exchange/capture';
import type { BodyTap } from './body-tap';
import type { Route } from './routing';

/** Per-request state, hung on the IncomingMessage so http-proxy's events can find it. */
export interface WebState {
  req: http.IncomingMessage;
  /** Where the client gets its answer: the response (web) or the raw socket (WebSocket upgrade). */
  client: http.ServerResponse | Duplex;
  seq: number;
  startedAt: number;
  t0: number;
  route: Extract<Route, { kind: 'proxy' }>;
  request: WireRequest;
  requestTap: BodyTap;
  via: CapturedExchange['via'];
  /** Set once the upstream's response head arrived. */
  response?: CapturedExchange['response'];
  responseTap?: BodyTap;
  waitMs?: number;
  proxyReq?: http.ClientRequest;
  /** When waiting for the upstream's response head runs out, and the sweeper's list links (see DeadlineSweeper). */
  deadline: number;
  prevWaiting: WebState | null;
  nextWaiting: WebState | null;
  /** What the proxy had to change on the way (a replaced reason phrase), recorded as the exchange's error. */
  notice: CapturedExchange['error'];
  done: boolean;
}
