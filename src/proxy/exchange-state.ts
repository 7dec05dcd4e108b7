// The state of one proxied exchange, from its request to its record. It hangs on
// the server's request (ProxiedRequest, upstream-request.ts), where http-proxy's
// events and the shared listeners find it.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WireRequest } from '../core/http/types';
import type { CapturedExchange } from '../core/exchange/capture';
import type { ExchangeNotice, InterimResponse } from '../core/exchange/types';
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
  /** What the proxy had to change or noticed on the way (a replaced reason phrase, a dropped h2c upgrade): the record's notices, not its error. */
  notices: ExchangeNotice[] | undefined;
  /** Interim responses (103 Early Hints…) the upstream sent before its final one. */
  informational: InterimResponse[] | undefined;
  done: boolean;
  /** Its place among the exchanges in flight (SlotTable), -1 once finished. */
  slot: number;
}

/** Adds a notice to the exchange's record (the list is made on the first one: most exchanges have none). */
export function addNotice(state: WebState, notice: ExchangeNotice): void {
  if (state.notices === undefined) state.notices = [notice];
  else state.notices.push(notice);
}
